// SPDX-License-Identifier: GPL-2.0-only
/*
 * Print KVM_CHECK_EXTENSION for the capabilities the series adds, plus the
 * VM types KVM offers, so the boot log shows what a VMM would see.
 * caps.h is generated from the patched tree's uAPI by scripts/initramfs.sh.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "caps.h"

static const struct {
	const char *name;
	int type;
} vm_types[] = {
	{ "KVM_X86_DEFAULT_VM", KVM_X86_DEFAULT_VM },
	{ "KVM_X86_SW_PROTECTED_VM", KVM_X86_SW_PROTECTED_VM },
	{ "KVM_X86_SEV_VM", KVM_X86_SEV_VM },
	{ "KVM_X86_SEV_ES_VM", KVM_X86_SEV_ES_VM },
	{ "KVM_X86_SNP_VM", KVM_X86_SNP_VM },
};

int main(void)
{
	unsigned int i;
	int fd, types;

	fd = open("/dev/kvm", O_RDWR);
	if (fd < 0) {
		perror("@@ PROBE open /dev/kvm");
		return 1;
	}
	printf("@@ PROBE KVM_GET_API_VERSION %d\n", ioctl(fd, KVM_GET_API_VERSION, 0));
	types = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_VM_TYPES);
	for (i = 0; i < sizeof(vm_types) / sizeof(vm_types[0]); i++)
		printf("@@ PROBE VM type %s: %s\n", vm_types[i].name,
		       types > 0 && (types & (1 << vm_types[i].type)) ? "yes" : "no");
	if (!(sizeof(series_caps) / sizeof(series_caps[0])))
		printf("@@ CAP (the series adds no capability)\n");
	for (i = 0; i < sizeof(series_caps) / sizeof(series_caps[0]); i++)
		printf("@@ CAP %s (%d) = %d\n", series_caps[i].name, series_caps[i].cap,
		       ioctl(fd, KVM_CHECK_EXTENSION, series_caps[i].cap));
	return 0;
}
