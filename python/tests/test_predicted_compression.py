"""compress without a quantiser (prediction, designed on the spot) against the command line."""

from __future__ import annotations

import numpy as np
import pytest

import rdopt

from conftest import CLI


@pytest.fixture(scope="module")
def signal() -> np.ndarray:
    """A correlated signal (a random walk with a sine), where prediction pays."""
    rng = np.random.default_rng(5)
    t = np.arange(20_000)
    return np.cumsum(rng.standard_normal(t.size)) * 0.1 + np.sin(t / 40)


@pytest.mark.parametrize(
    "options, flags",
    [
        ({"target_distortion": 1e-3}, ["--target-distortion", "0.001"]),
        ({"max_error": 0.02}, ["--max-error", "0.02"]),
        ({"relative_error": 1e-3}, ["--relative-error", "0.001"]),
        (
            {"target_distortion": 1e-3, "max_error": 0.05, "predictor": "lorenzo2"},
            ["--target-distortion", "0.001", "--max-error", "0.05", "--predictor", "lorenzo2"],
        ),
        (
            {"target_distortion": 1e-3, "important": "dev>2", "tolerance": 1e-5},
            ["--target-distortion", "0.001", "--important", "dev>2", "--tolerance", "1e-05"],
        ),
    ],
)
def test_the_cli_bytes_and_figures(cli: CLI, signal, tmp_path, options, flags) -> None:
    data = tmp_path / "x.npy"
    np.save(data, signal)
    rdq = tmp_path / "x.rdq"
    expected = cli.json("compress", str(data), *flags, "--output", str(rdq))
    blob, summary = rdopt.compress_predicted_with_summary(signal, **options)
    assert blob == rdq.read_bytes()
    # Every figure but the times.
    timeless = {k: v for k, v in summary.items() if not k.endswith("_seconds")}
    assert timeless == {k: v for k, v in expected.items() if not k.endswith("_seconds")}
    assert rdopt.compress(signal, **options) == blob


def test_the_bounds_hold(signal) -> None:
    for options in ({"target_distortion": 1e-3}, {"max_error": 0.02}):
        y = rdopt.decompress(rdopt.compress(signal, **options))
        assert y.dtype == signal.dtype and y.shape == signal.shape
        error = signal - y
        if "max_error" in options:
            assert np.abs(error).max() <= 0.02
        else:
            assert (error**2).mean() <= 1e-3


def test_flags_one_per_value_hold_the_important_values(signal) -> None:
    image = signal[:19_600].reshape(140, 140)
    important = np.zeros(image.shape, dtype=bool)
    important[40:60, 70:100] = True
    y = rdopt.decompress(
        rdopt.compress(image, target_distortion=1e-2, important=important, tolerance=1e-6)
    )
    assert y.shape == image.shape
    assert ((image - y)[important] ** 2).max() <= 1e-6
    assert ((image - y) ** 2).mean() <= 1e-2
    with pytest.raises(rdopt.RdoptError, match="19599 flags for 19600"):
        rdopt.compress(image, target_distortion=1e-2, important=important.reshape(-1)[1:])


def test_float32_fields_keep_their_type_and_shape() -> None:
    rng = np.random.default_rng(2)
    field = np.cumsum(np.cumsum(rng.standard_normal((24, 30, 32)), axis=1), axis=2)
    field = field.astype(np.float32)
    y = rdopt.decompress(rdopt.compress(field, max_error=0.01))
    assert y.dtype == np.float32 and y.shape == field.shape
    assert np.abs(field.astype(np.float64) - y).max() <= 0.01


def test_integer_arrays_code_exactly_on_their_grid() -> None:
    rng = np.random.default_rng(3)
    image = np.clip(np.cumsum(rng.integers(-3, 4, size=(64, 64)), axis=1) + 128, 0, 255)
    for dtype in (np.uint8, np.int16, np.int64):
        values = image.astype(dtype)
        y = rdopt.decompress(rdopt.compress(values, max_error=0.4))
        assert y.dtype == np.float64
        np.testing.assert_array_equal(y, values.astype(np.float64))


@pytest.mark.parametrize(
    "options, match",
    [
        ({}, "give target_distortion, max_error or relative_error"),
        ({"target_distortion": -1.0}, "target_distortion must be finite and > 0"),
        ({"max_error": float("inf")}, "max_error must be finite and > 0"),
        ({"relative_error": float("nan")}, "relative_error must be finite and > 0, not nan"),
        ({"max_error": "big"}, "max_error: expected a number"),
        ({"max_error": 0.1, "tolerance": 1e-4}, "tolerance: it bounds the important values"),
        ({"max_error": 0.1, "important": "abs>1", "tolerance": -1.0}, "tolerance must be"),
        ({"max_error": 0.1, "important": "sideways"}, "important:"),
        ({"max_error": 0.1, "predictor": "oracle"}, "predictor: unknown 'oracle'"),
    ],
)
def test_bad_options_raise(signal, options, match) -> None:
    with pytest.raises(rdopt.RdoptError, match=match):
        rdopt.compress(signal, **options)


def test_a_quantizer_and_bounds_together_raise(signal) -> None:
    quantizer = rdopt.design(signal, 1e-2, stages=4)
    with pytest.raises(rdopt.RdoptError, match="max_error: these design a quantiser"):
        rdopt.compress(signal, quantizer, max_error=0.1)


def test_bad_data_raises() -> None:
    with pytest.raises(rdopt.RdoptError, match="not finite|non-finite|NaN"):
        rdopt.compress(np.array([1.0, np.nan, 2.0]), max_error=0.1)
    with pytest.raises(rdopt.RdoptError, match="no samples"):
        rdopt.compress(np.zeros(0), max_error=0.1)
