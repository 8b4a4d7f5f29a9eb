#!/usr/bin/env bash
# A/B comparison of two rdopt binaries on a corpus of 60 arrays, to judge a change of
# `rdopt compress` (sizes, bounds, time) in a couple of minutes.
#
# Usage: Scripts/bench/ab-corpus.sh A B [--quick] [--only REGEX] [--repeat K]
#   A, B        two rdopt binaries: usually A a copy of the build before the change and B the
#               new build, e.g.
#                   cp .build/release/rdopt /tmp/rdopt-before      # before the change
#                   swift build -c release --product rdopt          # after it
#                   Scripts/bench/ab-corpus.sh /tmp/rdopt-before .build/release/rdopt
#               (they may be the same file: every case should then be byte-identical)
#   --quick     only the first bound, MSE <= var/100
#   --only RE   only the arrays whose name matches the extended regular expression RE
#               (e.g. 'speech|media_'; the names are in the corpus's MANIFEST.tsv)
#   --repeat K  each compression K times, A and B interleaved, the fastest time kept: steadier
#               timings on a busy machine, for K times the compression time (default 1)
#
# The corpus: the arrays of the compare scripts beside this one, from their own generators
# (compare_small.py's small signals and media, compare_sz3.py's synthetic sets, photographs and
# speech, compare_real.py's real arrays from PyPI wheels), two more paragraphs of speech and five
# long 1-D or i.i.d. signals; every array float64 (ab_corpus_make.py). It is built once into the
# cache folder, and again when it is missing or when one of those four Python files changed.
# numpy, pysz, PyWavelets, scikit-image, statsmodels and obspy are installed from PyPI into the
# repository's .venv-compare (created if missing; the venv of compare-real.sh); espeak-ng is
# installed with apt-get when it can be, otherwise the speech arrays are left out, visibly
# (as root: apt-get install espeak-ng, then run again: the corpus is rebuilt with them).
#
# For every array and bound (MSE <= var/100, MSE <= var/1000, |error| <= sigma/10, with var and
# sigma the array's) `X compress ARRAY --target-distortion D | --max-error E --output FILE` runs
# with A and with B (ab_corpus_one.py): sizes in bits per value, the wall time of each, whether
# the two files are byte-identical; each file is decoded with its own binary and its bound
# checked with numpy (MSE <= D (1 + 1e-12), max |error| <= E (1 + 1e-12), the shape kept).
# JOBS arrays run at a time, each pinned with taskset to one core (apart while JOBS is at most
# the number of cores); A and B of one case run one after the other on that core, which of them
# first alternating over arrays and bounds.
# A and B are copied first and the copies run, so rebuilding either during a run is harmless.
#
# Output: one line per (array, bound) and a summary (byte-identical cases, cases where B is
# smaller or larger than A by more than 0.1 %, the geometric mean of B/A, the total times, every
# failure and broken bound; ab_corpus_summary.py). In the cache folder's results/:
# results.tsv (one row per array and bound), summary.txt (the table and summary) and logs/ (the
# stderr of failing commands); a new run replaces them.
# Exit status: 0 when every command ran and every bound held; 1 when a compression or
# decompression failed or a bound was broken (also when the corpus cannot be built); 2 on bad
# usage (an unknown option, a missing or non-executable binary, a bad --repeat, an --only that
# matches nothing).
#
# Environment:
#   AB_CORPUS_DIR  the cache folder (default .build/ab-corpus in the repository): the corpus in
#                  data/, the last run in results/
#   JOBS           arrays at a time (default 2)
#   AB_TIMEOUT     seconds a command may take before it counts as failed (default 900)
#
# Timings on a 2-core machine (2026-12-08): the first run installs the packages into a new
# .venv-compare (45 s with pip's cache warm; once for all the compare scripts) and builds the
# corpus (3 s, 145 MB). Then, the machine otherwise idle, a full run takes about 75 s and
# --quick about 35 s (110 s and 50 to 75 s while a build or test kept a core busy), --repeat 3
# about 220 s; all in proportion to rdopt's compression time. With A = B, the total compression
# times of A and B differed by up to 5 % in a --quick run, 1.5 % in a full one and 0.1 % with
# --repeat 3: smaller differences in time are noise.
#
# The failure reporting can be checked with ab-corpus-fake.sh, a broken rdopt (made-up failures
# on the *nino* arrays, broken bounds elsewhere):
#   Scripts/bench/ab-corpus.sh .build/release/rdopt Scripts/bench/ab-corpus-fake.sh --quick
# lists them after the summary and exits 1.
set -euo pipefail

