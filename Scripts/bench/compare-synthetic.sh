#!/usr/bin/env bash
# rdopt compress against SZ3 (pysz) on 19 synthesised arrays, each from a fixed seed: the kinds
# of data the real corpus of compare-real.sh lacks — skewed, sparse and heavy-tailed values,
# exactly repeated values (a clipped sine, a walk with gaps of zeros, a field masked with zeros),
# steps, tones, random walks, decimal readings, a large offset, a cartoon image, a 3-D float32
# field and i.i.d. uniform, Laplace, bimodal and Poisson values. The bounds, SZ3's bisection,
# the decoding check and the table are those of compare-real.sh (the script fails, after the
# table, if a decoded rdopt file broke its bound).
#
# numpy and pysz are installed from PyPI into the repository's .venv-compare (created if
# missing). RDOPT_BIN=/path/to/rdopt uses a prebuilt binary.
# Usage: Scripts/bench/compare-synthetic.sh [--only NAME[,NAME...]]
set -euo pipefail
cd "$(dirname "$0")/../.."

source "Scripts/bench/compare-setup.sh"
venv=".venv-compare"
compare_packages "$venv" numpy pysz
compare_rdopt
"$venv/bin/python" Scripts/bench/compare_synthetic.py "$rdopt" "$work" "$@"
