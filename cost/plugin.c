// SPDX-License-Identifier: GPL-2.0
/*
 * insncount: a QEMU TCG plugin that counts the instructions the vCPU
 * executes, split by where they run, and prints the counters each time the
 * guest executes a marker instruction.
 *
 *   -plugin cost/plugin.so,out=FILE[,l2max=0x10000][,irqs=FILE][,verbose=1]
 *                             [,prof=1]
 *
 * Counters (exact, one inline add before every instruction; an instruction
 * that faults or is intercepted counts once per attempt):
 *   l2  - vaddr <  l2max: the nested (L2) guest's code, which the workload
 *         places below 64 KiB; L1 never executes there (vm.mmap_min_addr
 *         keeps user space out, the kernel lives in the top half)
 *   l1u - l2max <= vaddr < 2^47: L1 user space (the VMM)
 *   l1k - vaddr >= 2^47: the L1 kernel
 *   gcov - of l1k, the instructions "lock addq $1, rel32(%rip)" (bytes
 *         f0 48 83 05 xx xx xx xx 01): the counter updates that gcov
 *         (-fprofile-update=atomic) adds, to estimate the count of the same
 *         kernel without gcov
 *
 * irqs=FILE names addresses (hex, first field of each line) whose execution
 * counts as one asynchronous interrupt of L1 (its interrupt entry points,
 * from System.map): the fourth counter, nirq, tells which phases a timer tick
 * or another interrupt fell into.
 *
 * The marker is the 7-byte no-op "nopl 0xC057xxxx(%rax)", bytes
 * 0f 1f 80 xx xx 57 c0, where xxxx is a 16-bit id chosen by the guest.  At
 * translation time the plugin recognises the bytes and attaches a callback;
 * each execution prints one line to FILE:
 *   MARK <id> <l1k> <l1u> <l2> <nirq> <gcov>
 * with the counters at that point (whether they include the marker itself is
 * the same for every marker, so it cancels in differences).
 * The plugin needs one vCPU (-smp 1) and a single TCG thread
 * (-accel tcg,thread=single): the counters are plain globals.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MARK_LEN 7
static const unsigned char mark_prefix[3] = { 0x0f, 0x1f, 0x80 };
static const unsigned char mark_magic[2] = { 0x57, 0xc0 };
static const unsigned char gcov_inc[4] = { 0xf0, 0x48, 0x83, 0x05 };

static uint64_t cnt_l1k, cnt_l1u, cnt_l2, cnt_irq, cnt_gcov;
#define MAX_IRQ_ADDRS 64
static uint64_t irq_addr[MAX_IRQ_ADDRS];
static uint64_t irq_hits[MAX_IRQ_ADDRS];
static int n_irq_addr;
static int verbose;

/*
 * prof=1: a profiling aid.  The instructions of every L1 kernel translation
 * block are added up by the block's start address (one inline add per block
 * execution, so a block left early by an exception counts whole), and each
 * marker prints "PROF <addr> <insns>" for the blocks run since the previous
 * marker; cost/profile.py turns them into instructions per function.
 */
#define PROF_SLOTS (1u << 20)
struct tbprof {
	uint64_t addr;
	uint64_t insns, last;
};
static struct tbprof *prof;
static uint64_t prof_used;

static struct tbprof *prof_slot(uint64_t a)
{
	uint64_t h = (a * 0x9e3779b97f4a7c15ULL) >> 40;

	for (uint32_t i = 0; i < PROF_SLOTS; i++) {
		struct tbprof *p = &prof[(h + i) & (PROF_SLOTS - 1)];

		if (p->addr == a)
			return p;
		if (!p->addr) {
			if (prof_used >= PROF_SLOTS / 2)
				return NULL;	/* full enough: stop profiling */
			prof_used++;
			p->addr = a;
			return p;
		}
	}
	return NULL;
}
static uint64_t l2max = 0x10000;
static FILE *out;
static uint64_t marks;

