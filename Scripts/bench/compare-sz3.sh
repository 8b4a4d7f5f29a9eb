#!/usr/bin/env bash
# rdopt compress (closed-loop prediction, designed on the spot) against SZ3 (pysz) and ZFP
# (zfpy) on the same data (issue 16): an AR(1) signal, 2-D and 3-D smooth random fields, i.i.d.
# Gaussian samples, two photographs (scikit-image's camera and astronaut, grey; skipped,
# visibly, without scikit-image) and a paragraph of speech synthesised by espeak-ng (skipped,
# visibly, when espeak-ng is missing and cannot be installed with apt-get). Prints a Markdown table:
# bits/sample, mean squared error, worst absolute error, compress and decompress MB/s.
#
# pysz, zfpy and numpy are installed from PyPI into the repository's .venv-compare (created if
# missing).
# RDOPT_BIN=/path/to/rdopt uses a prebuilt binary; RDOPT_EXTRA_SIGNAL=FILE.f64 adds a raw
# float64 signal of your own to the table.
# Usage: Scripts/bench/compare-sz3.sh [N]   (samples per synthetic set, default 10^6)
set -euo pipefail
cd "$(dirname "$0")/../.."

source "Scripts/bench/compare-setup.sh"
compare_arguments "$@"

# A venv of its own: zfpy's version string ("1.0.1.post0") breaks the import of numcodecs in
# the package tests' .venv (numcodecs parses it as integers).
venv=".venv-compare"
compare_venv "$venv"
"$venv/bin/pip" install --quiet numpy pysz zfpy >&2 ||
    echo "*** WARNING: pip could not install numpy, pysz and zfpy; missing coders are skipped" >&2
# Photographs from scikit-image's bundled data (skipped, visibly, without it).
"$venv/bin/pip" install --quiet scikit-image >&2 ||
    echo "*** WARNING: pip could not install scikit-image; the photographs are skipped" >&2
compare_tools
"$venv/bin/python" Scripts/bench/compare_sz3.py "$rdopt" "$work" "$n"
