#!/bin/bash
# Check that the tree builds at every patch of the series: the kernel and
# modules of config/kvm.config (KVM_WERROR=y, KVM_AMD=m, KVM_INTEL=m,
# KVM_AMD_SEV=y), every Kbuild directory the patch touches, and the KVM
# selftests when the patch touches them. Each step is an incremental build
# over the previous one; a patch that changes no file Kbuild reads is not
# built again. These builds have no gcov, so ccache serves them on the next
# run. Then the tip's modules are built again with gcov, for the boot check,
# which boots that kernel (the rest of it is built already); the tip's kernel
# without gcov is kept for the cost check before that. Leaves the tree at
# the last patch, and the boot kernel built.
#
# Two lanes share the machine's CPUs. Most of a step is make walking the
# tree, modpost and linking, on one CPU, so the second CPU would idle. Lane 1
# builds the first half of the series in a worktree of its own
# ($BUILD/check/lane1); lane 2 builds the second half in the check tree,
# which ends at the tip. Lane 2 starts with a full build of its first patch
# once lane 1's first build has filled ccache, so that build costs little.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export FRAGMENTS=$BOOT_FRAGMENTS

tree=$CHECK_TREE
obj=$BUILD/check/obj-boot
lane1=$BUILD/check/lane1
mapfile -t commits < <(git -C "$tree" rev-list --reverse "$BASE_TAG..HEAD")
tip=$(git -C "$tree" rev-parse HEAD)
n=${#commits[@]}
if [ "$n" = 0 ]; then
	commits=("$tip")
fi

# Whatever happens, leave the tree at the tip for the checks that follow.
trap 'git -C "$tree" checkout -q "$tip"' EXIT

# build_step TREE OBJ SELFTESTS K FIRST: build patch K (1-based) of the
# series in TREE, incrementally over what OBJ and SELFTESTS hold, or the whole
# kernel if FIRST is 1.
build_step() {
	local src=$1 o=$2 st=$3 k=$4 first=$5 c=${commits[$(($4 - 1))]}
	local t0=$SECONDS subject extra=
	git -C "$src" checkout -q "$c"
	subject=$(git -C "$src" log -1 --format=%s "$c")
	echo "  [$k/$n] building: $subject"
	# Kbuild reads nothing under tools/testing/ or Documentation/, nor
	# MAINTAINERS (it does read tools/objtool/): a patch that changes only
	# those leaves the kernel as the previous step built it.
	if [ "$first" = 0 ] && ! git -C "$src" diff --name-only "$c^" "$c" |
		grep -q -v -E '^(tools/testing/|Documentation/|MAINTAINERS$)'; then
		extra=" (kernel unchanged)"
	else
		# shellcheck disable=SC2046
		"$TOP/scripts/kbuild.sh" "$src" "$o" bzImage modules \
			$(git -C "$src" rev-parse -q --verify "$c^" >/dev/null &&
			  "$TOP/scripts/touched-dirs.sh" "$src" "$c^" "$c") || {
			echo "  [$k/$n] does not build: $subject"
			return 1
		}
	fi
	if [ "$n" != 0 ] && git -C "$src" diff --name-only "$c^" "$c" | grep -q '^tools/testing/selftests/kvm/'; then
		"$TOP/scripts/selftests-build.sh" "$src" "$st" >/dev/null || {
			echo "  [$k/$n] KVM selftests do not build: $subject"
			return 1
		}
		extra="$extra + selftests"
	fi
	echo "  [$k/$n] builds$extra ($((SECONDS - t0))s)"
}

# build_lane TREE OBJ SELFTESTS FROM TO FIRST: build patches FROM..TO in
# turn; FIRST says whether patch FROM needs a full build.
build_lane() {
	local k first=$6
	for ((k = $4; k <= $5; k++)); do
		build_step "$1" "$2" "$3" "$k" "$first" || return 1
		first=0
	done
}

rm -f "$obj/.built-commit"
if [ "$n" -lt 4 ]; then
	build_lane "$tree" "$obj" "$BUILD/check/selftests-bisect" 1 "${#commits[@]}" 1 ||
		die "the series does not build at every patch"
else
	# Lane 2 has the extra full build, so lane 1 takes the larger half.
	half=$(((n + 1) / 2 + 1))
	rm -rf "$lane1"
	git -C "$tree" worktree prune
	mkdir -p "$lane1"
	git -C "$tree" worktree add -q --detach "$lane1/linux" "${commits[0]}"
	# The source tree and the object directory are siblings here too
	# ("../linux"), so that ccache shares the results with the check tree.
	build_step "$lane1/linux" "$lane1/obj" "$lane1/selftests" 1 1 ||
		die "the series does not build at every patch"
	say "two lanes: patches 2-$half in $lane1, $((half + 1))-$n in $tree"
	# Both lanes print their steps as they go.
	build_lane "$lane1/linux" "$lane1/obj" "$lane1/selftests" 2 "$half" 0 &
	lane1_pid=$!
	ok=1
	build_lane "$tree" "$obj" "$BUILD/check/selftests-bisect" $((half + 1)) "$n" 1 || ok=0
	wait "$lane1_pid" || ok=0
	[ $ok = 1 ] || die "the series does not build at every patch"
fi

t0=$SECONDS
git -C "$tree" checkout -q "$tip"
# The tip as built so far has no gcov: the series kernel of the cost check,
# which builds it itself if this fails.
stage_kernel "$tree" "$obj" "$COST_DIR/series" "$tip" ||
	echo "  warning: the series kernel was not staged for the cost check"
echo "  the tip's modules with gcov, for the boot and coverage checks"
"$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules "$BOOT_GCOV_MAKE" ||
	die "the tip does not build with gcov"
echo "  built with gcov ($((SECONDS - t0))s)"
# Tells the boot check that the kernel in $obj is the tip's.
echo "$tip" >"$obj/.built-commit"
