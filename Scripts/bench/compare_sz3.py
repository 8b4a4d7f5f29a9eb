"""rdopt against SZ3 (pysz) and ZFP (zfpy) on the same data (issue 16, "Side by side").

Called by Scripts/bench/compare-sz3.sh with the rdopt binary and a scratch folder. For each
data set and each bound it prints bits/sample, mean squared error, worst absolute error and
compress/decompress throughput (MB/s of float64 input, one process, wall time, best of 3):

- "max error E": rdopt compress --max-error E; SZ3 ABS mode with bound E; ZFP fixed accuracy
  with tolerance E (ZFP's tolerance is not a strict pointwise bound; its worst error is shown).
- "MSE D": rdopt compress --target-distortion D; SZ3 and ZFP at the absolute bound found by
  bisection whose mean squared error is the largest at or below D (so all three meet D).
"""

import json
import math
import os
import subprocess
import sys
import time
import wave

import numpy as np

try:
    from pysz import sz, szConfig, szErrorBoundMode
except ImportError:  # reported in the table
    sz = None
try:
    import zfpy
except ImportError:
    zfpy = None


def ar1(n, rho=0.95, seed=20261204):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = e[0]
    for i in range(1, n):
        x[i] = rho * x[i - 1] + e[i]
    return x


def smooth_field(side=1024, width=0.02, seed=20261205):
    rng = np.random.default_rng(seed)
    spectrum = np.fft.fft2(rng.standard_normal((side, side)))
    kx = np.fft.fftfreq(side)[:, None]
    ky = np.fft.fftfreq(side)[None, :]
    spectrum *= np.exp(-(kx**2 + ky**2) / (2 * width**2))
    field = np.real(np.fft.ifft2(spectrum))
    return field / field.std()


def smooth_field_3d(side=100, width=0.03, seed=20261207):
    """A smooth 3-D random field (Gaussian-filtered white noise), unit variance."""
    rng = np.random.default_rng(seed)
    spectrum = np.fft.fftn(rng.standard_normal((side, side, side)))
    k = [np.fft.fftfreq(side)]
    kx, ky, kz = k[0][:, None, None], k[0][None, :, None], k[0][None, None, :]
    spectrum *= np.exp(-(kx**2 + ky**2 + kz**2) / (2 * width**2))
    field = np.real(np.fft.ifftn(spectrum))
    return field / field.std()


FOX = (
    "The quick brown fox jumps over the lazy dog. Rate distortion theory tells us how few "
    "bits a signal needs at a given fidelity, and prediction removes what the past already "
    "says about the present. Every sample here is held to its bound, one by one."
)


def speech(folder, text=FOX, voice=()):
    """A paragraph spoken by espeak-ng (16-bit WAV) as float64, or None without espeak-ng;
    voice: more espeak-ng options, such as ["-v", "en-us"] (ab_corpus_make.py's paragraphs)."""
    path = os.path.join(folder, "speech.wav")
    try:
        subprocess.run(["espeak-ng", *voice, "-w", path, text], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    with wave.open(path) as w:
        frames = w.readframes(w.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float64)


def photographs():
    """scikit-image's camera (512 x 512) and astronaut (its grey mean), as float64 arrays; empty
    without scikit-image."""
    try:
        import skimage.data
    except ImportError:
        return []
    return [("photograph: camera, 512 × 512", skimage.data.camera().astype(np.float64)),
            ("photograph: astronaut (grey), 512 × 512",
             skimage.data.astronaut().astype(np.float64).mean(axis=2))]


def best_of(runs, body):
    best = math.inf
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - start)
    return best, result


def rdopt_files(folder, data):
    """Writes `data` for rdopt (a `.npy` array, or a raw `.f64` signal); returns its path, the
    `.rdq` path and the reconstruction's path."""
    raw = os.path.join(folder, "data.npy" if data.ndim >= 2 else "data.f64")
    if data.ndim >= 2:
        np.save(raw, data)
    else:
        data.astype("<f8").tofile(raw)
    back = os.path.join(folder, "back.npy" if data.ndim >= 2 else "back.f64")
    return raw, os.path.join(folder, "data.rdq"), back


def read_back(back, data):
    """The reconstruction rdopt decompressed to `back`, in the shape of `data`."""
    return (np.load(back) if data.ndim >= 2 else np.fromfile(back)).reshape(data.shape)


def measure_rdopt(rdopt, folder, data, args):
    raw, packed, back = rdopt_files(folder, data)
    command = [rdopt, "compress", raw, "--output", packed, "--json", "--quiet"] + args
    seconds, out = best_of(3, lambda: subprocess.run(command, check=True, capture_output=True))
    report = json.loads(out.stdout)
    back_seconds, _ = best_of(
        3,
        lambda: subprocess.run(
            [rdopt, "decompress", packed, "--output", back, "--quiet"], check=True,
            capture_output=True))
    y = read_back(back, data)
    extra = f"{report['predictor']}, gain {report['prediction_gain_bits']:.2f}"
    return os.path.getsize(packed), y, seconds, back_seconds, extra


