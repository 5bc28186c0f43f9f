#!/bin/bash
# Fetch QEMU's TCG plugin API header (include/qemu/qemu-plugin.h) from the
# Debian source package of the QEMU that is installed, so the plugin is built
# against exactly the API that the installed qemu-system-x86_64 implements.
#
#   cost/fetch-plugin-header.sh OUTDIR      -> OUTDIR/qemu-plugin.h
#
# scripts/apt-private.sh only has "deb-src ... unstable", which no longer
# carries the QEMU of Debian 12 (7.2); so this uses a private apt directory
# of its own, set up the same way, with a deb-src line for the suite of the
# installed QEMU (bookworm for Debian 12).  The system's apt configuration is
# never touched.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/build}")
mkdir -p "$out"
[ -s "$out/qemu-plugin.h" ] && exit 0

. "$here/../base.conf"
CACHE=${SERIES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-sev-series}
# The binary package's version, less any binNMU suffix (+bN), is the source's.
ver=$(dpkg-query -W -f '${Version}' qemu-system-x86)
srcver=$(dpkg-query -W -f '${source:Version}' qemu-system-x86)
suite=${QEMU_SRC_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
echo "==> qemu-system-x86 $ver, source qemu $srcver, suite $suite" >&2

dir=$CACHE/apt-cost-$suite
mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/src"
printf 'deb-src %s %s main\ndeb-src %s %s-updates main\n' \
	"$BASE_MIRROR" "$suite" "$BASE_MIRROR" "$suite" > "$dir/sources.list"
opts=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=-
      -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
      -o APT::Sandbox::User=root -o Debug::NoLocking=1)
if [ -z "$(find "$dir/updated" -mmin -1440 2>/dev/null)" ]; then
	apt-get "${opts[@]}" -q update >/dev/null
	touch "$dir/updated"
fi
cd "$dir/src"
v=${srcver#*:}		# 7.2+dfsg-7+deb12u18
upstream=${v%-*}	# 7.2+dfsg
debtar=$(find . -maxdepth 1 -name "qemu_$v.debian.tar.*" | head -1)
if [ -z "$debtar" ]; then
	apt-get "${opts[@]}" -q source --download-only "qemu=$srcver" >&2
	debtar=$(find . -maxdepth 1 -name "qemu_$v.debian.tar.*" | head -1)
fi
orig=$(find . -maxdepth 1 -name "qemu_$upstream.orig.tar.*" | head -1)
[ -n "$orig" ] && [ -n "$debtar" ] || { echo "error: no qemu $srcver source in $dir/src" >&2; exit 1; }
# Only the one header.  Debian's patches are not applied: none touches it.
if tar -xOf "$debtar" --wildcards 'debian/patches/*' | grep -q '^+++ .*include/qemu/qemu-plugin\.h'; then
	echo "error: a Debian patch of qemu $srcver changes qemu-plugin.h; apply it" >&2
	exit 1
fi
tar -xOf "$orig" --wildcards '*/include/qemu/qemu-plugin.h' > "$out/qemu-plugin.h.new"
mv "$out/qemu-plugin.h.new" "$out/qemu-plugin.h"
grep -n 'define QEMU_PLUGIN_VERSION' "$out/qemu-plugin.h" >&2
