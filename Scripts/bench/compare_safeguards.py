"""rdopt compress with an important subset against SZ3 wrapped in compression-safeguards.

The subset is the samples more than 4 standard deviations from the mean (3 on the 3-D
field, whose tails are thin, 1.5 on the photographs, whose values are bounded); each is held
to a
squared error of D/10, every file to a mean squared error of D. rdopt: `compress DATA
--target-distortion D --important dev>T --tolerance D/10`. SZ3 (pysz, ABS mode) inside
numcodecs-safeguards' SafeguardedCodec, whose `select` safeguard holds the subset to an
absolute error of sqrt(D/10) and lets the rest be (`assume_safe`); SZ3's bound is bisected to the
largest whose mean squared error after the corrections is at most D. Bits per sample count
everything each writes (the subset itself is not stored by either: rdopt derives it from its
rule, the safeguarded codec keeps it among its fixed constants).

Usage: compare_safeguards.py RDOPT WORK_FOLDER [N]   (see compare-safeguards.sh)
"""

import json
import math
import os
import subprocess
import sys

import numpy as np
from numcodecs.abc import Codec
from numcodecs_safeguards import SafeguardedCodec
from pysz import sz, szConfig, szErrorBoundMode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_sz3 import (  # noqa: E402
    ar1, photographs, rdopt_files, read_back, smooth_field, smooth_field_3d, speech)


class SZ3(Codec):
    """SZ3 in ABS mode as a numcodecs codec (float64, the shape remembered from encode)."""

    codec_id = "rdopt-bench-sz3"

    def __init__(self, bound, shape=None):
        self.bound = bound
        self.shape = shape

    def encode(self, buf):
        config = szConfig()
        config.errorBoundMode = szErrorBoundMode.ABS
        config.absErrorBound = self.bound
        data = np.ascontiguousarray(buf, dtype=np.float64)
        self.shape = data.shape
        packed, _ = sz.compress(data, config)
        return np.frombuffer(np.asarray(packed).tobytes(), dtype=np.uint8)

    def decode(self, buf, out=None):
        packed = np.frombuffer(bytes(np.asarray(buf)), dtype=np.uint8)
        values, _ = sz.decompress(packed, np.float64, self.shape)
        values = np.asarray(values).reshape(self.shape)
        if out is not None:
            np.copyto(np.asarray(out).reshape(self.shape), values)
            return out
        return values

    def get_config(self):
        return {"id": self.codec_id, "bound": self.bound}


def safeguarded(data, mask, bound, tolerance):
    """Bits per sample and the reconstruction of SZ3 at `bound` with the subset corrected."""
    codec = SafeguardedCodec(
        codec=SZ3(bound),
        safeguards=[dict(kind="select", selector="s", safeguards=[
            dict(kind="assume_safe"), dict(kind="eb", type="abs", eb=math.sqrt(tolerance))])],
        fixed_constants={"s": mask.astype(np.int64)})
    encoded = np.asarray(codec.encode(data)).tobytes()
    return len(encoded) * 8 / data.size, np.asarray(codec.decode(encoded)).reshape(data.shape)


def best_safeguarded(data, mask, target, tolerance):
    """The largest SZ3 bound (bisected in log scale) whose corrected MSE is at most target."""
    low, high = math.sqrt(target) * 0.1, math.sqrt(target) * 20
    best = None
    for _ in range(14):
        middle = math.sqrt(low * high)
        bits, y = safeguarded(data, mask, middle, tolerance)
        if np.mean((y - data) ** 2) <= target:
            low, best = middle, (bits, y)
        else:
            high = middle
    return best


def rdopt_run(rdopt, folder, data, target, threshold, tolerance):
    raw, packed, back = rdopt_files(folder, data)
    out = subprocess.run(
        [rdopt, "compress", raw, "--target-distortion", repr(target), "--important",
         f"dev>{threshold!r}", "--tolerance", repr(tolerance), "--output", packed, "--json",
         "--quiet"], check=True, capture_output=True)
    report = json.loads(out.stdout)
    subprocess.run([rdopt, "decompress", packed, "--output", back, "--quiet"], check=True,
                   capture_output=True)
    return os.path.getsize(packed) * 8 / data.size, read_back(back, data), report["predictor"]


def row(name, label, coder, bits, data, y, mask, target, tolerance, note=""):
    error = (y - data) ** 2
    worst = error[mask].max() / tolerance if mask.any() else 0.0
    held = "yes" if np.mean(error) <= target * (1 + 1e-9) and worst <= 1 + 1e-9 else "NO"
    print(f"| {name} | {label} | {coder} | {bits:.3f} | {np.mean(error) / target:.3f} | "
          f"{worst:.3f} | {held} | {note} |", flush=True)


def main():
    rdopt, folder = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10**6
    print("| data | MSE bound D | coder | bits/sample | MSE / D | worst subset error / (D/10) | "
          "all held | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    # The subset: beyond 4σ; the 3-D field (thin tails) beyond 3σ, the photographs (bounded
    # values, no 2σ tail) beyond 1.5σ.
    sets = [("AR(1) ρ=0.95", ar1(n), 4),
            ("2-D smooth field", smooth_field(int(math.sqrt(n))), 4),
            ("3-D smooth field", smooth_field_3d(round(n ** (1 / 3))), 3),
            ("i.i.d. Gaussian", np.random.default_rng(20261206).standard_normal(n), 4)]
    sets += [(name, data, 1.5) for name, data in photographs()]
    spoken = speech(folder)
    if spoken is not None:
        sets.append((f"speech (espeak-ng, {spoken.size} samples)", spoken, 4))
    extra = os.environ.get("RDOPT_EXTRA_SIGNAL")
    if extra:
        sets.append((os.path.basename(extra), np.fromfile(extra), 4))
    for name, data, sigmas in sets:
        data = np.ascontiguousarray(data, dtype=np.float64)
        threshold = sigmas * float(np.std(data))
        mask = np.abs(data - np.mean(data)) > threshold
        variance = float(np.var(data))
        for label, target in [("var/100", variance / 100), ("var/1000", variance / 1000)]:
            tolerance = target / 10
            bits, y, predictor = rdopt_run(rdopt, folder, data, target, threshold, tolerance)
            row(name, label, "rdopt", bits, data, y, mask, target, tolerance,
                f"{int(mask.sum())} samples beyond {sigmas}σ; {predictor}")
            found = best_safeguarded(data, mask, target, tolerance)
            if found is None:
                print(f"| {name} | {label} | SZ3 + safeguards | no bound met D | | | | |")
            else:
                row(name, label, "SZ3 + safeguards", found[0], data, found[1], mask, target,
                    tolerance)


if __name__ == "__main__":
    main()
