#!/bin/bash
# Build the x86 KVM selftests of a source tree out of tree, against that
# tree's own uAPI headers.
#
#   scripts/selftests-build.sh SRCTREE OUTDIR
#
# The build log, with every compiler warning, is OUTDIR/build.log; the test
# binaries land in OUTDIR/kvm/x86/. Incremental: the selftests track header
# dependencies themselves.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1")
out=$(realpath -m "$2")
mkdir -p "$out"
export PATH=/usr/lib/ccache:$PATH

# The uAPI headers are installed again only when they changed: the bisect
# check builds the selftests at every patch that touches them, and most of
# those patches leave the uAPI alone.
uapi=(include/uapi arch/x86/include/uapi arch/x86/entry/syscalls scripts/headers_install.sh)
stamp=
if git -C "$src" diff --quiet HEAD -- "${uapi[@]}" 2>/dev/null; then
	stamp=$(for p in "${uapi[@]}"; do git -C "$src" rev-parse "HEAD:$p"; done | tr '\n' ' ')
fi
if [ -z "$stamp" ] || [ "$(cat "$out/usr.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -f "$out/usr.stamp"
	make -s -C "$src" O="$out/kobj" INSTALL_HDR_PATH="$out/usr" headers_install >"$out/headers.log" 2>&1 ||
		{ cat "$out/headers.log"; die "headers_install failed in $src"; }
	[ -z "$stamp" ] || echo "$stamp" >"$out/usr.stamp"
fi
rc=0
make -C "$src/tools/testing/selftests/kvm" -j"$JOBS" ARCH=x86 \
	OUTPUT="$out/kvm" KHDR_INCLUDES="-isystem $out/usr/include" >"$out/build.log" 2>&1 || rc=$?
if [ $rc != 0 ]; then
	grep -E 'error|Error' "$out/build.log" | head -30 >&2
	die "KVM selftests do not build in $src (log: $out/build.log)"
fi
n=$(find "$out/kvm/x86" -maxdepth 1 -type f -perm -u+x | wc -l)
say "KVM selftests built: $n x86 programs in $out/kvm/x86"
