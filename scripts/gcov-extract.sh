#!/bin/bash
# Decode the gcov data that probe/gcov-dump wrote to a guest's second serial
# port: base64 of a tar.gz of the .gcda files of arch/x86/kvm. Does nothing
# when the kernel has no gcov (the console says "@@ GCOV none").
#
#   scripts/gcov-extract.sh CONSOLE_LOG SERIAL_FILE OUTPUT.tar.gz
set -euo pipefail
. "$(dirname "$0")/lib.sh"

log=$1
b64=$2
out=$3
rm -f "$out"
if grep -a -q '^@@ GCOV none' "$log"; then
	exit 0
fi
n=$(tr -d '\r' < "$log" | sed -n 's/^@@ GCOV \([0-9]*\) files$/\1/p' | tail -1)
[ -n "$n" ] || die "the guest wrote no gcov data (no '@@ GCOV' line in $log)"
tr -d '\r' < "$b64" | base64 -d > "$out.new" && gzip -t "$out.new" ||
	die "the gcov data from the guest is damaged ($b64)"
have=$(tar -tzf "$out.new" | grep -c '\.gcda$' || true)
[ "$have" = "$n" ] || die "the guest copied $n .gcda files, $have arrived"
mv "$out.new" "$out"
say "gcov data: $n .gcda files of arch/x86/kvm in $out"
