#!/bin/bash
# The test command: every check of the series, in order, each with PASS or
# FAIL and its time, then one line "N passed, N failed". Exits non-zero if a
# check failed. "scripts/check.sh NAME..." runs only the named checks (the
# check tree must exist for all but "apply").
set -uo pipefail
. "$(dirname "$0")/lib.sh"

all=(apply checkpatch bisect lint kunit selftests boot cost coverage docs)
declare -A what=(
	[apply]="the series applies to the pristine base, export reproduces patches/"
	[checkpatch]="checkpatch.pl --strict is clean on every patch"
	[bisect]="every patch builds (KVM_WERROR=y, KVM_AMD=m, KVM_INTEL=m, KVM_AMD_SEV=y)"
	[lint]="no new sparse or W=1 warning over the base"
	[kunit]="KVM KUnit suites pass under QEMU with KASAN, UBSAN and lockdep, none shrank"
	[selftests]="KVM selftests build with no new warning"
	[boot]="QEMU boot: kvm_amd loads, capability probe, KVM selftests"
	[cost]="instructions per exit of an ordinary nested VM, series against base: at most 1% more"
	[coverage]="line coverage of the series' arch/x86/kvm code by KUnit and boot, above the floor"
	[docs]="htmldocs build with no new warning"
)
if [ $# -gt 0 ]; then checks=("$@"); else checks=("${all[@]}"); fi

logdir=$BUILD/check/logs
mkdir -p "$logdir"
passed=0
failed=0
start=$SECONDS
blocked=
cost_blocked=

hms() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

run() {
	local name=$1 t0=$SECONDS rc
	echo
	echo "=== [$name] ${what[$name]}"
	local why=$blocked
	[ "$name" = cost ] && [ -z "$why" ] && why=$cost_blocked
	if [ -n "$why" ]; then
		echo "FAIL $name (not run: $why)"
		failed=$((failed + 1))
		return
	fi
	case $name in
	kunit) KUNIT_BUILD=$BUILD/check/kunit "$TOP/scripts/kunit.sh" "$CHECK_TREE" run ;;
	*) "$TOP/scripts/check-$name.sh" ;;
	esac 2>&1 | tee "$logdir/$name.log"
	rc=${PIPESTATUS[0]}
	if [ "$rc" = 0 ]; then
		echo "PASS $name ($(hms $((SECONDS - t0))))"
		passed=$((passed + 1))
	else
		echo "FAIL $name ($(hms $((SECONDS - t0))), log: $logdir/$name.log)"
		failed=$((failed + 1))
		[ "$name" = apply ] && blocked="the series did not apply"
		# The cost check measures the kernel that the bisect check built.
		[ "$name" = bisect ] && cost_blocked="the bisect check failed"
	fi
}

echo "=== setup: build dependencies, base tree"
t0=$SECONDS
if ! "$TOP/scripts/deps.sh" || ! "$TOP/scripts/fetch-base.sh"; then
	blocked="setup failed"
fi
echo "setup done ($(hms $((SECONDS - t0))))"
echo "base: $(cat "$CACHE/base.version" 2>/dev/null || echo unknown), patches: $(series_patches | wc -l)"

for c in "${checks[@]}"; do
	[ -n "${what[$c]:-}" ] || { echo "unknown check $c (known: ${all[*]})"; exit 2; }
	run "$c"
done

echo
echo "total time: $(hms $((SECONDS - start))), ccache: $(ccache -s 2>/dev/null | grep -E '^ *Hits:' | head -1 | sed 's/^ *//')"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
