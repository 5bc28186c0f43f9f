#!/bin/bash
# Run sparse (C=1) and W=1 over arch/x86/kvm and every other Kbuild
# directory the series touches, first on the base and then, incrementally in
# the same object directory, with the series. Fail on any warning the base
# does not also have. The baseline is computed here, in the same run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$CHECK_TREE
obj=$BUILD/check/obj-lint
export CCACHE_DEPEND=$CCACHE_DEPEND_MODE
tip=$(git -C "$tree" rev-parse HEAD)
"$TOP/scripts/build-sparse.sh" >/dev/null
sparse=$CACHE/tools/bin/sparse

# shellcheck disable=SC2207
dirs=($(printf '%s\n' arch/x86/kvm/ $("$TOP/scripts/touched-dirs.sh" "$tree" "$BASE_TAG" "$tip") | sort -u))
echo "  directories: ${dirs[*]}"

lint() {
	local label=$1 log=$obj/lint-$1.log
	echo "  $label: make W=1 C=1 ${dirs[*]}"
	local have=()
	for d in "${dirs[@]}"; do
		[ -d "$tree/$d" ] && have+=("$d")
	done
	"$TOP/scripts/kbuild.sh" "$tree" "$obj" W=1 C=1 CHECK="$sparse" "${have[@]}" ||
		die "W=1 C=1 build failed on the $label"
	cp "$obj/build.log" "$log"
	if grep -q 'sparse is not available\|sparse: not found\|No such file' "$log"; then
		die "sparse did not run on the $label (see $log)"
	fi
	echo "  $label: $(grep -c '^  CHECK ' "$log" || true) files checked by sparse," \
		"$(grep -c '^  CC ' "$log" || true) compiled with W=1"
}

git -C "$tree" checkout -q "$BASE_TAG"
lint base
git -C "$tree" checkout -q "$tip"
lint series
[ "$(grep -c '^  CHECK ' "$obj/lint-base.log" || true)" -gt 0 ] ||
	die "sparse checked no file on the base; the comparison would be empty"
"$TOP/scripts/new-warnings.py" "$obj/lint-base.log" "$obj/lint-series.log" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
