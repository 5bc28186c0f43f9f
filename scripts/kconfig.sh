#!/bin/bash
# Write the .config of an object directory from allnoconfig plus fragments,
# and check that every option of the fragments that the source tree knows got
# the value they ask for (the last fragment wins).
#
#   scripts/kconfig.sh SRCTREE OBJDIR [FRAGMENT...]   (default: config/kvm.config)
#
# Kconfig probes the compiler as it runs, so this takes about 12 seconds, and
# a .config with a new time makes the next make run Kconfig again. Neither
# is paid twice: when the fragments, every Kconfig file of the tree and the
# toolchain are what they were when this object directory's .config was
# written, and the .config is untouched since, nothing is done; and a .config
# written again with the same content keeps its old time. The bisect check
# builds each patch in turn and gains about 25 seconds a patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1")
obj=$(realpath -m "$2")
shift 2
[ $# -gt 0 ] || set -- "$TOP/config/kvm.config"
mkdir -p "$obj"
frag=$obj/kconfig.fragment
stamp=$obj/.kconfig-inputs
inputs=$({ cat "$@"
	find "$src" \( -name .git -prune \) -o -name 'Kconfig*' -type f -print0 |
		sort -z | xargs -0 cat
	gcc --version; ld --version; echo "$src"; } | sha256sum | cut -c1-32)
if [ -f "$obj/.config" ] && [ -f "$stamp" ] &&
	[ "$(cat "$stamp")" = "$inputs $(sha256sum <"$obj/.config" | cut -c1-32)" ]; then
	exit 0
fi
rm -f "$stamp"
cat "$@" > "$frag.new"
if cmp -s "$frag.new" "$frag"; then rm "$frag.new"; else mv "$frag.new" "$frag"; fi
[ ! -f "$obj/.config" ] || cp -p "$obj/.config" "$obj/.config.before"
# Kconfig warns of every option that a later fragment sets again, on purpose.
make -s -C "$src" O="$obj" KCONFIG_ALLCONFIG="$frag" allnoconfig >"$obj/kconfig.log" 2>&1 ||
	{ cat "$obj/kconfig.log" >&2; die "allnoconfig failed in $obj"; }
if [ -f "$obj/.config.before" ] && cmp -s "$obj/.config.before" "$obj/.config"; then
	touch -r "$obj/.config.before" "$obj/.config"
fi
rm -f "$obj/.config.before"

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
	# Kconfig leaves out an option whose dependencies are not met: it is n.
	"") [ "$want" = n ] || { echo "kconfig: $opt=$want became 'missing'" >&2; bad=1; } ;;
	*) echo "kconfig: $opt=$want became '${have:-missing}'" >&2; bad=1 ;;
	esac
done < <(grep -E '^CONFIG_[A-Z0-9_]+=' "$frag" | tac | awk -F= '!seen[$1]++' | tac)
[ $bad = 0 ] || die "$* does not apply cleanly to $src"
echo "$inputs $(sha256sum <"$obj/.config" | cut -c1-32)" >"$stamp"
