#!/bin/bash
# Mutation testing of the series' code in arch/x86/kvm: apply each mutant of
# config/mutants.txt in turn to a scratch tree of the series, rebuild the
# KUnit kernel incrementally (no sanitizers, no gcov), run it under QEMU, and
# count the mutants that KUnit kills. Not part of "make check": it is slow.
#
#   scripts/mutants.sh [ID...]   (default: every mutant of the list)
#
# The tree is build/mutants/linux (branch "mutants"), the KUnit kernel
# build/mutants/kunit; results go to build/mutants/results.txt, each mutant's
# logs to build/mutants/logs/ID.*. A mutant is killed when KUnit fails (a case
# fails, a suite is missing or short, a splat, a crash or a timeout), or,
# which proves less, when the kernel no longer builds. The unmutated kernel
# must pass first. A mutant's build must change the object of its .c file and
# no other such object: the run stops if another one is not the unmutated
# one, and a mutant that leaves its own object as it was survives. Exits non-zero if a mutant that "needs: kunit" survives;
# "needs: snp-hardware" mutants are run and reported, but may survive.
# BUILD_LOCK=FILE holds FILE with flock(1) around each build and QEMU run,
# so that other builds on the machine can go between mutants.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/mutants
# The mutants and the KUnit suites as they are when the run begins: an edit
# of config/ during a run must not change what the run measures (a suite
# listed midway made every later mutant "killed" for its absence).
mkdir -p "$out"
cp "$TOP/config/mutants.txt" "$out/mutants.txt"
cp "$TOP/config/kunit-suites.txt" "$out/kunit-suites.txt"
list=$out/mutants.txt
export KUNIT_SUITES=$out/kunit-suites.txt
tree=$out/linux
results=$out/results.txt
export KUNIT_BUILD=$out/kunit KUNIT_DEBUG=0 KUNIT_GCOV=0
export KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-600}

mutate() { "$TOP/scripts/mutate.py" "$list" "$@"; }
locked() {
	if [ -n "${BUILD_LOCK:-}" ]; then flock "$BUILD_LOCK" "$@"; else "$@"; fi
}
kunit() { "$TOP/scripts/kunit.sh" "$tree" "$@"; }
log() { echo "$*" | tee -a "$results"; }

