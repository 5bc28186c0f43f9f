#!/bin/bash
# Build the htmldocs of the Documentation directories the series touches,
# and always Documentation/virt/kvm, the series' own, with Debian's Sphinx.
# Fail on any warning the base does not also have. The base is built only
# when the series' build warns at all.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$CHECK_TREE
tip=$(git -C "$tree" rev-parse HEAD)
dirs=$( (echo virt/kvm
	git -C "$tree" diff --name-only "$BASE_TAG" "$tip" -- Documentation |
		sed -n 's|^Documentation/\([^/]*/[^/]*\)/.*|\1|p; s|^Documentation/\([^/]*\)/[^/]*$|\1|p') |
	sort -u | while read -r d; do [ -d "$tree/Documentation/$d" ] && echo "$d"; done | tr '\n' ' ')
echo "  SPHINXDIRS: $dirs"

docs() {
	local label=$1 obj=$BUILD/check/obj-docs-$1
	rm -rf "$obj/Documentation/output"
	mkdir -p "$obj"
	make -C "$tree" O="$obj" SPHINXDIRS="$dirs" htmldocs >"$obj/docs.log" 2>&1 ||
		{ tail -20 "$obj/docs.log"; die "htmldocs failed on the $label"; }
	echo "  $label: $(grep -c -i -E ': (warning|error)' "$obj/docs.log" || true) warnings"
}

docs series
if ! grep -q -i -E ': (warning|error)' "$BUILD/check/obj-docs-series/docs.log"; then
	exit 0
fi
git -C "$tree" checkout -q "$BASE_TAG"
docs base
git -C "$tree" checkout -q "$tip"
"$TOP/scripts/new-warnings.py" "$BUILD/check/obj-docs-base/docs.log" \
	"$BUILD/check/obj-docs-series/docs.log" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
