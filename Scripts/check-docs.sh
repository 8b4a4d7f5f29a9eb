#!/usr/bin/env bash
# Builds every module's DocC catalog with the swift-docc-plugin (`swift package
# generate-documentation`) and fails if DocC prints any warning: a link to a symbol that no
# longer exists, an undocumented parameter, an article that shadows a symbol.
#
# Usage: Scripts/check-docs.sh   (from anywhere; about 40 s after a debug build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
failed=0
for catalog in Sources/*/*.docc; do
    target="$(basename "$(dirname "$catalog")")"
    if ! swift package --disable-sandbox generate-documentation --target "$target" >"$log" 2>&1; then
        echo "error: the documentation of $target did not build:" >&2
        tail -20 "$log" >&2
        failed=1
        continue
    fi
    if grep -q '^warning:' "$log"; then
        echo "error: DocC warnings in $target:" >&2
        grep -A6 '^warning:' "$log" >&2
        failed=1
    fi
done
exit "$failed"
