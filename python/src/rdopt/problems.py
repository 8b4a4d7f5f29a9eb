"""Solving problem documents: ``solve``, ``verify`` and ``curve`` (docs/formats.md)."""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np

from ._documents import DocumentLike, document_bytes, parse_json
from ._library import call_bytes


@dataclass(frozen=True)
class Solution:
    """A problem solved to a certified duality gap.

    Attributes:
        status: ``optimal`` or ``gap-not-reached``.
        rate_bits: The rate I(X;Y) of the encoder found, in bits.
        lower_bound_bits: The certified lower bound on R(D), in bits.
        gap_bits: ``rate_bits - lower_bound_bits``.
        distortion: The encoder's average distortion.
        slope: The slope s = −R′(D) in nats per unit of distortion.
        output_law: The output probabilities q(y), one per codeword.
        encoder: The n × m encoder Q(y|x) (``None`` when not asked for).
        prices: The fidelity prices per class name (one per source element for per-element
            classes).
        certificate: The certificate document (``rdopt solve --certificate``), for ``verify``.
        document: The solution document of ``rdopt solve --json``, as parsed.
    """

    status: str
    rate_bits: float
    lower_bound_bits: float
    gap_bits: float
    distortion: float
    slope: float
    output_law: np.ndarray
    encoder: Optional[np.ndarray]
    prices: Dict[str, np.ndarray]
    certificate: Dict[str, Any]
    document: Dict[str, Any] = field(repr=False)
    iterations: int = 0

    @property
    def rate_nats(self) -> float:
        """The rate in nats."""
        return float(self.document["rate_nats"])

    @property
    def lower_bound_nats(self) -> float:
        """The certified lower bound in nats."""
        return float(self.document["lower_bound_nats"])


@dataclass(frozen=True)
class Verification:
    """A certificate re-checked against its problem (``rdopt verify --json``)."""

    confirmed: bool
    claimed_lower_bound_nats: float
    recomputed_lower_bound_nats: float
    recomputed_lower_bound_bits: float
    distortion: float


@dataclass(frozen=True)
class CurvePoint:
    """One point of an R(D) curve (``rdopt curve --json``); rates in bits."""

    distortion: float
    rate_bits: Optional[float]
    lower_bound_bits: Optional[float]
    gap_bits: Optional[float]
    slope: Optional[float]
    class_prices: Dict[str, float]
    status: str
    smallest_feasible_distortion: Optional[float]


def _gap(gap_tolerance: Optional[float]) -> float:
    return math.nan if gap_tolerance is None else float(gap_tolerance)


def solve(
    problem: DocumentLike,
    *,
    gap_tolerance: Optional[float] = None,
    max_iterations: int = 20_000,
    encoder: bool = True,
) -> Solution:
    """Solves a problem document to a certified duality gap (``rdopt solve``).

    Args:
        problem: The problem document: a dict, JSON text, bytes, or a file path.
        gap_tolerance: The certified gap to stop at, in nats (default: the document's, else
            1e-9).
        max_iterations: The most Blahut–Arimoto passes.
        encoder: Whether to return the n × m encoder matrix.

    Raises:
        RdoptError: with the command line's message, for an invalid or infeasible problem.
    """
    raw, name = document_bytes(problem, "problem")
    result = parse_json(
        call_bytes(
            "rdopt_solve", raw, len(raw), name.encode(), _gap(gap_tolerance),
            int(max_iterations), 1 if encoder else 0,
        )
    )
    return _solution(result["solution"], result["certificate"])


def _solution(document: Dict[str, Any], certificate: Dict[str, Any]) -> Solution:
    matrix = document.get("encoder")
    return Solution(
        status=document["status"],
        rate_bits=float(document["rate_bits"]),
        lower_bound_bits=float(document["lower_bound_bits"]),
        gap_bits=float(document["gap_nats"]) / math.log(2),
        distortion=float(document["distortion"]),
        slope=float(document["slope"]),
        output_law=np.asarray(document["output_probabilities"], dtype=np.float64),
        encoder=None if matrix is None else np.asarray(matrix, dtype=np.float64),
        prices={
            entry["name"]: np.asarray(entry["prices"], dtype=np.float64)
            for entry in document.get("fidelity", [])
        },
        certificate=certificate,
        document=document,
        iterations=int(document.get("iterations", 0)),
    )


def verify(problem: DocumentLike, certificate: Union[DocumentLike, Solution]) -> Verification:
    """Re-checks a certificate: recomputes its lower bound without iterating (``rdopt verify``).

    Args:
        problem: The problem the certificate was made for (the same bytes: its SHA-256 is
            checked).
        certificate: A certificate document, or a ``Solution`` (its certificate).

    Returns:
        The verdict; a refuted certificate has ``confirmed`` false (it is not an error).

    Raises:
        RdoptError: for an invalid document or a certificate made for another problem.
    """
    raw, name = document_bytes(problem, "problem")
    if isinstance(certificate, Solution):
        certificate = certificate.certificate
    cert, cert_name = document_bytes(certificate, "certificate")
    result = parse_json(
        call_bytes(
            "rdopt_verify", raw, len(raw), name.encode(), cert, len(cert), cert_name.encode()
        )
    )
    return Verification(**result)


def curve(
    problem: DocumentLike,
    targets: Optional[Sequence[float]] = None,
    *,
    points: int = 30,
    gap_tolerance: Optional[float] = None,
) -> List[CurvePoint]:
    """Traces R(D) with certified lower bounds and slopes (``rdopt curve``).

    Args:
        problem: The problem document (its target is replaced by each point's).
        targets: The distortions to solve at; ``None`` spreads ``points`` over the range
            from the hard-assignment limit to where the rate stops falling, as the command
            line does.
        points: The number of points when ``targets`` is ``None`` (2 to 1000).
        gap_tolerance: The certified gap per point, in nats.

    Returns:
        One point per target, from the largest distortion to the smallest.
    """
    raw, name = document_bytes(problem, "problem")
    given = np.ascontiguousarray(
        [] if targets is None else np.asarray(targets, dtype=np.float64).reshape(-1),
        dtype=np.float64,
    )
    pointer = given.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) if given.size else None
    result = parse_json(
        call_bytes(
            "rdopt_curve", raw, len(raw), name.encode(), pointer, given.size, int(points),
            _gap(gap_tolerance),
        )
    )
    return [CurvePoint(**point) for point in result["points"]]
