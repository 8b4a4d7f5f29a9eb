"""design, encode and decode against the command line on the same samples."""

from __future__ import annotations

import json

import numpy as np
import pytest

import rdopt

from conftest import CLI, after_name

TARGET = 0.02
TOLERANCE_D = 0.002
DESIGN_OPTIONS = ["--target-distortion", str(TARGET), "--important", "abs>2.2",
                  "--tolerance", str(TOLERANCE_D), "--stages", "12"]


@pytest.fixture(scope="module")
def designed(gaussian: np.ndarray) -> rdopt.Quantizer:
    return rdopt.design(gaussian, TARGET, important="abs>2.2", tolerance=TOLERANCE_D, stages=12)


def test_design_matches_cli(cli: CLI, gaussian: np.ndarray, designed: rdopt.Quantizer, tmp_path) -> None:
    data = tmp_path / "x.npy"
    np.save(data, gaussian)
    expected = cli.json("design", str(data), *DESIGN_OPTIONS)
    # The same annealing on the same samples: the same codebook, to rounding.
    np.testing.assert_allclose(designed.codebook, expected["codebook"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(designed.probabilities, expected["probabilities"], atol=1e-9)
    assert designed.entropy_bits == pytest.approx(expected["training"]["entropy_bits"], abs=1e-9)
    assert designed.importance_rule == expected["important"]["rule"] == "abs>2.2"
    assert designed.tolerance == TOLERANCE_D
    assert [r["name"] for r in designed.ladder] == [r["name"] for r in expected["ladder"]]


def test_design_meets_its_bounds(gaussian: np.ndarray, designed: rdopt.Quantizer) -> None:
    reconstruction = designed.decode(designed.encode(gaussian))
    error = (gaussian - reconstruction) ** 2
    assert error.mean() <= TARGET * (1 + 1e-9)
    assert error[np.abs(gaussian) > 2.2].max() <= TOLERANCE_D * (1 + 1e-9)
    assert designed.training_distortion == pytest.approx(error.mean(), rel=1e-9)
    bound = designed.certified_bound_bits
    assert bound is not None and bound <= designed.entropy_bits
    assert any(rung["certified_bound"] for rung in designed.ladder)


def test_quantizer_json_round_trip(designed: rdopt.Quantizer, gaussian: np.ndarray) -> None:
    again = rdopt.Quantizer.from_json(designed.to_json())
    np.testing.assert_array_equal(again.encode(gaussian[:500]), designed.encode(gaussian[:500]))
    assert json.loads(designed.to_json())["format"] == "rdopt-quantizer"


def test_encode_reports_violations_with_a_foreign_mask(designed: rdopt.Quantizer) -> None:
    x = np.linspace(-1, 1, 101)
    designed.encode(x, important=np.ones(101, dtype=bool))
    assert designed.last_violations > 0
    designed.encode(x, important=False)
    assert designed.last_violations == 0


def test_vector_design_decodes_rows() -> None:
    rows = np.random.default_rng(3).standard_normal((2000, 2))
    q = rdopt.design(rows, 0.1, stages=8, relaxation_seconds=None)
    assert q.dimension == 2
    decoded = q.decode(q.encode(rows))
    assert decoded.shape == (2000, 2)
    assert ((rows - decoded) ** 2).mean() <= 0.1 * (1 + 1e-9)


def test_bad_samples_have_the_cli_message(cli: CLI, tmp_path) -> None:
    data = tmp_path / "x.npy"
    np.save(data, np.array([0.5, 1.0, 2.0, 3.0]))
    status, message = cli.error("design", str(data), "--target-distortion", "0.1", "--important", "abs>")
    with pytest.raises(rdopt.RdoptError) as raised:
        rdopt.design(np.array([0.5, 1.0, 2.0, 3.0]), 0.1, important="abs>")
    assert raised.value.message == message
    assert raised.value.status == status == 2


@pytest.mark.parametrize(
    "arguments, match",
    [
        ((np.array([1.0, np.nan]), 0.1), "not finite"),
        ((np.array([1.0, np.inf]), 0.1), "not finite"),
        ((np.array([]), 0.1), "no samples|empty"),
        ((np.array([1.0, 2.0]), 0.0), "target_distortion"),
        ((np.array([1.0, 2.0]), float("nan")), "target_distortion"),
        ((np.array(["a"]), 0.1), "expected numbers"),
    ],
)
def test_bad_design_input_raises(arguments, match) -> None:
    with pytest.raises(rdopt.RdoptError, match=match):
        rdopt.design(*arguments)


def test_bad_design_settings_raise(gaussian: np.ndarray) -> None:
    with pytest.raises(rdopt.RdoptError, match="important: 3 flags"):
        rdopt.design(gaussian, 0.1, important=np.ones(3, dtype=bool))
    with pytest.raises(rdopt.RdoptError, match="stages"):
        rdopt.design(gaussian, 0.1, stages=0)
    with pytest.raises(rdopt.RdoptError, match="weight of sample 1"):
        rdopt.design(gaussian[:3], 0.1, weights=[1.0, -1.0, 1.0])
    with pytest.raises(rdopt.RdoptError, match="semantics"):
        rdopt.design(gaussian, 0.1, semantics="sometimes")


def test_decode_rejects_indices_out_of_range(designed: rdopt.Quantizer) -> None:
    with pytest.raises(rdopt.RdoptError, match="outside"):
        designed.decode([0, len(designed.probabilities)])
    with pytest.raises(rdopt.RdoptError, match="outside"):
        designed.decode([-1])


@pytest.mark.parametrize("text", ['{"format": "rdopt-quantizer"}', "", "[1]", "{", "\u0000"])
def test_invalid_quantizer_document_raises(text) -> None:
    with pytest.raises(rdopt.RdoptError, match="quantizer"):
        rdopt.Quantizer(text)


def test_invalid_quantizer_file_has_the_cli_message(cli: CLI, tmp_path) -> None:
    path = tmp_path / "q.json"
    path.write_text('{"format": "rdopt-quantizer", "version": 1}')
    np.save(tmp_path / "x.npy", np.zeros(3))
    status, message = cli.error("compress", str(tmp_path / "x.npy"), "--quantizer", str(path),
                                "--output", str(tmp_path / "x.rdq"))
    with pytest.raises(rdopt.RdoptError) as raised:
        rdopt.Quantizer.load(str(path))
    assert after_name(raised.value.message) == after_name(message)
    assert raised.value.status == status == 2
