"""Designed quantisers: ``design`` and the ``Quantizer`` it returns (docs/quantiser-design.md)."""

from __future__ import annotations

import ctypes
import json
import math
from typing import Any, Dict, List, Mapping, Optional, Union

import numpy as np

from ._arrays import ImportanceLike, double_pointer, doubles, flag_pointer, importance
from ._library import call, call_bytes
from .errors import RdoptError


class Quantizer:
    """A designed quantiser: the quantizer document of ``rdopt design`` (docs/formats.md).

    Build one with ``design`` or from a document (``Quantizer.from_json``); it encodes
    samples to codeword indices with the hard rule, decodes indices to codewords, and carries
    the design's figures: the training entropy, the certified bound ladder, the relaxation.
    """

    def __init__(self, document: Union[Mapping[str, Any], str, bytes]) -> None:
        """Wraps a quantizer document; raises ``RdoptError`` with the library's message when
        it is not a valid one."""
        if isinstance(document, (str, bytes)):
            self._text = document.decode(errors="replace") if isinstance(document, bytes) else document
            try:
                self.document: Dict[str, Any] = json.loads(self._text)
            except ValueError:
                self.document = {}
        else:
            self.document = dict(document)
            self._text = json.dumps(self.document)
        self._raw = self._text.encode()
        # The library parses and checks the document (decoding no indices).
        call_bytes("rdopt_decode", self._raw, len(self._raw), None, 0)
        if not isinstance(self.document, dict):
            raise RdoptError("quantizer: the document is not a JSON object")

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Quantizer":
        """A quantiser from quantizer JSON text."""
        return cls(text)

    @classmethod
    def load(cls, path: str) -> "Quantizer":
        """A quantiser from a quantizer file (``rdopt design --output``)."""
        with open(path, "rb") as handle:
            return cls(handle.read())

    def to_json(self) -> str:
        """The quantizer document as JSON text (readable by ``rdopt compress --quantizer``)."""
        return self._text

    @property
    def dimension(self) -> int:
        """Coordinates per sample."""
        return int(self.document["dimension"])

    @property
    def codebook(self) -> np.ndarray:
        """The codewords: shape (m,) for scalars, (m, k) for k-vectors."""
        return np.asarray(self.document["codebook"], dtype=np.float64)

    @property
    def probabilities(self) -> np.ndarray:
        """The codewords' training probabilities."""
        return np.asarray(self.document["probabilities"], dtype=np.float64)

    @property
    def tolerance(self) -> Optional[float]:
        """The tolerance D' of important samples, or ``None``."""
        important = self.document.get("important")
        return None if important is None else float(important["tolerance"])

    @property
    def importance_rule(self) -> Optional[str]:
        """The rule that marked the important samples (``abs>2.5``), if recorded."""
        important = self.document.get("important")
        return None if important is None else important.get("rule")

    @property
    def entropy_bits(self) -> float:
        """The entropy H(Y) of the codeword indices on the training samples, in bits."""
        return float(self.document["training"]["entropy_bits"])

    @property
    def training_distortion(self) -> float:
        """The mean squared error per dimension on the training samples."""
        return float(self.document["training"]["distortion"])

    @property
    def ladder(self) -> List[Dict[str, Any]]:
        """The bound ladder: rungs with ``name``, ``bits`` and ``certified_bound``."""
        return list(self.document.get("ladder", []))

    @property
    def certified_bound_bits(self) -> Optional[float]:
        """The certified lower bound of the τ = 1 relaxation, in bits, if computed."""
        relaxation = self.document.get("relaxation")
        return None if relaxation is None else float(relaxation["lower_bound_bits"])

    def encode(self, x: Any, important: ImportanceLike = None) -> np.ndarray:
        """Codeword indices (int64) of samples ``x`` by the hard rule.

        Args:
            x: Scalars (any shape) for a scalar quantiser; rows of k values for k-vectors.
            important: ``None`` for the quantiser's rule, ``False`` for none, a rule text, or
                one flag per sample. An important sample no codeword serves within the
                tolerance gets its nearest codeword (``last_violations`` counts them).
        """
        values = doubles(x, "samples").reshape(-1)
        count = values.size // max(1, self.dimension)
        mask, rule = importance(important, count)
        violations = ctypes.c_ssize_t(0)
        with call(
            "rdopt_encode", self._raw, len(self._raw), double_pointer(values), values.size,
            flag_pointer(mask), rule, ctypes.byref(violations),
        ) as out:
            indices = np.frombuffer(out.view(), dtype=np.int64).copy()
        self.last_violations = int(violations.value)
        return indices

    def decode(self, indices: Any) -> np.ndarray:
        """The codewords of ``indices``: shape (n,) for scalars, (n, k) for k-vectors."""
        given = np.ascontiguousarray(np.asarray(indices).reshape(-1), dtype=np.int64)
        pointer = given.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)) if given.size else None
        with call("rdopt_decode", self._raw, len(self._raw), pointer, given.size) as out:
            values = np.frombuffer(out.view(), dtype=np.float64).copy()
        return values if self.dimension == 1 else values.reshape(-1, self.dimension)

    def __repr__(self) -> str:
        return (
            f"Quantizer(dimension={self.dimension}, codewords={len(self.probabilities)}, "
            f"entropy_bits={self.entropy_bits:.4f})"
        )


