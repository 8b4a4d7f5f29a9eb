# Sourced (not run) by .ci/run and Scripts/bench/*.sh: makes the Python virtual environment
# .venv at the repository root with cvxpy and clarabel, for the CVXPY cross-check and the
# benchmark scripts.
#
# After sourcing:  RDOPT_PYTHON is exported (the venv's python) when the venv imports cvxpy and
#                  clarabel; otherwise it is left unset and a visible warning is on stderr.
#                  rdopt_python_env_ok is 0 (ready) or 1 (not available).
# Never fails the sourcing script: a missing venv or PyPI only skips the cross-check.
# Set RDOPT_SKIP_VENV=1 to skip the whole step.

rdopt_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rdopt_venv="$rdopt_repo_root/.venv"
rdopt_python_env_ok=1

rdopt_python_env_warn() {
    printf '\n*** WARNING: %s\n*** The CVXPY cross-check will be skipped.\n\n' "$1" >&2
}

rdopt_python_env_has_cvxpy() {
    "$rdopt_venv/bin/python" -c 'import cvxpy, clarabel; assert "CLARABEL" in cvxpy.installed_solvers()' \
        >/dev/null 2>&1
}

rdopt_python_env_setup() {
    if [ "${RDOPT_SKIP_VENV:-0}" = 1 ]; then
        rdopt_python_env_warn "RDOPT_SKIP_VENV=1: no Python environment."
        return 0
    fi
    if [ -x "$rdopt_venv/bin/python" ] && rdopt_python_env_has_cvxpy; then
        rdopt_python_env_ok=0
    else
        local python
        python="$(command -v python3 || true)"
        if [ -z "$python" ]; then
            rdopt_python_env_warn "python3 not found."
            return 0
        fi
        local started=$SECONDS
        if [ ! -x "$rdopt_venv/bin/python" ]; then
            echo "python-env: creating $rdopt_venv" >&2
            if ! "$python" -m venv "$rdopt_venv" >&2; then
                rm -rf "$rdopt_venv"
                rdopt_python_env_warn "'$python -m venv $rdopt_venv' failed."
                return 0
            fi
        fi
        echo "python-env: installing cvxpy and clarabel from PyPI" >&2
        if ! "$rdopt_venv/bin/python" -m pip install --quiet --disable-pip-version-check \
                --no-input cvxpy clarabel </dev/null >&2; then
            rdopt_python_env_warn "pip install cvxpy clarabel failed (no PyPI?)."
            return 0
        fi
        if ! rdopt_python_env_has_cvxpy; then
            rdopt_python_env_warn "cvxpy or clarabel does not import after installing them."
            return 0
        fi
        echo "python-env: ready in $((SECONDS - started)) s" >&2
        rdopt_python_env_ok=0
    fi
    export RDOPT_PYTHON="$rdopt_venv/bin/python"
}

rdopt_python_env_setup
