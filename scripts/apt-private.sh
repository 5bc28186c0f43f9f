#!/bin/bash
# Run apt-get or apt-cache against a private sources list that this project
# owns, so the system's apt configuration is never touched.
#
#   scripts/apt-private.sh apt-get update
#   scripts/apt-private.sh apt-get download PKG=VER
#
# Sources: the base kernel's suite; the suite sparse is built from; and the
# source suite of the machine's own Debian release, for the QEMU TCG plugin
# header of the installed QEMU (cost/fetch-plugin-header.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dir=$CACHE/apt
mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
cat > "$dir/sources.list.new" <<EOT
deb $BASE_MIRROR $BASE_SUITE main
deb-src $BASE_MIRROR $SPARSE_SUITE main
EOT
if [ -n "$HOST_SUITE" ]; then
	printf 'deb-src %s %s main\ndeb-src %s %s-updates main\n' \
		"$BASE_MIRROR" "$HOST_SUITE" "$BASE_MIRROR" "$HOST_SUITE" >>"$dir/sources.list.new"
fi
if ! cmp -s "$dir/sources.list.new" "$dir/sources.list" 2>/dev/null; then
	mv "$dir/sources.list.new" "$dir/sources.list"
	rm -f "$dir/updated"
else
	rm -f "$dir/sources.list.new"
fi

tool=$1
shift
opts=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=-
      -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
      -o APT::Sandbox::User=root -o Debug::NoLocking=1)

# Refresh the lists at most once an hour.
if [ "${1:-}" != update ] && [ -z "$(find "$dir/updated" -mmin -60 2>/dev/null)" ]; then
	apt-get "${opts[@]}" -q update >/dev/null || die "apt-get update failed for $dir/sources.list"
	touch "$dir/updated"
fi
exec "$tool" "${opts[@]}" "$@"
