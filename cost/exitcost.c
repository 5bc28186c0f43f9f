// SPDX-License-Identifier: GPL-2.0
/*
 * exitcost: a minimal VMM on the raw KVM API that makes an ordinary VM
 * (one vCPU, in-kernel irqchip, x2APIC, real-mode guest from guest.S) take a
 * fixed number of exits of one kind at a time, between two marker
 * instructions that the TCG plugin (cost/plugin.c) reports with its
 * instruction counters.
 *
 *   exitcost [-f] [-o] N R [KIND...]  KIND: cpuid vmmcall pio irq hlt (default: all)
 *
 * -f: full in-kernel irqchip (KVM_CREATE_IRQCHIP) instead of the split one.
 * -o: leave both threads in SCHED_OTHER (default: SCHED_FIFO, see below).
 *
 * Scheduling: the HLT kind needs a second thread (the injector) that runs
 * while the vCPU thread sleeps.  With one L1 CPU and both threads in
 * SCHED_OTHER, where the fair scheduler preempts and when its HRTICK timer
 * fires depend on virtual time, and the count per HLT wanders.  So by
 * default the vCPU thread is SCHED_FIFO 2 and the injector SCHED_FIFO 1: the
 * vCPU thread runs whenever it is runnable, the injector exactly while the
 * vCPU sleeps in HLT, and each wake-up preempts the injector at once.
 *
 * For each of R repetitions and each kind it runs a phase of N exits and a
 * phase of 2N exits; each phase is framed by the markers
 * (kind << 1) and (kind << 1) | 1, and is announced on stdout as
 *   PHASE <rep> <kind-name> <exits>
 * in the order the markers are executed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "exitcost.h"

extern const unsigned char guest_code[], guest_code_end[], guest_handler[];

static const char *const kind_name[NR_KINDS] = {
	[KIND_CPUID] = "cpuid", [KIND_VMMCALL] = "vmmcall", [KIND_PIO] = "pio",
	[KIND_IRQ] = "irq", [KIND_HLT] = "hlt",
};

static int kvm, vm, vcpu;
static struct kvm_run *run;
static unsigned char *mem;
static volatile uint32_t *irq_counter;
static int full_irqchip;
static int sched_other;

/* The injector thread's work: send this many MSIs, one per HLT. */
static int inj_pipe[2];

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "exitcost: ");
	vfprintf(stderr, fmt, ap);
	if (errno)
		fprintf(stderr, ": %s", strerror(errno));
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/*
 * The marker: "nopl 0xC057xxxx(%rax)", xxxx = id.  A no-op to the CPU; the
 * plugin recognises its bytes.  Each id is its own instruction, reached by
 * the same code path for the N and the 2N phase of a kind.
 */
#define MARKER(id)							\
	case id:							\
		asm volatile(".byte 0x0f, 0x1f, 0x80, %c0, %c1, 0x57, 0xc0" \
			     : : "i"((id) & 0xff), "i"(((id) >> 8) & 0xff) \
			     : "memory");				\
		break
#define MARKERS(kind) MARKER((kind) << 1); MARKER(((kind) << 1) | 1)

static __attribute__((noinline)) void marker(unsigned int id)
{
	switch (id) {
	MARKERS(KIND_CPUID);
	MARKERS(KIND_VMMCALL);
	MARKERS(KIND_PIO);
	MARKERS(KIND_IRQ);
	MARKERS(KIND_HLT);
	}
}

static void signal_msi(void)
{
	struct kvm_msi msi = {
		.address_lo = 0xfee00000,	/* destination APIC ID 0 */
		.data = IRQ_VECTOR,		/* fixed, edge */
	};

	if (ioctl(vm, KVM_SIGNAL_MSI, &msi) < 0)
		die("KVM_SIGNAL_MSI");
}

/*
 * Wait until the handler has run as often as there were MSIs, that is until
 * the vCPU thread sleeps in HLT (with one L1 CPU it can only be preempted
 * elsewhere by the tick), then send the next.
 */
