"""solve, verify and curve against the command line on the same problem files."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import rdopt

from conftest import CLI, EXAMPLES

# The same code on the same input: agreement to the last bits, allowing for summation order.
TOLERANCE = 1e-12


def test_solve_matches_cli(cli: CLI, problem_path: str) -> None:
    expected = cli.json("solve", problem_path, "--encoder")
    solution = rdopt.solve(problem_path)
    assert solution.status == expected["status"]
    assert solution.rate_bits == pytest.approx(expected["rate_bits"], abs=TOLERANCE)
    assert solution.lower_bound_bits == pytest.approx(expected["lower_bound_bits"], abs=TOLERANCE)
    assert solution.gap_bits == pytest.approx(expected["gap_nats"] / math.log(2), abs=TOLERANCE)
    assert solution.distortion == pytest.approx(expected["distortion"], abs=TOLERANCE)
    np.testing.assert_allclose(solution.output_law, expected["output_probabilities"], atol=TOLERANCE)
    np.testing.assert_allclose(solution.encoder, expected["encoder"], atol=TOLERANCE)
    for entry in expected["fidelity"]:
        np.testing.assert_allclose(solution.prices[entry["name"]], entry["prices"], atol=1e-9)
    assert solution.gap_bits <= 1e-9 / math.log(2)


def test_solve_accepts_a_dict_and_json_text(problem_path: str) -> None:
    document = json.loads(open(problem_path).read())
    from_dict = rdopt.solve(document, encoder=False)
    from_text = rdopt.solve(json.dumps(document))
    assert from_dict.encoder is None
    assert from_dict.rate_bits == pytest.approx(from_text.rate_bits, abs=TOLERANCE)


def test_verify_matches_cli(cli: CLI, problem_path: str, tmp_path) -> None:
    certificate = tmp_path / "cert.json"
    assert cli.run("solve", problem_path, "--certificate", str(certificate), "--quiet").returncode == 0
    expected = cli.json("verify", problem_path, str(certificate))
    verdict = rdopt.verify(problem_path, str(certificate))
    assert verdict.confirmed and expected["confirmed"]
    assert verdict.recomputed_lower_bound_nats == pytest.approx(
        expected["recomputed_lower_bound_nats"], abs=TOLERANCE
    )
    assert rdopt.verify(problem_path, rdopt.solve(problem_path)).confirmed


def test_verify_refutes_an_inflated_claim(problem_path: str) -> None:
    certificate = dict(rdopt.solve(problem_path).certificate)
    certificate["lower_bound_nats"] = certificate["lower_bound_nats"] + 0.1
    assert not rdopt.verify(problem_path, certificate).confirmed


def test_curve_matches_cli(cli: CLI, problem_path: str) -> None:
    expected = cli.json("curve", problem_path, "--points", "6")["points"]
    points = rdopt.curve(problem_path, points=6)
    assert len(points) == len(expected) == 6
    for point, reference in zip(points, expected):
        assert point.distortion == pytest.approx(reference["distortion"], abs=TOLERANCE)
        assert point.status == reference["status"]
        if reference["rate_bits"] is not None:
            assert point.rate_bits == pytest.approx(reference["rate_bits"], abs=1e-10)
            assert point.lower_bound_bits <= point.rate_bits + 1e-12


def test_curve_at_given_targets(problem_path: str) -> None:
    points = rdopt.curve(problem_path, [0.05, 0.1, 0.2])
    assert sorted(p.distortion for p in points) == [0.05, 0.1, 0.2]
    rates = [p.rate_bits for p in sorted(points, key=lambda p: p.distortion)]
    assert rates[0] >= rates[1] >= rates[2]


BAD_PROBLEMS = [
    {"source": {"points": [0, 1], "probabilities": [0.5, 0.6]}, "codebook": [0, 1], "target_distortion": 0.1},
    {"source": {"points": [0, 1]}, "codebook": [0, 1], "target_distortion": 0.1},
    {"source": {"points": [0, 1], "probabilities": [0.5, 0.5]}, "codebook": [0, 1], "target_distortion": -1},
]


@pytest.mark.parametrize("document", BAD_PROBLEMS)
def test_bad_problem_has_the_cli_message(cli: CLI, tmp_path, document) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    status, message = cli.error("solve", str(path))
    with pytest.raises(rdopt.RdoptError) as raised:
        rdopt.solve(str(path))
    assert raised.value.message == message
    assert raised.value.status == status == 2


def test_garbage_problems_raise_and_never_crash() -> None:
    for text in ["", "{", "[]", "null", '{"source": 3}', "\x00\xff", '{"source":{"points":[1e400]}}']:
        with pytest.raises(rdopt.RdoptError):
            rdopt.solve(text.encode())


def test_bad_settings_raise() -> None:
    problem = EXAMPLES / "problem.json"
    with pytest.raises(rdopt.RdoptError, match="gap_tolerance"):
        rdopt.solve(problem, gap_tolerance=-1)
    with pytest.raises(rdopt.RdoptError, match="max_iterations"):
        rdopt.solve(problem, max_iterations=0)
    with pytest.raises(rdopt.RdoptError, match="targets"):
        rdopt.curve(problem, [float("nan")])
    with pytest.raises(rdopt.RdoptError, match="made for another problem"):
        other = json.loads(problem.read_text())
        other["target_distortion"] = 0.2
        rdopt.verify(other, rdopt.solve(problem))
