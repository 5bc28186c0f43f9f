#!/bin/bash
# Print the QEMU accelerator to use for booting KERNEL: "kvm" where KVM
# acceleration really runs that kernel (a real AMD host), else single-threaded
# TCG. QEMU_ACCEL overrides the probe.
#
#   scripts/qemu-accel.sh KERNEL
#
# /dev/kvm can exist and still not run a guest: on some machines QEMU aborts
# at once with "failed to set MSR", on others a paused VM and real-mode code
# run but the kernel's decompressor hangs without a word. So boot KERNEL
# itself with KVM and wait, briefly, for its banner on the serial console.
#
# Multi-threaded TCG with -smp 2 panicked early in about one boot in seven
# here; thread=single booted every time.
set -euo pipefail

kernel=${1:?usage: qemu-accel.sh KERNEL}
if [ -n "${QEMU_ACCEL:-}" ]; then
	echo "$QEMU_ACCEL"
	exit 0
fi
# grep stops QEMU (SIGPIPE) once it has seen the banner: only its status counts.
set +o pipefail
if [ -w /dev/kvm ] &&
   timeout -k 5 "${ACCEL_PROBE_TIMEOUT:-20}" qemu-system-x86_64 -accel kvm -cpu max \
	-nodefaults -m 512 -display none -monitor none -no-reboot -serial stdio \
	-kernel "$kernel" -append "console=ttyS0 earlyprintk=ttyS0 panic=-1" \
	</dev/null 2>/dev/null | grep -a -q -m1 'Linux version'; then
	echo kvm
	exit 0
fi
echo tcg,thread=single
