#!/usr/bin/env bash
# rdopt compress against SZ3 (pysz) on 30 real arrays that ship inside PyPI wheels, each in its
# own type (float64, float32, int32, uint8) and shape: statsmodels' sunspot, CO2 and El Niño
# series; PyWavelets' nino, ECG and aero; ObsPy's test seismograms (integer counts, float32 and
# float64 traces, an instrument-corrected one, 21 SEISAN channels as a 2-D array) and a PPSD
# histogram stack; scikit-image's photographs (bytes and floats, grey and RGB), textures,
# microscopy, a disparity map and a stack of faces. Each at MSE ≤ var/10^2, var/10^3, var/10^4,
# var/10^6 and |error| ≤ 10^-3 of the value range. SZ3 gets the best of its four algorithms
# (interpolation with Lorenzo, interpolation, Lorenzo with regression, no prediction), each
# bisected to the largest bound that meets the MSE, on float32 input when the array is float32
# or integers below 2^24 in magnitude (exact), float64 otherwise. Prints a Markdown table of bits
# per value, rdopt against SZ3's best with their ratio and rdopt's error over its bound, a count
# of the rows where rdopt needs more bits and the sum of the ratios; every rdopt file is decoded,
# and the script fails, after the table, if one broke its bound.
#
# numpy, pysz, PyWavelets, scikit-image, statsmodels and obspy are installed from PyPI into the
# repository's .venv-compare (created if missing); the arrays are read from them into a
# temporary folder, removed on exit. RDOPT_BIN=/path/to/rdopt uses a prebuilt binary.
# Usage: Scripts/bench/compare-real.sh [--only NAME[,NAME...]]   (the arrays' names in the table)
set -euo pipefail
cd "$(dirname "$0")/../.."

source "Scripts/bench/compare-setup.sh"
venv=".venv-compare"
compare_packages "$venv" numpy pysz PyWavelets scikit-image statsmodels obspy
compare_rdopt
"$venv/bin/python" Scripts/bench/compare_real.py "$rdopt" "$work" "$@"
