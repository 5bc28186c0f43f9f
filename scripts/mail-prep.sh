#!/bin/bash
# Write the series, ready to mail, to $BUILD/outgoing: "git format-patch
# --cover-letter --base" from the developer tree, with the cover letter's
# subject and text taken from patches/cover-letter.txt (first line: subject),
# whose coverage paragraph it first rewrites from the last coverage check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=${1:-$BUILD/linux}
out=$BUILD/outgoing
letter=$TOP/patches/cover-letter.txt
[ -e "$tree/.git" ] || die "$tree is not a working tree; run 'make tree' first"

# The letter's coverage paragraph comes from a coverage check of this series.
summary=$BUILD/check/coverage/summary.json
[ -f "$summary" ] || die "no coverage data: run 'make check' first"
[ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("series", ""))' "$summary")" = "$(series_stamp)" ] ||
	die "$summary is of another version of the series: run 'make check' first"
"$TOP/scripts/cover-letter-coverage.py" update "$letter" "$summary"
"$TOP/scripts/cover-letter-coverage.py" check "$letter" "$summary"
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
