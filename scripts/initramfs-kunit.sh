#!/bin/bash
# Pack the KUnit kernel's initramfs: busybox, probe/kunit-init as /init and
# probe/gcov-dump.
#
#   scripts/initramfs-kunit.sh OUTPUT.cpio.gz
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "$1")
root=$out.d
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp}
install -m 755 /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$TOP/probe/kunit-init" "$root/init"
install -m 755 "$TOP/probe/gcov-dump" "$root/bin/gcov-dump"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out"
rm -rf "$root"
