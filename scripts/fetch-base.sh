#!/bin/bash
# Fetch the pinned linux-source package from Debian, check its sha256 and turn
# it into a bare git repository with one tagged base commit: $CACHE/base.git.
# A second run finds the cached repository and does nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

stamp=$CACHE/base.version
if [ -f "$stamp" ] && git --git-dir="$BASE_GIT" rev-parse -q --verify "refs/tags/$BASE_TAG" >/dev/null; then
	say "base: $(cat "$stamp") (cached in $BASE_GIT)"
	[ "$(cat "$stamp")" = "$BASE_PACKAGE $BASE_VERSION" ] ||
		echo "WARNING: the cached base is NOT the pinned $BASE_PACKAGE $BASE_VERSION" >&2
	exit 0
fi

dl=$CACHE/download
mkdir -p "$dl"
version=$BASE_VERSION
deb=$dl/${BASE_PACKAGE}_${version//:/%3a}_all.deb
if [ ! -f "$deb" ]; then
	say "downloading $BASE_PACKAGE $version from $BASE_SUITE"
	if ! (cd "$dl" && "$TOP/scripts/apt-private.sh" apt-get -q download "$BASE_PACKAGE=$version"); then
		version=$("$TOP/scripts/apt-private.sh" apt-cache policy "$BASE_PACKAGE" |
			  sed -n 's/^ *Candidate: *//p')
		[ -n "$version" ] && [ "$version" != "(none)" ] ||
			die "$BASE_PACKAGE is not in $BASE_SUITE at $BASE_MIRROR"
		cat >&2 <<EOT
################################################################################
# WARNING: $BASE_PACKAGE $BASE_VERSION has left the registry.
# WARNING: falling back to $version, which is NOT the pinned base.
# WARNING: results below are for $version; update base.conf once verified.
################################################################################
EOT
		(cd "$dl" && "$TOP/scripts/apt-private.sh" apt-get -q download "$BASE_PACKAGE=$version")
		deb=$dl/${BASE_PACKAGE}_${version//:/%3a}_all.deb
	fi
fi

if [ "$version" = "$BASE_VERSION" ]; then
	echo "$BASE_DEB_SHA256  $deb" | sha256sum -c --quiet ||
		die "sha256 mismatch for $deb (expected $BASE_DEB_SHA256)"
fi

unpack=$CACHE/base-deb
src=$CACHE/base-src
rm -rf "$unpack" "$src"
mkdir -p "$unpack" "$src"
say "extracting $(basename "$deb")"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$unpack" --wildcards './usr/src/*.tar.xz'
tarball=$(echo "$unpack"/usr/src/*.tar.xz)
if [ "$version" = "$BASE_VERSION" ]; then
	echo "$BASE_TARBALL_SHA256  $tarball" | sha256sum -c --quiet ||
		die "sha256 mismatch for $tarball (expected $BASE_TARBALL_SHA256)"
fi
tar -x -C "$src" --strip-components=1 -f "$tarball"
rm -rf "$unpack"

# Debian's tree ignores everything ("/*" in .gitignore), hence add -f. Fixed
# identities and dates make the base commit, and so "git format-patch
# --base", the same on every machine.
say "creating $BASE_GIT"
rm -rf "$BASE_GIT"
git init -q --bare "$BASE_GIT"
export GIT_DIR=$BASE_GIT GIT_WORK_TREE=$src
export GIT_AUTHOR_NAME="Debian linux-source" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
git add -A -f
git commit -q -m "Linux $(make -s -C "$src" kernelversion) from Debian $BASE_PACKAGE $version"
git tag "$BASE_TAG"
unset GIT_DIR GIT_WORK_TREE
rm -rf "$src"
echo "$BASE_PACKAGE $version" > "$stamp"
say "base: $BASE_PACKAGE $version, commit $(git --git-dir="$BASE_GIT" rev-parse --short "$BASE_TAG")"
