#!/bin/bash
# Run apt-get or apt-cache against a private sources list that this project
# owns, so the system's apt configuration is never touched.
#
#   scripts/apt-private.sh apt-get update
#   scripts/apt-private.sh apt-get download PKG=VER
#
# APT_PRIVATE_LIST=host selects a second list: the sources of the machine's
# own Debian release (its suite, -updates and -security), for the source of
# an installed package such as QEMU's (cost/fetch-plugin-header.sh). It is
# kept apart so that a machine whose release Debian's mirror lacks can still
# fetch the base.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case ${APT_PRIVATE_LIST:-base} in
base)
	dir=$CACHE/apt
	mkdir -p "$dir"
	cat > "$dir/sources.list.new" <<EOT
deb $BASE_MIRROR $BASE_SUITE main
deb-src $BASE_MIRROR $SPARSE_SUITE main
EOT
	;;
host)
	[ "$HOST_ID" = debian ] && [ -n "$HOST_SUITE" ] ||
		die "this machine is not a Debian release with a codename (/etc/os-release: ID=$HOST_ID, VERSION_CODENAME=$HOST_SUITE)"
	dir=$CACHE/apt-host
	mkdir -p "$dir"
	cat > "$dir/sources.list.new" <<EOT
deb-src $BASE_MIRROR $HOST_SUITE main
deb-src $BASE_MIRROR $HOST_SUITE-updates main
deb-src ${BASE_MIRROR%/debian}/debian-security $HOST_SUITE-security main
EOT
	;;
*) die "APT_PRIVATE_LIST=$APT_PRIVATE_LIST: base or host" ;;
esac
mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
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
