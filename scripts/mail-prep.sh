#!/bin/bash
# Write the series, ready to mail, to $BUILD/outgoing: "git format-patch
# --cover-letter --base" from the developer tree, with the cover letter's
# subject and text taken from patches/cover-letter.txt (first line: subject).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$BUILD/linux}
out=$BUILD/outgoing
letter=$TOP/patches/cover-letter.txt
[ -e "$tree/.git" ] || die "$tree is not a working tree; run 'make tree' first"
rm -rf "$out"
git -C "$tree" format-patch -q --cover-letter --base="$BASE_TAG" --thread -o "$out" "$BASE_TAG..HEAD"
python3 - "$out"/0000-cover-letter.patch "$letter" <<'PY'
import sys
path, letter = sys.argv[1], sys.argv[2]
subject, _, body = open(letter).read().partition('\n')
text = open(path).read()
text = text.replace('*** SUBJECT HERE ***', subject.strip(), 1)
text = text.replace('*** BLURB HERE ***', body.strip(), 1)
open(path, 'w').write(text)
PY
say "$(ls "$out" | wc -l) files in $out; send with: git send-email --to kvm@vger.kernel.org $out/*.patch"