def design(
    samples: Any,
    target_distortion: float,
    *,
    important: ImportanceLike = None,
    tolerance: Optional[float] = None,
    weights: Any = None,
    semantics: str = "per-element",
    dimension: Optional[int] = None,
    stages: int = 24,
    codewords: Optional[int] = None,
    relaxation_seconds: Optional[float] = 10.0,
    cuts_per_step: float = 128.0,
    rule: Optional[str] = None,
) -> Quantizer:
    """Designs a quantiser from samples (``rdopt design``).

    Args:
        samples: The training data: scalars (any shape, flattened), or an (n, k) array of
            k-vectors.
        target_distortion: The bound D on the mean squared error per dimension.
        important: The fidelity class: a rule text (``abs>2.5``, ``>T``, ``<T``) or one flag
            per sample; ``None`` for none.
        tolerance: The per-sample tolerance D' of important samples (default D/10).
        weights: One positive weight per sample (a weighted source: points and their
            probabilities or counts), or ``None``.
        semantics: ``per-element`` (every important sample within D') or ``class-average``.
        dimension: Coordinates per sample (default: 1, or the second extent of a 2-D array).
        stages: Annealing stages.
        codewords: The initial codebook size (default: a grid chosen from D).
        relaxation_seconds: Wall-clock budget of the certified τ = 1 relaxation; ``None``
            skips it.
        cuts_per_step: Candidate cuts of the interval programme per step √(12 D).
        rule: With a mask for ``important``: the rule that made it, recorded in the document
            (so that ``compress`` applies it by default).

    Raises:
        RdoptError: with the command line's message for bad samples or settings, and with
            status 1 when the method did not reach the target.
    """
    array = doubles(samples, "samples")
    k = int(dimension or (array.shape[1] if array.ndim == 2 else 1))
    values = array.reshape(-1)
    count = values.size // max(1, k)
    if semantics not in ("per-element", "class-average"):
        raise RdoptError(f"semantics must be per-element or class-average (got {semantics})")
    mask, rule_bytes = importance(important, count)
    if mask is not None and rule is not None:
        rule_bytes = rule.encode()
    if rule_bytes == b"":
        rule_bytes = None
    given = None if weights is None else doubles(weights, "weights").reshape(-1)
    if given is not None and given.size != count:
        raise RdoptError(f"weights: {given.size} weights for {count} samples")
    text = call_bytes(
        "rdopt_design", double_pointer(values), values.size, k, flag_pointer(mask),
        None if given is None else double_pointer(given), rule_bytes, float(target_distortion),
        math.nan if tolerance is None else float(tolerance),
        1 if semantics == "class-average" else 0, int(stages), int(codewords or 0),
        0.0 if relaxation_seconds is None else float(relaxation_seconds), float(cuts_per_step),
    )
    return Quantizer(text)
