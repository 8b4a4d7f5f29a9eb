"""rdopt: certified rate–distortion optimisation, quantiser design and compression.

A binding of the Swift library through its C entry points (``librdopt_c``, docs/python.md)::

    import numpy as np, rdopt
    x = np.cumsum(np.random.default_rng(1).standard_normal(100_000))
    data = rdopt.compress(x, max_error=0.05)        # predicted, designed on the spot
    y = rdopt.decompress(data)                      # every |x - y| <= 0.05
    q = rdopt.design(x, 0.01, important="abs>2.5", tolerance=0.001)
    y = rdopt.decompress(rdopt.compress(x, q))      # a designed quantiser, each sample alone

Every call raises ``RdoptError`` with the command line's message on bad input.
"""

from .compression import (
    compress,
    compress_predicted_with_summary,
    compress_with_summary,
    decompress,
)
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
    "compress_predicted_with_summary",
    "compress_with_summary",
    "curve",
    "decompress",
    "design",
    "solve",
    "verify",
]
__version__ = "0.1.0"
