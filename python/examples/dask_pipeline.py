"""Compress a Dask array larger than a worker's memory into Zarr with one certified design.

    python python/examples/dask_pipeline.py --samples 100000000 --memory-limit 1GiB

Steps: per-chunk statistics (distinct values with counts, merged exactly) → one design →
every chunk compressed in parallel into a Zarr 3 store → read back and checked chunk by
chunk (MSE ≤ D, every important sample within D'). Prints the times, the throughput and the
peak resident memory of each worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

import dask.array as da
from dask.distributed import Client, LocalCluster

from rdopt.dask_pipeline import check_round_trip, chunk_statistics, compress_to_zarr


def peak_memory_bytes() -> int:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def synthetic(samples: int, chunk: int, seed: int) -> da.Array:
    """Normal samples on a 0.001 grid (instrument resolution), float32, made chunk by chunk."""
    rng = da.random.default_rng(seed)
    return da.round(rng.standard_normal(samples, chunks=chunk, dtype="float32"), 3)


def run(arguments: argparse.Namespace) -> dict:
    folder = Path(arguments.store or tempfile.mkdtemp(prefix="rdopt-dask-"))
    store = str(folder / "data.zarr")
    with LocalCluster(
        n_workers=arguments.workers, threads_per_worker=1, memory_limit=arguments.memory_limit,
        processes=True, dashboard_address=None,
    ) as cluster, Client(cluster) as client:
        x = synthetic(arguments.samples, arguments.chunk, arguments.seed)
        timings = {}
        start = time.perf_counter()
        statistics = chunk_statistics(x, arguments.important)
        timings["statistics_s"] = time.perf_counter() - start
        start = time.perf_counter()
        quantizer = statistics.design(
            arguments.target, tolerance=arguments.tolerance, stages=arguments.stages
        )
        timings["design_s"] = time.perf_counter() - start
        start = time.perf_counter()
        compress_to_zarr(x, quantizer, store, arguments.important, arguments.target)
        timings["compress_s"] = time.perf_counter() - start
        start = time.perf_counter()
        check = check_round_trip(x, store, arguments.important)
        timings["read_back_check_s"] = time.perf_counter() - start
        peaks = client.run(peak_memory_bytes)
    stored = sum(f.stat().st_size for f in Path(store).rglob("*") if f.is_file())
    raw = arguments.samples * 4
    report = {
        "samples": arguments.samples, "chunk": arguments.chunk, "workers": arguments.workers,
        "memory_limit": arguments.memory_limit, "array_bytes": raw, "stored_bytes": stored,
        "bits_per_sample": stored * 8 / arguments.samples,
        "distinct_values": int(statistics.values.size), "codewords": len(quantizer.probabilities),
        "entropy_bits": quantizer.entropy_bits, "certified_bound_bits": quantizer.certified_bound_bits,
        **{k: round(v, 2) for k, v in timings.items()},
        "compress_throughput_MB_s": raw / 1e6 / timings["compress_s"],
        "chunks": check.chunks, "largest_chunk_mse": check.largest_chunk_mse,
        "largest_important_error": check.largest_important_error,
        "important_samples": check.important_samples,
        "peak_memory_per_worker_MB": sorted(round(v / 2**20) for v in peaks.values()),
    }
    if not arguments.store:
        shutil.rmtree(folder, ignore_errors=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20_000_000)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GiB")
    parser.add_argument("--target", type=float, default=0.01, help="D, the MSE bound")
    parser.add_argument("--tolerance", type=float, default=0.001, help="D', important samples")
    parser.add_argument("--important", default="abs>2.5")
    parser.add_argument("--stages", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--store", help="keep the Zarr store in this folder")
    arguments = parser.parse_args()
    report = run(arguments)
    print(json.dumps(report, indent=2))
    assert report["largest_chunk_mse"] <= arguments.target
    # float32 storage rounds each codeword by up to half an ulp (6e-8 relative): at |x| ≈ 5
    # and D' = 0.001 that moves a squared error by about 1e-5 of D'.
    assert report["largest_important_error"] <= arguments.tolerance * (1 + 1e-4)


if __name__ == "__main__":
    main()
