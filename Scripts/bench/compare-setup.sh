# shellcheck shell=bash
# Sourced by the compare-*.sh scripts (from the repository root):
#   compare_arguments "$@"   sets $n, the samples per synthetic set (default 10^6), or exits 2
#   compare_venv NAME        creates the virtual environment NAME if missing (exits 1 if it cannot)
#   compare_packages NAME P… creates NAME if missing and installs the PyPI packages P… into it
#                            (exits 1 naming them if pip cannot)
#   compare_rdopt            builds or finds rdopt ($rdopt, see build-rdopt.sh) and makes a work
#                            folder ($work) removed on exit
#   compare_espeak           installs espeak-ng for the speech sets when it can (speech is
#                            skipped, visibly, otherwise)
#   compare_tools            compare_espeak, then compare_rdopt
compare_arguments() {
    n="${1:-1000000}"
    case "$n" in ''|*[!0-9]*) echo "usage: $0 [N]" >&2; exit 2 ;; esac
}

compare_venv() {
    if [ ! -x "$1/bin/python" ]; then
        python3 -m venv "$1" || { echo "error: cannot create $1 (python3 -m venv)" >&2; exit 1; }
    fi
}

compare_packages() {
    local venv="$1"
    shift
    compare_venv "$venv"
    "$venv/bin/pip" install --quiet "$@" >&2 || {
        echo "error: pip could not install $*" >&2
        exit 1
    }
}

compare_rdopt() {
    source "Scripts/bench/build-rdopt.sh"
    build_rdopt ""
    echo "rdopt: $rdopt_build" >&2
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
}

compare_espeak() {
    if ! command -v espeak-ng >/dev/null; then
        apt-get install -y espeak-ng >/dev/null 2>&1 ||
            echo "*** WARNING: espeak-ng is missing and apt-get could not install it" \
                "(as root: apt-get install espeak-ng); speech is skipped" >&2
    fi
}

compare_tools() {
    compare_espeak
    compare_rdopt
}
