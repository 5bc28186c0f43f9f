#!/bin/bash
# Run "checkpatch.pl --strict" on every patch of the series. Any error,
# warning or check fails, unless config/checkpatch-allow.txt lists it for
# that patch with a reason.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

allow=$TOP/config/checkpatch-allow.txt
out_dir=$BUILD/check/checkpatch
rm -rf "$out_dir"
mkdir -p "$out_dir"
# One checkpatch.pl per core; each writes its patch's findings to a file.
# Debian's python3 first: checkpatch's SPDX check needs its ply and git
# modules. Anything printed besides findings (a traceback) also fails.
# shellcheck disable=SC2016
series_patches | (cd "$CHECK_TREE" && PATH=/usr/bin:$PATH xargs -P "$JOBS" -I{} sh -c \
	'perl scripts/checkpatch.pl --strict --terse --show-types --no-summary "$1/$2" >"$3/$2" 2>&1 || true' \
	sh "$TOP/patches" {} "$out_dir")
bad=0
n=0
while read -r p; do
	n=$((n + 1))
	[ -f "$out_dir/$p" ] || die "checkpatch.pl did not run on $p"
	out=$(cat "$out_dir/$p")
	left=()
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		type=$(sed -n 's/^[^:]*:[0-9]*: [A-Z]*:\([A-Z_0-9]*\):.*/\1/p' <<<"$line")
		if [ -n "$type" ] && grep -q -E "^${p}[[:space:]]+${type}[[:space:]]+[^[:space:]]" "$allow" 2>/dev/null; then
			echo "  allowed in $p: $type ($(grep -E "^${p}[[:space:]]+${type}" "$allow" | head -1 |
				awk '{$1=$2=""; print substr($0,3)}'))"
			continue
		fi
		left+=("$line")
	done <<<"$out"
	if [ ${#left[@]} -gt 0 ]; then
		printf '  %s\n' "${left[@]}"
		bad=$((bad + 1))
	fi
done < <(series_patches)
echo "  $n patches, $bad with findings"
[ $bad = 0 ]
