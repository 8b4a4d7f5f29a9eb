"""rdopt against SZ3's best algorithm (called by compare-small.sh): on small signals, or with
``--media`` on photographs (scikit-image's camera, moon, coins and text, PyWavelets' ascent), a
10^5-value AR(1) signal, a 400 × 400 smooth field and, when RDOPT_EXTRA_SIGNAL names a raw
float64 file, its first 200,000 values.

With ``--high`` or ``--moderate`` the bounds are the near-lossless or the moderate ones of
``bounds``. For each signal and bound: rdopt compress --target-distortion D (or --max-error E), and SZ3 in
ABS mode with each of its algorithms, the bound bisected to the largest whose mean squared
error is at most D (E itself under a maximum error); the fewest bits of the four are SZ3's.
Every file is decoded and its bound checked.
"""

import math
import os
import subprocess
import sys

import numpy as np
import pywt
import pywt.data
from pysz import sz, szAlgorithm, szConfig, szErrorBoundMode

ALGORITHMS = [
    ("interpolation + Lorenzo", szAlgorithm.INTERP_LORENZO),
    ("interpolation", szAlgorithm.INTERP),
    ("Lorenzo + regression", szAlgorithm.LORENZO_REG),
    ("no prediction", szAlgorithm.NOPRED),
]


def signals():
    noise = np.random.default_rng(1)
    sets = [("ECG (PyWavelets)", pywt.data.ecg()), ("nino (PyWavelets)", pywt.data.nino()[1])]
    for name in ["Doppler", "HeaviSine", "Piece-Polynomial", "LinChirp", "Bumps", "MishMash"]:
        for n in [1024, 8192]:
            sets.append((f"{name}, {n}", pywt.data.demo_signal(name, n) + noise.normal(0, 0.01, n)))
    rng = np.random.default_rng(3)
    x = np.zeros(4096)
    for i in range(1, x.size):
        x[i] = 0.95 * x[i - 1] + rng.normal()
    sets.append(("AR(1) ρ=0.95, 4096", x))
    return [(name, np.ascontiguousarray(data, dtype=np.float64)) for name, data in sets]


def media():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import compare_sz3
    import skimage.data

    sets = [(name, getattr(skimage.data, name)()) for name in ["camera", "moon", "coins", "text"]]
    sets += [("ascent (PyWavelets)", pywt.data.ascent()), ("AR(1) ρ=0.95, 10^5", compare_sz3.ar1(10**5)),
             ("2-D smooth field, 400 × 400", compare_sz3.smooth_field(400))]
    extra = os.environ.get("RDOPT_EXTRA_SIGNAL")
    if extra:
        sets.append((f"{os.path.basename(extra)}, 200,000 values", np.fromfile(extra)[:200_000]))
    return [(name, np.ascontiguousarray(data, dtype=np.float64)) for name, data in sets]


def sz3(data, bound, algorithm):
    """Bits per value and the reconstruction, in data's type, of SZ3 at an absolute bound."""
    config = szConfig()
    config.errorBoundMode = szErrorBoundMode.ABS
    config.absErrorBound = bound
    config.cmprAlgo = algorithm
    packed, _ = sz.compress(data, config)
    back = sz.decompress(packed, data.dtype.type, data.shape)[0].reshape(data.shape)
    return packed.nbytes * 8 / data.size, back


