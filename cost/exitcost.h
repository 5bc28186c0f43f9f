/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by cost/exitcost.c (the VMM) and cost/guest.S (its L2 guest). */
#ifndef EXITCOST_H
#define EXITCOST_H

#define GUEST_MEM_SIZE	0x10000		/* 64 KiB at GPA 0 */
#define GUEST_CODE	0x1000
#define GUEST_STACK	0x8000
#define IRQ_COUNTER	0x500		/* u32, incremented by the handler */
#define IRQ_VECTOR	0x40

#define PORT_CMD	0xe0
#define PORT_PIO	0xe4
#define PORT_IRQ	0xe8

#define HC_UNKNOWN	0x7f3		/* no KVM_HC_* has this number */

#define KIND_CPUID	1
#define KIND_VMMCALL	2
#define KIND_PIO	3
#define KIND_IRQ	4
#define KIND_HLT	5
#define NR_KINDS	6

#endif
