"""One array of ab-corpus.sh's A/B run (one process per array).

Usage: ab_corpus_one.py A B ARRAY.npy RESULT.tsv WORK_FOLDER LOG_FOLDER CORE [--quick]

For each bound (MSE <= var/100, MSE <= var/1000, |error| <= sigma/10; only the first with
--quick): `X compress ARRAY <bound> --output FILE --quiet` for X = A and B, each pinned to CORE
with taskset and timed (wall clock; which of A and B runs first alternates over arrays and
bounds, so that order effects on the time cancel). The two files are compared byte for byte,
each is decoded with its own binary (timed, once) and its bound checked with numpy: MSE <=
D (1 + 1e-12) or max |error| <= E (1 + 1e-12), and the decoded shape equal to the input's.
Writes one row per bound to RESULT.tsv, without a header (ab_corpus_summary.py adds COLUMNS).
A command that fails (nonzero exit status, or still running after AB_TIMEOUT seconds) is
recorded with its status, and the tail of its stderr goes to LOG_FOLDER/NAME.log.

Environment: AB_REPEAT=K runs each compression K times, A and B interleaved, and keeps the
fastest time (the file is the last run's); AB_TIMEOUT (seconds per command, default 900).
"""

import math
import os
import shutil
import subprocess
import sys
import time
import zlib

import numpy as np

TIMEOUT = float(os.environ.get("AB_TIMEOUT", "900"))
REPEAT = max(1, int(os.environ.get("AB_REPEAT", "1")))
SLACK = 1 + 1e-12

COLUMNS = ["name", "n", "shape", "bound", "bound_value", "bytesA", "bytesB", "bitsA", "bitsB",
           "ratioBA", "timeA", "timeB", "dtimeA", "dtimeB", "identical", "errA", "errB",
           "okA", "okB", "rcA", "rcB", "note"]


def run(command, core, log, label):
    """Runs command pinned to core: (exit status, wall seconds); status 124 on a timeout."""
    start = time.perf_counter()
    try:
        done = subprocess.run(["taskset", "-c", str(core)] + command, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
        status, err = done.returncode, done.stderr
    except subprocess.TimeoutExpired as expired:
        status, err = 124, (expired.stderr or b"") + b"\n*** timed out\n"
    seconds = time.perf_counter() - start
    if status != 0:
        with open(log, "ab") as f:
            f.write(f"=== {label}: exit {status}: {' '.join(command)}\n".encode())
            f.write(err[-4000:] + b"\n")
    return status, seconds


def compress_both(order, path, flag, value, work, core, log, label):
    """Compresses with each (side, binary) of order, REPEAT rounds interleaved:
    {side: exit status}, {side: fastest seconds}; a side that failed is not run again."""
    status = {side: 0 for side, _ in order}
    best = {side: math.inf for side, _ in order}
    for _ in range(REPEAT):
        for side, binary in order:
            if status[side] != 0:
                continue
            packed = os.path.join(work, side + ".rdq")
            if os.path.exists(packed):
                os.remove(packed)
            status[side], seconds = run(
                [binary, "compress", path, flag, repr(value), "--output", packed, "--quiet"],
                core, log, f"{label} {side} compress")
            best[side] = min(best[side], seconds)
    return status, best


def check_side(row, side, binary, x, flag, value, work, core, log, label):
    """Fills row's columns of one side from its compressed file: size, decoding time, error
    over the bound, verdict. Returns the file's bytes (None without a file) and notes."""
    packed = os.path.join(work, side + ".rdq")
    out = os.path.join(work, side + ".out.npy")
    if os.path.exists(out):
        os.remove(out)
    row["bytes" + side] = row["bits" + side] = row["dtime" + side] = row["err" + side] = ""
    row["ok" + side] = "FAIL"
    if row["rc" + side] != "0" or not os.path.exists(packed):
        return None, [f"{side} compress exit {row['rc' + side]}"]
    with open(packed, "rb") as f:
        content = f.read()
    row["bytes" + side] = str(len(content))
    row["bits" + side] = f"{8 * len(content) / x.size:.6f}"
    code, seconds = run([binary, "decompress", packed, "--output", out, "--quiet"], core, log,
                        f"{label} {side} decompress")
    row["dtime" + side] = f"{seconds:.4f}"
    if code != 0 or not os.path.exists(out):
        row["rc" + side] = str(code)
        return content, [f"{side} decompress exit {code}"]
    y = np.load(out)
    if y.size != x.size:
        return content, [f"{side} decoded {y.shape} for {x.shape}"]
    notes = []
    if y.shape != x.shape:
        notes.append(f"{side} decoded shape {y.shape} for {x.shape}")
    error = y.astype(np.float64).reshape(x.shape) - x
    if flag == "--target-distortion":
        measured = float(np.mean(error ** 2))
    else:
        measured = float(np.max(np.abs(error)))
    row["err" + side] = f"{measured / value:.9f}"  # the error as a fraction of its bound
    ok = measured <= value * SLACK and y.shape == x.shape
    row["ok" + side] = "ok" if ok else "VIOLATED"
    if measured > value * SLACK:
        notes.append(f"{side} error {measured / value:.9g} of its bound")
    return content, notes


def main():
    binary_a, binary_b, path, result, work_root, logs, core = sys.argv[1:8]
    quick = "--quick" in sys.argv[8:]
    name = os.path.basename(path)[:-len(".npy")]
    x = np.load(path)
    variance = float(np.var(x))
    bounds = [("mse=var/100", "--target-distortion", variance / 100),
              ("mse=var/1000", "--target-distortion", variance / 1000),
              ("maxerr=sigma/10", "--max-error", math.sqrt(variance) / 10)]
    if quick:
        bounds = bounds[:1]
    work = os.path.join(work_root, name)
    os.makedirs(work, exist_ok=True)
    os.makedirs(logs, exist_ok=True)
    log = os.path.join(logs, name + ".log")
    rows = []
    for label, flag, value in bounds:
        row = {"name": name, "n": x.size, "shape": "x".join(map(str, x.shape)), "bound": label,
               "bound_value": repr(value)}
        order = [("A", binary_a), ("B", binary_b)]
        if (zlib.crc32(name.encode()) + len(rows)) % 2 == 1:
            order.reverse()
        status, best = compress_both(order, path, flag, value, work, core, log, label)
        packed = {}
        notes = []
        for side, binary in order:
            row["time" + side] = f"{best[side]:.4f}"
            row["rc" + side] = str(status[side])
            content, side_notes = check_side(row, side, binary, x, flag, value, work, core, log,
                                             label)
            if content is not None:
                packed[side] = content
            notes += side_notes
        if "A" in packed and "B" in packed:
            row["identical"] = "yes" if packed["A"] == packed["B"] else "no"
            row["ratioBA"] = f"{len(packed['B']) / len(packed['A']):.6f}"
        else:
            row["identical"] = "n/a"
            row["ratioBA"] = ""
        row["note"] = "; ".join(notes)
        rows.append(row)
    shutil.rmtree(work, ignore_errors=True)
    with open(result + ".part", "w") as f:
        for row in rows:
            f.write("\t".join(str(row[c]) for c in COLUMNS) + "\n")
    os.replace(result + ".part", result)
    bad = [r for r in rows if r["okA"] != "ok" or r["okB"] != "ok"]
    print(f"done {name} (core {core})" + (f"  *** {len(bad)} problem row(s)" if bad else ""),
          file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
