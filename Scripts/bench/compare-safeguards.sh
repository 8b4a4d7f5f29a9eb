#!/usr/bin/env bash
# rdopt compress with an important subset (samples beyond 4σ held to D/10 each, every file to
# MSE ≤ D) against SZ3 wrapped in compression-safeguards (issue 16, "Side by side"), on the
# data sets of compare-sz3.sh: an AR(1) signal, 2-D and 3-D smooth fields (the 3-D one's
# subset beyond 3σ), i.i.d. Gaussian samples, two photographs (scikit-image's; their subset
# beyond 1.5σ; skipped without scikit-image) and speech synthesised by espeak-ng (skipped, visibly, when espeak-ng is
# missing). Prints a
# Markdown table: bits/sample, MSE / D, the worst subset error / (D/10), whether all held.
#
# numpy, pysz, compression-safeguards and numcodecs-safeguards are installed from PyPI into
# the repository's .venv-safeguards (created if missing): a venv of its own, since zfpy (which
# compare-sz3.sh installs) makes `import numcodecs` fail. RDOPT_BIN=/path/to/rdopt uses a
# prebuilt binary; RDOPT_EXTRA_SIGNAL=FILE.f64 adds a raw float64 signal of your own.
# Usage: Scripts/bench/compare-safeguards.sh [N]   (samples per synthetic set, default 10^6)
set -euo pipefail
cd "$(dirname "$0")/../.."

source "Scripts/bench/compare-setup.sh"
compare_arguments "$@"

venv=".venv-safeguards"
compare_venv "$venv"
"$venv/bin/pip" install --quiet numpy pysz compression-safeguards numcodecs-safeguards >&2 || {
    echo "error: pip could not install pysz and the safeguards packages" >&2
    exit 1
}
# Photographs from scikit-image's bundled data (skipped without it).
"$venv/bin/pip" install --quiet scikit-image >&2 ||
    echo "*** WARNING: pip could not install scikit-image; the photographs are skipped" >&2
compare_tools
"$venv/bin/python" Scripts/bench/compare_safeguards.py "$rdopt" "$work" "$n"
