"""Shared fixtures: the command line to compare with, the repository's examples, sample data."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List

import numpy as np
import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLES = REPOSITORY / "examples"


def _cli_path() -> Path:
    given = os.environ.get("RDOPT_CLI")
    if given:
        return Path(given)
    for configuration in ("release", "debug"):
        candidate = REPOSITORY / ".build" / configuration / "rdopt"
        if candidate.is_file():
            return candidate
    pytest.skip("no rdopt command line built (swift build --product rdopt), nor RDOPT_CLI")


class CLI:
    """Runs the rdopt command line and reads its JSON output or error message."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, *arguments: str, cwd: Path = REPOSITORY) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.path), *arguments], cwd=cwd, capture_output=True, text=True, timeout=600
        )

    def json(self, *arguments: str, cwd: Path = REPOSITORY) -> dict:
        result = self.run(*arguments, "--json", "--quiet", cwd=cwd)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def error(self, *arguments: str, cwd: Path = REPOSITORY) -> tuple[int, str]:
        """The exit status and the message after ``error: `` on the first line of stderr."""
        result = self.run(*arguments, "--quiet", cwd=cwd)
        assert result.returncode != 0, result.stdout
        first = result.stderr.splitlines()[0]
        assert first.startswith("error: "), result.stderr
        return result.returncode, first[len("error: "):]


@pytest.fixture(scope="session")
def cli() -> CLI:
    return CLI(_cli_path())


@pytest.fixture(scope="session")
def problem_path() -> str:
    return str(EXAMPLES / "problem.json")


@pytest.fixture(scope="session")
def gaussian() -> np.ndarray:
    """20,000 standard normal samples with a fixed seed."""
    return np.random.default_rng(20261204).standard_normal(20_000)


def after_name(message: str) -> str:
    """A message without its leading ``NAME: `` (the input's name differs between front ends)."""
    return message.split(": ", 1)[1]


def numbers(values: List[float]) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
