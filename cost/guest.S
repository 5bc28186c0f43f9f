/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2 guest of cost/exitcost.c: 16-bit real mode, CS = DS = SS = 0,
 * loaded at GUEST_CODE (0x1000); its interrupt handler is IVT[IRQ_VECTOR].
 * Everything it executes lies below 64 KiB, which is how the plugin tells
 * its instructions from L1's.
 *
 * It asks the VMM for a command with "in" from PORT_CMD (kind in AL, count
 * in the upper 24 bits), runs the loop of that kind, and asks again.  Each
 * loop does as little as it can besides the exit it measures.
 */
#include "exitcost.h"

	.section .rodata
	.globl guest_code, guest_code_end, guest_handler
	.code16
guest_code:
	/* Enable the x2APIC in software: SVR = 0x1ff (vector 0xff). */
	mov	$0x80f, %ecx
	mov	$0x1ff, %eax
	xor	%edx, %edx
	wrmsr
cmd:
	mov	$PORT_CMD, %dx
	in	%dx, %eax
	mov	%eax, %esi
	shr	$8, %esi
	cmp	$KIND_CPUID, %al
	je	do_cpuid
	cmp	$KIND_VMMCALL, %al
	je	do_vmmcall
	cmp	$KIND_PIO, %al
	je	do_pio
	cmp	$KIND_IRQ, %al
	je	do_irq
	cmp	$KIND_HLT, %al
	je	do_hlt
	jmp	cmd

	/* CPUID leaf 0: handled in the L1 kernel. */
do_cpuid:
1:	xor	%eax, %eax
	cpuid
	dec	%esi
	jnz	1b
	jmp	cmd

	/* VMMCALL with a hypercall number KVM does not know: -KVM_ENOSYS. */
do_vmmcall:
1:	mov	$HC_UNKNOWN, %eax
	vmmcall
	dec	%esi
	jnz	1b
	jmp	cmd

	/* OUT to a port no in-kernel device claims: exit to the VMM. */
do_pio:
1:	out	%al, $PORT_PIO
	dec	%esi
	jnz	1b
	jmp	cmd

	/*
	 * The same, but the VMM answers each OUT with KVM_SIGNAL_MSI, so that
	 * the interrupt is injected at the next VMRUN and taken here (handler
	 * below, EOI by x2APIC WRMSR) before the next OUT.
	 */
do_irq:
	sti
1:	out	%al, $PORT_IRQ
	dec	%esi
	jnz	1b
	cli
	jmp	cmd

	/*
	 * HLT with interrupts enabled; the VMM's injector thread sends an MSI
	 * once the vCPU sleeps, and the handler returns after the HLT.
	 */
do_hlt:
	sti
1:	hlt
	dec	%esi
	jnz	1b
	cli
	jmp	cmd

guest_handler:
	mov	$0x80b, %ecx		/* x2APIC EOI */
	xor	%eax, %eax
	xor	%edx, %edx
	wrmsr
	incl	IRQ_COUNTER		/* read by the injector thread */
	iret
guest_code_end:

	.section .note.GNU-stack,"",@progbits
