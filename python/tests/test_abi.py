"""The C entry points called directly with bad pointers and lengths: an error status and a
message, never a crash."""

from __future__ import annotations

import ctypes

import numpy as np
import pytest

from rdopt._library import Buffer, library

SIZE = ctypes.c_ssize_t


def raw_call(name: str, *arguments) -> tuple[int, str]:
    """Calls an entry point; returns its status and the text of its buffer (then freed)."""
    out = Buffer()
    length = SIZE(0)
    status = getattr(library(), name)(*arguments, ctypes.byref(out), ctypes.byref(length))
    text = ctypes.string_at(out, length.value).decode("utf-8", "replace") if out else ""
    library().rdopt_free(out)
    return status, text


def test_abi_version_is_two() -> None:
    assert library().rdopt_abi_version() == 2


@pytest.mark.parametrize("length", [5, -1, 2**62])
def test_null_or_impossible_problem_buffer(length) -> None:
    status, message = raw_call("rdopt_solve", None, length, None, float("nan"), 100, 0)
    assert status == 2
    assert "problem" in message


def test_null_samples_with_a_length() -> None:
    status, message = raw_call(
        "rdopt_design", None, 10, 1, None, None, None, 0.1, float("nan"), 0, 24, 0, 0.0, 128.0
    )
    assert (status, message) == (2, "samples: null pointer with length 10")


def test_ragged_samples_and_bad_dimension() -> None:
    values = np.zeros(5)
    pointer = values.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    for dimension in (2, 0, -3):
        status, message = raw_call(
            "rdopt_design", pointer, 5, dimension, None, None, None, 0.1, float("nan"), 0, 24, 0,
            0.0, 128.0,
        )
        assert status == 2 and "not whole samples" in message


def test_compress_rejects_bad_shapes_and_types() -> None:
    quantizer = b'{"format":"rdopt-quantizer","version":1,"dimension":1,"distortion":"squared-error","codebook":[0,1],"probabilities":[0.5,0.5],"slope":1,"important":null}'
    data = np.zeros(4)
    for shape, value_type, expected in (
        ([-1], 0, "negative extent"), ([], 0, "shape"), ([1] * 33, 0, "rank"),
        ([4], 7, "value type"),
        ([2**40, 2**40], 0, "too large"),
    ):
        extents = np.asarray(shape, dtype=np.int64)
        status, message = raw_call(
            "rdopt_compress", quantizer, len(quantizer), data.ctypes.data_as(ctypes.c_void_p),
            value_type, extents.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)), len(shape), None,
            None, 1, 0, None, None,
        )
        assert status == 2 and expected in message, message
    status, message = raw_call(
        "rdopt_compress", quantizer, len(quantizer), None, 0, None, 5, None, None, 1, 0, None, None
    )
    assert status == 2 and "shape" in message


def test_compress_predicted_rejects_bad_shapes_pointers_and_bounds() -> None:
    data = np.zeros(4)
    nan = float("nan")
    for shape, value_type, bounds, expected in (
        ([-1], 0, (0.1, nan, nan, nan), "negative extent"),
        ([1] * 33, 0, (0.1, nan, nan, nan), "rank"),
        ([4], 7, (0.1, nan, nan, nan), "value type"),
        ([2**40, 2**40], 0, (0.1, nan, nan, nan), "too large"),
        ([4], 0, (nan, nan, nan, nan), "give target_distortion"),
        ([4], 0, (0.0, nan, nan, nan), "target_distortion must be"),
        ([4], 0, (nan, -1.0, nan, nan), "max_error must be"),
        ([4], 0, (nan, nan, float("inf"), nan), "relative_error must be"),
    ):
        extents = np.asarray(shape, dtype=np.int64)
        status, message = raw_call(
            "rdopt_compress_predicted", data.ctypes.data_as(ctypes.c_void_p), value_type,
            extents.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)), len(shape), None, None,
            *bounds, None, None, None,
        )
        assert status == 2 and expected in message, message
    extents = np.asarray([5], dtype=np.int64)
    status, message = raw_call(
        "rdopt_compress_predicted", None, 0,
        extents.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)), 1, None, None, 0.1, nan, nan,
        nan, None, None, None,
    )
    assert status == 2 and "null pointer with length 5" in message, message


def test_null_output_pointers_give_status_two() -> None:
    function = library().rdopt_decompress
    assert function(b"x", 1, None, 0, None, None) == 2


def test_decode_rejects_a_null_index_buffer() -> None:
    quantizer = b'{"format":"rdopt-quantizer","version":1,"dimension":1,"distortion":"squared-error","codebook":[0,1],"probabilities":[0.5,0.5],"slope":1,"important":null}'
    status, message = raw_call("rdopt_decode", quantizer, len(quantizer), None, 3)
    assert (status, message) == (2, "indices: null pointer with length 3")


def test_free_accepts_null() -> None:
    library().rdopt_free(None)