def measure_sz3(data, bound):
    config = szConfig()
    config.errorBoundMode = szErrorBoundMode.ABS
    config.absErrorBound = bound
    seconds, (packed, _) = best_of(3, lambda: sz.compress(data, config))
    back_seconds, (y, _) = best_of(3, lambda: sz.decompress(packed, np.float64, data.shape))
    return packed.nbytes, y.reshape(data.shape), seconds, back_seconds, ""


def measure_zfp(data, bound):
    seconds, packed = best_of(3, lambda: zfpy.compress_numpy(data, tolerance=bound))
    back_seconds, y = best_of(3, lambda: zfpy.decompress_numpy(packed))
    return len(packed), y.reshape(data.shape), seconds, back_seconds, ""


def bound_for_mse(data, target, coder):
    """The largest absolute bound (bisection in log scale) whose MSE is at most target."""
    def mse(bound):
        return float(np.mean((coder(data, bound) - data) ** 2))
    low, high = math.sqrt(target) * 0.1, math.sqrt(target) * 20
    for _ in range(18):
        middle = math.sqrt(low * high)
        if mse(middle) <= target:
            low = middle
        else:
            high = middle
    return low


def sz_reconstruct(data, bound):
    config = szConfig()
    config.errorBoundMode = szErrorBoundMode.ABS
    config.absErrorBound = bound
    packed, _ = sz.compress(data, config)
    return sz.decompress(packed, np.float64, data.shape)[0].reshape(data.shape)


def zfp_reconstruct(data, bound):
    return zfpy.decompress_numpy(zfpy.compress_numpy(data, tolerance=bound)).reshape(data.shape)


def row(name, bound, coder, data, outcome, mse_target=None, error_bound=None):
    size, y, seconds, back_seconds, extra = outcome
    n = data.size
    error = y - data
    megabytes = n * 8 / 1e6
    # A coder that misses its bound is marked, not hidden.
    if mse_target is not None and np.mean(error**2) > mse_target:
        extra = f"{extra}; MSE ABOVE THE BOUND".lstrip("; ")
    if error_bound is not None and np.max(np.abs(error)) > error_bound:
        extra = f"{extra}; MAXIMUM ERROR ABOVE THE BOUND".lstrip("; ")
    print(
        f"| {name} | {bound} | {coder} | {size * 8 / n:.3f} | {np.mean(error**2):.4g} | "
        f"{np.max(np.abs(error)):.4g} | {megabytes / seconds:.0f} | {megabytes / back_seconds:.0f} | "
        f"{extra} |", flush=True)


def compare(rdopt, folder, name, data):
    variance = float(np.var(data))
    for label, args, mse_target, error_bound in [
        ("MSE var/100", ["--target-distortion", repr(variance / 100)], variance / 100, None),
        ("MSE var/1000", ["--target-distortion", repr(variance / 1000)], variance / 1000, None),
        ("max error σ/10", ["--max-error", repr(math.sqrt(variance) / 10)], None,
         math.sqrt(variance) / 10),
    ]:
        row(name, label, "rdopt", data, measure_rdopt(rdopt, folder, data, args), mse_target,
            error_bound)
        for coder, measure, reconstruct, module in [
            ("SZ3", measure_sz3, sz_reconstruct, sz), ("ZFP", measure_zfp, zfp_reconstruct, zfpy)]:
            if module is None:
                print(f"| {name} | {label} | {coder} | not installed | | | | | |")
                continue
            bound = error_bound or bound_for_mse(data, mse_target, reconstruct)
            row(name, label, coder, data, measure(data, bound), mse_target, error_bound)


def main():
    rdopt, folder = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10**6
    print("| data | bound | coder | bits/sample | MSE | worst abs error | compress MB/s | decompress MB/s | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    sets = [("AR(1) ρ=0.95", ar1(n)), ("2-D smooth field", smooth_field(int(math.sqrt(n)))),
            ("3-D smooth field", smooth_field_3d(round(n ** (1 / 3)))),
            ("i.i.d. Gaussian", np.random.default_rng(20261206).standard_normal(n))]
    found = photographs()
    if not found:
        print("| photographs | | | skipped: scikit-image not installed (pip install scikit-image) | | | | | |")
    sets += found
    spoken = speech(folder)
    if spoken is None:
        print("| speech | | | skipped: espeak-ng not installed (apt-get install espeak-ng) | | | | | |")
    else:
        sets.append((f"speech (espeak-ng, {spoken.size} samples)", spoken))
    extra = os.environ.get("RDOPT_EXTRA_SIGNAL")
    if extra:
        sets.append((os.path.basename(extra), np.fromfile(extra)))
    for name, data in sets:
        compare(rdopt, folder, name, np.ascontiguousarray(data, dtype=np.float64))


if __name__ == "__main__":
    main()
