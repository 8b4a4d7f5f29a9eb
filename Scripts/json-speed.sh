#!/usr/bin/env bash
# Times rdopt's JSON parser against Python's json module on 10^6 numbers, in two documents:
# short numbers (about 3 MB, as in the issue: "0.25", "-3", "1.5e-3") and full-precision
# numbers as rdopt writes them ("-0.12345678901234568", 17 significant digits). With
# RDOPT_JSON_BASELINE=REV (a git revision, e.g. the commit before the scanner), it also
# times that revision's parser.
#
# Usage: Scripts/json-speed.sh
#
# Compiles Sources/RDInterchange/JSON/JSONParser*.swift and JSONValue.swift with
# Scripts/json-speed/JSONSpeedProbe.swift in release mode (-O, whole module) into a private
# build folder (BUILD_DIR, default .build-json-speed), so the package build is not touched.
# Each figure is the best of five parses of the file already in memory; Python's is the
# same (json.loads on the bytes). Not a test: nothing fails when the machine is slow.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${BUILD_DIR:-$root/.build-json-speed}"
mkdir -p "$out"

build_probe() {  # build_probe SOURCE_FOLDER OUTPUT
    swiftc -O -wmo -parse-as-library -module-name JSONSpeed \
        "$1"/JSONParser*.swift "$1/JSONValue.swift" \
        "$root/Scripts/json-speed/JSONSpeedProbe.swift" -o "$2"
}
build_probe "$root/Sources/RDInterchange/JSON" "$out/probe-current"
if [ -n "${RDOPT_JSON_BASELINE:-}" ]; then
    mkdir -p "$out/baseline"
    for f in JSONParser.swift JSONValue.swift; do
        git -C "$root" show "$RDOPT_JSON_BASELINE:Sources/RDInterchange/JSON/$f" >"$out/baseline/$f"
    done
    build_probe "$out/baseline" "$out/probe-baseline"
fi

python3 - "$out" <<'PY'
import json, random, sys
out = sys.argv[1]
rng = random.Random(7)
short = [rng.choice(["0.25", "-3", "1.5e-3", "12", "0.5", "-0.75", "7e2"]) for _ in range(10**6)]
with open(f"{out}/short.json", "w") as f:
    f.write("[" + ",".join(short) + "]")
full = [repr(rng.gauss(0, 1)) for _ in range(10**6)]
with open(f"{out}/full.json", "w") as f:
    f.write("[" + ",".join(full) + "]")
PY

python_time() {
    python3 - "$1" <<'PY'
import json, sys, time
data = open(sys.argv[1], "rb").read()
best = min((lambda t: (json.loads(data), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))
print(f"{best:.3f}")
PY
}

printf '%-10s %9s %12s %10s %10s\n' document MB "rdopt (s)" "python (s)" "baseline"
for doc in short full; do
    file="$out/$doc.json"
    mb=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$file")
    read -r current count < <("$out/probe-current" "$file")
    baseline="-"
    if [ -x "$out/probe-baseline" ] && [ -n "${RDOPT_JSON_BASELINE:-}" ]; then
        read -r baseline _ < <("$out/probe-baseline" "$file")
    fi
    printf '%-10s %9s %12s %10s %10s   (%s numbers)\n' "$doc" "$mb" "$current" \
        "$(python_time "$file")" "$baseline" "$count"
done
