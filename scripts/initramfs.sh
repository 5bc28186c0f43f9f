#!/bin/bash
# Pack the boot-check initramfs: busybox, the modules of OBJDIR, the
# capability probe, probe/gcov-dump, and the named KVM selftests with the
# libraries they load.
#
#   scripts/initramfs.sh SRCTREE OBJDIR SELFTESTS_OUT OUTPUT.cpio.gz TEST...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1")
obj=$(realpath "$2")
tests=$(realpath "$3")/kvm
headers=$(realpath "$3")/usr/include
out=$(realpath -m "$4")
shift 4
root=$out.d
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests}

install -m 755 /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$TOP/probe/init" "$root/init"
install -m 755 "$TOP/probe/gcov-dump" "$root/bin/gcov-dump"
make -s -C "$src" O="$obj" INSTALL_MOD_PATH="$root" INSTALL_MOD_STRIP=1 modules_install >/dev/null

# The capabilities the series adds: those of the patched uAPI that the base
# does not define.
caps() {
	grep -o -E '^#define KVM_CAP_[A-Z0-9_]+' | awk '{print $2}' | sort -u
}
git -C "$src" show "$BASE_TAG:include/uapi/linux/kvm.h" | caps > "$root.base-caps"
{
	echo "static const struct { const char *name; int cap; } series_caps[] = {"
	caps < "$src/include/uapi/linux/kvm.h" | comm -13 "$root.base-caps" - |
		sed 's/.*/\t{ "&", & },/'
	echo "};"
} > "$root.caps.h"
mkdir -p "$root.inc"
mv "$root.caps.h" "$root.inc/caps.h"
gcc -static -O2 -Wall -Werror -I "$root.inc" -isystem "$headers" \
	-o "$root/bin/kvm_cap_probe" "$TOP/probe/kvm_cap_probe.c"
rm -rf "$root.inc" "$root.base-caps"

printf '%s\n' "$@" > "$root/tests/list"
echo "${SELFTEST_TIMEOUT:-180}" > "$root/tests/timeout"
# x86 tests live in x86/, the generic ones at the top.
testpath() {
	if [ -x "$tests/x86/$1" ]; then echo "$tests/x86/$1"; else echo "$tests/$1"; fi
}
for t in "$@"; do
	[ -x "$(testpath "$t")" ] || die "no selftest $t in $tests"
	install -m 755 -s "$(testpath "$t")" "$root/tests/$t"
done
# The shared libraries the tests load, and libgcc_s, which glibc opens when a
# thread is cancelled.
{
	for t in "$@"; do ldd "$(testpath "$t")" | grep -o '/[^ ]*'; done
	ldconfig -p | awk '$1 == "libgcc_s.so.1" && /x86-64/ {print $NF}'
} | sort -u | while read -r lib; do
	[ -e "$lib" ] || continue
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out"
rm -rf "$root"
