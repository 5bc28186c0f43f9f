#!/bin/bash
# Build the KUnit kernel, run it under QEMU and parse the log with kunit.py.
#
#   scripts/kunit.sh SRCTREE [config|build|exec|parse|run]   (default: run)
#
# The kernel is the boot kernel's small configuration with KVM built in
# (config/kvm.config, then config/kvm.kunitconfig, by allnoconfig as for
# every kernel here: scripts/kconfig.sh), plus config/kunit-debug.config
# (KASAN, UBSAN, lockdep) unless KUNIT_DEBUG=0, plus config/gcov.config and
# gcov for KVM's objects unless KUNIT_GCOV=0. It is built with Kbuild and
# ccache (scripts/kbuild.sh), not with "kunit.py build", whose olddefconfig
# kernel has a quarter more objects. "exec" runs QEMU here: kunit.py always
# asks for "-accel kvm" first, and where /dev/kvm exists but cannot run
# guests, that aborts QEMU at once. The check fails if a test fails, if the
# KVM suites do not match config/kunit-suites.txt (a suite missing, skipped,
# with fewer cases than listed, or not listed), or if the log shows a KASAN,
# UBSAN, lockdep or other kernel splat. The kernel boots a busybox initramfs
# whose /init (probe/kunit-init) copies the gcov data of arch/x86/kvm out
# through a second serial port to gcov.tar.gz, after the suites have run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(realpath "$1")
step=${2:-run}
export CCACHE_DEPEND=$CCACHE_DEPEND_MODE
out=${KUNIT_BUILD:-$BUILD/kunit}
# The list of suites to match (scripts/mutants.sh gives its copy of the list
# as it was when its run began).
suites=${KUNIT_SUITES:-$TOP/config/kunit-suites.txt}
log=$out/kunit.log
kunit=("$src/tools/testing/kunit/kunit.py")

fragments() {
	echo "$TOP/config/kvm.config" "$TOP/config/kvm.kunitconfig"
	[ "${KUNIT_DEBUG:-1}" = 0 ] || echo "$TOP/config/kunit-debug.config"
	[ "${KUNIT_GCOV:-1}" = 0 ] || echo "$TOP/config/gcov.config"
}

do_config() {
	mkdir -p "$out"
	# shellcheck disable=SC2046
	"$TOP/scripts/kconfig.sh" "$src" "$out" $(fragments)
}

