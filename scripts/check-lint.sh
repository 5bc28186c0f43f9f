#!/bin/bash
# Run sparse (C=1) and W=1 over arch/x86/kvm and every other Kbuild
# directory the series touches, and fail on any warning the base does not
# also have. The base's warnings come from config/base-warnings/ when it
# holds a recording for this base, toolchain, configuration and list of
# directories (warnings_key in scripts/lib.sh); otherwise the base is built
# first, in the same object directory, and its recording is left in
# build/check/base-warnings/ to be committed.
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
key=$(warnings_key lint "${dirs[*]}" "$SPARSE_VERSION" "W=1 C=1" "$(cat "$TOP/config/kvm.config")")

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
	[ "$(grep -c '^  CHECK ' "$log" || true)" -gt 0 ] ||
		die "sparse checked no file on the $label; the comparison would be empty"
	echo "  $label: $(grep -c '^  CHECK ' "$log" || true) files checked by sparse," \
		"$(grep -c '^  CC ' "$log" || true) compiled with W=1"
}

recorded=$RECORDED_WARNINGS/lint-$key.log
if [ -f "$recorded" ]; then
	echo "  base: warnings recorded in ${recorded#"$TOP"/}"
	# Only what is compiled shows its warnings: compile every object of
	# the directories, and KVM's objects in virt/kvm, again.
	for d in "${dirs[@]}" $(case " ${dirs[*]} " in *" arch/x86/kvm/ "*) echo virt/kvm/ ;; esac); do
		[ ! -d "$obj/$d" ] || find "$obj/$d" -name '*.o' -delete
	done
else
	echo "  base: no recording of its warnings for key $key, building it"
	git -C "$tree" checkout -q "$BASE_TAG"
	lint base
	recorded=$(record_warnings lint "$key" "$obj/lint-base.log" "$tree")
	echo "  base: recording written to $recorded; commit it to config/base-warnings/" \
		"to skip this build"
fi
git -C "$tree" checkout -q "$tip"
lint series
warnings_only "$obj/lint-series.log" "$tree" >"$obj/lint-series.warnings"
"$TOP/scripts/new-warnings.py" "$recorded" "$obj/lint-series.warnings" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
