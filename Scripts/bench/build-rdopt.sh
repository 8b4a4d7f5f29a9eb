# Sourced by the bench scripts: sets $rdopt to a release rdopt binary and $rdopt_build to a
# description of it.
#   RDOPT_BIN=/path/to/rdopt      use that binary, no build
#   RDOPT_TARGET_CPU=native|NAME  build for that CPU (Package.swift passes -target-cpu), into
#                                 .build-cpu-NAME so the portable .build is left alone;
#                                 empty: the portable build in .build
# Usage: build_rdopt DEFAULT_TARGET_CPU   (the value used when RDOPT_TARGET_CPU is unset)
build_rdopt() {
    if [ -n "${RDOPT_BIN:-}" ]; then
        rdopt="$(realpath "$RDOPT_BIN")"  # absolute: the scripts run it from their own folders
        rdopt_build="prebuilt $RDOPT_BIN"
    else
        local cpu="${RDOPT_TARGET_CPU-$1}"
        local scratch=".build"
        [ -n "$cpu" ] && scratch=".build-cpu-$cpu"
        echo "building rdopt (release, ${cpu:+-target-cpu $cpu}${cpu:-portable}) in $scratch..." >&2
        RDOPT_TARGET_CPU="$cpu" swift build -c release --product rdopt --scratch-path "$scratch" >&2
        rdopt="$(RDOPT_TARGET_CPU="$cpu" swift build -c release --scratch-path "$scratch" --show-bin-path)/rdopt"
        rdopt_build="release, ${cpu:+-target-cpu $cpu}${cpu:-portable (baseline ISA)}"
    fi
    [ -x "$rdopt" ] || { echo "error: rdopt executable not found: $rdopt" >&2; exit 1; }
}
