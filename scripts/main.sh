#!/bin/bash
# The main command: fetch the base, apply the series, build the kernel and
# modules, run the KUnit suites, boot the kernel in QEMU with nested SVM and
# print a short report. Artifacts stay in build/check/ (see README.md).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

t0=$SECONDS
step() { echo; echo "=== $* ($((SECONDS - t0))s)"; }

step "dependencies and base tree"
"$TOP/scripts/deps.sh"
"$TOP/scripts/fetch-base.sh"
step "applying the series"
FORCE=1 "$TOP/scripts/mktree.sh" "$CHECK_TREE" check
step "building the kernel and modules (build/check/obj-boot)"
"$TOP/scripts/kbuild.sh" "$CHECK_TREE" "$BUILD/check/obj-boot" bzImage modules
step "KUnit (build/check/kunit)"
kunit_rc=0
KUNIT_BUILD=$BUILD/check/kunit "$TOP/scripts/kunit.sh" "$CHECK_TREE" run | tee "$BUILD/check/kunit.summary" ||
	kunit_rc=$?
step "KVM selftests (build/check/selftests-series)"
"$TOP/scripts/selftests-build.sh" "$CHECK_TREE" "$BUILD/check/selftests-series"
step "booting in QEMU"
boot_rc=0
"$TOP/scripts/check-boot.sh" > "$BUILD/check/boot.summary" 2>&1 || boot_rc=$?

echo
echo "=== report ($((SECONDS - t0))s)"
echo "base:     $(cat "$CACHE/base.version")"
echo "patches:  $(series_patches | wc -l)"
echo "kernel:   $BUILD/check/obj-boot/arch/x86/boot/bzImage ($(cat "$BUILD/check/obj-boot/include/config/kernel.release"))"
echo "KUnit:    $(grep -a 'Testing complete' "$BUILD/check/kunit.summary" | sed 's/^.*Testing complete\. //')$([ $kunit_rc = 0 ] || echo ' (FAILED)')"
grep -a 'KVM suites' "$BUILD/check/kunit.summary" | sed 's/^==> /          /'
echo "boot:     $(grep -c '^  PASS' "$BUILD/check/boot.summary") selftests passed," \
	"$(grep -c '^  SKIP' "$BUILD/check/boot.summary") skipped," \
	"$(grep -c '^  FAIL' "$BUILD/check/boot.summary") failed$([ $boot_rc = 0 ] || echo ' (FAILED)')"
grep -E '^  (kvm_amd|PROBE|VM type|KVM_|\(the series)' "$BUILD/check/boot.summary" | sed 's/^  /          /' || true
echo "probe:"
grep -E '^  (KVM_CAP|\(the series)' "$BUILD/check/boot.summary" | sed 's/^  /          /' || true
[ $kunit_rc = 0 ] && [ $boot_rc = 0 ]
