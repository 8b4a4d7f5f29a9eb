"""Compressing arrays into ``.rdq`` bytes and back (docs/formats.md, "Compressed file")."""

from __future__ import annotations

import ctypes
import io
import json
from typing import Any, Dict, Optional, Tuple

import numpy as np

from ._arrays import ImportanceLike, flag_pointer, importance
from ._library import OwnedBuffer, call
from .errors import RdoptError
from .quantizer import Quantizer

_VALUE_TYPES = {np.dtype(np.float64): 0, np.dtype(np.float32): 1}
# The most dimensions a compressed array may have (SampleLayout.maximumRank in the library).
_MAXIMUM_RANK = 32


def _array(array: Any) -> np.ndarray:
    """A C-contiguous float64 or float32 array; other types are refused (no silent cast)."""
    given = np.asarray(array)
    if given.dtype.newbyteorder("=") not in _VALUE_TYPES:
        raise RdoptError(f"array: rdopt compresses float32 or float64 values (got {given.dtype})")
    if not 1 <= given.ndim <= _MAXIMUM_RANK:
        raise RdoptError(
            f"array: the .rdq format records arrays of 1 to {_MAXIMUM_RANK} dimensions; "
            f"got shape {given.shape}"
        )
    # (ascontiguousarray would make a 0-d array 1-D: the rank is checked before.)
    return np.ascontiguousarray(given, dtype=given.dtype.newbyteorder("="))


def compress_with_summary(
    array: Any,
    quantizer: Quantizer,
    *,
    important: ImportanceLike = None,
    escapes: bool = True,
    provenance: bool = False,
) -> Tuple[bytes, Dict[str, Any]]:
    """Compresses an array; returns the ``.rdq`` bytes and the figures of
    ``rdopt compress --json`` (samples, bytes, bits per sample, distortion, …).

    See ``compress`` for the arguments.
    """
    values = _array(array)
    shape = np.asarray(values.shape, dtype=np.int64)
    k = values.shape[1] if values.ndim == 2 else 1
    mask, rule = importance(important, values.size // max(1, k))
    summary = OwnedBuffer()
    raw = quantizer.to_json().encode()
    try:
        with call(
            "rdopt_compress", raw, len(raw), values.ctypes.data_as(ctypes.c_void_p),
            _VALUE_TYPES[values.dtype], shape.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)),
            values.ndim, flag_pointer(mask), rule, 1 if escapes else 0, 1 if provenance else 0,
            ctypes.byref(summary.pointer), ctypes.byref(summary.length),
        ) as out:
            data = out.bytes()
        figures = json.loads(summary.bytes().decode()) if summary.length.value else {}
    finally:
        summary.close()
    return data, figures


def compress(
    array: Any,
    quantizer: Quantizer,
    *,
    important: ImportanceLike = None,
    escapes: bool = True,
    provenance: bool = False,
) -> bytes:
    """Compresses an array with a designed quantiser into ``.rdq`` bytes (``rdopt compress``).

    Args:
        array: float64 or float32 values: 1-D for a scalar quantiser, (n, k) for k-vectors,
            3 or more dimensions for a field whose values are each a scalar sample. The value
            type and shape are stored and come back from ``decompress``.
        quantizer: The quantiser (``design`` or ``Quantizer.load``).
        important: ``None`` for the quantiser's rule, ``False`` for none, a rule text, or one
            flag per sample (any shape with that many flags, e.g. the array's own shape for a
            field); important samples are held to the quantiser's tolerance.
        escapes: Store exactly the samples no codeword serves (default); ``False`` raises
            instead, naming them.
        provenance: Also store the quantizer document, compressed.

    Raises:
        RdoptError: with the command line's message (non-finite values, dimension mismatch,
            unserved samples with ``escapes=False``, …).
    """
    return compress_with_summary(
        array, quantizer, important=important, escapes=escapes, provenance=provenance
    )[0]


def decompress(data: bytes, *, max_output_bytes: Optional[int] = None) -> np.ndarray:
    """Decodes ``.rdq`` bytes to the reconstruction, in the original value type and shape.

    Args:
        data: The bytes of a ``.rdq`` file (from ``compress`` or ``rdopt compress``).
        max_output_bytes: The largest reconstruction accepted (default 4 GiB), checked
            before anything is decoded.

    Raises:
        RdoptError: with the command line's message for corrupt or truncated bytes.
    """
    raw = bytes(data) if not isinstance(data, bytes) else data
    with call(
        "rdopt_decompress", raw, len(raw), b"input", int(max_output_bytes or 0)
    ) as out:
        return _array_from_npy(out.view())


def _array_from_npy(view: memoryview) -> np.ndarray:
    """The array of ``.npy`` bytes, copied once out of the library's buffer."""
    header = io.BytesIO(view[: min(len(view), 4096)].tobytes())
    version = np.lib.format.read_magic(header)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(header)
    else:
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(header)
    count = int(np.prod(shape)) if shape else 1
    values = np.frombuffer(view, dtype=dtype, count=count, offset=header.tell())
    return values.reshape(shape, order="F" if fortran else "C").copy()
