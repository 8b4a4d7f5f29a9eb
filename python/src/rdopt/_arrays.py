"""Passing numpy arrays to the C entry points: contiguous copies and ctypes pointers."""

from __future__ import annotations

import ctypes
from typing import Any, Optional, Tuple, Union

import numpy as np

from .errors import RdoptError

ImportanceLike = Union[None, bool, str, np.ndarray, Any]


def doubles(values: Any, name: str) -> np.ndarray:
    """``values`` as a C-contiguous float64 array (copied only when needed)."""
    array = np.asarray(values)
    if array.dtype.kind not in "fiu":
        raise RdoptError(f"{name}: expected numbers, got an array of {array.dtype}")
    return np.ascontiguousarray(array, dtype=np.float64)


def double_pointer(array: np.ndarray) -> Any:
    """A ``double *`` to a float64 array (null for an empty one)."""
    return array.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) if array.size else None


def importance(important: ImportanceLike, count: int) -> Tuple[Optional[np.ndarray], Optional[bytes]]:
    """The flags buffer or rule text the entry points take for ``important``.

    ``None``: the quantiser's own rule (for coding) or none (for design); ``False``: none;
    a ``str``: a rule (``abs>2.5``, ``>T``, ``<T``); otherwise one flag per sample.
    """
    if important is None:
        return None, None
    if important is False:
        return None, b""
    if isinstance(important, str):
        return None, important.encode()
    mask = np.ascontiguousarray(np.asarray(important).reshape(-1), dtype=np.uint8)
    if mask.size != count:
        raise RdoptError(f"important: {mask.size} flags for {count} samples")
    return mask, None


def flag_pointer(mask: Optional[np.ndarray]) -> Any:
    """A ``uint8_t *`` to the flags, or null."""
    if mask is None:
        return None
    if mask.size == 0:
        return ctypes.cast(ctypes.c_char_p(b"\0"), ctypes.POINTER(ctypes.c_uint8))
    return mask.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8))
