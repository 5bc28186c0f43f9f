#!/bin/bash
# Write the commits of a working tree since the base to a patches directory:
# one "git format-patch" file per commit and a "series" file.
#
#   scripts/export.sh [TREE [OUTDIR]]   (default: $BUILD/linux, patches/)
#
# The output depends only on the commits' content, author and author date, so
# mktree.sh followed by export.sh reproduces patches/ byte for byte. The blob
# abbreviations in "index" lines have a fixed length: git's default grows with
# the number of objects in the repository, which differs between machines.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$BUILD/linux}
out=${2:-$TOP/patches}
[ -e "$tree/.git" ] || die "$tree is not a working tree; run 'make tree' first"
[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
	die "$tree has uncommitted changes; commit them before exporting"

mkdir -p "$out"
find "$out" -maxdepth 1 -name '*.patch' -delete
git -C "$tree" -c core.abbrev=12 format-patch -q --zero-commit --no-signature --no-cover-letter \
	--no-base -N -o "$out" "$BASE_TAG..HEAD" > /dev/null
(
	echo "# The series, in the order git am applies it. Made by scripts/export.sh."
	cd "$out" && ls -1 -- *.patch 2>/dev/null || true
) > "$out/series"
say "exported $(git -C "$tree" rev-list --count "$BASE_TAG..HEAD") patches to $out"
