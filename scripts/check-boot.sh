#!/bin/bash
# Boot the patched kernel in QEMU with nested SVM, check that kvm_amd loads,
# print the capability probe, and run the KVM selftests: those listed in
# config/selftests.txt must pass, and every sev_* / snp_* test and
# vmgexit_forward_test (the SEV tests: they need an SEV host) must skip with
# exit code 4, after printing what config/selftests-expect.txt lists. A
# listed test that fails is excused only if it fails the same way on the
# base, booted in the same run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export FRAGMENTS=$BOOT_FRAGMENTS

tree=$CHECK_TREE
obj=$BUILD/check/obj-boot
out=$BUILD/check/boot
tip=$(git -C "$tree" rev-parse HEAD)
# The bisect check leaves the kernel of the tip built, and says so in
# .built-commit. After a bisect check that failed part way, or none, build it
# here, so that the kernel, its modules and their gcov notes all match the tip.
# (Not unconditionally: the checks between have checked out the base, and make
# would rebuild every file the series touches, without ccache for gcov.)
[ -f "$obj/arch/x86/boot/bzImage" ] && [ "$(cat "$obj/.built-commit" 2>/dev/null)" = "$tip" ] ||
	"$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules "$BOOT_GCOV_MAKE"
[ -d "$BUILD/check/selftests-series/kvm" ] ||
	"$TOP/scripts/selftests-build.sh" "$tree" "$BUILD/check/selftests-series" >/dev/null

mapfile -t pass < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/config/selftests.txt")
twice=$(printf '%s\n' "${pass[@]}" | sort | uniq -d)
[ -z "$twice" ] || die "config/selftests.txt lists these more than once: $twice"
mapfile -t skip < <(cd "$BUILD/check/selftests-series/kvm/x86" && ls | grep -E '^((sev|snp)_[a-z0-9_]*|vmgexit_forward_test)$' || true)
"$TOP/scripts/boot.sh" "$tree" "$obj" "$BUILD/check/selftests-series" "$out/series" "${pass[@]}" "${skip[@]}"
log=$out/series/console.txt

fail=0
grep -q '^@@ SVM yes' "$log" || { echo "  the guest CPU has no SVM" >&2; fail=1; }
if grep -q '^@@ MODPROBE kvm_amd 0' "$log" && grep -q '^@@ DEVKVM yes' "$log"; then
	echo "  kvm_amd loaded, /dev/kvm present"
else
	grep -E 'kvm|svm|SVM' "$log" | grep -v '^@@' | tail -5 >&2
	echo "  kvm_amd did not load" >&2
	fail=1
fi
sed -n 's/^@@ \(PROBE\|CAP\) /  /p' "$log"

# kvm-amd.ko runs its KUnit suites when it loads (config/kvm.config enables
# KUnit autorun): the modular build of the tests, next to the built-in one
# of the KUnit check. config/kunit-suites.txt says which suites and how many
# cases at least.
echo "  KUnit suites run by modprobe kvm_amd:"
"$TOP/scripts/kunit-count.py" --module kvm-amd "$TOP/config/kunit-suites.txt" "$log" 2>&1 |
	sed 's/^/  /' || fail=1

result() { awk -v t="$1" '$1 == t {print $2}' "$2"; }
failed=()
for t in "${pass[@]}"; do
	r=$(result "$t" "$out/series/results")
	if [ "$r" = 0 ]; then
		echo "  PASS $t"
	else
		echo "  FAIL $t (exit ${r:-none})"
		failed+=("$t")
	fi
done
for t in "${skip[@]}"; do
	r=$(result "$t" "$out/series/results")
	if [ "$r" = 4 ]; then
		echo "  SKIP $t (exit 4: $(grep -i -m1 "^@@ OUT $t: .*skip" "$log" |
			sed "s/^@@ OUT $t: //" | cut -c1-70))"
	else
		echo "  FAIL $t should skip with exit 4, got ${r:-none}"
		grep "^@@ OUT $t:" "$log" | sed 's/^@@ OUT /    /' | tail -5
		fail=1
	fi
done

# config/selftests-expect.txt: output that shows a test's hardware-free
# part ran, e.g. before it skipped.
while read -r t text; do
	if grep -a -q -F "@@ OUT $t: $text" "$log"; then
		echo "  RAN $t: $text"
	else
		echo "  FAIL $t did not print: $text"
		fail=1
	fi
done < <(sed -e 's/^#.*//' -e '/^[[:space:]]*$/d' "$TOP/config/selftests-expect.txt")

if [ ${#failed[@]} -gt 0 ]; then
	say "booting the base to see whether ${failed[*]} fail there too"
	git -C "$tree" checkout -q "$BASE_TAG"
	"$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules "$BOOT_GCOV_MAKE"
	# The selftests check builds the base's selftests only when it has no
	# recording of their warnings: build them here if it didn't.
	[ -d "$BUILD/check/selftests-base/kvm/x86" ] ||
		"$TOP/scripts/selftests-build.sh" "$tree" "$BUILD/check/selftests-base" >/dev/null
	"$TOP/scripts/boot.sh" "$tree" "$obj" "$BUILD/check/selftests-base" "$out/base" "${failed[@]}" || true
	git -C "$tree" checkout -q "$tip"
	"$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules "$BOOT_GCOV_MAKE"
	for t in "${failed[@]}"; do
		a=$(result "$t" "$out/series/results")
		b=$(result "$t" "$out/base/results" 2>/dev/null || true)
		if [ -n "$b" ] && [ "$a" = "$b" ]; then
			echo "  EXCUSED $t: exit ${a:-none} on the base too"
		else
			echo "  FAIL $t: exit ${a:-none} with the series, ${b:-none} on the base"
			grep "^@@ OUT $t:" "$log" | sed 's/^@@ OUT /    /' | tail -10
			fail=1
		fi
	done
	# The tip's modules were compiled again, with new gcov notes, which the
	# data of the boot above no longer match: boot the series again for the
	# coverage check (its results were judged above already).
	say "booting the series again, for gcov data of its modules as built now"
	"$TOP/scripts/boot.sh" "$tree" "$obj" "$BUILD/check/selftests-series" "$out/series-gcov" \
		"${pass[@]}" "${skip[@]}" || fail=1
	cp "$out/series-gcov/gcov.tar.gz" "$out/series-gcov/gcov.tree" "$out/series/" 2>/dev/null || fail=1
fi
exit $fail
