#!/bin/bash
# Write the series, ready to mail, to $BUILD/outgoing: "git format-patch
# --cover-letter --base" of the check tree, which the last "make check" made
# from patches/ and measured, with the cover letter's subject and text taken
# from patches/cover-letter.txt (first line: subject), whose coverage item it
# first rewrites from that check if the item is stale, as it rewrites the
# cost figures in the letter and README.md from the last cost check of the
# same series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$CHECK_TREE
out=$BUILD/outgoing
letter=$TOP/patches/cover-letter.txt
summary=$BUILD/check/coverage/summary.json
stamp=$(series_stamp) || die "cannot read patches/"
[ -e "$tree/.git" ] && [ -f "$summary" ] || die "no coverage check of the series: run 'make check' first"
measured=$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["series"] if s.get("passed") else "failed")' "$summary") ||
	die "cannot read $summary: run 'make check' again"
[ "$measured" != failed ] || die "the last coverage check failed: fix it first"
[ "$measured" = "$stamp $(git -C "$tree" rev-parse 'HEAD^{tree}')" ] ||
	die "the last coverage check measured another version of the series: run 'make check' first"
"$TOP/scripts/cover-letter-coverage.py" check "$letter" "$summary" >/dev/null ||
	"$TOP/scripts/cover-letter-coverage.py" update "$letter" "$summary"
"$TOP/scripts/cover-letter-coverage.py" check "$letter" "$summary"
cost=$COST_DIR/measured.stamp
if [ "$(cat "$cost" 2>/dev/null)" = "$stamp $(git -C "$tree" rev-parse 'HEAD^{tree}')" ]; then
	"$TOP/cost/compare.py" "$COST_DIR/run-base/table.json" "$COST_DIR/run-series/table.json" \
		--update "$letter" --update "$TOP/README.md" | grep 'rewritten' || true
else
	echo "warning: no cost check of this series: the cost figures are as they were" >&2
fi
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
