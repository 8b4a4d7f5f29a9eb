#!/usr/bin/env bash
# rdopt compress with an important subset (samples beyond 4σ held to D/10 each, every file to
# MSE ≤ D) against SZ3 wrapped in compression-safeguards (issue 16, "Side by side"), on the
# data sets of compare-sz3.sh: an AR(1) signal, a 2-D smooth field, i.i.d. Gaussian samples
# and speech synthesised by espeak-ng (skipped, visibly, when espeak-ng is missing). Prints a
# Markdown table: bits/sample, MSE / D, the worst subset error / (D/10), whether all held.
#
# numpy, pysz, compression-safeguards and numcodecs-safeguards are installed from PyPI into
# the repository's .venv-safeguards (created if missing): a venv of its own, since zfpy (which
# compare-sz3.sh installs) makes `import numcodecs` fail. RDOPT_BIN=/path/to/rdopt uses a
# prebuilt binary; RDOPT_EXTRA_SIGNAL=FILE.f64 adds a raw float64 signal of your own.
# Usage: Scripts/bench/compare-safeguards.sh [N]   (samples per synthetic set, default 10^6)
set -euo pipefail
cd "$(dirname "$0")/../.."

n="${1:-1000000}"
case "$n" in ''|*[!0-9]*) echo "usage: $0 [N]" >&2; exit 2 ;; esac

venv=".venv-safeguards"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "error: cannot create $venv (python3 -m venv)" >&2; exit 1; }
fi
"$venv/bin/pip" install --quiet numpy pysz compression-safeguards numcodecs-safeguards >&2 || {
    echo "error: pip could not install pysz and the safeguards packages" >&2
    exit 1
}
if ! command -v espeak-ng >/dev/null; then
    apt-get install -y espeak-ng >/dev/null 2>&1 ||
        echo "*** WARNING: espeak-ng is missing and apt-get could not install it; speech is skipped" >&2
fi

source "Scripts/bench/build-rdopt.sh"
build_rdopt ""
echo "rdopt: $rdopt_build" >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" Scripts/bench/compare_safeguards.py "$rdopt" "$work" "$n"
