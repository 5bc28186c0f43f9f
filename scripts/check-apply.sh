#!/bin/bash
# Apply the series to the pristine base with "git am" (which takes no fuzz)
# in the check tree, then export it again and compare with patches/: this
# catches hand-edited patch files and a stale series file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

FORCE=1 "$TOP/scripts/mktree.sh" "$CHECK_TREE" check | sed 's/^/  /'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TOP/scripts/export.sh" "$CHECK_TREE" "$tmp" >/dev/null
mkdir -p "$tmp/theirs"
if ! diff -r -u -x cover-letter.txt -x theirs "$TOP/patches" "$tmp" > "$tmp/theirs/diff"; then
	head -40 "$tmp/theirs/diff" | sed 's/^/  /'
	die "exporting the applied series does not reproduce patches/ (run 'make tree export')"
fi
echo "  export reproduces patches/ byte for byte"
# Which series the check tree holds, for the coverage check and "make mail".
stamp=$(series_stamp) || die "cannot read patches/"
echo "$stamp $(git -C "$CHECK_TREE" rev-parse 'HEAD^{tree}')" >"$BUILD/check/applied.stamp"
