#!/bin/bash
# The main command: fetch the base, apply the series, build the kernel and
# modules, run the KUnit suites, boot the kernel in QEMU with nested SVM and
# print a short report. Artifacts stay in build/check/ (see README.md).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export FRAGMENTS=$BOOT_FRAGMENTS

t0=$SECONDS
step() { echo; echo "=== $* ($((SECONDS - t0))s)"; }

step "dependencies and base tree"
"$TOP/scripts/deps.sh"
"$TOP/scripts/fetch-base.sh"
step "applying the series"
FORCE=1 "$TOP/scripts/mktree.sh" "$CHECK_TREE" check
step "building the kernel and modules (build/check/obj-boot)"
"$TOP/scripts/kbuild.sh" "$CHECK_TREE" "$BUILD/check/obj-boot" bzImage modules "$BOOT_GCOV_MAKE"
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
sum=$BUILD/check/boot.summary
echo "base:     $(cat "$CACHE/base.version")"
echo "patches:  $(series_patches | wc -l)"
echo "kernel:   $BUILD/check/obj-boot/arch/x86/boot/bzImage ($(cat "$BUILD/check/obj-boot/include/config/kernel.release"))"
echo "KUnit:    $(grep -a 'Testing complete' "$BUILD/check/kunit.summary" | sed 's/^.*Testing complete\. //')" \
	"($(grep -a '^KVM suites' "$BUILD/check/kunit.summary" | sed 's/^KVM suites: \([0-9]*\), KVM test cases: \([0-9]*\).*/\1 KVM suites, \2 KVM cases/'))" \
	"$([ $kunit_rc = 0 ] || echo FAILED)"
echo "boot:     $(grep -q '^  kvm_amd loaded' "$sum" && echo 'kvm_amd loaded' || echo 'kvm_amd did NOT load');" \
	"selftests: $(grep -c '^  PASS' "$sum") passed, $(grep -c '^  SKIP' "$sum") skipped (SEV)," \
	"$(grep -c '^  FAIL' "$sum") failed $([ $boot_rc = 0 ] || echo '(FAILED)')"
echo "          log: $BUILD/check/boot/series/console.txt"
echo "probe:    $(grep -E '^  KVM_GET_API_VERSION' "$sum" | sed 's/^  //')"
echo "          VM types offered: $(sed -n 's/^  VM type \(KVM_X86_[A-Z_]*\): yes/\1/p' "$sum" | tr '\n' ' ')"
grep -E '^  (KVM_CAP|\(the series)' "$sum" | sed 's/^  /          /' || true
[ $kunit_rc = 0 ] && [ $boot_rc = 0 ]
