#!/bin/bash
# Boot a kernel in QEMU with a CPU model that exposes SVM, load kvm_amd, run
# the capability probe and the given KVM selftests. Writes the serial log to
# OUTDIR/console.log, one "TEST EXITCODE" line per test to OUTDIR/results,
# and, for a kernel with gcov, the gcov data of arch/x86/kvm, which the guest
# writes to a second serial port, to OUTDIR/gcov.tar.gz (and the git tree
# SRCTREE's HEAD has to OUTDIR/gcov.tree).
#
#   scripts/boot.sh SRCTREE OBJDIR SELFTESTS_OUT OUTDIR TEST...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$1
obj=$2
selftests=$3
out=$(realpath -m "$4")
shift 4
mkdir -p "$out"
"$TOP/scripts/initramfs.sh" "$src" "$obj" "$selftests" "$out/initramfs.cpio.gz" "$@"

accel=$("$TOP/scripts/qemu-accel.sh" "$obj/arch/x86/boot/bzImage")
say "booting $(cat "$obj/include/config/kernel.release") in QEMU, accelerator: $accel, $# selftests"
rm -f "$out/gcov.b64" "$out/gcov.tar.gz" "$out/gcov.tree"
rc=0
timeout --foreground -k 10 "${BOOT_TIMEOUT:-1500}" \
	qemu-system-x86_64 -nodefaults -accel "$accel" -cpu max -smp 2 -m 4096 \
	-kernel "$obj/arch/x86/boot/bzImage" -initrd "$out/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 oops=panic transparent_hugepage=madvise" \
	-no-reboot -nographic -serial stdio -serial "file:$out/gcov.b64" \
	</dev/null >"$out/console.log" 2>&1 || rc=$?
tr -d '\r' < "$out/console.log" > "$out/console.txt"
sed -n 's/^@@ RESULT \([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$out/console.txt" > "$out/results"
check_booted_kernel "$obj" "$out/console.txt"
grep -q '^@@ DONE' "$out/console.txt" ||
	{ tail -30 "$out/console.txt" >&2; die "the guest did not finish (QEMU status $rc; log: $out/console.txt)"; }
# Missing gcov data fails the coverage check, not the boot; the coverage
# check also checks that the data are of the tree it measures.
"$TOP/scripts/gcov-extract.sh" "$out/console.txt" "$out/gcov.b64" "$out/gcov.tar.gz" || true
git -C "$src" rev-parse 'HEAD^{tree}' >"$out/gcov.tree" 2>/dev/null || true