static void *injector(void *arg)
{
	uint32_t n;

	(void)arg;
	while (read(inj_pipe[0], &n, sizeof(n)) == sizeof(n)) {
		uint32_t base = *irq_counter;

		for (uint32_t i = 0; i < n; i++) {
			for (long spins = 0; *irq_counter != base + i; spins++) {
				if (spins == 1000000) {
					errno = 0;
					die("injector: the guest took %u of %u interrupts",
					    *irq_counter - base, i);
				}
				sched_yield();
			}
			signal_msi();
		}
	}
	return NULL;
}

/*
 * Start right after a timer tick, so that a phase shorter than a tick period
 * (4 ms = 4M instructions with HZ=250 and -icount shift=0) sees no tick: the
 * coarse clock moves only in the tick.
 */
static void wait_tick(void)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &a);
	do
		clock_gettime(CLOCK_MONOTONIC_COARSE, &b);
	while (a.tv_nsec == b.tv_nsec && a.tv_sec == b.tv_sec);
}

/*
 * Give the guest a command (it is stopped in "in" from PORT_CMD) and run it
 * until it asks for the next one.
 */
static void run_phase(unsigned int kind, uint32_t exits)
{
	uint32_t cmd = exits << 8 | kind;

	if (kind == KIND_HLT && write(inj_pipe[1], &exits, sizeof(exits)) != sizeof(exits))
		die("write");
	memcpy((char *)run + run->io.data_offset, &cmd, sizeof(cmd));
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		if (run->exit_reason != KVM_EXIT_IO)
			die("unexpected exit reason %u", run->exit_reason);
		switch (run->io.port) {
		case PORT_PIO:
			continue;
		case PORT_IRQ:
			signal_msi();
			continue;
		case PORT_CMD:
			return;
		default:
			errno = 0;
			die("unexpected I/O port %#x", run->io.port);
		}
	}
}

static void setup(void)
{
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM_SIZE,
	};
	struct {
		struct kvm_cpuid2 c;
		struct kvm_cpuid_entry2 e[256];
	} cpuid = { .c.nent = 256 };
	struct {
		struct kvm_msrs m;
		struct kvm_msr_entry e[1];
	} msrs = {
		.m.nmsrs = 1,
		/* APIC base, BSP, xAPIC and x2APIC enabled. */
		.e[0] = { .index = 0x1b, .data = 0xfee00000 | 1 << 8 | 3 << 10 },
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	int size;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		die("KVM API version");
	if (ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_SIGNAL_MSI) <= 0)
		die("no KVM_CAP_SIGNAL_MSI");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		die("KVM_CREATE_VM");
	/*
	 * The local APIC in the kernel, the I/O APIC and PIC in user space (as
	 * QEMU and the cloud VMMs do); "full" (KVM_CREATE_IRQCHIP) needs
	 * CONFIG_KVM_IOAPIC, which the series' kernels do not set.
	 */
	if (full_irqchip) {
		if (ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0)
			die("KVM_CREATE_IRQCHIP");
	} else {
		struct kvm_enable_cap cap = {
			.cap = KVM_CAP_SPLIT_IRQCHIP, .args[0] = 24,
		};

		if (ioctl(vm, KVM_ENABLE_CAP, &cap) < 0)
			die("KVM_CAP_SPLIT_IRQCHIP");
	}

	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	memcpy(mem + GUEST_CODE, guest_code, guest_code_end - guest_code);
	/* IVT[IRQ_VECTOR] = 0000:handler */
	*(uint32_t *)(mem + IRQ_VECTOR * 4) = GUEST_CODE + (guest_handler - guest_code);
	irq_counter = (volatile uint32_t *)(mem + IRQ_COUNTER);
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die("KVM_SET_USER_MEMORY_REGION");

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		die("KVM_CREATE_VCPU");
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(*run))
		die("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap vcpu");

	/* All that KVM supports, so the guest sees the x2APIC. */
	if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &cpuid) < 0)
		die("KVM_GET_SUPPORTED_CPUID");
	if (ioctl(vcpu, KVM_SET_CPUID2, &cpuid) < 0)
		die("KVM_SET_CPUID2");
	if (ioctl(vcpu, KVM_SET_MSRS, &msrs) != 1)
		die("KVM_SET_MSRS (x2APIC)");

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		die("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.cs;
	sregs.ds.type = sregs.es.type = sregs.fs.type = sregs.gs.type =
		sregs.ss.type = 3;	/* data, read/write, accessed */
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_CODE;
	regs.rsp = GUEST_STACK;
	regs.rflags = 2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");

	/* Run to the first command request. */
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			die("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_IO && run->io.port == PORT_CMD &&
		    run->io.direction == KVM_EXIT_IO_IN && run->io.size == 4)
			break;
		errno = 0;
		die("guest did not reach its command loop (exit %u)", run->exit_reason);
	}
}

