#!/bin/bash
# Line coverage of the series' code in arch/x86/kvm, from the gcov data that
# the KUnit check and the boot check copied out of their guests (both kernels
# have config/gcov.config). Merges the two with lcov, writes an HTML report
# (genhtml) of arch/x86/kvm, and reports the lines the series adds or changes
# there: executed N of M in total, per file and per patch, and the lines
# never executed by function. Fails below the floor in
# config/coverage-floor.txt, or when the cover letter's coverage paragraph
# doesn't match (scripts/cover-letter-coverage.py; "make mail" rewrites it).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$BUILD/check/coverage
rm -rf "$out"
mkdir -p "$out"
# Measure only data of the check tree, which check-apply made from patches/.
tree=$(git -C "$CHECK_TREE" rev-parse 'HEAD^{tree}')
read -r series applied <"$BUILD/check/applied.stamp" ||
	die "no $BUILD/check/applied.stamp: run the apply check first"
[ "$applied" = "$tree" ] || die "$CHECK_TREE changed since the apply check: run it again"
for run in "$BUILD/check/kunit" "$BUILD/check/boot/series"; do
	[ "$(cat "$run/gcov.tree" 2>/dev/null)" = "$tree" ] ||
		die "the gcov data in $run are not of $CHECK_TREE as it is: run the kunit and boot checks again"
done
"$TOP/scripts/gcov-capture.sh" "$BUILD/check/kunit" "$BUILD/check/kunit/gcov.tar.gz" kunit "$out/kunit.info"
"$TOP/scripts/gcov-capture.sh" "$BUILD/check/obj-boot" "$BUILD/check/boot/series/gcov.tar.gz" boot "$out/boot.info"
lcov --quiet --add-tracefile "$out/kunit.info" --add-tracefile "$out/boot.info" \
	--output-file "$out/coverage.info" >"$out/lcov.log" 2>&1 ||
	{ tail -20 "$out/lcov.log"; die "lcov could not merge the tracefiles"; }
t0=$SECONDS
genhtml --quiet --prefix "$CHECK_TREE" --title "KVM series: KUnit + boot" \
	--output-directory "$out/html" "$out/coverage.info" >"$out/genhtml.log" 2>&1 ||
	{ tail -20 "$out/genhtml.log"; die "genhtml failed"; }
echo "  HTML report of arch/x86/kvm: $out/html/index.html (genhtml: $((SECONDS - t0))s)"
SERIES_STAMP="$series $tree" "$TOP/scripts/coverage-report.py" "$CHECK_TREE" "$BASE_TAG" \
	"$out/coverage.info" "$TOP/config/coverage-floor.txt" "$out" | sed 's/^/  /'
# The cover letter quotes the figure and the functions that never ran.
"$TOP/scripts/cover-letter-coverage.py" check "$TOP/patches/cover-letter.txt" \
	"$out/summary.json" | sed 's/^/  /'
