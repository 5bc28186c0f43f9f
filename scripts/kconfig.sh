#!/bin/bash
# Write the .config of an object directory from allnoconfig plus fragments,
# and check that every option of the fragments that the source tree knows got
# the value they ask for (the last fragment wins).
#
#   scripts/kconfig.sh SRCTREE OBJDIR [FRAGMENT...]   (default: config/kvm.config)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1")
obj=$(realpath -m "$2")
shift 2
[ $# -gt 0 ] || set -- "$TOP/config/kvm.config"
mkdir -p "$obj"
frag=$obj/kconfig.fragment
cat "$@" > "$frag"
make -s -C "$src" O="$obj" KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null

known=$(grep -rhs --include='Kconfig*' -E '^(menu)?config [A-Z0-9_]+$' "$src" | awk '{print $2}' | sort -u)
bad=0
while IFS='=' read -r opt want; do
	sym=${opt#CONFIG_}
	# An option this tree does not define yet (one the series adds) is fine.
	grep -qx "$sym" <<<"$known" || continue
	have=$(grep -E "^${opt}=|^# ${opt} is not set" "$obj/.config" || true)
	case $have in
	"$opt=$want") ;;
	"# $opt is not set") [ "$want" = n ] || { echo "kconfig: $opt=$want was dropped" >&2; bad=1; } ;;
	*) echo "kconfig: $opt=$want became '${have:-missing}'" >&2; bad=1 ;;
	esac
done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$frag" | tac | awk -F= '!seen[$1]++' | tac)
[ $bad = 0 ] || die "$* does not apply cleanly to $src"
