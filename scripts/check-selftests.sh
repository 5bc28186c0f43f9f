#!/bin/bash
# Build the x86 KVM selftests on the base and with the series, and fail on a
# compiler warning the base build does not also have. The series' build is
# what the boot check runs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$CHECK_TREE
tip=$(git -C "$tree" rev-parse HEAD)
# Every file is compiled, so that each log has every warning: the objects
# of an earlier build go, the installed uAPI headers stay. ccache serves the
# compiles it has seen: the series' are the bisect check's last selftests
# build, made in the same directory, so with the same command lines.
rm -rf "$BUILD/check/selftests-base/kvm" "$BUILD/check/selftests-series/kvm"
git -C "$tree" checkout -q "$BASE_TAG"
"$TOP/scripts/selftests-build.sh" "$tree" "$BUILD/check/selftests-base" | sed 's/^/  base: /'
git -C "$tree" checkout -q "$tip"
"$TOP/scripts/selftests-build.sh" "$tree" "$BUILD/check/selftests-series" | sed 's/^/  series: /'
"$TOP/scripts/new-warnings.py" "$BUILD/check/selftests-base/build.log" \
	"$BUILD/check/selftests-series/build.log" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
