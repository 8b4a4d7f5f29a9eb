"""Builds the corpus of ab-corpus.sh: float64 .npy arrays in FOLDER and FOLDER/MANIFEST.tsv
(name, shape, n, origin), 60 arrays and 145 MB.

The arrays come from the generators of the compare scripts beside this file, imported:
compare_small.py's small signals and media, compare_sz3.py's synthetic sets at 10^6 values
(compare-sz3.sh's default), its photographs and its speech, compare_real.py's real arrays;
made here: two more paragraphs of speech in other voices, four long 1-D signals and i.i.d.
Laplace values, from fixed seeds. Each array is stored as float64 in its generator's shape; one
whose shape and values equal an array already written is left out (listed at the end). Without
espeak-ng the three speech arrays are left out, with a warning.

Usage: ab_corpus_make.py FOLDER   (with the venv that ab-corpus.sh prepares, .venv-compare)
"""

import hashlib
import os
import re
import shutil
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_real  # noqa: E402
import compare_small  # noqa: E402
import compare_sz3  # noqa: E402

# Two more paragraphs for espeak-ng, each with its voice options (compare_sz3.speech's own
# paragraph is the third).
PARAGRAPHS = [
    ("speech_weather", ["-v", "en-us"],
     "Good evening. Tomorrow will start cloudy with a few showers in the west, clearing by "
     "the afternoon to bright spells and a light northerly breeze. Temperatures will reach "
     "fourteen degrees in the south, a little cooler along the northern coasts, and the night "
     "will be clear and cold with a touch of frost in sheltered valleys."),
    ("speech_history", ["-v", "en", "-s", "150"],
     "In the spring of eighteen sixty nine, a small party of surveyors set out along the "
     "river with four wooden boats, a barrel of flour and very little idea of what lay "
     "ahead. Within a month two of the boats had been lost to the rapids, and the men were "
     "measuring the canyon walls by the light of driftwood fires."),
]


def slug(text):
    """A file name from a compare script's label: "AR(1) ρ=0.95, 10^5" -> "ar1_rho0.95_1e5"."""
    text = (text.replace("(PyWavelets)", "").replace("ρ=", "rho").replace(" × ", "x")
            .replace("10^", "1e").replace("2-D", "2d").replace("AR(1)", "ar1"))
    return re.sub(r"[^A-Za-z0-9.]+", "_", text).strip("_").lower()


def speech_sets():
    """The three paragraphs spoken by espeak-ng, or none (with a warning) without it."""
    if shutil.which("espeak-ng") is None:
        print("*** WARNING: espeak-ng is missing (as root: apt-get install espeak-ng); the corpus "
              "has no speech arrays", file=sys.stderr)
        return []
    sets = []
    with tempfile.TemporaryDirectory() as folder:
        sets.append(("speech_fox", compare_sz3.speech(folder), "compare_sz3.speech"))
        for name, voice, text in PARAGRAPHS:
            sets.append((name, compare_sz3.speech(folder, text, voice),
                         "espeak-ng " + " ".join(voice)))
    for name, data, _ in sets:
        if data is None:
            sys.exit(f"error: espeak-ng failed on {name}")
    return sets


def extra_signals():
    """Long 1-D signals (3 x 10^5 to 10^6 values) and i.i.d. Laplace values, fixed seeds."""
    rng = np.random.default_rng(20261208)
    n = 10**6
    t = np.arange(n)
    sine_noise = np.sin(2 * np.pi * t / 1000.0) + 0.05 * rng.standard_normal(n)
    walk = np.cumsum(rng.standard_normal(500_000))
    m = 300_000
    clipped = np.clip(1.5 * np.sin(2 * np.pi * np.arange(m) / 777.0)
                      + 0.02 * rng.standard_normal(m), -1.0, 1.0)
    spikes = np.zeros(n)
    where = rng.choice(n, n // 1000, replace=False)
    spikes[where] = rng.exponential(10.0, where.size) * rng.choice([-1.0, 1.0], where.size)
    spikes += 0.01 * rng.standard_normal(n)
    return [
        ("extra_sine_noise_1e6", sine_noise),
        ("extra_random_walk_5e5", walk),
        ("extra_clipped_sine_3e5", clipped),
        ("extra_sparse_spikes_1e6", spikes),
        ("extra_iid_laplace_1e6", rng.laplace(0.0, 1.0, n)),
    ]


def corpus():
    """(name, array, origin) of every array, duplicates included, in the manifest's order."""
    sets = []
    for name, data in compare_small.signals():
        sets.append(("small_" + slug(name), data, "compare_small.signals"))
    for name, data in compare_small.media():
        sets.append(("media_" + slug(name), data, "compare_small.media"))
    n = 10**6
    camera, astronaut = [data for _, data in compare_sz3.photographs()]
    for name, data in [
            ("sz3_ar1_rho0.95_1e6", compare_sz3.ar1(n)),
            ("sz3_smooth_field_2d_1000x1000", compare_sz3.smooth_field(int(np.sqrt(n)))),
            ("sz3_smooth_field_3d_100x100x100", compare_sz3.smooth_field_3d(round(n ** (1 / 3)))),
            ("sz3_iid_gaussian_1e6", np.random.default_rng(20261206).standard_normal(n)),
            ("sz3_photo_camera", camera),
            ("sz3_photo_astronaut_grey", astronaut)]:
        sets.append((name, data, "compare_sz3"))
    sets += speech_sets()
    for name, data in compare_real.corpus():
        sets.append(("real_" + name, data, f"compare_real ({data.dtype})"))
    for name, data in extra_signals():
        sets.append((name, data, "extra"))
    return sets


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: ab_corpus_make.py FOLDER")
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    seen = {}  # the checksum of shape and values -> the name written
    skipped = []
    rows = []
    total = 0
    for name, data, origin in corpus():
        data = np.ascontiguousarray(data, dtype=np.float64)
        assert np.all(np.isfinite(data)), name
        key = hashlib.sha256(repr(data.shape).encode() + data.tobytes()).hexdigest()
        if key in seen:
            skipped.append(f"{name} (= {seen[key]})")
            continue
        assert name not in seen.values(), name
        seen[key] = name
        np.save(os.path.join(folder, name + ".npy"), data)
        total += data.nbytes
        rows.append((name, "x".join(map(str, data.shape)), data.size, origin))
    with open(os.path.join(folder, "MANIFEST.tsv"), "w") as f:
        f.write("name\tshape\tn\torigin\n")
        for row in rows:
            f.write("\t".join(map(str, row)) + "\n")
    print(f"{len(rows)} arrays, {total / 1e6:.1f} MB of float64, in {folder}", file=sys.stderr)
    if skipped:
        print("left out as duplicates: " + "; ".join(skipped), file=sys.stderr)


if __name__ == "__main__":
    main()