def sz3_best(data, mse=None, bound=None, reference=None):
    """SZ3's fewest bits per value and the algorithm that gave them: each algorithm's bound
    bisected to the largest whose MSE is at most `mse`, or `bound` itself; errors measured
    against `reference` (default: the data). None when every algorithm broke the maximum error
    (float32 input can round past it)."""
    reference = data if reference is None else reference
    best = None
    for name, algorithm in ALGORITHMS:
        if mse is not None:
            low, high = math.sqrt(mse) * 0.1, math.sqrt(mse) * 20
            for _ in range(16):
                middle = math.sqrt(low * high)
                if np.mean((sz3(data, middle, algorithm)[1] - reference) ** 2) <= mse:
                    low = middle
                else:
                    high = middle
            bits, back = sz3(data, low, algorithm)
            while np.mean((back - reference) ** 2) > mse:  # float32 rounding can push it over
                low *= 0.5
                bits, back = sz3(data, low, algorithm)
        else:
            bits, back = sz3(data, bound, algorithm)
            if np.max(np.abs(back - reference)) > bound * (1 + 1e-12):
                continue  # SZ3 broke its own bound: not counted
        if best is None or bits < best[0]:
            best = (bits, name)
    return best


def rdopt(binary, folder, data, arguments, mse=None, bound=None):
    # A 2-D array goes as .npy (rdopt predicts it along both axes), a signal as raw float64.
    suffix = ".npy" if data.ndim == 2 else ".f64"
    raw, packed, back = (os.path.join(folder, f) for f in ("x" + suffix, "x.rdq", "y" + suffix))
    if data.ndim == 2:
        np.save(raw, data)
    else:
        data.tofile(raw)
    subprocess.run([binary, "compress", raw, "--output", packed, "--quiet"] + arguments,
                   check=True, capture_output=True)
    subprocess.run([binary, "decompress", packed, "--output", back, "--quiet"], check=True,
                   capture_output=True)
    y = np.load(back) if data.ndim == 2 else np.fromfile(back)
    if mse is not None:
        assert np.mean((y - data) ** 2) <= mse, "rdopt above its MSE bound"
    if bound is not None:
        assert np.max(np.abs(y - data)) <= bound, "rdopt above its maximum error"
    return os.path.getsize(packed) * 8 / data.size


def bounds(data, options):
    """The bounds a signal is compressed at: (label, MSE, maximum error). By default var/100,
    var/1000 and σ/10; with --high the near-lossless ones SZ users ask for (var/10^7 … var/10^9
    and 10^-5 of the value range), with --moderate var/10^4 … var/10^6 and 10^-3, 10^-4 of the
    range."""
    variance = float(np.var(data))
    spread = float(np.max(data) - np.min(data))
    if "--high" in options:
        return ([(f"MSE ≤ var/10^{k}", variance / 10**k, None) for k in (7, 8, 9)]
                + [("|error| ≤ 10^-5 · range", None, spread * 1e-5)])
    if "--moderate" in options:
        return ([(f"MSE ≤ var/10^{k}", variance / 10**k, None) for k in (4, 5, 6)]
                + [(f"|error| ≤ 10^-{k} · range", None, spread * 10.0**-k) for k in (3, 4)])
    return [("MSE ≤ var/100", variance / 100, None), ("MSE ≤ var/1000", variance / 1000, None),
            ("|error| ≤ σ/10", None, math.sqrt(variance) / 10)]


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    options = sys.argv[3:]
    chosen = media() if "--media" in options else signals()
    print("| signal | bound | rdopt | SZ3, best algorithm | |")
    print("| --- | --- | --- | --- | --- |")
    losses = files = 0
    for name, data in chosen:
        for label, mse, bound in bounds(data, options):
            arguments = (["--target-distortion", repr(mse)] if mse is not None
                         else ["--max-error", repr(bound)])
            ours = rdopt(binary, folder, data, arguments, mse, bound)
            best = sz3_best(data, mse, bound)
            assert best is not None, f"SZ3 broke the bound {bound} with every algorithm"
            theirs, algorithm = best
            files += 1
            losses += ours > theirs
            mark = "rdopt more" if ours > theirs else ""
            print(f"| {name} | {label.replace('|', chr(92) + '|')} | {ours:.3f} | "
                  f"{theirs:.3f} ({algorithm}) | {mark} |", flush=True)
    print(f"\nrdopt needs more bits than SZ3's best on {losses} of {files} files.")


if __name__ == "__main__":
    main()
