#!/usr/bin/env bash
# Side by side: rdopt's rANS coder against htscodecs' order-0 rANS (the scalar 4x16 coder and
# the 32x16 coder with AVX2), on one core, on the same symbols: quantised Gaussian samples at
# six step sizes (entropies from about 1.2 to 6.4 bits per symbol, alphabets of 7 to 207).
#
# Usage: Scripts/compare-rans-htscodecs.sh          (10^7 symbols per set)
#        SYMBOLS=1000000 Scripts/compare-rans-htscodecs.sh
#
# It installs libhtscodecs-dev with apt-get if its header is missing, builds a small C harness
# against it (Scripts/rans-comparison/htscodecs_speed.c) and compiles the EntropyCoding sources
# with Scripts/rans-comparison/RANSSpeed.swift in release mode (-O, whole module) for
# RDOPT_TARGET_CPU (default native; "portable" for the baseline CPU), in a private build
# folder. The Swift harness writes the symbol sets, which the C harness then reads, so both
# code exactly the same data. Rates are the best of five runs in thread CPU time, into reused
# buffers on both sides (rdopt's array API, which allocates its result, is shown as well).
# Both harnesses run pinned to one CPU when taskset is available.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${BUILD_DIR:-$root/.build-rans-comparison}"
count="${SYMBOLS:-10000000}"
cpu="${RDOPT_TARGET_CPU:-native}"
mkdir -p "$out/data"

if [ ! -f /usr/include/htscodecs/rANS_static4x16.h ]; then
    echo "installing libhtscodecs-dev ..." >&2
    apt-get install -y libhtscodecs-dev >&2
fi
cc -O2 -o "$out/htscodecs-speed" "$root/Scripts/rans-comparison/htscodecs_speed.c" -lhtscodecs

cpu_flags=()
if [ "$cpu" != "portable" ]; then cpu_flags=(-target-cpu "$cpu"); fi
mapfile -t coding_sources < <(find "$root/Sources/EntropyCoding" -name "*.swift" | sort)
swiftc -O -wmo -parse-as-library "${cpu_flags[@]}" -module-name ParallelLoops \
    -emit-module -emit-module-path "$out/ParallelLoops.swiftmodule" -emit-object \
    "$root"/Sources/ParallelLoops/*.swift -o "$out/ParallelLoops.o"
swiftc -O -wmo -parse-as-library "${cpu_flags[@]}" -module-name EntropyCoding -I "$out" \
    "${coding_sources[@]}" "$root/Scripts/rans-comparison/RANSSpeed.swift" \
    "$out/ParallelLoops.o" -o "$out/rans-speed"

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
"${pin[@]}" "$out/rans-speed" "$out/data" "$count" > "$out/rdopt.tsv"
files=()
while IFS=$'\t' read -r name _; do files+=("$out/data/$name.u8"); done < "$out/rdopt.tsv"
"${pin[@]}" "$out/htscodecs-speed" "${files[@]}" > "$out/htscodecs.tsv"

echo "One core, $count symbols per set, rates in M symbols/s (encode / decode), target CPU $cpu."
echo "Size: payload bytes over n*H/8 (H the empirical entropy of the set)."
echo "Ratio: rdopt's rate over htscodecs' rate (above 1: rdopt is faster)."
awk -F'\t' '
    NR == FNR {
        hts[$1, $2] = $3 "\t" $4 "\t" $5
        next
    }
    {
        name = $1; n = $2; entropy = $5; ideal = n * entropy / 8
        printf "\n%s: %d symbols, alphabet %d, P = %d, H = %.3f bits\n", name, n, $3, $4, entropy
        printf "  %-22s %7.1f / %7.1f   size %+.4f%%\n", "rdopt (buffers)", $6, $7, ($10 / ideal - 1) * 100
        printf "  %-22s %7.1f / %7.1f\n", "rdopt (array API)", $8, $9
        split("4x16 scalar|32x16 AVX2", forms, "|")
        for (f = 1; f <= 2; f++) {
            split(hts[name, forms[f]], h, "\t")
            printf "  %-22s %7.1f / %7.1f   size %+.4f%%   ratio %.2f / %.2f\n", \
                "htscodecs " forms[f], h[1], h[2], (h[3] / ideal - 1) * 100, $6 / h[1], $7 / h[2]
        }
    }
' "$out/htscodecs.tsv" "$out/rdopt.tsv"
