#!/usr/bin/env bash
# Peak memory (resident set, /usr/bin/time -f %M) and wall time of rdopt compress and decompress
# on N float64 samples (default 10^8, an 800 MB file), from and to regular files and through
# pipes (standard input and output), against the budget of 200 MB (issue 13, "Streaming").
#
# The data: N standard Gaussian samples (numpy's default_rng(13)); the quantiser: a uniform
# codebook with step sqrt(12 D), D = 0.1, slope 1/(2 D), and the data's own (Laplace-smoothed)
# probabilities. Everything is made in a temporary folder (about 2 GB for N = 10^8: the data,
# the compressed file, the reconstruction) and removed at the end.
#
# Usage: Scripts/bench/streaming-memory.sh [N]
#   RDOPT_BIN=/path/to/rdopt   measure that binary instead of building the release one
set -euo pipefail
cd "$(dirname "$0")/../.."

n="${1:-100000000}"
case "$n" in '' | *[!0-9]*) echo "usage: $0 [N]   (N a positive integer, default 10^8)" >&2; exit 2 ;; esac
budget_mb=200

python="${RDOPT_PYTHON:-$(command -v python3 || true)}"
[ -n "$python" ] || { echo "error: python3 not found (needed to make the data)" >&2; exit 1; }
"$python" -c "import numpy" 2>/dev/null || { echo "error: numpy not found (pip install numpy)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }

source "Scripts/bench/build-rdopt.sh"
build_rdopt ""
echo "rdopt: $rdopt_build" >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "making $n float64 samples in $work..." >&2
"$python" - "$n" "$work" <<'EOF'
import math, sys
import numpy as np
n, work = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(13)
D = 0.1
step = math.sqrt(12 * D)
counts = {}
with open(f"{work}/x.f64", "wb") as f:
    for start in range(0, n, 10_000_000):
        x = rng.standard_normal(min(10_000_000, n - start))
        x.astype("<f8").tofile(f)
        k = np.rint(x / step).astype(np.int64)
        values, found = np.unique(k, return_counts=True)
        for v, c in zip(values.tolist(), found.tolist()):
            counts[v] = counts.get(v, 0) + c
sys.path.insert(0, "Scripts/bench")
from uniform_quantizer import write_uniform_quantizer
write_uniform_quantizer(counts, n, f"{work}/q.json", D)
EOF

cd "$work"
# measure INPUT OUTPUT COMMAND...: runs COMMAND under /usr/bin/time with stdout to OUTPUT and
# stdin from INPUT (/dev/null for none; "pipe:FILE" pipes FILE in through cat, so that stdin is
# not seekable), stderr dropped; prints "peak_MB seconds".
measure() {
    local input="$1" output="$2"
    shift 2
    if [[ "$input" == pipe:* ]]; then
        cat "${input#pipe:}" | /usr/bin/time -o time.txt -f "%M %e" "$@" >"$output" 2>/dev/null
    else
        /usr/bin/time -o time.txt -f "%M %e" "$@" <"$input" >"$output" 2>/dev/null
    fi
    awk '{ printf "%.1f %.2f", $1 / 1024, $2 }' time.txt
}
over=0
report() {
    local label="$1" peak seconds
    read -r peak seconds <<<"$2"
    local verdict="within"
    if awk -v p="$peak" -v b="$budget_mb" 'BEGIN { exit !(p > b) }'; then verdict="OVER"; over=1; fi
    printf "%-46s %8s MB %8s s   %s the %d MB budget\n" "$label" "$peak" "$seconds" "$verdict" "$budget_mb"
}

echo "measuring..." >&2
printf "%s float64 samples (%s bytes): peak resident memory and wall time\n" "$n" "$(stat -c %s x.f64)"
report "compress x.f64 --output x.rdq" \
    "$(measure /dev/null /dev/null "$rdopt" compress x.f64 --quantizer q.json --output x.rdq)"
report "cat x.f64 | compress - --output - > p.rdq" \
    "$(measure pipe:x.f64 p.rdq "$rdopt" compress - --format f64 --quantizer q.json --output -)"
cmp -s x.rdq p.rdq || { echo "error: the piped file differs from the file-to-file one" >&2; exit 1; }
rm -f p.rdq
report "decompress x.rdq --output y.f64" \
    "$(measure /dev/null /dev/null "$rdopt" decompress x.rdq --output y.f64)"
rm -f y.f64
report "cat x.rdq | decompress - --output - > y.f64" \
    "$(measure pipe:x.rdq y.f64 "$rdopt" decompress - --output - --format f64)"
printf "compressed file: %s bytes (%.4f bits/sample)\n" "$(stat -c %s x.rdq)" \
    "$(awk -v b="$(stat -c %s x.rdq)" -v n="$n" 'BEGIN { print b * 8 / n }')"
exit "$over"
