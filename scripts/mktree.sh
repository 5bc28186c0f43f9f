#!/bin/bash
# Make a git working tree of the base with the series applied, one commit per
# patch, on branch "series".
#
#   scripts/mktree.sh [DIR [BRANCH]]   (default: $BUILD/linux, series)
#
# An existing tree is reused (so builds in it stay incremental) but only when
# it holds no work that patches/ lacks; otherwise the script refuses.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$(realpath -m "${1:-$BUILD/linux}")
branch=${2:-series}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$(git config user.name || echo "series tooling")}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$(git config user.email || echo "tooling@localhost")}
"$TOP/scripts/fetch-base.sh" >/dev/null

# A tree made from an earlier base repository (fetch-base.sh was run again)
# cannot be reused.
if [ -e "$dir/.git" ] &&
   [ "$(git -C "$dir" rev-parse -q --verify "$BASE_TAG^{commit}" 2>/dev/null)" != \
     "$(git --git-dir="$BASE_GIT" rev-parse "$BASE_TAG^{commit}")" ]; then
	[ -n "${FORCE:-}" ] || die "$dir belongs to an earlier base; export its work, then remove it (or FORCE=1)"
	rm -rf "$dir"
fi

if [ -e "$dir/.git" ]; then
	if [ -z "${FORCE:-}" ]; then
		[ -z "$(git -C "$dir" status --porcelain --untracked-files=no)" ] ||
			die "$dir has uncommitted changes; commit or discard them (or FORCE=1)"
		if [ "$(git -C "$dir" rev-list --count "$BASE_TAG"..HEAD)" != 0 ]; then
			tmp=$(mktemp -d)
			trap 'rm -rf "$tmp"' EXIT
			"$TOP/scripts/export.sh" "$dir" "$tmp" >/dev/null
			diff -r -q -x cover-letter.txt "$TOP/patches" "$tmp" >/dev/null ||
				die "$dir holds commits that differ from patches/; run 'make export' first (or FORCE=1)"
		fi
	fi
	git -C "$dir" am --abort >/dev/null 2>&1 || true
	git -C "$dir" checkout -q -f -B "$branch" "$BASE_TAG"
	git -C "$dir" clean -q -f -d -x
else
	# A clone that borrows the base repository's objects: cheap, and its
	# branches are its own.
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	git clone -q --shared --no-checkout "$BASE_GIT" "$dir"
	git -C "$dir" checkout -q -b "$branch" "$BASE_TAG"
fi

n=0
while read -r p; do
	n=$((n + 1))
	if ! git -C "$dir" am -q --committer-date-is-author-date "$TOP/patches/$p" >/dev/null 2>"$dir.am.log"; then
		cat "$dir.am.log" >&2
		git -C "$dir" am --abort >/dev/null 2>&1 || true
		die "patch $n ($p) does not apply"
	fi
done < <(series_patches)
rm -f "$dir.am.log"
say "$dir: $BASE_TAG + $n patches"