/* Check once that a kind does what it should: n exits, n interrupts. */
static void selftest(unsigned int kind)
{
	uint32_t before = *irq_counter;

	run_phase(kind, 3);
	if ((kind == KIND_IRQ || kind == KIND_HLT) && *irq_counter != before + 3) {
		errno = 0;
		die("%s: %u interrupts taken, not 3", kind_name[kind],
		    *irq_counter - before);
	}
}

int main(int argc, char **argv)
{
	unsigned int kinds[NR_KINDS], nkinds = 0;
	unsigned long n, reps;
	pthread_attr_t attr;
	pthread_t thr;

	/* Line by line, so that nothing is left to write inside a phase. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (; argc > 1 && argv[1][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[1], "-f"))
			full_irqchip = 1;
		else if (!strcmp(argv[1], "-o"))
			sched_other = 1;
		else
			break;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: exitcost [-f] [-o] N R [cpuid|vmmcall|pio|irq|hlt...]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 0);
	reps = strtoul(argv[2], NULL, 0);
	if (n < 1 || n > (1 << 22) || reps < 1) {
		fprintf(stderr, "exitcost: 1 <= N <= 4M, R >= 1\n");
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		unsigned int k;

		for (k = 1; k < NR_KINDS; k++)
			if (!strcmp(argv[i], kind_name[k]))
				break;
		if (k == NR_KINDS) {
			fprintf(stderr, "exitcost: unknown kind %s\n", argv[i]);
			return 2;
		}
		kinds[nkinds++] = k;
	}
	if (!nkinds)
		for (unsigned int k = 1; k < NR_KINDS; k++)
			kinds[nkinds++] = k;

	setup();
	printf("IRQCHIP %s\n", full_irqchip ? "full" : "split");
	if (pipe(inj_pipe) < 0)
		die("pipe");
	if (pthread_attr_init(&attr))
		die("pthread_attr_init");
	if (!sched_other) {
		struct sched_param sp = { .sched_priority = 2 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			die("SCHED_FIFO");
		sp.sched_priority = 1;
		if (pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED) ||
		    pthread_attr_setschedpolicy(&attr, SCHED_FIFO) ||
		    pthread_attr_setschedparam(&attr, &sp))
			die("pthread_attr");
	}
	printf("SCHED %s\n", sched_other ? "other" : "fifo");
	errno = pthread_create(&thr, &attr, injector, NULL);
	if (errno)
		die("injector thread");
	for (unsigned int i = 0; i < nkinds; i++)
		selftest(kinds[i]);

	for (unsigned long r = 0; r < reps; r++) {
		for (unsigned int i = 0; i < nkinds; i++) {
			unsigned int k = kinds[i];

			for (unsigned long m = 1; m <= 2; m++) {
				/* Announced before, so no output inside a phase. */
				printf("PHASE %lu %s %lu\n", r, kind_name[k], m * n);
				wait_tick();
				marker(k << 1);
				run_phase(k, m * n);
				marker(k << 1 | 1);
			}
		}
	}
	printf("EXITCOST DONE\n");
	return 0;
}
