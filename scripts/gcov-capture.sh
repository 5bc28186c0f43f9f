#!/bin/bash
# Turn the gcov data that a guest copied out (scripts/gcov-extract.sh) into
# an lcov tracefile of arch/x86/kvm: put the .gcda files next to the .gcno
# files of the object directory the kernel was built in, and run Debian's
# lcov (which runs gcov) there. Objects that did not run count with 0.
#
#   scripts/gcov-capture.sh OBJDIR GCOV.tar.gz NAME OUTPUT.info
set -euo pipefail
. "$(dirname "$0")/lib.sh"

obj=$(realpath "$1")
tarball=$2
name=$3
info=$(realpath -m "$4")
[ -s "$tarball" ] || die "no gcov data in $tarball; run the check that boots that kernel first"
kvm=$obj/arch/x86/kvm
[ -d "$kvm" ] || die "no $kvm"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp"
# The guest names each file by the object directory's path at build time.
find "$kvm" -name '*.gcda' -delete
n=0
while read -r f; do
	rel=arch/x86/kvm/${f#*/arch/x86/kvm/}
	[ -f "$obj/${rel%.gcda}.gcno" ] || die "$rel: no ${rel%.gcda}.gcno in $obj (was it rebuilt?)"
	cp "$tmp/$f" "$obj/$rel"
	n=$((n + 1))
done < <(cd "$tmp" && find . -name '*.gcda' | sed 's|^\./||')
[ "$n" -gt 0 ] || die "no .gcda file of arch/x86/kvm in $tarball"

mkdir -p "$(dirname "$info")"
# --initial gives every object built, run or not (kvm-intel.ko never loads
# here), its lines with count 0; the data of the run is added to that.
lcov() { command lcov --quiet --gcov-tool gcov "$@" >>"$info.log" 2>&1 ||
	{ tail -20 "$info.log" >&2; die "lcov $1 failed (log: $info.log)"; }; }
rm -f "$info.log"
lcov --capture --initial --directory "$kvm" --output-file "$info.zero"
lcov --capture --test-name "$name" --directory "$kvm" --output-file "$info.run"
lcov --add-tracefile "$info.zero" --add-tracefile "$info.run" --output-file "$info.all"
lcov --extract "$info.all" '*/arch/x86/kvm/*' --output-file "$info"
rm -f "$info.zero" "$info.run" "$info.all"
echo "  $name: $n .gcda files of arch/x86/kvm from $obj (lcov: ${SECONDS}s)"
