#!/usr/bin/env bash
# Fuzzes the .rdq decoder (EntropyCoding's CompressedFileReader) with libFuzzer and
# AddressSanitizer.
#
# Usage: Scripts/fuzz/run-decoder-fuzz.sh [RUNS] [extra libFuzzer flags...]
#   RUNS defaults to 1000000 inputs. Environment: BUILD_DIR (default .build-fuzz at the
#   package root) holds the binaries, the seed corpus and the growing corpus; JOBS > 1 runs
#   that many fuzzing processes in parallel (-fork), each doing its share of RUNS.
#
# Steps:
#  1. builds a seed generator (module sources + Fuzz/EntropyCodingFuzz/SeedCorpus.swift) and
#     writes a few valid files of every shape (empty, one sample, single symbol, sparse
#     alphabet, precision 20, several chunks) to BUILD_DIR/seed-corpus;
#  2. builds the fuzz target: the module sources + Fuzz/EntropyCodingFuzz/DecoderFuzzTarget.swift
#     with `swiftc -sanitize=fuzzer,address -parse-as-library` (libFuzzer supplies main);
#  3. runs it for RUNS inputs. The target decodes each input as is and again with its CRCs
#     repaired, and requires that a decode either throws or returns symbols that re-encode
#     to the very same bytes. Any trap, sanitizer report, leak, timeout (10 s) or memory
#     blow-up (2 GiB) stops the run with a non-zero status and a crash-* file in BUILD_DIR.
#
# Only the Swift toolchain and zlib (zlib1g-dev, which the package needs too) are needed (the
# toolchain's clang runtime ships libFuzzer); the package build is not touched.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${BUILD_DIR:-$root/.build-fuzz}"
runs="${1:-1000000}"
shift || true
mkdir -p "$out/seed-corpus" "$out/corpus"
mapfile -t sources < <(find "$root/Sources/EntropyCoding" -name "*.swift" | sort)
# EntropyCoding imports ParallelLoops: build that module first (its object and interface), once
# plain and once with the fuzz target's sanitizers.
modules="$out/modules"
build_parallel_loops() {  # $1: subfolder, then extra swiftc flags
    local dir="$modules/$1"
    shift
    mkdir -p "$dir"
    swiftc -O -wmo -parse-as-library -module-name ParallelLoops "$@" \
        -emit-module -emit-module-path "$dir/ParallelLoops.swiftmodule" \
        -c "$root"/Sources/ParallelLoops/*.swift -o "$dir/ParallelLoops.o"
}

echo "== building the seed generator"
build_parallel_loops plain
swiftc -O -wmo -parse-as-library -module-name EntropyCoding -I "$modules/plain" -I "$root/Sources/CZlib" -lz \
    "${sources[@]}" "$root/Fuzz/EntropyCodingFuzz/SeedCorpus.swift" "$modules/plain/ParallelLoops.o" \
    -o "$out/seed-corpus-generator"
"$out/seed-corpus-generator" "$out/seed-corpus"
ls -l "$out/seed-corpus"

echo "== building the fuzz target"
build_parallel_loops sanitized -sanitize=address
swiftc -O -wmo -parse-as-library -sanitize=fuzzer,address -module-name EntropyCoding \
    -I "$modules/sanitized" -I "$root/Sources/CZlib" -lz "${sources[@]}" \
    "$root/Fuzz/EntropyCodingFuzz/DecoderFuzzTarget.swift" \
    "$modules/sanitized/ParallelLoops.o" -o "$out/decoder-fuzzer"

echo "== fuzzing for $runs inputs"
cd "$out"
parallel=()
if [[ "${JOBS:-1}" -gt 1 ]]; then parallel=(-fork="$JOBS"); fi
./decoder-fuzzer -runs="$runs" -max_len=2048 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "${parallel[@]}" "$@" corpus seed-corpus
