#!/bin/bash
# Build sparse from Debian's source package into $CACHE/tools/bin. Debian 12's
# sparse 0.6.4 cannot parse 7.3's __typeof_unqual__, and the kernel then skips
# the check silently, so the checks need a newer one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bin=$CACHE/tools/bin/sparse
stamp=$CACHE/tools/sparse.version
if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$SPARSE_VERSION" ]; then
	exit 0
fi
src=$CACHE/tools/src
rm -rf "$src"
mkdir -p "$src" "$(dirname "$bin")"
say "building sparse $SPARSE_VERSION from Debian source ($SPARSE_SUITE)"
(cd "$src" && "$TOP/scripts/apt-private.sh" apt-get -q -y --only-source source \
	--download-only "sparse=$SPARSE_VERSION" >/dev/null)
# apt-get checked the files against the signed Sources index; unpack without
# asking for the uploader's key, which is not on the machine.
(cd "$src" && dpkg-source -q --no-check -x sparse_*.dsc sparse >/dev/null)
make -s -C "$src/sparse" -j"$JOBS" sparse CC=gcc HAVE_GTK=no HAVE_LLVM=no HAVE_SQLITE=no HAVE_LIBXML=no >"$src/make.log" 2>&1 ||
	{ cat "$src/make.log"; die "building sparse failed"; }
install -m 755 "$src/sparse/sparse" "$bin"
echo "$SPARSE_VERSION" > "$stamp"
say "sparse built from Debian $SPARSE_VERSION: $bin"
