#!/bin/bash
# Build the x86 KVM selftests with the series, and fail on a compiler warning
# that the base's build does not also have. The base's warnings come from
# config/base-warnings/ when it holds a recording for this base and
# toolchain (warnings_key in scripts/lib.sh); otherwise the base is built
# first and its recording is left in build/check/base-warnings/ to be
# committed. The series' build is what the boot check runs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$CHECK_TREE
tip=$(git -C "$tree" rev-parse HEAD)
base_out=$BUILD/check/selftests-base
out=$BUILD/check/selftests-series
key=$(warnings_key selftests "$(sha256sum <"$TOP/scripts/selftests-build.sh")")
# Every file is compiled, so that each log has every warning: the objects
# of an earlier build go, the installed uAPI headers stay. ccache serves the
# compiles it has seen: the series' are the bisect check's last selftests
# build, made in the same directory, so with the same command lines.
rm -rf "$base_out/kvm" "$out/kvm"
recorded=$RECORDED_WARNINGS/selftests-$key.log
if [ -f "$recorded" ]; then
	echo "  base: warnings recorded in ${recorded#"$TOP"/}"
else
	echo "  base: no recording of its warnings for key $key, building it"
	git -C "$tree" checkout -q "$BASE_TAG"
	"$TOP/scripts/selftests-build.sh" "$tree" "$base_out" | sed 's/^/  base: /'
	recorded=$(record_warnings selftests "$key" "$base_out/build.log" "$tree" "$base_out")
	echo "  base: recording written to $recorded; commit it to config/base-warnings/" \
		"to skip this build"
fi
git -C "$tree" checkout -q "$tip"
"$TOP/scripts/selftests-build.sh" "$tree" "$out" | sed 's/^/  series: /'
warnings_only "$out/build.log" "$tree" "$out" >"$out/build.warnings"
"$TOP/scripts/new-warnings.py" "$recorded" "$out/build.warnings" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