static void on_mark(unsigned int vcpu, void *udata)
{
	unsigned int id = (unsigned int)(uintptr_t)udata;

	(void)vcpu;
	fprintf(out, "MARK %u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		" %" PRIu64 "\n", id, cnt_l1k, cnt_l1u, cnt_l2, cnt_irq, cnt_gcov);
	/* verbose=1: which of the irqs= addresses ran since the last marker. */
	for (int i = 0; verbose && i < n_irq_addr; i++) {
		static uint64_t last[MAX_IRQ_ADDRS];

		if (irq_hits[i] != last[i])
			fprintf(out, "HIT %" PRIx64 " %" PRIu64 "\n", irq_addr[i],
				irq_hits[i] - last[i]);
		last[i] = irq_hits[i];
	}
	for (uint32_t i = 0; prof && i < PROF_SLOTS; i++) {
		struct tbprof *p = &prof[i];

		if (p->insns != p->last)
			fprintf(out, "PROF %" PRIx64 " %" PRIu64 "\n", p->addr,
				p->insns - p->last);
		p->last = p->insns;
	}
	fflush(out);
	marks++;
}

static void on_irq(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	irq_hits[(uintptr_t)udata]++;
	cnt_irq++;
}

static int irq_entry(uint64_t va)
{
	for (int i = 0; i < n_irq_addr; i++)
		if (irq_addr[i] == va)
			return i;
	return -1;
}

static int read_irqs(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *end;
		uint64_t a = strtoull(line, &end, 16);

		if (end == line)
			continue;
		if (n_irq_addr == MAX_IRQ_ADDRS) {
			fprintf(stderr, "insncount: more than %d addresses in %s\n",
				MAX_IRQ_ADDRS, path);
			fclose(f);
			return -1;
		}
		irq_addr[n_irq_addr++] = a;
	}
	fclose(f);
	return 0;
}

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	if (prof && qemu_plugin_tb_vaddr(tb) >= (1ULL << 47)) {
		struct tbprof *p = prof_slot(qemu_plugin_tb_vaddr(tb));

		if (p)
			qemu_plugin_register_vcpu_tb_exec_inline(tb,
				QEMU_PLUGIN_INLINE_ADD_U64, &p->insns, n);
	}
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		uint64_t *c;

		if (va < l2max)
			c = &cnt_l2;
		else if (va < (1ULL << 47))
			c = &cnt_l1u;
		else
			c = &cnt_l1k;

		if (c == &cnt_l1k && n_irq_addr) {
			int e = irq_entry(va);

			if (e >= 0)
				qemu_plugin_register_vcpu_insn_exec_cb(insn, on_irq,
					QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)e);
		}
		if (c == &cnt_l1u && qemu_plugin_insn_size(insn) == MARK_LEN) {
			const unsigned char *b = qemu_plugin_insn_data(insn);

			if (!memcmp(b, mark_prefix, 3) &&
			    !memcmp(b + 5, mark_magic, 2)) {
				unsigned int mid = b[3] | b[4] << 8;

				qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark,
					QEMU_PLUGIN_CB_NO_REGS,
					(void *)(uintptr_t)mid);
			}
		}
		if (c == &cnt_l1k && qemu_plugin_insn_size(insn) == 9) {
			const unsigned char *b = qemu_plugin_insn_data(insn);

			if (!memcmp(b, gcov_inc, 4) && b[8] == 1)
				qemu_plugin_register_vcpu_insn_exec_inline(insn,
					QEMU_PLUGIN_INLINE_ADD_U64, &cnt_gcov, 1);
		}
		qemu_plugin_register_vcpu_insn_exec_inline(insn,
			QEMU_PLUGIN_INLINE_ADD_U64, c, 1);
	}
}

static void on_atexit(qemu_plugin_id_t id, void *p)
{
	(void)id;
	(void)p;
	fprintf(out, "TOTAL %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		" marks %" PRIu64 "\n", cnt_l1k, cnt_l1u, cnt_l2, cnt_irq, cnt_gcov, marks);
	for (int i = 0; i < n_irq_addr; i++)
		if (irq_hits[i])
			fprintf(out, "IRQ %" PRIx64 " %" PRIu64 "\n", irq_addr[i], irq_hits[i]);
	fflush(out);
	if (out != stderr)
		fclose(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL;

	if (strcmp(info->target_name, "x86_64")) {
		fprintf(stderr, "insncount: x86_64 only, not %s\n", info->target_name);
		return -1;
	}
	if (info->system_emulation && info->system.max_vcpus > 1) {
		fprintf(stderr, "insncount: needs -smp 1\n");
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			path = argv[i] + 4;
		} else if (!strncmp(argv[i], "irqs=", 5)) {
			if (read_irqs(argv[i] + 5))
				return -1;
		} else if (!strcmp(argv[i], "prof=1")) {
			prof = calloc(PROF_SLOTS, sizeof(*prof));
			if (!prof)
				return -1;
		} else if (!strcmp(argv[i], "verbose=1")) {
			verbose = 1;
		} else if (!strncmp(argv[i], "l2max=", 6)) {
			l2max = strtoull(argv[i] + 6, NULL, 0);
		} else {
			fprintf(stderr, "insncount: unknown option %s\n", argv[i]);
			return -1;
		}
	}
	out = path ? fopen(path, "w") : stderr;
	if (!out) {
		perror(path);
		return -1;
	}
	/*
	 * QEMU refuses a plugin whose qemu_plugin_version lies outside
	 * [min, cur]; say which API this was built against and which QEMU runs.
	 */
	fprintf(out, "API plugin=%d qemu=%d..%d\n", QEMU_PLUGIN_VERSION,
		info->version.min, info->version.cur);
	fprintf(out, "IRQS %d\n", n_irq_addr);
	if (info->version.cur != QEMU_PLUGIN_VERSION)
		fprintf(stderr, "insncount: built for plugin API %d, QEMU's is %d\n",
			QEMU_PLUGIN_VERSION, info->version.cur);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
	qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
	return 0;
}
