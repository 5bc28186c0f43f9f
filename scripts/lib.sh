# Common helpers for the scripts in this directory. Source it, do not run it.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
# shellcheck source=../base.conf
. "$TOP/base.conf"

export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
JOBS=${JOBS:-$(nproc)}

die() {
	echo "error: $*" >&2
	exit 1
}

say() {
	echo "==> $*"
}

# Files of the base tree, written once by fetch-base.sh and mktree.sh.

BASE_TAG=base
BASE_GIT=$BUILD/base.git

# The patch files named in patches/series, in order, without comments.
series_patches() {
	[ -f "$TOP/patches/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$TOP/patches/series"
}

# Source trees and object directories are siblings ("../linux" from every
# object directory), so with a base directory ccache shares results between
# the developer's tree and the check tree.
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
CHECK_TREE=$BUILD/check/linux
