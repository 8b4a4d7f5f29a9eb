"""compress and decompress against the command line on the same arrays."""

from __future__ import annotations

import numpy as np
import pytest

import rdopt

from conftest import CLI, after_name

TARGET = 0.05
TOLERANCE_D = 0.005


@pytest.fixture(scope="module")
def quantizer(gaussian: np.ndarray) -> rdopt.Quantizer:
    return rdopt.design(gaussian, TARGET, important="abs>2", tolerance=TOLERANCE_D, stages=10)


@pytest.fixture()
def quantizer_file(quantizer: rdopt.Quantizer, tmp_path) -> str:
    path = tmp_path / "q.json"
    path.write_text(quantizer.to_json())
    return str(path)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_compress_gives_the_cli_bytes(cli: CLI, gaussian, quantizer, quantizer_file, tmp_path, dtype) -> None:
    x = gaussian.astype(dtype)
    data = tmp_path / "x.npy"
    np.save(data, x)
    rdq = tmp_path / "x.rdq"
    expected = cli.json("compress", str(data), "--quantizer", quantizer_file, "--output", str(rdq))
    blob, summary = rdopt.compress_with_summary(x, quantizer)
    assert blob == rdq.read_bytes()
    assert summary == expected


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_decompress_gives_the_cli_reconstruction(cli: CLI, gaussian, quantizer, tmp_path, dtype) -> None:
    x = gaussian.astype(dtype)
    blob = rdopt.compress(x, quantizer)
    rdq = tmp_path / "x.rdq"
    rdq.write_bytes(blob)
    back = tmp_path / "back.npy"
    assert cli.run("decompress", str(rdq), "--output", str(back), "--quiet").returncode == 0
    expected = np.load(back)
    y = rdopt.decompress(blob)
    assert y.dtype == x.dtype and y.shape == x.shape
    np.testing.assert_array_equal(y, expected)


def test_round_trip_meets_the_bounds(gaussian, quantizer) -> None:
    y = rdopt.decompress(rdopt.compress(gaussian, quantizer))
    error = (gaussian - y) ** 2
    assert error.mean() <= TARGET * (1 + 1e-9)
    assert error[np.abs(gaussian) > 2].max() <= TOLERANCE_D * (1 + 1e-9)


def test_two_dimensional_shape_is_kept() -> None:
    rows = np.random.default_rng(5).standard_normal((3000, 2)).astype(np.float32)
    q = rdopt.design(rows, 0.1, stages=8, relaxation_seconds=None)
    y = rdopt.decompress(rdopt.compress(rows, q))
    assert y.shape == (3000, 2) and y.dtype == np.float32


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_field_keeps_its_shape_and_gives_the_cli_bytes(
    cli: CLI, gaussian, quantizer, quantizer_file, tmp_path, dtype
) -> None:
    field = gaussian[:2400].reshape(4, 6, 10, 10).astype(dtype)
    data = tmp_path / "f.npy"
    np.save(data, field)
    rdq = tmp_path / "f.rdq"
    cli.json("compress", str(data), "--quantizer", quantizer_file, "--output", str(rdq))
    # A mask of the field's own shape marks its values one by one.
    blob = rdopt.compress(field, quantizer, important=np.abs(field) > 2)
    assert blob == rdq.read_bytes()
    y = rdopt.decompress(blob)
    assert y.shape == field.shape and y.dtype == field.dtype
    error = (field.astype(np.float64) - y) ** 2
    assert error[np.abs(field) > 2].max() <= TOLERANCE_D * (1 + 1e-6)


def test_escapes_store_unserved_samples_exactly(quantizer) -> None:
    x = np.array([0.0, 1e6, -0.3])
    y = rdopt.decompress(rdopt.compress(x, quantizer))
    assert y[1] == 1e6
    with pytest.raises(rdopt.RdoptError, match="no codeword"):
        rdopt.compress(x, quantizer, escapes=False)


def test_empty_array_round_trips(quantizer) -> None:
    y = rdopt.decompress(rdopt.compress(np.zeros(0), quantizer))
    assert y.shape == (0,)


def test_corrupt_bytes_have_the_cli_message(cli: CLI, gaussian, quantizer, tmp_path) -> None:
    blob = bytearray(rdopt.compress(gaussian[:2000], quantizer))
    for corrupt in (bytes(blob[:50]), bytes(blob[:-3]), bytes(blob[:200]) + b"\x00" * 10):
        rdq = tmp_path / "bad.rdq"
        rdq.write_bytes(corrupt)
        status, message = cli.error("decompress", str(rdq), "--output", str(tmp_path / "o.npy"))
        with pytest.raises(rdopt.RdoptError) as raised:
            rdopt.decompress(corrupt)
        assert after_name(raised.value.message) == after_name(message)
        assert raised.value.status == status == 2


def test_non_finite_values_have_the_cli_message(cli: CLI, quantizer, quantizer_file, tmp_path) -> None:
    x = np.array([0.1, 0.2, np.nan])
    data = tmp_path / "x.npy"
    np.save(data, x)
    status, message = cli.error("compress", str(data), "--quantizer", quantizer_file, "--output", str(tmp_path / "o.rdq"))
    with pytest.raises(rdopt.RdoptError) as raised:
        rdopt.compress(x, quantizer)
    assert after_name(raised.value.message) == after_name(message)
    assert raised.value.status == status


def test_mutated_files_never_crash(gaussian, quantizer) -> None:
    blob = rdopt.compress(gaussian[:3000], quantizer)
    rng = np.random.default_rng(11)
    outcomes = {"decoded": 0, "refused": 0}
    for _ in range(300):
        mutated = bytearray(blob)
        for position in rng.integers(0, len(mutated), size=int(rng.integers(1, 6))):
            mutated[position] = int(rng.integers(0, 256))
        try:
            rdopt.decompress(bytes(mutated), max_output_bytes=1 << 24)
            outcomes["decoded"] += 1
        except rdopt.RdoptError:
            outcomes["refused"] += 1
    assert outcomes["refused"] > 250  # CRCs catch nearly every mutation


@pytest.mark.parametrize(
    "array, match",
    [
        (np.array(["a", "b"]), "float32, float64 or integer"),
        (np.array([2**62, 1], dtype=np.int64), "4611686018427387904 has no exact float64"),
        (np.zeros((1,) * 33), "1 to 32 dimensions"),
        (np.float64(1.0), "1 to 32 dimensions"),
        (np.zeros((10, 3)), "dimension"),
    ],
)
def test_bad_arrays_raise(quantizer, array, match) -> None:
    with pytest.raises(rdopt.RdoptError, match=match):
        rdopt.compress(array, quantizer)


def test_decompress_limit_and_garbage() -> None:
    for garbage in (b"", b"RDQ", bytes(range(256)) * 4):
        with pytest.raises(rdopt.RdoptError):
            rdopt.decompress(garbage)


def test_output_limit_is_checked_first(quantizer) -> None:
    blob = rdopt.compress(np.zeros(100_000), quantizer)
    with pytest.raises(rdopt.RdoptError, match="more than the limit"):
        rdopt.decompress(blob, max_output_bytes=1000)
