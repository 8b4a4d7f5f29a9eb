"""rdopt against SZ3's best algorithm on real data (called by compare-real.sh): 30 arrays that
ship inside PyPI wheels (statsmodels' data sets, ObsPy's test data, PyWavelets' and
scikit-image's bundled data), each kept in its own type (float64, float32, int32 or uint8) and
shape (1-D series, 2-D images and fields, 3-D stacks).

For each array and bound (MSE ≤ var/10^2, var/10^3, var/10^4, var/10^6 and |error| ≤ 10^-3 of
the value range): rdopt compress ARRAY.npy --target-distortion D (or --max-error E), decoded
and its bound checked; and SZ3 in ABS mode with each of its algorithms, the bound bisected to
the largest whose mean squared error is at most D (E itself under a maximum error); the fewest
bits of the four are SZ3's. SZ3 is given float32 when the array is float32 or integers below
2^24 in magnitude (exactly the same values), float64 otherwise; its errors are measured against
the original values (the bisection is compare_small.py's, adapted to that float32 input). After
the table, the script fails if a decoded rdopt file broke its bound.

Usage: compare_real.py RDOPT WORK_FOLDER [--only NAME[,NAME...]]   (see compare-real.sh)
"""

import argparse
import gzip
import os
import subprocess
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_small import sz3_best  # noqa: E402


def ascii_series(path):
    """A gzipped text file of one value a line, as float64."""
    with gzip.open(path, "rt") as lines:
        return np.array([float(line) for line in lines if line.strip()])


def corpus():
    """The arrays, as (name, array) in the table's order, read from the installed packages."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the packages' deprecation notices
        import obspy
        import pywt.data
        import skimage.data
        from skimage import color, img_as_float, img_as_float32
        from statsmodels import datasets

        packages = os.path.dirname(os.path.dirname(obspy.__file__))

        def bundled(*path):
            """A file inside the installed packages."""
            return os.path.join(packages, *path)

        def seismic(file):
            """A file of ObsPy's signal-processing test data."""
            return bundled("obspy", "signal", "tests", "data", file)

        sunspots = datasets.sunspots.load_pandas().data["SUNACTIVITY"].to_numpy(np.float64)
        co2 = datasets.co2.load_pandas().data["co2"].to_numpy(np.float64)
        elnino = datasets.elnino.load_pandas().data.drop(columns="YEAR").to_numpy(np.float64)
        rjob = obspy.read()  # ObsPy's example stream, BW.RJOB
        balst = obspy.read(bundled("obspy", "io", "mseed", "tests", "data",
                                   "CH.BALST..LH_two_channels"))
        seisan = obspy.read(bundled("obspy", "io", "seisan", "tests", "data",
                                    "9701-30-1048-54S.MVO_21_1"))
        channel = min(trace.stats.npts for trace in seisan)
        disparity = np.load(bundled("skimage", "data", "motorcycle_disp.npz"))["arr_0"]
        kw1 = "BW.KW1._.EHZ.D.2011.090_downsampled"
        sets = [
            # 1-D series: yearly sunspot numbers (one decimal), weekly CO2 at Mauna Loa (missing
            # weeks dropped), monthly El Niño sea temperatures, the nino3 anomaly, an ECG.
            ("sunspots", sunspots),
            ("co2_weekly", co2[~np.isnan(co2)]),
            ("elnino_monthly", elnino.ravel()),
            ("nino3_sst", pywt.data.nino()[1].astype(np.float64)),
            ("ecg_int", pywt.data.ecg().astype(np.int32)),
            # Seismograms: floats, integer counts (1 Hz days, a 936,001-sample downsampled day),
            # float32 SAC traces, an instrument-corrected one (~1e-7 m/s), 4-decimal text, and
            # a 21-channel SEISAN file as a 2-D array.
            ("rjob_ehz_f64", rjob.select(channel="EHZ")[0].data.astype(np.float64)),
            ("anmo_lhz_int", obspy.read(seismic("IUANMO.seed"))[0].data.astype(np.int32)),
            ("balst_lhe_int", balst.select(channel="LHE")[0].data.astype(np.int32)),
            ("kw1_ehz_int_936k", ascii_series(seismic(kw1 + ".asc.gz")).astype(np.int32)),
            ("karc_lhz_f32", ascii_series(seismic("KARC.LHZ.SAC.asc.gz")).astype(np.float32)),
            ("karc_corrected_f64", ascii_series(seismic("KARC_corrected.sac.asc.gz"))),
            ("manz_waldk_dec", ascii_series(seismic("manz_waldk.a01.gz"))),
            ("crlz_hhz_f32",
             obspy.read(seismic("CRLZ.HHZ.10.NZ.SAC"))[0].data.astype(np.float32)),
            ("seisan_21ch_int_2d",
             np.stack([trace.data[:channel] for trace in seisan]).astype(np.int32)),
            # 2-D: photographs as bytes and as k/255 floats, textures, microscopy, a grey photo
            # (continuous values), a disparity map (occluded pixels, infinite, set to 0) and a
            # PPSD histogram stack of counts.
            ("camera_u8", skimage.data.camera()),
            ("camera_f64", img_as_float(skimage.data.camera())),
            ("moon_u8", skimage.data.moon()),
            ("coins_f32", img_as_float32(skimage.data.coins())),
            ("text_u8", skimage.data.text()),
            ("aero_u8", pywt.data.aero()),
            ("brick_u8", skimage.data.brick()),
            ("gravel_f64", img_as_float(skimage.data.gravel())),
            ("cell_u8", skimage.data.cell()),
            ("coffee_gray_f64", color.rgb2gray(skimage.data.coffee())),
            ("motorcycle_disp_f32",
             np.where(np.isfinite(disparity), disparity, 0).astype(np.float32)),
            ("ppsd_hist_int_2d", np.load(seismic(kw1 + "__ppsd_hist_stack.npy")).astype(np.int32)),
            # 3-D: RGB photographs (bytes, float64, float32) and a stack of 200 faces.
            ("astronaut_rgb_u8", skimage.data.astronaut()),
            ("chelsea_rgb_f64", img_as_float(skimage.data.chelsea())),
            ("hubble_rgb_f32", img_as_float32(skimage.data.hubble_deep_field())),
            ("lfw_faces_f64_3d",
             np.load(bundled("skimage", "data", "lfw_subset.npy")).astype(np.float64)),
        ]
    return [(name, np.ascontiguousarray(data)) for name, data in sets]


