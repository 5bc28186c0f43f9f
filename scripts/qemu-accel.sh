#!/bin/bash
# Print the QEMU accelerator to use: "kvm" where KVM acceleration really
# works (a real AMD host), else single-threaded TCG. /dev/kvm can exist and
# still fail (QEMU then aborts at once with "failed to set MSR"), so start a
# paused VM and see whether it stays up. QEMU_ACCEL overrides the probe.
#
# Multi-threaded TCG with -smp 2 panicked early in about one boot in seven
# here; thread=single booted every time.
set -euo pipefail

if [ -n "${QEMU_ACCEL:-}" ]; then
	echo "$QEMU_ACCEL"
	exit 0
fi
if [ -w /dev/kvm ]; then
	{
		rc=0
		timeout 3 qemu-system-x86_64 -accel kvm -cpu max -nodefaults \
			-display none -monitor none -S >/dev/null 2>&1 || rc=$?
	} 2>/dev/null
	# 124: still running when the timeout hit, i.e. KVM works.
	if [ $rc = 124 ]; then
		echo kvm
		exit 0
	fi
fi
echo tcg,thread=single