# Rebuild the tree only when the series changed: applying it again would touch
# every file it changes, and the next build would recompile half the kernel.
mkdir -p "$out/logs"
stamp=$(series_stamp)
if [ ! -e "$tree/.git" ] || [ "$(cat "$out/linux.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -f "$out/linux.stamp"
	FORCE=1 "$TOP/scripts/mktree.sh" "$tree" mutants
	echo "$stamp" > "$out/linux.stamp"
else
	# Undo what an interrupted run left.
	git -C "$tree" reset -q --hard
fi
trap 'git -C "$tree" reset -q --hard' EXIT
mutate check "$tree"

if [ $# -gt 0 ]; then
	ids=("$@")
	for id in "${ids[@]}"; do mutate show "$id" >/dev/null; done
else
	mapfile -t ids < <(mutate list | cut -d' ' -f1)
fi

: > "$results"
log "mutants of $(git -C "$tree" describe --always --tags) ($(series_patches | wc -l) patches), $(date -u '+%Y-%m-%d %H:%M UTC')"
start=$SECONDS
say "the unmutated KUnit kernel (KUNIT_DEBUG=0 KUNIT_GCOV=0) in $KUNIT_BUILD"
locked "$TOP/scripts/kunit.sh" "$tree" build
QEMU_ACCEL=$(locked "$TOP/scripts/qemu-accel.sh" "$KUNIT_BUILD/arch/x86/boot/bzImage")
export QEMU_ACCEL
t0=$SECONDS
locked "$TOP/scripts/kunit.sh" "$tree" exec
kunit parse > "$out/logs/baseline.parse.txt" 2>&1 ||
	{ tail -20 "$out/logs/baseline.parse.txt"; die "KUnit fails without a mutant: nothing to measure"; }
# The objects of the mutated .c files, as the unmutated tree builds them: a
# mutant's build must change its own file's object and no other.
mapfile -t sources < <(mutate list | awk '$3 ~ /\.c$/ { print $3 }' | sort -u)
declare -A base_sum
for f in "${sources[@]}"; do
	base_sum[$f]=$(sha1sum < "$KUNIT_BUILD/${f%.c}.o")
done
# The objects of .c files other than $1 that a build changed: none may be, or
# the build is not the mutant's.
stale_objects() {
	local f
	for f in "${sources[@]}"; do
		[ "$f" != "$1" ] || continue
		[ "$(sha1sum < "$KUNIT_BUILD/${f%.c}.o")" = "${base_sum[$f]}" ] ||
			echo "${f%.c}.o"
	done
}
log "baseline: KUnit passes ($(grep -a '^KVM suites' "$out/logs/baseline.parse.txt")), QEMU run $((SECONDS - t0))s, accelerator $QEMU_ACCEL"

# Why KUnit failed: the failed cases, else a splat, else no results at all.
why_killed() {
	local failed
	failed=$(grep -a -o -E '\[(FAILED|CRASHED)\] [^ ]+.*' "$KUNIT_BUILD/parse.log" |
		grep -v -E '\] kvm_[a-z_]+$' | sed -E 's/^\[[A-Z]+\] //' | head -3 | paste -s -d, - || true)
	if [ -n "$failed" ]; then
		echo "KUnit: $failed"
	elif [ -s "$KUNIT_BUILD/splats.log" ]; then
		echo "splat: $(head -1 "$KUNIT_BUILD/splats.log" | cut -c1-80)"
	else
		echo "KUnit: $(grep -a -h '^kunit' "$1" | head -1)"
	fi
}

n=0
killed=0
by_compiler=0
survivors=()
hw_survivors=()
for id in "${ids[@]}"; do
	n=$((n + 1))
	needs=$(mutate list | awk -v id="$id" '$1 == id { print $2 }')
	file=$(mutate list | awk -v id="$id" '$1 == id { print $3 }')
	l=$out/logs/$id
	t0=$SECONDS
	mutate apply "$id" "$tree"
	git -C "$tree" diff > "$l.diff"
	result=
	if ! locked "$TOP/scripts/kunit.sh" "$tree" build > "$l.build.txt" 2>&1; then
		result="killed by the compiler"
		by_compiler=$((by_compiler + 1))
	else
		# A header's mutant changes the objects that include it: there
		# is nothing to compare until the next mutant of a .c file.
		if [ "${file##*.}" = c ]; then
			stale=$(stale_objects "$file" | paste -s -d' ' -)
			[ -z "$stale" ] ||
				die "$id: not the unmutated objects after its build: $stale (logs: $l.*)"
			# The mutant changes no code (or is not in the build):
			# KUnit would only run the baseline again.
			[ "$(sha1sum < "$KUNIT_BUILD/${file%.c}.o")" != "${base_sum[$file]}" ] ||
				result="survived: ${file%.c}.o is the unmutated one"
		fi
	fi
	tb=$((SECONDS - t0))
	if [ -z "$result" ]; then
		locked "$TOP/scripts/kunit.sh" "$tree" exec > "$l.exec.txt" 2>&1 || true
		cp "$KUNIT_BUILD/kunit.log" "$l.kunit.log"
		if kunit parse > "$l.parse.txt" 2>&1; then
			result=survived
		else
			result="killed, $(why_killed "$l.parse.txt")"
		fi
	fi
	git -C "$tree" checkout -q -- "$file"
	case $result in
	killed*) killed=$((killed + 1)) ;;
	*) if [ "$needs" = kunit ]; then survivors+=("$id"); else hw_survivors+=("$id"); fi ;;
	esac
	if [ "$needs" != kunit ]; then
		result="$result (needs $needs)"
		case $result in killed*) result="$result: KUnit kills it, mark it 'needs: kunit'" ;; esac
	fi
	log "$(printf '[%d/%d] %-40s %s (build %ds, run %ds)' "$n" "${#ids[@]}" "$id" "$result" "$tb" $((SECONDS - t0 - tb)))"
done

log ""
log "$killed of ${#ids[@]} mutants killed ($by_compiler by the compiler only), $((SECONDS - start))s in all"
for id in "${survivors[@]}"; do log "survivor: $(mutate show "$id" | head -1)"; done
for id in "${hw_survivors[@]}"; do log "survivor, needs SNP hardware: $(mutate show "$id" | head -2 | paste -s -d' ' -)"; done
say "results: $results, logs: $out/logs/"
[ ${#survivors[@]} = 0 ]
