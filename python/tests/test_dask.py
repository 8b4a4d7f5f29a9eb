"""The Dask pipeline on a two-worker LocalCluster whose per-worker memory limit is smaller than
the array: statistics merged into one design, chunks compressed in parallel into Zarr, read
back and checked."""

from __future__ import annotations

import numpy as np
import pytest

import rdopt

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("dask.distributed")
pytest.importorskip("zarr")

import dask.array as da  # noqa: E402

from rdopt.dask_pipeline import check_round_trip, chunk_statistics, compress_to_zarr  # noqa: E402

TARGET = 0.01
TOLERANCE_D = 0.001
RULE = "abs>2.5"
SAMPLES = 72_000_000  # float32: 288 MB, more than one worker may hold
MEMORY_LIMIT = 256 * 2**20  # a worker idles at ~130 MB; Dask pauses one at 80 %


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, memory_limit=MEMORY_LIMIT, processes=True,
        dashboard_address=None,
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def synthetic(samples: int, chunk: int) -> da.Array:
    rng = da.random.default_rng(14)
    return da.round(rng.standard_normal(samples, chunks=chunk, dtype="float32"), 3)


def test_pipeline_on_two_workers_with_less_memory_than_the_array(client, tmp_path) -> None:
    x = synthetic(SAMPLES, 2_000_000)
    assert x.nbytes > MEMORY_LIMIT
    statistics = chunk_statistics(x, RULE)
    assert statistics.sample_count == SAMPLES
    quantizer = statistics.design(TARGET, tolerance=TOLERANCE_D, stages=8, relaxation_seconds=None)
    store = str(tmp_path / "x.zarr")
    compress_to_zarr(x, quantizer, store, RULE, max_distortion=TARGET)
    check = check_round_trip(x, store, RULE)
    assert check.chunks == 36
    assert check.largest_chunk_mse <= TARGET
    # float32 storage rounds codewords by half an ulp: 1e-4 of D' allowed (see test_codec).
    assert check.largest_important_error <= TOLERANCE_D * (1 + 1e-4)
    assert check.important_samples > 0
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    assert all(w["memory_limit"] == MEMORY_LIMIT for w in workers.values())


def test_design_from_worker_statistics_equals_local_design(client) -> None:
    x = synthetic(60_000, 15_000)
    merged = chunk_statistics(x, RULE)
    local = rdopt.design(x.compute(), TARGET, important=RULE, tolerance=TOLERANCE_D, stages=8)
    remote = merged.design(TARGET, tolerance=TOLERANCE_D, stages=8)
    np.testing.assert_allclose(remote.codebook, local.codebook, rtol=0, atol=1e-9)
    assert remote.entropy_bits == pytest.approx(local.entropy_bits, abs=1e-9)


def test_irregular_chunks_are_made_regular_before_writing(client, tmp_path) -> None:
    x = synthetic(50_000, 10_000).rechunk(((7_000, 13_000, 10_000, 20_000),))
    quantizer = chunk_statistics(x, RULE).design(TARGET, tolerance=TOLERANCE_D, stages=6)
    store = str(tmp_path / "irregular.zarr")
    stored = compress_to_zarr(x, quantizer, store, RULE, max_distortion=TARGET)
    assert stored.chunks == (7_000,)
    check = check_round_trip(x.rechunk(7_000), store, RULE)
    assert check.largest_chunk_mse <= TARGET
    assert check.largest_important_error <= TOLERANCE_D * (1 + 1e-4)
