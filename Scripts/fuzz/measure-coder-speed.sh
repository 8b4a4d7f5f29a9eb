#!/usr/bin/env bash
# Measures the EntropyCoding module's speed: rANS encode/decode on one core, the chunked
# .rdq container on all cores, CRC-32C throughput and frequency-table construction.
#
# Usage: Scripts/fuzz/measure-coder-speed.sh
#
# Compiles ParallelLoops, then the module's sources together with
# Fuzz/EntropyCodingFuzz/SpeedProbe.swift in
# release mode (-O, whole module) into a private build folder, then runs the probe. It needs
# only the Swift toolchain; the package build is not touched.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${BUILD_DIR:-$root/.build-fuzz}"
mkdir -p "$out"
mapfile -t coding_sources < <(find "$root/Sources/EntropyCoding" -name "*.swift" | sort)
swiftc -O -wmo -parse-as-library -module-name ParallelLoops \
    -emit-module -emit-module-path "$out/ParallelLoops.swiftmodule" -emit-object \
    "$root"/Sources/ParallelLoops/*.swift -o "$out/ParallelLoops.o"
swiftc -O -wmo -parse-as-library -module-name EntropyCoding -I "$out" \
    "${coding_sources[@]}" "$root/Fuzz/EntropyCodingFuzz/SpeedProbe.swift" \
    "$out/ParallelLoops.o" -o "$out/entropy-speed-probe"
"$out/entropy-speed-probe"