def bounds(reference):
    """The bounds an array is compressed at: (label, MSE, maximum error)."""
    variance = float(np.var(reference))
    spread = float(np.max(reference) - np.min(reference))
    return ([(f"MSE ≤ var/10^{k}", variance / 10**k, None) for k in (2, 3, 4, 6)]
            + [("|error| ≤ 10^-3 · range", None, spread * 1e-3)])


def sz3_input(data):
    """What SZ3 compresses: float32 for float32 data and integers below 2^24 in magnitude (exact),
    float64 otherwise."""
    if data.dtype == np.float32:
        return data
    if np.issubdtype(data.dtype, np.integer) and np.max(np.abs(data.astype(np.int64))) < 2**24:
        return data.astype(np.float32)
    return data.astype(np.float64)


def run(command):
    """Runs an rdopt command; exits with its message if it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed (exit {done.returncode}): "
                 f"{(done.stderr or done.stdout).strip()}")


def rdopt(binary, folder, name, reference, arguments, mse=None, bound=None):
    """Bits per value of rdopt on folder/NAME.npy, and its error over the bound (MSE / D, or the
    largest error / E), above 1 when it broke it."""
    raw, packed, back = (os.path.join(folder, name + suffix)
                         for suffix in (".npy", ".rdq", ".out.npy"))
    run([binary, "compress", raw, "--output", packed, "--quiet"] + arguments)
    run([binary, "decompress", packed, "--output", back, "--quiet"])
    y = np.load(back).astype(np.float64).reshape(reference.shape)
    if mse is not None:
        over = float(np.mean((y - reference) ** 2)) / mse
    else:
        over = float(np.max(np.abs(y - reference))) / bound
    return os.path.getsize(packed) * 8 / reference.size, over


def compare(description, arrays):
    """Parses the command line (the rdopt binary, the work folder and `--only`), then prints
    the table of the arrays `arrays()` gives, as (name, array) pairs, and its summary; exits 1,
    after both, if rdopt broke a bound."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("rdopt")
    parser.add_argument("folder")
    parser.add_argument("--only", metavar="NAME[,NAME...]",
                        help="only these arrays (their names in the table)")
    options = parser.parse_args()
    chosen = arrays()
    if options.only:
        wanted = options.only.split(",")
        unknown = sorted(set(wanted) - {name for name, _ in chosen})
        if unknown:
            parser.error(f"unknown array {', '.join(unknown)}; the arrays: "
                         + ", ".join(name for name, _ in chosen))
        chosen = [(name, data) for name, data in chosen if name in wanted]
    table(options.rdopt, options.folder, chosen)


def table(binary, folder, chosen):
    """Prints the table of `chosen` (name, array) pairs and its summary; exits 1, after both, if
    rdopt broke a bound."""
    print("| array | type, shape | bound | rdopt bits/value | SZ3's best bits/value | "
          "rdopt / SZ3 | rdopt error / bound |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    losses = rows = 0
    ratios = 0.0
    broken = []
    for name, data in chosen:
        np.save(os.path.join(folder, name + ".npy"), data)
        reference = data.astype(np.float64)
        compressed = sz3_input(data)
        shape = " × ".join(map(str, data.shape))
        for label, mse, bound in bounds(reference):
            flags = (["--target-distortion", repr(mse)] if mse is not None
                     else ["--max-error", repr(bound)])
            ours, over = rdopt(binary, folder, name, reference, flags, mse, bound)
            theirs = sz3_best(compressed, mse, bound, reference)
            if over > 1:
                broken.append(f"{name} at {label}: {over:.6g} of its bound")
            held = f"{over:.3f}" if over <= 1 else f"**{over:.3f} BROKEN**"
            start = f"| {name} | {data.dtype}, {shape} | {label.replace('|', chr(92) + '|')} |"
            if theirs is None:
                print(f"{start} {ours:.3f} | none met the bound | | {held} |", flush=True)
                continue
            ratio = ours / theirs[0]
            rows += 1
            losses += ratio > 1
            ratios += ratio
            shown = f"**{ratio:.3f}**" if ratio > 1 else f"{ratio:.3f}"
            print(f"{start} {ours:.3f} | {theirs[0]:.3f} ({theirs[1]}) | {shown} | {held} |",
                  flush=True)
    print(f"\nrdopt needs more bits than SZ3's best on {losses} of {rows} rows; "
          f"the sum of the ratios rdopt / SZ3 is {ratios:.2f}.")
    if broken:
        sys.exit(f"*** rdopt BROKE ITS BOUND on {len(broken)} rows:\n  " + "\n  ".join(broken))


if __name__ == "__main__":
    compare("rdopt against SZ3's best algorithm on real data.", corpus)
