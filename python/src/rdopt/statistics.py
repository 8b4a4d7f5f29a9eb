"""Mergeable per-chunk statistics for designing one quantiser from data spread over chunks.

For squared error, a design depends on the data only through its distinct (value,
importance) pairs and how often each occurs: the samples with their counts are a weighted
source with the same empirical distribution. Such a histogram merges exactly, so statistics
gathered chunk by chunk (on Dask workers, say) and merged give the design of the concatenated
data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Tuple

import numpy as np

from ._arrays import ImportanceLike, double_pointer, doubles
from ._library import call
from .errors import RdoptError
from .quantizer import Quantizer, design


@dataclass(frozen=True)
class SampleStatistics:
    """The distinct (value, importance) pairs of scalar samples, sorted, with their counts.

    Attributes:
        values: The distinct values, ascending (a value marked both ways appears twice).
        important: Whether each entry counts important samples.
        counts: How many samples each entry stands for.
        rule: The importance rule text that set the flags, if any (recorded in the design).
    """

    values: np.ndarray
    important: np.ndarray
    counts: np.ndarray
    rule: Optional[str] = None

    @classmethod
    def from_samples(cls, x: Any, important: ImportanceLike = None) -> "SampleStatistics":
        """The statistics of scalar samples ``x`` (any shape, flattened).

        Args:
            x: The samples.
            important: A rule text (``abs>2.5``, ``>T``, ``<T``), one flag per sample, or
                ``None`` for none.
        """
        values = doubles(x, "samples").reshape(-1)
        if not np.isfinite(values).all():
            bad = int(np.flatnonzero(~np.isfinite(values))[0])
            raise RdoptError(
                f"samples: sample {bad}, coordinate 0: value {values[bad]} is not finite "
                "(NaN and infinity are not allowed)"
            )
        flags = _flags(values, important).astype(bool)
        return cls._from_groups(
            [np.unique(values[flags == group], return_counts=True) for group in (False, True)],
            important if isinstance(important, str) else None,
        )

    @classmethod
    def _from_groups(cls, groups: List[Tuple[np.ndarray, np.ndarray]], rule: Optional[str]) -> "SampleStatistics":
        """The statistics of the unimportant and the important (values, counts), each
        distinct and sorted: sorted by value, the unimportant entry first on a tie."""
        values = np.concatenate([groups[0][0], groups[1][0]])
        important = np.concatenate([np.zeros(groups[0][0].size, bool), np.ones(groups[1][0].size, bool)])
        counts = np.concatenate([groups[0][1], groups[1][1]]).astype(np.int64)
        order = np.lexsort((important, values))
        return cls(values[order], important[order], counts[order], rule)

    @classmethod
    def empty(cls) -> "SampleStatistics":
        """No samples: the identity of ``merge``."""
        return cls(np.empty(0), np.empty(0, dtype=bool), np.empty(0, dtype=np.int64))

    def merge(self, other: "SampleStatistics") -> "SampleStatistics":
        """The statistics of both sets of samples (exact; associative and commutative)."""
        if self.values.size == 0:
            return other
        if other.values.size == 0:
            return self
        if self.rule != other.rule:
            raise RdoptError(f"important: cannot merge statistics of rules {self.rule} and {other.rule}")
        groups = []
        for group in (False, True):
            values = np.concatenate([self.values[self.important == group], other.values[other.important == group]])
            counts = np.concatenate([self.counts[self.important == group], other.counts[other.important == group]])
            distinct, inverse = np.unique(values, return_inverse=True)
            groups.append((distinct, np.bincount(inverse.reshape(-1), weights=counts, minlength=distinct.size).astype(np.int64)))
        return SampleStatistics._from_groups(groups, self.rule)

    @staticmethod
    def merged(parts: Iterable["SampleStatistics"]) -> "SampleStatistics":
        """The merge of any number of statistics."""
        total = SampleStatistics.empty()
        for part in parts:
            total = total.merge(part)
        return total

    @property
    def sample_count(self) -> int:
        """The number of samples counted."""
        return int(self.counts.sum())

    def design(self, target_distortion: float, **settings: Any) -> Quantizer:
        """Designs a quantiser from these statistics: the distinct values as a weighted source
        (weights = counts), the same design as from the samples themselves.

        Args:
            target_distortion: The bound D on the mean squared error.
            settings: As for ``rdopt.design`` (``tolerance``, ``stages``, …).
        """
        if self.values.size == 0:
            raise RdoptError("samples: no samples to design from")
        flags: Optional[np.ndarray] = self.important if self.important.any() else None
        return design(
            self.values, target_distortion, important=flags, rule=self.rule,
            weights=self.counts.astype(np.float64), **settings,
        )


def _flags(values: np.ndarray, important: ImportanceLike) -> np.ndarray:
    """One importance flag per value, from a rule text or a mask."""
    if important is None or important is False:
        return np.zeros(values.size, dtype=np.uint8)
    if isinstance(important, str):
        return _rule_flags(values, important)
    mask = np.asarray(important, dtype=bool).reshape(-1)
    if mask.size != values.size:
        raise RdoptError(f"important: {mask.size} flags for {values.size} samples")
    return mask.astype(np.uint8)


def _rule_flags(values: np.ndarray, rule: str) -> np.ndarray:
    """The flags of a rule text (``abs>T``, ``>T``, ``<T``, ``dev>T@m``) for scalars."""
    return importance_flags(values, rule, 1).astype(np.uint8)


def importance_flags(values: Any, rule: Optional[str], dimension: int) -> np.ndarray:
    """One flag per sample (rows of ``dimension`` values) by a rule text, computed by the
    library as the command line does; all false without a rule.

    The values are one chunk of the data, so a ``dev>T`` rule must name its centre
    (``dev>T@m``): the mean of one chunk is not the mean of the data."""
    flat = doubles(values, "samples").reshape(-1)
    if rule is None:
        return np.zeros(flat.size // max(1, dimension), dtype=bool)
    compact = "".join(rule.split()).lower()
    if compact.startswith("dev>") and "@" not in compact:
        raise RdoptError(
            f"important: '{rule}' takes the mean of all the data, which one chunk does not "
            "know: give the centre, dev>T@m")
    with call(
        "rdopt_mark_important", double_pointer(flat), flat.size, dimension, rule.encode()
    ) as out:
        return np.frombuffer(out.view(), dtype=np.uint8).astype(bool)
