#!/bin/bash
# Build the htmldocs of the Documentation directories the series touches,
# and always Documentation/virt/kvm, the series' own, with Debian's Sphinx. A
# changed file that Sphinx never parses (one included only as a literal
# block, such as admin-guide/kernel-parameters.txt) adds no directory.
# Fail on any warning the base does not also have. The base's docs build at
# the same time as the series', in the base worktree (base_worktree in
# scripts/lib.sh), and their log is kept in the cache, for every clone,
# until the base, the directories or Sphinx change. The comparison runs only
# when the series' build warns at all.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tree=$CHECK_TREE
tip=$(git -C "$tree" rev-parse HEAD)

# literal FILE: whether FILE (under Documentation/) is a file that Sphinx
# never parses: not .rst, and included only with ":literal:" by the .rst
# files next to it, as admin-guide/kernel-parameters.txt is.
literal() {
	local f=$1 incs file line _
	case $f in *.rst) return 1 ;; esac
	incs=$(grep -n -E "^\.\. include:: +(\./)?${f##*/}[[:space:]]*\$" \
		"$tree/Documentation/${f%/*}"/*.rst 2>/dev/null) || return 1
	while IFS=: read -r file line _; do
		sed -n "$((line + 1))p" "$file" | grep -q -E '^[[:space:]]+:literal:' || return 1
	done <<<"$incs"
}

changed=$(git -C "$tree" diff --name-only "$BASE_TAG" "$tip" -- Documentation | sed 's|^Documentation/||')
for f in $changed; do
	! literal "$f" || echo "  Documentation/$f: included only as a literal block, nothing for Sphinx to check"
done
dirs=$( (echo virt/kvm
	for f in $changed; do literal "$f" || echo "$f"; done |
		sed -n 's|^\([^/]*/[^/]*\)/.*|\1|p; t; s|^\([^/]*\)/[^/]*$|\1|p') |
	sort -u | while read -r d; do [ -d "$tree/Documentation/$d" ] && echo "$d"; done | tr '\n' ' ')
echo "  SPHINXDIRS: $dirs"

# docs LABEL SRCTREE: the log is $BUILD/check/obj-docs-LABEL/docs.log.
docs() {
	local label=$1 obj=$BUILD/check/obj-docs-$1
	rm -rf "$obj/Documentation/output"
	mkdir -p "$obj"
	make -C "$2" O="$obj" SPHINXDIRS="$dirs" htmldocs >"$obj/docs.log" 2>&1 ||
		{ tail -20 "$obj/docs.log"; echo "htmldocs failed on the $label" >&2; return 1; }
}
nwarn() { grep -c -i -E ': (warning|error)' "$1" || true; }

base=$(git -C "$tree" rev-parse "$BASE_TAG")
key=$({ echo "$base $dirs"; sphinx-build --version 2>&1
	python3 -c 'import docutils; print(docutils.__version__)' 2>&1; } | sha256sum | cut -c1-16)
cached=$CACHE/docs-base/$key.log
baseobj=$BUILD/check/obj-docs-base
pid=
if [ ! -s "$cached" ]; then
	base_worktree || die "could not make the base worktree $BASE_TREE"
	docs base "$BASE_TREE" &
	pid=$!
fi
if ! docs series "$tree"; then
	[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" || true; }
	exit 1
fi
echo "  series: $(nwarn "$BUILD/check/obj-docs-series/docs.log") warnings"
if [ -n "$pid" ]; then
	wait "$pid" || die "htmldocs failed on the base"
	mkdir -p "$CACHE/docs-base"
	# Another clone's paths are its own: keep the log with placeholders.
	sed -e "s|$BASE_TREE/|@TREE@/|g" -e "s|$baseobj/|@OBJ@/|g" "$baseobj/docs.log" >"$cached.new"
	mv "$cached.new" "$cached"
	echo "  base: $(nwarn "$cached") warnings (built now, kept in $cached)"
else
	echo "  base: $(nwarn "$cached") warnings (from $cached)"
fi
if ! grep -q -i -E ': (warning|error)' "$BUILD/check/obj-docs-series/docs.log"; then
	exit 0
fi
mkdir -p "$baseobj"
sed -e "s|@TREE@/|$tree/|g" -e "s|@OBJ@/|$baseobj/|g" "$cached" >"$baseobj/base.log"
"$TOP/scripts/new-warnings.py" "$baseobj/base.log" \
	"$BUILD/check/obj-docs-series/docs.log" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
