#!/bin/bash
# Configure (config/kvm.config, or the fragments that $FRAGMENTS names) and
# build a source tree in an object directory, with ccache.
#
#   [FRAGMENTS="A.config B.config"] scripts/kbuild.sh SRCTREE OBJDIR [MAKE ARGS AND TARGETS...]
#
# The make output goes to OBJDIR/build.log; on failure its errors are shown.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1")
obj=$(realpath -m "$2")
shift 2
# gcc through ccache, but for the sources that ccache can't serve right.
export PATH=$TOP/scripts/ccache-bin:$PATH
# shellcheck disable=SC2086
"$TOP/scripts/kconfig.sh" "$src" "$obj" ${FRAGMENTS:-}
if ! make -C "$src" O="$obj" -j"$JOBS" "$@" >"$obj/build.log" 2>&1; then
	grep -E -B2 -A6 'error:|Error [0-9]|undefined' "$obj/build.log" | head -60 >&2
	die "build failed in $src: make $* (log: $obj/build.log)"
fi
