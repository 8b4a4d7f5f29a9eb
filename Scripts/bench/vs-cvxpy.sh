#!/usr/bin/env bash
# rdopt against CVXPY + Clarabel on the N-point Gaussian grid problem of issue 3 (default 256:
# grid on [-4, 4], p ∝ N(0,1) density, codebook = points, squared error, D = 0.1, tail class
# |x| > 2.5 with per-element tolerance 0.02).
# rdopt is built for this CPU (RDOPT_TARGET_CPU=native, as the C peer's -march=native); set
# RDOPT_TARGET_CPU= (empty) for the portable build, RDOPT_BIN=/path/to/rdopt for a prebuilt one.
# Usage: Scripts/bench/vs-cvxpy.sh [N]
# Prints both rates, their difference, CVXPY's status and the speed ratio (CVXPY / rdopt).
# Creates .venv with cvxpy + clarabel if missing (Scripts/python-env.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"

n="${1:-256}"
case "$n" in ''|*[!0-9]*) echo "usage: $0 [N]   (N a positive integer, default 256)" >&2; exit 2 ;; esac

# shellcheck source=../python-env.sh
source Scripts/python-env.sh
if [ -z "${RDOPT_PYTHON:-}" ]; then
    echo "error: no Python environment with cvxpy and clarabel; cannot run the comparison" >&2
    exit 1
fi

source "Scripts/bench/build-rdopt.sh"
build_rdopt "native"
echo "rdopt: $rdopt_build" >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
problem="$work/gaussian-$n.json"
"$RDOPT_PYTHON" Scripts/crosscheck/make_gaussian_problem.py "$n" --output "$problem"

# Wall clock in seconds (bash 5's EPOCHREALTIME; date otherwise), cheap enough not to skew.
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }

echo "rdopt solve ($n x $n)..." >&2
t0=$(now)
"$rdopt" solve "$problem" --json > "$work/rdopt.json"
t1=$(now)

echo "CVXPY + Clarabel ($n x $n)..." >&2
t2=$(now)
"$RDOPT_PYTHON" Scripts/crosscheck/cvxpy_solve.py "$problem" > "$work/cvxpy.json"
t3=$(now)

"$RDOPT_PYTHON" - "$n" "$work/rdopt.json" "$work/cvxpy.json" "$t0" "$t1" "$t2" "$t3" <<'PY'
import json, sys
n = int(sys.argv[1])
r = json.load(open(sys.argv[2]))
c = json.load(open(sys.argv[3]))
t0, t1, t2, t3 = map(float, sys.argv[4:8])
rw, cw = t1 - t0, t3 - t2
def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)
print(f"Gaussian grid {n} x {n}, D = 0.1, tail |x| > 2.5 per-element tolerance 0.02")
print(f"  rdopt            status {r.get('status')}  rate {fmt(r.get('rate_nats'), '.12f')} nats"
      f"  gap {fmt(r.get('gap_nats'), '.2e')}  seconds {fmt(r.get('seconds'), '.4f')}  wall {rw:.4f}")
print(f"  CVXPY+Clarabel   status {c.get('status')}  rate {fmt(c.get('rate_nats'), '.12f')} nats"
      f"  fidelity violation {fmt(c.get('max_fidelity_violation'), '.1e')}"
      f"  seconds {fmt(c.get('seconds'), '.4f')}  wall {cw:.4f}  (CPU {fmt(c.get('cpu_seconds'), '.2f')})")
if r.get("rate_nats") is not None and c.get("rate_nats") is not None:
    print(f"  rate difference  CVXPY - rdopt = {c['rate_nats'] - r['rate_nats']:+.3e} nats")
if r.get("seconds") and c.get("seconds"):
    print(f"  speed ratio      CVXPY / rdopt = {c['seconds'] / r['seconds']:.1f}x (reported seconds),"
          f" {cw / rw:.1f}x (wall)   target >= 100x")
else:
    print(f"  speed ratio      CVXPY / rdopt = {cw / rw:.1f}x (wall)   target >= 100x")
PY
