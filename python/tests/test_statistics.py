"""Mergeable statistics: the design from merged per-chunk statistics is the design from the
concatenated data."""

from __future__ import annotations

import numpy as np
import pytest

import rdopt
from rdopt import SampleStatistics

TARGET = 0.02
RULE = "abs>2"


@pytest.fixture(scope="module")
def chunks() -> list[np.ndarray]:
    """Four chunks of normal samples on a 0.01 grid (instrument resolution): ~800 distinct values."""
    rng = np.random.default_rng(42)
    return [np.round(rng.standard_normal(5000 + 100 * i), 2) for i in range(4)]


def test_merge_is_exact(chunks) -> None:
    merged = SampleStatistics.merged(SampleStatistics.from_samples(c, RULE) for c in chunks)
    whole = SampleStatistics.from_samples(np.concatenate(chunks), RULE)
    np.testing.assert_array_equal(merged.values, whole.values)
    np.testing.assert_array_equal(merged.counts, whole.counts)
    np.testing.assert_array_equal(merged.important, whole.important)
    assert merged.sample_count == sum(c.size for c in chunks)
    assert merged.rule == RULE


def test_merge_is_associative_and_commutative(chunks) -> None:
    a, b, c = (SampleStatistics.from_samples(x, RULE) for x in chunks[:3])
    left = a.merge(b).merge(c)
    right = c.merge(a.merge(b))
    np.testing.assert_array_equal(left.values, right.values)
    np.testing.assert_array_equal(left.counts, right.counts)


def test_design_from_merged_statistics_equals_design_from_the_data(chunks) -> None:
    settings = dict(tolerance=0.002, stages=12)
    merged = SampleStatistics.merged(SampleStatistics.from_samples(c, RULE) for c in chunks)
    from_statistics = merged.design(TARGET, **settings)
    from_data = rdopt.design(np.concatenate(chunks), TARGET, important=RULE, **settings)
    # The same weighted source and the same annealing: equal to rounding of the weights'
    # normalisation (N·w/Σw), so 1e-9 absolute on codewords of size ~3.
    np.testing.assert_allclose(from_statistics.codebook, from_data.codebook, rtol=0, atol=1e-9)
    np.testing.assert_allclose(from_statistics.probabilities, from_data.probabilities, atol=1e-9)
    assert from_statistics.entropy_bits == pytest.approx(from_data.entropy_bits, abs=1e-9)
    assert from_statistics.importance_rule == from_data.importance_rule == RULE
    assert from_statistics.certified_bound_bits == pytest.approx(from_data.certified_bound_bits, abs=1e-9)


def test_mask_statistics_keep_a_value_marked_both_ways() -> None:
    x = np.array([1.0, 1.0, 2.0])
    stats = SampleStatistics.from_samples(x, np.array([True, False, False]))
    assert list(stats.values) == [1.0, 1.0, 2.0]
    assert list(stats.important) == [False, True, False]
    assert list(stats.counts) == [1, 1, 1]


def test_bad_statistics_input_raises() -> None:
    with pytest.raises(rdopt.RdoptError, match="not finite"):
        SampleStatistics.from_samples(np.array([1.0, np.nan]))
    with pytest.raises(rdopt.RdoptError, match="rule"):
        SampleStatistics.from_samples(np.array([1.0]), "abs>").values
    with pytest.raises(rdopt.RdoptError, match="cannot merge"):
        SampleStatistics.from_samples(np.array([1.0]), "abs>1").merge(
            SampleStatistics.from_samples(np.array([1.0]), "abs>2"))
    with pytest.raises(rdopt.RdoptError, match="no samples"):
        SampleStatistics.empty().design(0.1)


def test_deviation_rule_needs_its_centre_in_a_chunk() -> None:
    x = np.array([4.0, 9.0, 10.0, 11.0, 17.0, 9.0])
    with pytest.raises(rdopt.RdoptError, match="dev>T@m"):
        SampleStatistics.from_samples(x, "dev>5")
    stats = SampleStatistics.from_samples(x, "dev>5@10")
    marked = sorted(v for v, i in zip(stats.values, stats.important) if i)
    assert marked == [4.0, 17.0]
