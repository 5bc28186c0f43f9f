#!/bin/bash
# Measure the instructions the L1 host (kernel + VMM) executes per VM exit of
# an ordinary KVM VM, nested under QEMU TCG's SVM.  See cost/NOTES.md.
#
#   cost/run.sh KERNEL_BZIMAGE MODULES_DIR OUTDIR
#
# MODULES_DIR is an INSTALL_MOD_PATH (it holds lib/modules/<release>/) with
# kvm.ko and kvm-amd.ko.  Environment: COST_N (exits in the short phase,
# default 50: each phase must fit in one tick period, 4M instructions at
# HZ=250), COST_R (repetitions, default 5), COST_KINDS (comma-separated, default
# all), COST_TIMEOUT (seconds, default 3600), COST_HALT_POLL_NS (kvm's
# halt_poll_ns, default 0), COST_ICOUNT (QEMU -icount option, default
# "shift=0,sleep=off"; "none" to run without), COST_IRQCHIP (split, the
# default, or full: KVM_CREATE_IRQCHIP, which needs CONFIG_KVM_IOAPIC),
# COST_SYSTEM_MAP (the kernel's System.map, default: the one of the object
# directory the bzImage is in), whose interrupt entry points let the plugin
# tell which phases an L1 interrupt (a timer tick) fell into, COST_SCHED
# (fifo, the default, or other: the workload's threads' policy), COST_PROFILE
# (1: also count the instructions of every L1 kernel function and write
# OUTDIR/profile.txt, instructions per exit per function and kind).
# Writes OUTDIR/{console.txt,marks.txt,table.txt}; prints the table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 3 ] || { echo "usage: $0 KERNEL_BZIMAGE MODULES_DIR OUTDIR" >&2; exit 2; }
kernel=$(realpath "$1")
mods=$(realpath "$2")
out=$(realpath -m "$3")
n=${COST_N:-50}
r=${COST_R:-5}
kinds=${COST_KINDS:-}
icount=${COST_ICOUNT:-shift=0,sleep=off}
die() { echo "error: $*" >&2; exit 1; }

[ -f "$kernel" ] || die "no kernel $kernel"
ls "$mods"/lib/modules/*/kernel/arch/x86/kvm/kvm-amd.ko* >/dev/null 2>&1 ||
	die "no kvm-amd.ko under $mods/lib/modules/*/"
[ -x /bin/busybox ] || die "no /bin/busybox (Debian package busybox-static)"
mkdir -p "$out"

# The plugin and the workload (cheap; rebuilt each time).
b=$here/build
"$here/fetch-plugin-header.sh" "$b"
gcc -O2 -Wall -Wextra -Werror -shared -fPIC -I "$b" -o "$b/plugin.so" "$here/plugin.c"
gcc -static -O2 -Wall -Wextra -Werror -pthread ${KVM_HEADERS:+-isystem "$KVM_HEADERS"} \
	-o "$b/exitcost" "$here/exitcost.c" "$here/guest.S"

# The initramfs: busybox, /init, the workload, the modules.
root=$out/initramfs.d
rm -rf "$root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib}
install -m 755 /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$here/init" "$root/init"
install -m 755 -s "$b/exitcost" "$root/bin/exitcost"
cp -a "$mods/lib/modules" "$root/lib/"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out/initramfs.cpio.gz"
rm -rf "$root"

# L1's asynchronous interrupt entry points (the kernel runs with nokaslr).
map=${COST_SYSTEM_MAP:-$(dirname "$kernel")/../../../System.map}
irqs=
if [ -f "$map" ]; then
	grep -E ' [Tt] (asm_sysvec_[a-z0-9_]+|asm_common_interrupt|asm_spurious_interrupt|asm_exc_nmi)$' \
		"$map" > "$out/irq-entries.txt"
	[ -s "$out/irq-entries.txt" ] && irqs=",irqs=$out/irq-entries.txt"
else
	echo "warning: no System.map ($map): phases with ticks are not told apart" >&2
fi

prof=
if [ "${COST_PROFILE:-0}" = 1 ]; then
	[ -f "$map" ] || die "COST_PROFILE=1 needs the System.map"
	prof=",prof=1"
fi

icount_opt=()
[ "$icount" = none ] || icount_opt=(-icount "$icount")
start=$(date +%s)
rc=0
nice -n 19 timeout --foreground -k 10 "${COST_TIMEOUT:-3600}" \
	qemu-system-x86_64 -nodefaults -accel tcg,thread=single -cpu max -smp 1 -m 1024 \
	"${icount_opt[@]}" \
	-plugin "$b/plugin.so,out=$out/marks.txt$irqs$prof" \
	-kernel "$kernel" -initrd "$out/initramfs.cpio.gz" \
	-append "console=ttyS0 loglevel=3 nokaslr panic=-1 oops=panic tsc=reliable kunit.enable=0 cost_n=$n cost_r=$r cost_kinds=$kinds cost_halt_poll_ns=${COST_HALT_POLL_NS:-0} cost_irqchip=${COST_IRQCHIP:-split} cost_sched=${COST_SCHED:-fifo} cost_profile=${COST_PROFILE:-0}" \
	-no-reboot -nographic -serial stdio \
	</dev/null >"$out/console.log" 2>&1 || rc=$?
secs=$(($(date +%s) - start))
tr -d '\r' < "$out/console.log" > "$out/console.txt"
grep -q '@@ DONE' "$out/console.txt" ||
	{ tail -30 "$out/console.txt" >&2; die "the guest did not finish (QEMU status $rc, ${secs}s)"; }
grep -q '^@@ EXITCOST 0' "$out/console.txt" ||
	{ grep '^@@' "$out/console.txt" >&2; die "the workload failed"; }
{
	echo "kernel: $kernel ($(sed -n 's/.*@@ BOOTED \([^ ]*\).*/\1/p' "$out/console.txt"))"
	sed -n -e "s/^@@ PARAMS /params: /p" -e "s/^@@ IRQCHIP /irqchip: /p" -e "s/^@@ SCHED /workload threads: SCHED_/p" "$out/console.txt"
	echo "qemu: $(qemu-system-x86_64 --version | head -1); $(grep -m1 '^API' "$out/marks.txt")"
	echo "icount: $icount; wall time: ${secs}s"
	python3 "$here/report.py" "$out/console.txt" "$out/marks.txt" --json "$out/table.json"
} | tee "$out/table.txt"
if [ -n "$prof" ]; then
	python3 "$here/profile.py" "$out/console.txt" "$out/marks.txt" "$map" > "$out/profile.txt"
	echo "profile: $out/profile.txt"
fi
