"""The numcodecs codec ``rdopt``: each chunk compressed with one designed quantiser."""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Union

import numpy as np
from numcodecs.abc import Codec
from numcodecs.compat import ensure_ndarray_like, ndarray_copy

from .compression import compress, decompress
from .errors import RdoptError
from .quantizer import Quantizer
from .statistics import importance_flags


class RdoptCodec(Codec):
    """Compresses a chunk with a designed quantiser and rANS into ``.rdq`` bytes (lossy).

    Every chunk is coded with the same quantiser. Every important sample (by ``important``,
    a rule text, or the quantiser's own rule) is within the quantiser's tolerance D'; a sample
    no codeword serves is stored exactly. The quantiser's design bounds the mean squared error
    on the data it was designed from; a chunk of other data can exceed it a little. With
    ``max_distortion`` D set, each chunk is held to D: when the hard rule gives a chunk a mean
    above D, its samples of largest error are held to D' as well (most harmful first) until
    the mean is bound to be within D — this needs a quantiser with a tolerance D' < D.
    Chunks of float32 or float64 values of any shape; the codec sees them flattened
    (k-vector quantisers take rows of k consecutive values).

    Args:
        quantizer: The quantiser: a ``Quantizer``, its document (dict) or its JSON text.
        important: The importance rule (``abs>2.5``, ``>T``, ``<T``); ``None`` for the
            quantiser's rule.
        max_distortion: The bound D on each chunk's mean squared error per dimension, or
            ``None``.
    """

    codec_id = "rdopt"

    def __init__(
        self,
        quantizer: Union[Quantizer, Mapping[str, Any], str],
        important: Optional[str] = None,
        max_distortion: Optional[float] = None,
    ) -> None:
        self.quantizer = quantizer if isinstance(quantizer, Quantizer) else Quantizer(quantizer)
        self.important = important
        self.max_distortion = None if max_distortion is None else float(max_distortion)
        if self.max_distortion is not None:
            tolerance = self.quantizer.tolerance
            if tolerance is None or not tolerance < self.max_distortion:
                raise RdoptError(
                    "max_distortion needs a quantizer with a tolerance below it "
                    f"(tolerance {tolerance}, max_distortion {self.max_distortion})"
                )

    def encode(self, buf: Any) -> bytes:
        """The ``.rdq`` bytes of a chunk."""
        values = ensure_ndarray_like(buf)
        k = self.quantizer.dimension
        flat = np.asarray(values).reshape(-1)
        shaped = flat if k == 1 else flat.reshape(-1, k)
        marking: Any = self.important
        if self.max_distortion is not None:
            marking = bounded_marking(shaped, self.quantizer, self.important, self.max_distortion)
        return compress(shaped, self.quantizer, important=marking)

    def decode(self, buf: Any, out: Optional[Any] = None) -> Any:
        """The reconstruction of a chunk, flat (Zarr gives it the chunk's shape)."""
        values = decompress(bytes(ensure_ndarray_like(buf).view("u1").reshape(-1)))
        return ndarray_copy(values.reshape(-1), out)

    def get_config(self) -> Dict[str, Any]:
        """The codec's configuration: the quantizer document and the rule."""
        return {
            "id": self.codec_id,
            "quantizer": json.loads(self.quantizer.to_json()),
            "important": self.important,
            "max_distortion": self.max_distortion,
        }

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "RdoptCodec":
        """The codec of a configuration (``get_config``)."""
        settings = {key: value for key, value in config.items() if key != "id"}
        return cls(**settings)

    def __repr__(self) -> str:
        return f"RdoptCodec({self.quantizer!r}, important={self.important!r})"


def bounded_marking(
    values: np.ndarray, quantizer: Quantizer, rule: Optional[str], bound: float
) -> np.ndarray:
    """Importance flags that hold the chunk's mean squared error to ``bound``.

    The rule's flags (or the quantiser's), plus the samples of largest error under the hard
    rule, as few as make ``(Σ error − Σ marked error + marked · D') / n ≤ bound``: a marked
    sample ends within D' of its codeword or is stored exactly.
    """
    flags = importance_flags(values, rule if rule is not None else quantizer.importance_rule,
                             quantizer.dimension)
    coding = coding_quantizer(quantizer, values.dtype)
    codewords = coding.codebook.reshape(-1, quantizer.dimension)
    reconstruction = codewords[coding.encode(values, important=flags)].astype(values.dtype)
    difference = values.reshape(len(flags), -1).astype(np.float64) - reconstruction
    error = (difference * difference).mean(axis=1)
    # Room for float32 rounding of the codewords and for summation order.
    excess = error.sum() - bound * len(flags) * (1 - 1e-6)
    if excess <= 0:
        return flags
    marked = flags.copy()
    marked[_largest_gains(error - float(quantizer.tolerance or 0.0), excess)] = True
    return marked


def coding_quantizer(quantizer: Quantizer, dtype: Any) -> Quantizer:
    """The quantiser ``compress`` codes values of ``dtype`` with: for float32 values its
    codewords rounded to float32, the values decompression writes (docs/cli.md), so that the
    hard rule's cells and every error are those of the written values; ``quantizer`` itself
    otherwise, or when a rounded codeword would not be finite.

    A value at a tie of the hard rule can fall in another cell under the rounded codewords
    (0.982 went to 0.7966 instead of 1.1458), so a chunk's error predicted with the unrounded
    rule may miss the coded one.
    """
    if np.dtype(dtype) != np.float32:
        return quantizer
    codebook = np.asarray(quantizer.document["codebook"], dtype=np.float64)
    rounded = codebook.astype(np.float32).astype(np.float64)
    if not np.all(np.isfinite(rounded)) or np.array_equal(rounded, codebook):
        return quantizer
    document = dict(quantizer.document)
    document["codebook"] = rounded.tolist()
    return Quantizer(document)


def _largest_gains(gains: np.ndarray, excess: float) -> np.ndarray:
    """The fewest indices whose gains sum past ``excess``, largest first (a partial sort:
    only the top few are ordered, growing the share until it is enough)."""
    share = max(1, min(gains.size, 64))
    while True:
        top = np.argpartition(-gains, share - 1)[:share] if share < gains.size else np.arange(gains.size)
        top = top[np.argsort(-gains[top])]
        total = np.cumsum(gains[top])
        if total[-1] >= excess or share >= gains.size:
            return top[: int(np.searchsorted(total, excess)) + 1]
        share = min(gains.size, share * 8)
