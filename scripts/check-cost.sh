#!/bin/bash
# What the series costs ordinary VMs: boot the base kernel and the series
# kernel (both with config/kvm.config and gcov.config, neither profiled) in
# QEMU TCG with cost/plugin.so, run the same nested, non-SEV workload in each
# (cost/exitcost: CPUID, unknown VMMCALL, port I/O, MSI injection, HLT and
# wake-up), and compare the instructions L1 executes per exit. Fails if the
# series adds more than 1% to any kind of exit beyond the spread of the runs
# (cost/compare.py). The series kernel is the one the bisect check built
# before it profiled the modules; the base is built here (from ccache after
# the first run). See cost/NOTES.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export FRAGMENTS=$BOOT_FRAGMENTS

tree=$CHECK_TREE
obj=$BUILD/check/obj-cost
tip=$(git -C "$tree" rev-parse HEAD)
trap 'git -C "$tree" checkout -q "$tip"' EXIT

kernel() {
	local label=$1 commit t0=$SECONDS
	commit=$(git -C "$tree" rev-parse "$2")
	if [ "$(cat "$COST_DIR/$label/stamp" 2>/dev/null)" = "$(cost_stamp "$commit")" ]; then
		echo "  $label kernel: built already ($(git -C "$tree" describe --always "$commit"))"
		return
	fi
	echo "  $label kernel: building $(git -C "$tree" describe --always "$commit") in $obj"
	git -C "$tree" checkout -q "$commit"
	"$TOP/scripts/kbuild.sh" "$tree" "$obj" bzImage modules
	stage_kernel "$tree" "$obj" "$label" "$commit"
	git -C "$tree" checkout -q "$tip"
	echo "  $label kernel: built ($((SECONDS - t0))s)"
}
kernel series "$tip"
kernel base "$BASE_TAG"

for label in base series; do
	t0=$SECONDS
	k=$COST_DIR/$label
	echo "  $label: measuring (QEMU TCG, icount)"
	COST_SYSTEM_MAP=$k/System.map "$TOP/cost/run.sh" "$k/bzImage" "$k/mods" "$COST_DIR/run-$label" \
		>"$COST_DIR/run-$label.log" 2>&1 || {
		sed 's/^/    /' "$COST_DIR/run-$label.log" | tail -30
		die "the $label kernel's measurement failed"
	}
	echo "  $label: measured ($((SECONDS - t0))s, table: $COST_DIR/run-$label/table.txt)"
done
"$TOP/cost/compare.py" "$COST_DIR/run-base/table.json" "$COST_DIR/run-series/table.json" \
	--markdown "$COST_DIR/table.md" --doc "$TOP/README.md" --doc "$TOP/patches/cover-letter.txt" | sed 's/^/  /'
exit "${PIPESTATUS[0]}"
