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
    """A C-contiguous float64 or float32 array. Integer arrays are widened to float64 exactly
    (as ``rdopt compress`` reads an integer ``.npy`` file; a 64-bit value beyond ±2**53 is
    refused, naming it); other types are refused (no silent cast)."""
    given = np.asarray(array)
    if given.dtype.kind in "iu":
        given = _exact_doubles(given)
    elif given.dtype.newbyteorder("=") not in _VALUE_TYPES:
        raise RdoptError(
            f"array: rdopt compresses float32, float64 or integer values (got {given.dtype})"
        )
    if not 1 <= given.ndim <= _MAXIMUM_RANK:
        raise RdoptError(
            f"array: the .rdq format records arrays of 1 to {_MAXIMUM_RANK} dimensions; "
            f"got shape {given.shape}"
        )
    # (ascontiguousarray would make a 0-d array 1-D: the rank is checked before.)
    return np.ascontiguousarray(given, dtype=given.dtype.newbyteorder("="))


def _exact_doubles(given: np.ndarray) -> np.ndarray:
    """An integer array as float64, every value exact."""
    widened = given.astype(np.float64)
    if given.dtype.itemsize == 8 and given.size:
        # Beyond ±2**53 a 64-bit integer may have no float64 of its own.
        inexact = np.flatnonzero(np.abs(widened) > 2.0**53)
        if inexact.size:
            value = given.reshape(-1)[inexact[0]]
            raise RdoptError(
                f"array: the integer {value} has no exact float64 (beyond ±2**53); "
                "rdopt codes float64 values"
            )
    return widened


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
    raw = quantizer.to_json().encode()
    return _with_summary(
        "rdopt_compress", raw, len(raw), values.ctypes.data_as(ctypes.c_void_p),
        _VALUE_TYPES[values.dtype], shape.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)),
        values.ndim, flag_pointer(mask), rule, 1 if escapes else 0, 1 if provenance else 0,
    )


def _with_summary(name: str, *arguments: Any) -> Tuple[bytes, Dict[str, Any]]:
    """Calls a compression entry point whose last arguments before the result are the
    summary's buffer and length; returns the bytes and the figures."""
    summary = OwnedBuffer()
    try:
        with call(
            name, *arguments, ctypes.byref(summary.pointer), ctypes.byref(summary.length)
        ) as out:
            data = out.bytes()
        figures = json.loads(summary.bytes().decode()) if summary.length.value else {}
    finally:
        summary.close()
    return data, figures


def compress(
    array: Any,
    quantizer: Optional[Quantizer] = None,
    *,
    target_distortion: Optional[float] = None,
    max_error: Optional[float] = None,
    relative_error: Optional[float] = None,
    important: ImportanceLike = None,
    tolerance: Optional[float] = None,
    predictor: Optional[str] = None,
    escapes: bool = True,
    provenance: bool = False,
) -> bytes:
    """Compresses an array into ``.rdq`` bytes (``rdopt compress``).

    Without a quantiser, rdopt predicts each value from the reconstructed values before it
    and designs the residual quantiser on the spot, for the bounds given (``rdopt compress
    DATA --target-distortion D --max-error E …``): give at least one of ``target_distortion``,
    ``max_error`` and ``relative_error``; they combine. With a quantiser designed earlier
    (``design``), every sample is coded alone by its hard rule.

    Args:
        array: float64, float32 or integer values (integers are widened to float64 exactly
            and come back as float64): 1-D for a signal, 2-D for an image or (with a
            quantiser) n samples of dimension k, 3 or more dimensions for a field. The value
            type and shape are stored and come back from ``decompress``.
        quantizer: A designed quantiser, or ``None`` to design one with prediction.
        target_distortion: The bound on the mean squared error (without a quantiser).
        max_error: The bound on every value's absolute error (without a quantiser).
        relative_error: The bound on every value's absolute error as a share of the value
            range, max − min (without a quantiser; with ``max_error`` the tighter holds).
        important: With a quantiser: ``None`` for its rule, ``False`` for none, a rule text,
            or one flag per sample. Without one: ``None``/``False`` for none, a rule text
            (``abs>2.5``, ``>T``, ``<T``, ``dev>T``, applied value by value) or one flag per
            value (any shape with that many flags, e.g. the array's own).
        tolerance: Without a quantiser, the bound on every important value's squared error
            (default: a tenth of ``target_distortion``, or of ``max_error`` squared).
        predictor: Without a quantiser, a predictor name of ``rdopt compress --predictor``
            (``previous``, ``lorenzo2``, ``interpolation``, …); ``None`` chooses the one of
            least measured rate.
        escapes: With a quantiser, store exactly the samples no codeword serves (default);
            ``False`` raises instead, naming them.
        provenance: With a quantiser, also store the quantizer document, compressed.

    Raises:
        RdoptError: with the command line's message (non-finite values, no bound, a bound
            that is not positive, unknown predictor, dimension mismatch, …).
    """
    if quantizer is None:
        return compress_predicted_with_summary(
            array, target_distortion=target_distortion, max_error=max_error,
            relative_error=relative_error, important=important, tolerance=tolerance,
            predictor=predictor,
        )[0]
    given = {
        "target_distortion": target_distortion, "max_error": max_error,
        "relative_error": relative_error, "tolerance": tolerance, "predictor": predictor,
    }
    named = [name for name, value in given.items() if value is not None]
    if named:
        raise RdoptError(
            f"{', '.join(named)}: these design a quantiser with prediction; give them "
            "without a quantizer, or the quantizer alone"
        )
    return compress_with_summary(
        array, quantizer, important=important, escapes=escapes, provenance=provenance
    )[0]


def compress_predicted_with_summary(
    array: Any,
    *,
    target_distortion: Optional[float] = None,
    max_error: Optional[float] = None,
    relative_error: Optional[float] = None,
    important: ImportanceLike = None,
    tolerance: Optional[float] = None,
    predictor: Optional[str] = None,
) -> Tuple[bytes, Dict[str, Any]]:
    """Compresses an array with prediction and a residual quantiser designed on the spot;
    returns the ``.rdq`` bytes and the figures of ``rdopt compress --json`` (bits per sample,
    distortion, max_abs_error, predictor, prediction gain, the memoryless bound, …).

    See ``compress`` (without a quantizer) for the arguments.
    """
    values = _array(array)
    shape = np.asarray(values.shape, dtype=np.int64)
    mask, rule = importance(False if important is None else important, values.size)
    bounds = [_bound(v, name) for v, name in (
        (target_distortion, "target_distortion"), (max_error, "max_error"),
        (relative_error, "relative_error"), (tolerance, "tolerance"),
    )]
    return _with_summary(
        "rdopt_compress_predicted", values.ctypes.data_as(ctypes.c_void_p),
        _VALUE_TYPES[values.dtype], shape.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)),
        values.ndim, flag_pointer(mask), rule, *bounds,
        None if predictor is None else str(predictor).encode(),
    )


def _bound(value: Optional[float], name: str) -> float:
    """A bound as the entry point takes it: NaN when not given."""
    if value is None:
        return float("nan")
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise RdoptError(f"{name}: expected a number, got {value!r}") from error
    if number != number:
        raise RdoptError(f"{name} must be finite and > 0, not nan")
    return number


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
