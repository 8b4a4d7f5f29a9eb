#!/usr/bin/env bash
# A broken rdopt for checking the failure reporting of ab-corpus.sh (see its header): runs the
# real rdopt (AB_FAKE_OF, default .build/release/rdopt from the current folder, which
# ab-corpus.sh makes the repository's root) with --max-error doubled (files that break
# |error| <= sigma/10) and --target-distortion raised by 10 % (smaller files that break the MSE
# bound wherever rdopt uses more than 91 % of it), and fails, exit 3, on any array whose path
# holds "nino".
set -euo pipefail
real="${AB_FAKE_OF:-.build/release/rdopt}"
case "$*" in *nino*)
    echo "ab-corpus-fake.sh: a made-up failure" >&2
    exit 3
    ;;
esac
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --max-error) factor=2 ;;
        --target-distortion) factor=1.1 ;;
        *) continue ;;
    esac
    args[i + 1]=$(awk -v x="${args[i + 1]}" -v f="$factor" 'BEGIN { printf "%.17g", f * x }')
done
exec "$real" "${args[@]}"
