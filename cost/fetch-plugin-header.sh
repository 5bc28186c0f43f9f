#!/bin/bash
# Fetch QEMU's TCG plugin API header (include/qemu/qemu-plugin.h) from the
# Debian source package of the QEMU that is installed, so the plugin is built
# against exactly the API that the installed qemu-system-x86_64 implements.
# The source package comes through the project's private apt setup
# (scripts/apt-private.sh, list "host": the machine's own release) and is
# kept in the cache. Written for the plugin API of QEMU 7.2 (Debian 12);
# QEMU 9 changed the API that plugin.c uses, and its header needs glib.
#
#   cost/fetch-plugin-header.sh OUTDIR      -> OUTDIR/qemu-plugin.h
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
out=$(realpath -m "${1:-$TOP/cost/build}")
mkdir -p "$out"
# The binary package's version, less any binNMU suffix (+bN), is the source's.
srcver=$(dpkg-query -W -f '${source:Version}' qemu-system-x86)
v=${srcver#*:}		# 7.2+dfsg-7+deb12u18
if [ -s "$out/qemu-plugin.h" ] && [ "$(cat "$out/qemu-plugin.h.version" 2>/dev/null)" = "$srcver" ]; then
	exit 0
fi
say "qemu-plugin.h of qemu $srcver (the installed qemu-system-x86's source)"

src=$CACHE/qemu-src
mkdir -p "$src"
cd "$src"
upstream=${v%-*}	# 7.2+dfsg
debtar=$(find . -maxdepth 1 -name "qemu_$v.debian.tar.*" | head -1)
orig=$(find . -maxdepth 1 -name "qemu_$upstream.orig.tar.*" | head -1)
# apt-get source checks the sizes and hashes of what it has and fetches the rest.
if [ -z "$debtar" ] || [ -z "$orig" ] || ! xz -t "$orig" 2>/dev/null; then
	APT_PRIVATE_LIST=host "$TOP/scripts/apt-private.sh" apt-get -q source --download-only "qemu=$srcver" >&2 ||
		die "qemu $srcver is not in the sources of $HOST_SUITE"
	debtar=$(find . -maxdepth 1 -name "qemu_$v.debian.tar.*" | head -1)
	orig=$(find . -maxdepth 1 -name "qemu_$upstream.orig.tar.*" | head -1)
fi
[ -n "$orig" ] && [ -n "$debtar" ] || die "no qemu $srcver source in $src"
# Only the one header. Debian's patches are not applied: none touches it.
patched=$(tar -xOf "$debtar" --wildcards 'debian/patches/*' | grep -c '^+++ .*include/qemu/qemu-plugin\.h' || true)
[ "$patched" = 0 ] || die "a Debian patch of qemu $srcver changes qemu-plugin.h; apply it"
tar -xOf "$orig" --wildcards '*/include/qemu/qemu-plugin.h' >"$out/qemu-plugin.h.new"
mv "$out/qemu-plugin.h.new" "$out/qemu-plugin.h"
echo "$srcver" >"$out/qemu-plugin.h.version"
grep 'define QEMU_PLUGIN_VERSION' "$out/qemu-plugin.h" >&2
