# Common helpers for the scripts in this directory. Source it, do not run it.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# What this clone builds: trees, object directories, logs.
BUILD=${BUILD:-$TOP/build}
# What every clone on the machine may share, so that a fresh clone (as in CI)
# does not download or compile again: the download, the base repository,
# sparse and the ccache.
CACHE=${SERIES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-sev-series}
# shellcheck source=../base.conf
. "$TOP/base.conf"

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
JOBS=${JOBS:-$(nproc)}
# The machine's distribution and release (debian, bookworm): where the
# source of its own packages is, such as the installed QEMU's.
HOST_ID=$(. /etc/os-release 2>/dev/null || . /usr/lib/os-release 2>/dev/null; echo "${ID:-}")
HOST_SUITE=${HOST_SUITE:-$(. /etc/os-release 2>/dev/null || . /usr/lib/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")}

die() {
	echo "error: $*" >&2
	exit 1
}

say() {
	echo "==> $*"
}

# Fail unless LOG, the console log of a boot, shows the kernel that OBJDIR
# built: its UTS_VERSION, which has the build's number and time. A boot of
# an older kernel passes or fails for that kernel's code (see
# scripts/ccache-bin/gcc).
check_booted_kernel() {
	local uts booted
	uts=$(sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p' "$1/include/generated/utsversion.h" 2>/dev/null)
	[ -n "$uts" ] || die "no UTS_VERSION in $1/include/generated/utsversion.h"
	grep -a -q -F "$uts" "$2" && return 0
	booted=$(grep -a -m1 -o 'Linux version .*' "$2" | sed 's/^.*) //')
	die "$2 is not the boot of the kernel in $1 ($uts) but of ${booted:-no kernel}"
}


BASE_TAG=base
BASE_GIT=$CACHE/base.git

# The patch files named in patches/series, in order, without comments.
series_patches() {
	[ -f "$TOP/patches/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$TOP/patches/series"
}

# A digest of the series (patches/series and its patches, not the cover
# letter): what the mutants' tree and the coverage data were made from.
series_stamp() {
	(cd "$TOP/patches" && series_patches | xargs cat series | sha256sum | cut -d' ' -f1)
}

# Source trees and object directories are siblings ("../linux" from every
# object directory), so with a base directory ccache shares results between
# the developer's tree and the check tree.
# ccache runs in preprocessor mode by default: a change to a header that
# leaves an object's preprocessed source as it was still hits, which serves
# the developer's builds after a rebase. The checks' kernel builds (bisect,
# lint, KUnit, cost) use depend mode ($CCACHE_DEPEND_MODE) instead: it
# doesn't run the preprocessor first, so a miss costs 7% more than without
# ccache, not 36% (arch/x86/kvm, 2026-12-01), and in a run from nothing
# nearly every compile is a miss. An unchanged tree hits in either mode.
CCACHE_DEPEND_MODE=1
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
CHECK_TREE=$BUILD/check/linux
# The boot kernel's fragments (build/check/obj-boot: bisect, boot, main):
# config/kvm.config, with gcov for the coverage check.
BOOT_FRAGMENTS="$TOP/config/kvm.config $TOP/config/gcov.config"
# The make argument that profiles the boot kernel's modules, KVM's among
# them, with gcov: the flags that CONFIG_GCOV_PROFILE_ALL would give every
# object, for module objects only. Used for the tip's build, which the boot
# check boots; nothing else of that kernel is profiled.
# shellcheck disable=SC2016
BOOT_GCOV_MAKE='CFLAGS_MODULE=$(CFLAGS_GCOV)'

# The base's warnings, recorded under config/base-warnings/ so that a run
# from nothing need not build the base too just to learn them (the lint and
# selftests checks, 2026-12-02: about 3 minutes of a run from nothing). A
# recording is named by its check and by a digest of everything its warnings
# depend on: the base, the compiler, linker and make, and what the check
# passes (the configuration, the directories, sparse's version). With none
# for its digest, a check builds the base as before and writes the recording
# it would have used to $BUILD/check/base-warnings/, to be committed; a stale
# recording is never used, only left unused.
RECORDED_WARNINGS=$TOP/config/base-warnings
# warnings_key CHECK [INPUT...]: the digest of a recording of CHECK.
# (Not "| head -1" on a command's output: under pipefail, head's early exit
# can fail the command with SIGPIPE, and with it the caller; it did once,
# under load, and the lint check died without a word.)
warnings_key() {
	{ echo "$1 $BASE_VERSION"; shift; printf '%s\n' "$@"
	  gcc --version | sed -n 1p; ld --version | sed -n 1p; make --version | sed -n 1p; } |
		sha256sum | cut -c1-16
}
# warnings_only LOG DIR...: the warning lines of LOG, as new-warnings.py reads
# them, with each DIR/ (a source tree, an output directory) left out of the
# paths, so that another clone's recording compares with this one's log.
warnings_only() {
	local log=$1 d sed=(-e "s|^||")
	shift
	for d in "$@"; do sed+=(-e "s|$d/||g"); done
	grep -a -E '^[[:space:]]*[^[:space:]:]+:[0-9]+:([0-9]+:)?[[:space:]]*(warning|error|WARNING|ERROR|CRITICAL)' "$log" |
		sed "${sed[@]}" || true
}
# record_warnings CHECK KEY LOG DIR...: write the recording of LOG for CHECK
# and KEY to $BUILD/check/base-warnings/ and print its path.
record_warnings() {
	local check=$1 key=$2 log=$3 out
	shift 3
	out=$BUILD/check/base-warnings/$check-$key.log
	mkdir -p "${out%/*}"
	{ echo "# The $check check's warnings of the base $BASE_VERSION, key $key"
	  echo "# (scripts/lib.sh, warnings_key). Written by scripts/check-$check.sh."
	  warnings_only "$log" "$@"; } >"$out"
	echo "$out"
}

# The cost check's kernels (scripts/check-cost.sh): the boot kernel's
# configuration without gcov profiling. A staged kernel is a directory with
# bzImage, System.map, .config, mods/lib/modules/... and a stamp: the commit,
# the configuration fragments and the compiler and linker it was built with.
# The series kernel is staged in $COST_DIR/series, the reference kernel in
# $COST_DIR/base, both by the bisect check as it builds them.
COST_DIR=$BUILD/check/cost
cost_stamp() {
	local frag
	frag=$(cat $BOOT_FRAGMENTS | sha256sum | cut -c1-16) || return 1
	echo "$1 $frag $(gcc --version | sed -n 1p) / $(ld --version | sed -n 1p)"
}
# cost_reference TREE TIP: print the commit of the series' first patch if
# that patch does nothing but add X86_FEATURE_* defines to cpufeatures.h;
# fail otherwise. Such a patch adds no instruction to any path KVM takes (the
# only other change it makes to the kernel is a name in the table that
# /proc/cpuinfo prints), so its kernel stands for the base in the cost
# check. The base itself would be a build from nothing, since nearly every
# object includes cpufeatures.h (6 minutes in a run from nothing), while the
# first patch's kernel is the bisect check's first build.
cost_reference() {
	local tree=$1 first files odd
	first=$(git -C "$tree" rev-list --reverse "$BASE_TAG..$2" | sed -n 1p)
	[ -n "$first" ] || return 1
	files=$(git -C "$tree" diff --name-only "$BASE_TAG" "$first") || return 1
	[ "$files" = arch/x86/include/asm/cpufeatures.h ] || return 1
	# Every changed line must be an added define of a feature bit.
	odd=$(git -C "$tree" diff -U0 "$BASE_TAG" "$first" | awk '
		/^(\+\+\+|---) / || /^(diff|index|@@) / { next }
		/^\+#define X86_FEATURE_[A-Z0-9_]+[ \t]+\( *[0-9]+ *\* *32 *\+ *[0-9]+ *\)[ \t]*(\/\*.*\*\/)?[ \t]*$/ { next }
		{ print }') || return 1
	[ -z "$odd" ] || return 1
	echo "$first"
}
# stage_kernel SRCTREE OBJDIR DEST COMMIT: copy what OBJDIR built.
stage_kernel() {
	local dest=$3
	rm -rf "$dest"
	mkdir -p "$dest/mods"
	make -s -C "$1" O="$2" INSTALL_MOD_PATH="$dest/mods" INSTALL_MOD_STRIP=1 \
		modules_install >/dev/null || return 1
	cp "$2/arch/x86/boot/bzImage" "$2/System.map" "$2/.config" "$dest/" || return 1
	cost_stamp "$4" >"$dest/stamp"
}

# base_worktree [COMMIT]: make $BASE_TREE a worktree of the check tree at
# COMMIT (the base if none), if it is not at it already, so that the base (or
# the cost check's reference) can be built while the check tree stays at the
# tip (the cost and docs checks). A directory named linux next to the object
# directories, as for the check tree: ccache then finds the same relative
# paths.
BASE_TREE=$BUILD/check/base/linux
base_worktree() {
	local want
	want=$(git -C "$CHECK_TREE" rev-parse "${1:-$BASE_TAG}") || return 1
	[ "$(git -C "$BASE_TREE" rev-parse HEAD 2>/dev/null)" != "$want" ] || return 0
	if [ "$(git -C "$BASE_TREE" rev-parse --show-toplevel 2>/dev/null)" = "$BASE_TREE" ] &&
		git -C "$BASE_TREE" checkout -q --detach "$want" 2>/dev/null; then
		return 0
	fi
	rm -rf "$BASE_TREE"
	git -C "$CHECK_TREE" worktree prune
	git -C "$CHECK_TREE" worktree add -q --detach "$BASE_TREE" "$want"
}
