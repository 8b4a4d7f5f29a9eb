"""The numcodecs codec ``rdopt``: each chunk compressed with one designed quantiser."""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Union

import numpy as np
from numcodecs.abc import Codec
from numcodecs.compat import ensure_ndarray_like, ndarray_copy

from .compression import compress, decompress
from .quantizer import Quantizer


class RdoptCodec(Codec):
    """Compresses a chunk with a designed quantiser and rANS into ``.rdq`` bytes (lossy).

    Every chunk is coded with the same quantiser, so the mean squared error of each chunk is
    what the quantiser gives its values, and every important sample (by ``important``, a rule
    text, or the quantiser's own rule) is within the quantiser's tolerance; a sample no
    codeword serves is stored exactly. Chunks of float32 or float64 values of any shape; the
    codec sees them flattened (k-vector quantisers take rows of k consecutive values).

    Args:
        quantizer: The quantiser: a ``Quantizer``, its document (dict) or its JSON text.
        important: The importance rule (``abs>2.5``, ``>T``, ``<T``); ``None`` for the
            quantiser's rule.
    """

    codec_id = "rdopt"

    def __init__(
        self,
        quantizer: Union[Quantizer, Mapping[str, Any], str],
        important: Optional[str] = None,
    ) -> None:
        self.quantizer = quantizer if isinstance(quantizer, Quantizer) else Quantizer(quantizer)
        self.important = important

    def encode(self, buf: Any) -> bytes:
        """The ``.rdq`` bytes of a chunk."""
        values = ensure_ndarray_like(buf)
        k = self.quantizer.dimension
        flat = np.asarray(values).reshape(-1)
        shaped = flat if k == 1 else flat.reshape(-1, k)
        return compress(shaped, self.quantizer, important=self.important)

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
        }

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "RdoptCodec":
        """The codec of a configuration (``get_config``)."""
        settings = {key: value for key, value in config.items() if key != "id"}
        return cls(**settings)

    def __repr__(self) -> str:
        return f"RdoptCodec({self.quantizer!r}, important={self.important!r})"
