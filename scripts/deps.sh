#!/bin/bash
# Install what the build and the checks need from Debian's packages, and only
# what is missing. Each line: a command or file that must exist, and the
# package that provides it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

needs=(
	"cmd:ccache ccache"
	"cmd:qemu-system-x86_64 qemu-system-x86"
	"cmd:flex flex"
	"cmd:bison bison"
	"cmd:bc bc"
	"cmd:cpio cpio"
	"cmd:xz xz-utils"
	"cmd:rsync rsync"
	"cmd:depmod kmod"
	"cmd:dpkg-source dpkg-dev"
	"cmd:sphinx-build python3-sphinx"
	"cmd:perl perl"
	"cmd:python3 python3"
	"cmd:gcov gcc"
	"cmd:lcov lcov"
	"file:/bin/busybox busybox-static"
	"file:/usr/include/gelf.h libelf-dev"
	"file:/usr/include/openssl/ssl.h libssl-dev"
	"file:/usr/include/numa.h libnuma-dev"
	"file:/usr/lib/python3/dist-packages/yaml/__init__.py python3-yaml"
	"file:/usr/lib/python3/dist-packages/ply/__init__.py python3-ply"
	"file:/usr/lib/python3/dist-packages/git/__init__.py python3-git"
)

missing=()
for n in "${needs[@]}"; do
	what=${n%% *}
	pkg=${n#* }
	case $what in
	cmd:*) command -v "${what#cmd:}" >/dev/null 2>&1 && continue ;;
	file:*) [ -e "${what#file:}" ] && continue ;;
	esac
	missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	die "missing packages; install them with: apt-get install ${missing[*]}"
fi
say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
apt-get -q install -y --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
