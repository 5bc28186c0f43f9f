#!/bin/bash
# What the series costs ordinary VMs: boot the base kernel and the series
# kernel (both with config/kvm.config and gcov.config, neither profiled) in
# QEMU TCG with cost/plugin.so, run the same nested, non-SEV workload in each
# (cost/exitcost: CPUID, unknown VMMCALL, port I/O, MSI injection, HLT and
# wake-up), and compare the instructions L1 executes per exit
# (cost/compare.py). Fails if the series adds more than 1% to any kind of
# exit beyond the spread of the repetitions, if the runs are not clean
# enough to tell, or if README.md or the cover letter quotes other figures.
# Also prints, per kind of exit, the kernel functions whose instruction
# count differs (cost/profile-diff.py). See cost/NOTES.md.
#
# The series kernel is the one the bisect check built before it profiled the
# modules with gcov (built here if it is missing). The reference is the base,
# or the first patch when that patch only adds CPU feature bits
# (cost_reference in lib.sh): the bisect check staged its kernel. A reference
# kernel that is missing is built here, in a worktree of its own, so the
# check tree stays at the tip; the base's is kept in the cache, for every
# clone, until the toolchain or the fragments change.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
export FRAGMENTS=$BOOT_FRAGMENTS
export CCACHE_DEPEND=$CCACHE_DEPEND_MODE

tree=$CHECK_TREE
tip=$(git -C "$tree" rev-parse HEAD)
read -r _ applied <"$BUILD/check/applied.stamp" ||
	die "no $BUILD/check/applied.stamp: run the apply check first"
[ "$applied" = "$(git -C "$tree" rev-parse 'HEAD^{tree}')" ] ||
	die "$tree is not at the series the apply check applied"
[ "$(git -C "$tree" rev-list --count "$BASE_TAG..HEAD")" = "$(series_patches | wc -l)" ] ||
	die "$tree is not at the tip of the series"

# kernel LABEL COMMIT SRCTREE OBJDIR DEST
kernel() {
	local label=$1 commit=$2 src=$3 obj=$4 dest=$5 t0=$SECONDS
	if [ "$(cat "$dest/stamp" 2>/dev/null)" = "$(cost_stamp "$commit")" ]; then
		echo "  $label kernel: built already ($dest)"
		return
	fi
	echo "  $label kernel: building $(git -C "$src" describe --always "$commit") in $obj"
	"$TOP/scripts/kbuild.sh" "$src" "$obj" bzImage modules
	stage_kernel "$src" "$obj" "$dest" "$commit" || die "could not stage the $label kernel"
	echo "  $label kernel: built ($((SECONDS - t0))s)"
}
kernel series "$tip" "$tree" "$BUILD/check/obj-cost" "$COST_DIR/series"

base=$(git -C "$tree" rev-parse "$BASE_TAG")
if reference=$(cost_reference "$tree" "$tip"); then
	echo "  base kernel: the first patch's, $(git -C "$tree" log -1 --format=%h "$reference"), which only adds" \
		"$(git -C "$tree" diff -U0 "$base" "$reference" | grep -c '^+#define X86_FEATURE_')" \
		"X86_FEATURE_ define(s) to cpufeatures.h"
	basedest=$COST_DIR/base
else
	reference=$base
	basedest=$CACHE/cost-base/$(cost_stamp "$base" | sha256sum | cut -c1-16)
fi
if [ "$(cat "$basedest/stamp" 2>/dev/null)" != "$(cost_stamp "$reference")" ]; then
	base_worktree "$reference" || die "could not make the worktree $BASE_TREE"
fi
kernel base "$reference" "$BASE_TREE" "$BUILD/check/base/obj-cost" "$basedest"
# The same configuration, but for the options that only the series has.
# shellcheck disable=SC2046
python3 - "$basedest/.config" "$COST_DIR/series/.config" \
	$(git -C "$tree" diff "$BASE_TAG" HEAD -- '*Kconfig*' | sed -n 's/^+\(menu\)\{0,1\}config \([A-Z0-9_]*\)$/CONFIG_\2/p') <<'EOT' ||
import re, sys
def opts(path):
    d = {}
    for line in open(path):
        m = re.match(r"(CONFIG_\w+)=(.*)|# (CONFIG_\w+) is not set", line)
        if m:
            d[m.group(1) or m.group(3)] = m.group(2) or "n"
    return d
base, series = opts(sys.argv[1]), opts(sys.argv[2])
new = set(sys.argv[3:])
diff = sorted(k for k in base.keys() | series.keys()
              if k not in new and base.get(k) != series.get(k))
for k in diff:
    print(f"{k}: base {base.get(k)}, series {series.get(k)}")
sys.exit(1 if diff else 0)
EOT
	die "the base and series kernels differ in options that the series doesn't add"

# The measurement's settings are the harness's defaults, whatever the
# environment says.
unset COST_N COST_R COST_KINDS COST_ICOUNT COST_SCHED COST_HALT_POLL_NS COST_IRQCHIP KVM_HEADERS
export COST_TIMEOUT=600 COST_PROFILE=1
rm -f "$COST_DIR/measured.stamp"
for label in base series; do
	t0=$SECONDS
	k=$COST_DIR/$label
	[ "$label" = base ] && k=$basedest
	echo "  $label: measuring (QEMU TCG, icount)"
	COST_SYSTEM_MAP=$k/System.map "$TOP/cost/run.sh" "$k/bzImage" "$k/mods" "$COST_DIR/run-$label" \
		>"$COST_DIR/run-$label.log" 2>&1 || {
		sed 's/^/    /' "$COST_DIR/run-$label.log" | tail -30
		die "the $label kernel's measurement failed"
	}
	echo "  $label: measured ($((SECONDS - t0))s, table: $COST_DIR/run-$label/table.txt)"
done
# What was measured, for "make mail", which quotes it.
echo "$(series_stamp) $applied" >"$COST_DIR/measured.stamp"
echo "  kernel functions whose instructions per exit differ (series - base):"
"$TOP/cost/profile-diff.py" "$COST_DIR/run-base/profile.txt" "$COST_DIR/run-series/profile.txt" |
	tee "$COST_DIR/profile-diff.txt" | sed 's/^/    /'
"$TOP/cost/compare.py" "$COST_DIR/run-base/table.json" "$COST_DIR/run-series/table.json" \
	--markdown "$COST_DIR/table.md" --doc "$TOP/README.md" --doc "$TOP/patches/cover-letter.txt" |
	sed 's/^/  /'
