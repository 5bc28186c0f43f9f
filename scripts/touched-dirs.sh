#!/bin/bash
# Print the Kbuild directories whose C or assembly files the given commits
# change, as "make" targets ("arch/x86/kvm/"). A file that is #included
# rather than built on its own maps to the nearest directory with a Makefile.
#
#   scripts/touched-dirs.sh TREE REV-RANGE-OR-COMMIT...
set -euo pipefail
tree=$1
shift
git -C "$tree" diff --name-only "$@" -- '*.c' '*.S' |
	grep -v -E '^(tools|Documentation|scripts|samples|usr)/' |
	while read -r f; do
		d=$(dirname "$f")
		while [ "$d" != . ] && [ ! -f "$tree/$d/Makefile" ] && [ ! -f "$tree/$d/Kbuild" ]; do
			d=$(dirname "$d")
		done
		[ "$d" != . ] && [ -d "$tree/$d" ] && echo "$d/"
	done | sort -u
