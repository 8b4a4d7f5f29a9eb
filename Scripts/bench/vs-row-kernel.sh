#!/usr/bin/env bash
# rdopt's wall time on the N x N Gaussian grid problem (default N = 2048), in units of one pass
# of the C reference row kernel Benchmarks/Reference/row_kernel.c (one core, -O3 -march=native
# -ffast-math): "passes spent". Issue 3 target: at most 500, aim 100.
# rdopt is built for this CPU (RDOPT_TARGET_CPU=native, as the C peer's -march=native); set
# RDOPT_TARGET_CPU= (empty) for the portable build, RDOPT_BIN=/path/to/rdopt for a prebuilt one.
# Usage: Scripts/bench/vs-row-kernel.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"

n="${1:-2048}"
case "$n" in ''|*[!0-9]*) echo "usage: $0 [N]   (N a positive integer, default 2048)" >&2; exit 2 ;; esac

kernel="$repo/Benchmarks/Reference/row_kernel.c"
python="$(command -v python3 || true)"
[ -n "$python" ] || { echo "error: python3 not found (needed to write the problem)" >&2; exit 1; }

# Wall clock in seconds (bash 5's EPOCHREALTIME; date otherwise), cheap enough not to skew.
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cc -O3 -march=native -ffast-math "$kernel" -o "$work/row_kernel" -lm

source "Scripts/bench/build-rdopt.sh"
build_rdopt "native"
echo "rdopt: $rdopt_build" >&2

problem="$work/gaussian-$n.json"
"$python" Scripts/crosscheck/make_gaussian_problem.py "$n" --output "$problem"

echo "row kernel ($n x $n)..." >&2
kernel_line="$("$work/row_kernel" "$n" "$n" 10)"
echo "  C row kernel: $kernel_line"

echo "rdopt solve ($n x $n)..." >&2
t0=$(now)
"$rdopt" solve "$problem" --json > "$work/rdopt.json"
t1=$(now)

"$python" - "$n" "$kernel_line" "$work/rdopt.json" "$t0" "$t1" <<'PY'
import json, sys
n = int(sys.argv[1])
ns = float(sys.argv[2].split()[0])
r = json.load(open(sys.argv[3]))
wall = float(sys.argv[5]) - float(sys.argv[4])
one_pass = ns * 1e-9 * n * n
print(f"  one pass = {ns:.4f} ns x {n}^2 = {one_pass:.4f} s")
gap = r.get("gap_nats")
print(f"  rdopt: status {r.get('status')}  rate {r.get('rate_nats')} nats  gap "
      f"{'n/a' if gap is None else format(gap, '.2e')}  seconds {r.get('seconds')}  wall {wall:.3f} s")
print(f"  passes spent = wall / one pass = {wall / one_pass:.1f}   (target <= 500, aim 100)")
if r.get("seconds"):
    print(f"  (by rdopt's reported seconds: {r['seconds'] / one_pass:.1f})")
PY
