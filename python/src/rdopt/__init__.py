"""rdopt: certified rate–distortion optimisation, quantiser design and compression.

A binding of the Swift library through its C entry points (``librdopt_c``, docs/python.md)::

    import numpy as np, rdopt
    x = np.random.default_rng(1).standard_normal(100_000)
    q = rdopt.design(x, 0.01, important="abs>2.5", tolerance=0.001)
    y = rdopt.decompress(rdopt.compress(x, q))

Every call raises ``RdoptError`` with the command line's message on bad input.
"""

from .compression import compress, compress_with_summary, decompress
from .errors import RdoptError
from .problems import CurvePoint, Solution, Verification, curve, solve, verify
from .quantizer import Quantizer, design
from .statistics import SampleStatistics

__all__ = [
    "CurvePoint",
    "Quantizer",
    "RdoptError",
    "SampleStatistics",
    "Solution",
    "Verification",
    "compress",
    "compress_with_summary",
    "curve",
    "decompress",
    "design",
    "solve",
    "verify",
]
__version__ = "0.1.0"
