#!/usr/bin/env bash
# rdopt compress against SZ3 (pysz) on small data, where a file's fixed costs decide (issue 16):
# PyWavelets' 1,024-value ECG and 264-value `nino` series, its demonstration signals (Doppler,
# HeaviSine, Piece-Polynomial, LinChirp, Bumps, MishMash, with 1 % noise) at 1,024 and 8,192
# values, and a 4,096-value AR(1) signal; each at MSE ≤ var/100, ≤ var/1000 and |error| ≤ σ/10.
# SZ3 gets the best of its four algorithms (interpolation with Lorenzo, interpolation, Lorenzo
# with regression, no prediction), each bisected to the largest bound that meets the MSE.
# Prints a Markdown table of bits per value, rdopt against SZ3's best, and a count of the files
# where rdopt needs more bits. With --media the same on larger data instead: scikit-image's
# camera, moon, coins and text, PyWavelets' ascent, a 10^5-value AR(1) signal, a 400 × 400
# smooth field and, with RDOPT_EXTRA_SIGNAL=FILE.f64, the file's first 200,000 values. With
# --high the bounds are near-lossless (MSE ≤ var/10^7, 10^8, 10^9 and |error| ≤ 10^-5 of the
# value range), with --moderate var/10^4 … var/10^6 and 10^-3, 10^-4 of the range.
#
# numpy, pysz, PyWavelets and scikit-image are installed from PyPI into the repository's
# .venv-compare (created if missing). RDOPT_BIN=/path/to/rdopt uses a prebuilt binary.
# Usage: Scripts/bench/compare-small.sh [--media] [--high | --moderate]
set -euo pipefail
cd "$(dirname "$0")/../.."

source "Scripts/bench/compare-setup.sh"
venv=".venv-compare"
compare_packages "$venv" numpy pysz PyWavelets scikit-image
compare_rdopt
"$venv/bin/python" Scripts/bench/compare_small.py "$rdopt" "$work" "$@"