# gcov profiles only KVM's objects (those of arch/x86/kvm/Makefile, which
# builds virt/kvm's as ../../../virt/kvm/*.o), and KASAN and UBSAN
# instrument only those: Kbuild's per-object GCOV_PROFILE_<stem>.o,
# KASAN_SANITIZE_<stem>.o and UBSAN_SANITIZE_<stem>.o, set on the make
# command line, with KASAN_SANITIZE=n and UBSAN_SANITIZE=n for every other
# object. The sanitizers cost a compile a third more, and the suites run
# KVM's code: the rest of the kernel builds as fast as without them (and
# KVM's accesses to memory are checked wherever it points). Every other
# object is built without gcov, and ccache can serve it; it cannot serve a
# profiled one (see README.md, "Coverage"). Kbuild names an object by its
# path under the directory whose Makefile lists it, so a file elsewhere can
# share the name of a KVM object (arch/x86/kernel/irq.c and
# arch/x86/kvm/irq.c are both "irq"), and is then profiled and instrumented
# too. That is harmless for an object of the kernel or a module, which
# CONFIG_GCOV_PROFILE_ALL, KASAN and UBSAN would treat so as well, but not
# for one that runs before or outside the kernel (the boot and real-mode
# code, the vDSO, the EFI stub), from which that KVM object gets none of them,
# or whose Makefile turns gcov or a sanitizer off, which that KVM object then
# goes without. Other architectures' files don't count.
kvm_object_options() {
	local gcov=${KUNIT_GCOV:-1} debug=${KUNIT_DEBUG:-1}
	[ "$gcov" != 0 ] || [ "$debug" != 0 ] || return 0
	local stem f m mk tool tools off files
	tools=()
	[ "$gcov" = 0 ] || tools+=(GCOV_PROFILE)
	[ "$debug" = 0 ] || tools+=(KASAN_SANITIZE UBSAN_SANITIZE)
	[ "$debug" = 0 ] || printf '%s\n' KASAN_SANITIZE=n UBSAN_SANITIZE=n
	# The sources that an x86 kernel may build, but KVM's own.
	files=$(cd "$src" && find . \( -path ./tools -o -path ./arch/x86/kvm -o -path ./Documentation -o \
		\( -path './arch/*' ! -path ./arch/x86 ! -path './arch/x86/*' \) \) -prune -o \
		-name '*.[cS]' -print | sed 's|^\./||')
	while read -r stem; do
		# off: the tools that a file of the same name must not get
		off=
		while read -r f; do
			m=${f%/"$stem".[cS]}
			[ -f "$src/$m/Makefile" ] || [ -f "$src/$m/Kbuild" ] || continue
			case $stem in */*) [ ! -f "$src/$m/${stem%/*}/Makefile" ] || continue ;; esac
			mk=$src/$m/Makefile
			[ -f "$mk" ] || mk=$src/$m/Kbuild
			case $m in
			arch/x86/boot* | arch/x86/realmode* | arch/x86/entry/vdso* | \
				arch/x86/purgatory* | drivers/firmware/efi/libstub*)
				off="${tools[*]}: $f" ;;
			*)
				for tool in "${tools[@]}"; do
					grep -q -E "^[[:space:]]*$tool(_${stem//\//\\/}\.o)?[[:space:]]*:?=[[:space:]]*n" "$mk" &&
						off="${off:+${off%%:*} }$tool: $f"
				done ;;
			esac
		done < <(grep -F "/$stem." <<<"$files" | grep -E "/$stem\.[cS]\$" || true)
		[ -z "$off" ] || echo "  arch/x86/kvm/$stem.o without ${off%%:*}: ${off#*: } has its name" >&2
		for tool in "${tools[@]}"; do
			case " ${off%%:*} " in *" $tool "*) continue ;; esac
			echo "${tool}_$stem.o=y"
		done
	done < <({ (cd "$src/arch/x86/kvm" && find . -name '*.c' ! -path './tests/*' ! -path '*/tests/*' \
			! -name kvm-asm-offsets.c | sed 's|^\./||')
		   (cd "$src/virt/kvm" && find . -maxdepth 1 -name '*.c' | sed 's|^\./|../../../virt/kvm/|')
		 } | sed 's/\.c$//' | sort)
}

# Objects outside KVM that gcov profiled (a file with the name of a KVM
# object, see above) and that are not part of the kernel: these must not be.
gcov_strays() {
	local kernel
	kernel=$( (cd "$out" && { ar t vmlinux.a 2>/dev/null; cat modules.order 2>/dev/null; }) | sed 's/\.o$//')
	(cd "$out" && find . -name '*.gcno' | sed 's|^\./||; s|\.gcno$||' |
		grep -v -E '^(arch/x86/kvm|virt/kvm)/') | grep -v -x -F "$kernel" || true
}

do_build() {
	local t0=$SECONDS opts strays undefined
	mapfile -t opts < <(kvm_object_options)
	# A profiled object outside KVM leaves a .gcno that stays when it is
	# built again without gcov: start without any, for gcov_strays.
	find "$out" -name '*.gcno' ! -path "$out/arch/x86/kvm/*" ! -path "$out/virt/kvm/*" -delete 2>/dev/null || true
	say "building the KUnit kernel in $out (from nothing: 6 to 12 minutes on 2 cores, depending on the machine)"
	FRAGMENTS="$(fragments | tr '\n' ' ')" "$TOP/scripts/kbuild.sh" "$src" "$out" bzImage "${opts[@]}" ||
		die "the KUnit kernel does not build"
	say "KUnit kernel built: $((SECONDS - t0))s"
	if [ "${KUNIT_GCOV:-1}" != 0 ]; then
		strays=$(gcov_strays)
		[ -z "$strays" ] || die "gcov profiled objects outside KVM: $strays"
		[ -f "$out/arch/x86/kvm/svm/sev.gcno" ] || die "gcov did not profile arch/x86/kvm/svm/sev.o"
	fi
	if [ "${KUNIT_DEBUG:-1}" != 0 ]; then
		# Not "nm | grep -q": grep's early exit would fail nm's pipe.
		undefined=$(nm -u "$out/arch/x86/kvm/svm/sev.o")
		grep -q __asan_report <<<"$undefined" ||
			die "KASAN did not instrument arch/x86/kvm/svm/sev.o"
		grep -q __ubsan_handle <<<"$undefined" ||
			die "UBSAN did not instrument arch/x86/kvm/svm/sev.o"
	fi
}

do_exec() {
	local accel
	accel=$("$TOP/scripts/qemu-accel.sh" "$out/arch/x86/boot/bzImage")
	say "KUnit kernel under QEMU, accelerator: $accel"
	"$TOP/scripts/initramfs-kunit.sh" "$out/initramfs.cpio.gz"
	rm -f "$out/gcov.b64" "$out/gcov.tar.gz" "$out/gcov.tree"
	local t0=$SECONDS
	timeout --foreground -k 10 "${KUNIT_TIMEOUT:-900}" \
		qemu-system-x86_64 -nodefaults -m 1024 -smp 1 -accel "$accel" -cpu max \
		-bios qboot.rom -kernel "$out/arch/x86/boot/bzImage" \
		-initrd "$out/initramfs.cpio.gz" \
		-append "console=ttyS0 kunit.enable=1 panic=-1" \
		-no-reboot -nographic -serial stdio -serial "file:$out/gcov.b64" \
		</dev/null >"$log" 2>&1 || echo "QEMU exited with status $?" >>"$log"
	say "QEMU run: $((SECONDS - t0))s"
	# Missing gcov data fails the coverage check, not this one, which
	# also checks that the data are of the tree it measures.
	"$TOP/scripts/gcov-extract.sh" "$log" "$out/gcov.b64" "$out/gcov.tar.gz" || true
	git -C "$src" rev-parse 'HEAD^{tree}' >"$out/gcov.tree" 2>/dev/null || true
}

# Kernel messages that mean something went wrong even if every case passed.
splats='BUG: |WARNING: |UBSAN: |possible recursive locking|possible circular locking|inconsistent lock state|suspicious RCU usage|Kernel panic|Oops|general protection fault|Call Trace:'

do_parse() {
	local rc=0
	[ -s "$log" ] || die "no KUnit log at $log"
	check_booted_kernel "$out" "$log"
	rm -f "$out/results.json"
	(cd "$src" && python3 "${kunit[@]}" parse --json="$out/results.json" "$log") >"$out/parse.log" 2>&1 ||
		rc=$?
	grep -a -E '\[(PASSED|FAILED|SKIPPED|CRASHED)\] kvm|Testing complete' "$out/parse.log" |
		sed 's/^\[[0-9:]*\] //'
	[ $rc = 0 ] || { cat "$out/parse.log"; echo "kunit: kunit.py parse reports failures" >&2; return 1; }
	[ -s "$out/results.json" ] || { echo "kunit: no test results in $log" >&2; return 1; }
	"$TOP/scripts/kunit-count.py" "$suites" "$out/results.json" ||
		{ echo "kunit: the KVM suites do not match ${suites#"$TOP"/}, or a case failed" >&2; return 1; }
	if grep -a -E "$splats" "$log" >"$out/splats.log"; then
		echo "kunit: kernel splat in the KUnit log ($log):" >&2
		head -20 "$out/splats.log" >&2
		return 1
	fi
	echo "no kernel splat (KASAN, UBSAN, lockdep, WARN, BUG) in the log"
}

case $step in
config) do_config ;;
build) do_config; do_build ;;
exec) do_exec ;;
parse) do_parse ;;
run) do_config; do_build; do_exec; do_parse ;;
*) die "unknown step $step" ;;
esac
