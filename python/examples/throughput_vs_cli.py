"""Compress + decompress throughput of the Python path against the rdopt command line on the
same samples and quantiser (issue 14: within 1.5×).

    python python/examples/throughput_vs_cli.py --samples 10000000 --cli .build/release/rdopt

The CLI reads and writes .npy files (on tmpfs when /dev/shm exists); the Python path takes
and returns numpy arrays. Each side is timed best-of-N; the bytes must be identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

import rdopt


def best_of(repeats: int, action) -> float:
    """The fastest of ``repeats`` timed runs of ``action``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000_000)
    parser.add_argument("--cli", default=".build/release/rdopt")
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    folder = Path(tempfile.mkdtemp(prefix="rdopt-throughput-", dir=base))
    x = np.random.default_rng(1).standard_normal(arguments.samples)
    quantizer = rdopt.design(x[:50_000], 0.01, important="abs>2.5", tolerance=0.001, stages=12)
    (folder / "q.json").write_text(quantizer.to_json())
    np.save(folder / "x.npy", x)
    cli = [arguments.cli]

    def cli_compress() -> None:
        subprocess.run(cli + ["compress", str(folder / "x.npy"), "--quantizer", str(folder / "q.json"),
                              "--output", str(folder / "x.rdq"), "--quiet"], check=True, capture_output=True)

    def cli_decompress() -> None:
        subprocess.run(cli + ["decompress", str(folder / "x.rdq"), "--output", str(folder / "y.npy"),
                              "--quiet"], check=True, capture_output=True)

    blob = {}

    def python_compress() -> None:
        blob["bytes"] = rdopt.compress(x, quantizer)

    def python_decompress() -> None:
        blob["y"] = rdopt.decompress(blob["bytes"])

    figures = {
        "cli_compress_s": best_of(arguments.repeats, cli_compress),
        "cli_decompress_s": best_of(arguments.repeats, cli_decompress),
        "python_compress_s": best_of(arguments.repeats, python_compress),
        "python_decompress_s": best_of(arguments.repeats, python_decompress),
    }
    assert blob["bytes"] == (folder / "x.rdq").read_bytes(), "the two paths wrote different bytes"
    assert np.array_equal(blob["y"], np.load(folder / "y.npy"))
    cli_total = figures["cli_compress_s"] + figures["cli_decompress_s"]
    python_total = figures["python_compress_s"] + figures["python_decompress_s"]
    megabytes = x.nbytes / 1e6
    figures.update(
        samples=arguments.samples,
        cli_MB_s=megabytes / cli_total,
        python_MB_s=megabytes / python_total,
        python_over_cli_time=python_total / cli_total,
    )
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}, indent=2))


if __name__ == "__main__":
    main()
