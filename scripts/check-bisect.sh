#!/bin/bash
# Check that the tree builds at every patch of the series: the kernel and
# modules of config/kvm.config (KVM_WERROR=y, KVM_AMD=m, KVM_INTEL=m,
# KVM_AMD_SEV=y), every Kbuild directory the patch touches, and the KVM
# selftests when the patch touches them. One object directory, so each step
# is an incremental build; a patch that changes no file Kbuild reads is not
# built again. These builds have no gcov, so ccache serves them on the next
# run. Then the tip's modules are built again with gcov, for the boot check,
# which boots that kernel (the rest of it is built already); the tip's kernel
# without gcov is staged for the cost check before that, and so is the first
# patch's, the cost check's reference, when that patch only adds CPU feature
# bits (cost_reference in lib.sh). The kernel builds use ccache's depend
# mode. Leaves the tree at the last patch, and the boot kernel built.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export FRAGMENTS=$BOOT_FRAGMENTS

tree=$CHECK_TREE
obj=$BUILD/check/obj-boot
commits=$(git -C "$tree" rev-list --reverse "$BASE_TAG..HEAD")
tip=$(git -C "$tree" rev-parse HEAD)
reference=$(cost_reference "$tree" "$tip" || true)
n=$(echo "$commits" | grep -c . || true)
if [ "$n" = 0 ]; then
	commits=$tip
fi

# Whatever happens, leave the tree at the tip for the checks that follow.
trap 'git -C "$tree" checkout -q "$tip"' EXIT

rm -f "$obj/.built-commit"
k=0
for c in $commits; do
	k=$((k + 1))
	t0=$SECONDS
	git -C "$tree" checkout -q "$c"
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	echo "  [$k/$n] building: $subject"
	extra=
	# Kbuild reads nothing under tools/testing/ or Documentation/, nor
	# MAINTAINERS (it does read tools/objtool/): a patch that changes only
	# those leaves the kernel as the previous step built it.
	if [ "$k" -gt 1 ] && ! git -C "$tree" diff --name-only "$c^" "$c" |
		grep -q -v -E '^(tools/testing/|Documentation/|MAINTAINERS$)'; then
		extra=" (kernel unchanged)"
	else
		# shellcheck disable=SC2046
		CCACHE_DEPEND=$CCACHE_DEPEND_MODE "$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules \
			$(git -C "$tree" rev-parse -q --verify "$c^" >/dev/null && "$TOP/scripts/touched-dirs.sh" "$tree" "$c^" "$c") ||
			die "patch $k/$n does not build: $subject"
		if [ "$c" = "$reference" ]; then
			stage_kernel "$tree" "$obj" "$COST_DIR/base" "$c" ||
				die "could not stage the first patch's kernel for the cost check"
			extra=", staged as the cost check's reference"
		fi
	fi
	if [ "$n" != 0 ] && git -C "$tree" diff --name-only "$c^" "$c" | grep -q '^tools/testing/selftests/kvm/'; then
		"$TOP/scripts/selftests-build.sh" "$tree" "$BUILD/check/selftests-series" >/dev/null ||
			die "patch $k/$n: KVM selftests do not build: $subject"
		extra="$extra + selftests"
	fi
	echo "  [$k/$n] builds$extra ($((SECONDS - t0))s)"
done
t0=$SECONDS
git -C "$tree" checkout -q "$tip"
# The tip as built so far has no gcov: the series kernel of the cost check,
# which builds it itself if this fails.
stage_kernel "$tree" "$obj" "$COST_DIR/series" "$tip" ||
	echo "  warning: the series kernel was not staged for the cost check"
echo "  the tip's modules with gcov, for the boot and coverage checks"
CCACHE_DEPEND=$CCACHE_DEPEND_MODE "$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules "$BOOT_GCOV_MAKE" ||
	die "the tip does not build with gcov"
echo "  built with gcov ($((SECONDS - t0))s)"
# Tells the boot check that the kernel in $obj is the tip's.
echo "$tip" >"$obj/.built-commit"