usage() {
    echo "usage: $0 A B [--quick] [--only REGEX] [--repeat K]   (--help for more)" >&2
    exit 2
}
bad_usage() {
    echo "error: $1" >&2
    usage
}

binaries=()
quick=""
only=""
repeat=1
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help)
            sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"
            exit 0
            ;;
        --quick) quick="--quick" ;;
        --only)
            [ $# -ge 2 ] || bad_usage "--only needs a regular expression"
            only="$2"
            shift
            ;;
        --repeat)
            [ $# -ge 2 ] || bad_usage "--repeat needs a count"
            [[ "$2" =~ ^[1-9][0-9]*$ ]] || bad_usage "--repeat takes a whole number >= 1, not '$2'"
            repeat="$2"
            shift
            ;;
        -*) bad_usage "unknown option $1" ;;
        *) binaries+=("$1") ;;
    esac
    shift
done
[ ${#binaries[@]} -eq 2 ] || bad_usage "two rdopt binaries are needed, A and B, not ${#binaries[@]}"
for x in "${binaries[@]}"; do
    if [ ! -f "$x" ] || [ ! -x "$x" ]; then
        echo "error: $x is not an executable file" >&2
        exit 2
    fi
done
if [ -n "$only" ]; then
    grep_status=0
    grep -E -q -- "$only" </dev/null 2>/dev/null || grep_status=$?
    [ $grep_status -ne 2 ] || bad_usage "--only: not an extended regular expression: $only"
fi
jobs="${JOBS:-2}"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || bad_usage "JOBS must be a whole number >= 1, not '$jobs'"
export AB_TIMEOUT="${AB_TIMEOUT:-900}"
[[ "$AB_TIMEOUT" =~ ^[0-9]*\.?[0-9]+$ ]] || bad_usage "AB_TIMEOUT must be a number of seconds"
command -v taskset >/dev/null || { echo "error: taskset (util-linux) is missing" >&2; exit 1; }

# Paths given relative to the caller's folder, before moving to the repository's root.
a="$(realpath -s "${binaries[0]}")"
b="$(realpath -s "${binaries[1]}")"
[ -n "${AB_CORPUS_DIR:-}" ] && AB_CORPUS_DIR="$(realpath -m "$AB_CORPUS_DIR")"
cd "$(dirname "$0")/../.."
cache="${AB_CORPUS_DIR:-$PWD/.build/ab-corpus}"
data="$cache/data"
out="$cache/results"

# One run at a time per cache folder (a second one waits).
mkdir -p "$cache"
exec 9>"$cache/lock"
if ! flock -n 9; then
    echo "waiting for another ab-corpus.sh run on $cache to finish..." >&2
    flock 9
fi

# shellcheck source=Scripts/bench/compare-setup.sh
source "Scripts/bench/compare-setup.sh"
venv=".venv-compare"
python="$venv/bin/python"

# The corpus: built again when missing, when its generators changed, or when it was built
# without espeak-ng and espeak-ng is there now.
generators=(Scripts/bench/ab_corpus_make.py Scripts/bench/compare_small.py
    Scripts/bench/compare_sz3.py Scripts/bench/compare_real.py)
stamp="$(cat "${generators[@]}" | sha256sum | cut -c1-64)"
why=""
if [ ! -f "$data/MANIFEST.tsv" ]; then
    why="none in $data"
elif [ "$(cat "$data/GENERATORS.sha256" 2>/dev/null)" != "$stamp" ]; then
    why="its generators changed"
elif ! grep -q '^speech_' "$data/MANIFEST.tsv" && command -v espeak-ng >/dev/null; then
    why="it has no speech arrays and espeak-ng is there now"
fi
if [ -n "$why" ]; then
    echo "building the corpus ($why)..." >&2
    started=$SECONDS
    compare_packages "$venv" numpy pysz PyWavelets scikit-image statsmodels obspy
    compare_espeak
    echo "packages ready in $((SECONDS - started)) s" >&2
    started=$SECONDS
    rm -rf "$data" "$data.new"
    "$python" Scripts/bench/ab_corpus_make.py "$data.new" || {
        echo "error: the corpus could not be built (Scripts/bench/ab_corpus_make.py)" >&2
        exit 1
    }
    echo "$stamp" >"$data.new/GENERATORS.sha256"
    mv "$data.new" "$data"
    echo "corpus built in $((SECONDS - started)) s: $data" >&2
elif ! "$python" -c 'import numpy' 2>/dev/null; then
    compare_packages "$venv" numpy
fi
if ! grep -q '^speech_' "$data/MANIFEST.tsv"; then
    echo "*** WARNING: the corpus has no speech arrays (built without espeak-ng;" \
        "as root: apt-get install espeak-ng, then run again)" >&2
fi

# The arrays, in the manifest's order.
mapfile -t names < <(tail -n +2 "$data/MANIFEST.tsv" | cut -f1)
if [ -n "$only" ]; then
    mapfile -t names < <(printf '%s\n' "${names[@]}" | grep -E -- "$only" || true)
    [ ${#names[@]} -gt 0 ] || bad_usage "no array's name matches --only '$only'"
fi

rm -rf "$out"
mkdir -p "$out/bin" "$out/parts" "$out/work" "$out/logs"
trap 'rm -rf "$out/bin" "$out/parts" "$out/work" "$out/names.txt"' EXIT
printf '%s\n' "${names[@]}" >"$out/names.txt"

# Private copies of the two binaries, so that a rebuild during the run (the linker replacing
# the file: "Text file busy", or another program halfway through) changes nothing. rdopt finds
# its Swift libraries by an absolute runpath, so a copy runs as well.
snapshot() { # snapshot SOURCE DEST: a copy with the source's checksum that runs; prints the sum
    local tries=0 sum
    while :; do
        sum=$(sha256sum <"$1" | cut -c1-64)
        cp "$1" "$2.tmp" && [ "$(sha256sum <"$2.tmp" | cut -c1-64)" = "$sum" ] &&
            "$2.tmp" --version >/dev/null 2>&1 && break
        tries=$((tries + 1))
        if [ $tries -ge 5 ]; then
            echo "error: $1 --version fails, or $1 keeps changing: not an rdopt binary?" >&2
            exit 2
        fi
        sleep 3
    done
    mv "$2.tmp" "$2"
    echo "$sum"
}
sum_a=$(snapshot "$a" "$out/bin/A")
sum_b=$(snapshot "$b" "$out/bin/B")
label_a="$a (sha256 ${sum_a:0:16}, $("$out/bin/A" --version 2>&1 | head -1))"
label_b="$b (sha256 ${sum_b:0:16}, $("$out/bin/B" --version 2>&1 | head -1))"
echo "A = $label_a" >&2
echo "B = $label_b" >&2
[ "$sum_a" = "$sum_b" ] && echo "note: A and B are the same program" >&2

ncores=$(nproc)
echo "A/B run: ${#names[@]} arrays${quick:+ (quick: first bound only)}, $jobs at a time on" \
    "$ncores cores, $repeat compression run(s) per case" >&2

# shellcheck disable=SC2317  # run by xargs, through bash -c
run_one() { # run_one NAME: one array, on the core of its xargs slot
    local core=$((AB_SLOT % AB_NCORES))
    "$AB_PYTHON" Scripts/bench/ab_corpus_one.py "$AB_OUT/bin/A" "$AB_OUT/bin/B" \
        "$AB_DATA/$1.npy" "$AB_OUT/parts/$1.tsv" "$AB_OUT/work" "$AB_OUT/logs" "$core" \
        ${AB_QUICK:+"$AB_QUICK"} ||
        echo "*** ab_corpus_one.py failed on $1" >&2
}
export -f run_one
export AB_PYTHON="$python" AB_OUT="$out" AB_DATA="$data" AB_NCORES="$ncores" AB_QUICK="$quick"
export AB_REPEAT="$repeat"

started=$SECONDS
# Largest arrays first, so that the job slots finish close together.
# shellcheck disable=SC2016  # $1 of bash -c is the name from xargs
for name in "${names[@]}"; do
    printf '%s\t%s\n' "$(stat -c %s "$data/$name.npy")" "$name"
done | sort -k1,1nr | cut -f2 |
    xargs -d '\n' -n 1 -P "$jobs" --process-slot-var=AB_SLOT bash -c 'run_one "$1"' run_one
wall=$((SECONDS - started))

status=0
"$python" Scripts/bench/ab_corpus_summary.py "$out/parts" "$out/names.txt" "$out/results.tsv" \
    "$label_a" "$label_b" "$wall" | tee "$out/summary.txt" || status=$?
echo "results: $out/results.tsv (one row per array and bound), $out/summary.txt (the table)" >&2
if [ -n "$(ls -A "$out/logs")" ]; then
    echo "stderr of the failing commands: $out/logs/" >&2
else
    rmdir "$out/logs"
fi
exit $status
