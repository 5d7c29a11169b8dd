# umk — top-level Makefile.
#
# Three kinds of code are built here, each with its own flags:
#   kernel-side  (arch-um, kernel, mm, fs, drivers, lib): -ffreestanding -nostdinc,
#                include path = include/ + include/uapi/ + the compiler's own headers;
#   host-glue    (host-glue/): ordinary libc code, the only code that talks to the host;
#   images       (arch-um/stub, arch-um/vdso): tiny freestanding images embedded in umk.
# Each folder lists its objects in a Kbuild file (obj-y += foo.o, obj-y += sub/).
#
#   make            build ./umk            make V=1        show commands
#   make SAN=1      ASan+UBSan build       make CC=clang   build with clang
#   make check      layering, format, cppcheck, generated files up to date
#   make format     clang-format every source file in place
#   make test       check + kunit + end-to-end tests (installs what is missing)
#   make run        boot the default busybox root file system to a shell
#   make bench      benchmarks against native, gVisor and UML (bench/README.md)
#   make compile_commands.json

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
V ?= 0
SAN ?= 0
Q := $(if $(filter 1,$(V)),,@)
O := build$(if $(filter 1,$(SAN)),-san,)$(if $(findstring clang,$(CC)),-clang,)

CC_IS_CLANG := $(shell $(CC) --version 2>/dev/null | grep -q clang && echo 1)
ifeq ($(CC_IS_CLANG),1)
CC_INC := $(shell $(CC) -print-resource-dir)/include
else
CC_INC := $(shell $(CC) -print-file-name=include)
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wmissing-declarations -Wpointer-arith -Wundef -Wvla -Wformat=2 \
	-Wno-unused-parameter -Wno-sign-compare -Wimplicit-fallthrough
COMMON := -std=gnu11 -O2 -g -fno-common -fno-omit-frame-pointer -MMD -MP $(WARN)
ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif

KERNEL_CFLAGS := $(COMMON) -ffreestanding -nostdinc -isystem $(CC_INC) -Iinclude \
	-Iinclude/uapi -I$(O)/include -fno-strict-aliasing -D__UMK_KERNEL__ $(SANFLAGS)
HOST_CFLAGS := $(COMMON) -D_GNU_SOURCE -Iinclude $(SANFLAGS)
# The images run inside guest host processes: no libc, no sanitizer, no stack
# protector, no unwind tables, position independent.
IMAGE_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc -isystem $(CC_INC) -Iinclude \
	-Iinclude/uapi -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-builtin -fpie -fvisibility=hidden -fno-jump-tables \
	-mno-sse -mno-mmx -mno-80387 -mgeneral-regs-only $(WARN) -MMD -MP
LDLIBS := -lpthread
LDFLAGS := $(SANFLAGS) -rdynamic

# --- Kbuild: collect obj-y from every folder, recursively ----------------------
# $(call kbuild,dir): include dir/Kbuild, prefix its objects, recurse into sub/.
define kbuild
obj-y :=
include $(1)/Kbuild
$(1)-objs := $$(addprefix $(1)/,$$(filter %.o,$$(obj-y)))
$(1)-subdirs := $$(patsubst %/,$(1)/%,$$(filter %/,$$(obj-y)))
ALL_OBJS += $$($(1)-objs)
$$(foreach d,$$($(1)-subdirs),$$(eval $$(call kbuild,$$(d))))
endef
ALL_OBJS :=
TOPDIRS := arch-um kernel mm fs drivers lib host-glue
$(foreach d,$(TOPDIRS),$(eval $(call kbuild,$(d))))

HOST_OBJS := $(filter host-glue/%,$(ALL_OBJS))
KERNEL_OBJS := $(filter-out host-glue/%,$(ALL_OBJS))
OBJS := $(addprefix $(O)/,$(KERNEL_OBJS) $(HOST_OBJS)) $(O)/kernel/syscall_table.o

.PHONY: all umk clean check check-layering check-format check-cppcheck check-generated \
	test kunit e2e run deps docs bench format FORCE
all: umk

umk: $(O)/umk
	$(Q)ln -sf $(O)/umk umk

$(O)/umk: $(OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

# --- generated: the syscall table -------------------------------------------
$(O)/include/generated/syscalls.h: kernel/syscalls.tbl scripts/gen-syscalls
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)scripts/gen-syscalls header $< > $@.tmp && mv $@.tmp $@
$(O)/kernel/syscall_table.c: kernel/syscalls.tbl scripts/gen-syscalls
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)scripts/gen-syscalls table $< > $@.tmp && mv $@.tmp $@
$(O)/kernel/syscall_table.o: $(O)/kernel/syscall_table.c $(O)/include/generated/syscalls.h
	@echo "  CC      $@"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

# Every kernel object may include the generated header.
$(addprefix $(O)/,$(KERNEL_OBJS)): | $(O)/include/generated/syscalls.h

# --- kernel-side and host-glue objects --------------------------------------
$(O)/host-glue/%.o: host-glue/%.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(CC) $(HOST_CFLAGS) -c -o $@ $<

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<

$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	$(Q)$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -DIMAGE_STUB='"$(O)/stub.elf"' -DIMAGE_VDSO='"$(O)/vdso.so"' -c -o $@ $<

# --- images: the in-guest stub and the vDSO ---------------------------------
STUB_SRCS := arch-um/stub/stub.c arch-um/stub/entry.S
STUB_OBJS := $(patsubst %,$(O)/images/%.o,$(basename $(STUB_SRCS)))
VDSO_SRCS := arch-um/vdso/vdso.c
VDSO_OBJS := $(patsubst %,$(O)/images/%.o,$(basename $(VDSO_SRCS)))

$(O)/images/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  IMGCC   $@"
	$(Q)$(CC) $(IMAGE_CFLAGS) -c -o $@ $<
$(O)/images/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  IMGAS   $@"
	$(Q)$(CC) $(IMAGE_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(O)/stub.elf: $(STUB_OBJS) arch-um/stub/stub.lds
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -static $(if $(CC_IS_CLANG),,-no-pie) -Wl,--no-dynamic-linker -Wl,-T,arch-um/stub/stub.lds \
		-Wl,--build-id=none -o $@ $(STUB_OBJS)
$(O)/vdso.so: $(VDSO_OBJS) arch-um/vdso/vdso.lds
	@echo "  LD      $@"
	$(Q)$(CC) -nostdlib -shared -Wl,-T,arch-um/vdso/vdso.lds -Wl,--hash-style=both \
		-Wl,-soname=linux-vdso.so.1 -Wl,--build-id=sha1 -Wl,-z,max-page-size=4096 -o $@ $(VDSO_OBJS)

$(O)/arch-um/images.o: $(O)/stub.elf $(O)/vdso.so

# --- checks -----------------------------------------------------------------
check: check-layering check-generated check-format check-cppcheck
	@echo "make check: OK"

check-layering: $(O)/umk
	$(Q)scripts/check-layering $(O) $(addprefix $(O)/,$(KERNEL_OBJS)) $(O)/kernel/syscall_table.o

check-generated:
	$(Q)scripts/gen-syscalls docs kernel/syscalls.tbl | cmp -s - docs/syscalls.md || \
		{ echo "docs/syscalls.md is stale: run 'make docs'"; exit 1; }

SRC_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^tests/\|^bench/')
check-format:
	$(Q)clang-format --dry-run -Werror $(SRC_FILES)

format:
	$(Q)clang-format -i $(SRC_FILES)

check-cppcheck:
	$(Q)cppcheck -q --error-exitcode=1 --enable=warning,portability --inline-suppr \
		--suppress=missingIncludeSystem --suppress=unknownMacro --std=c11 \
		-D__x86_64__ -D__UMK_KERNEL__ -Iinclude $(filter-out tests/% bench/%,$(SRC_FILES)) 2>&1 \
		| grep -v '^Checking\|^$$' ; exit $${PIPESTATUS[0]}

docs: docs/syscalls.md
docs/syscalls.md: kernel/syscalls.tbl scripts/gen-syscalls
	$(Q)scripts/gen-syscalls docs $< > $@

# --- tests, run, bench ------------------------------------------------------
deps:
	$(Q)scripts/install-deps --check-or-install

kunit: umk
	$(Q)./umk kunit

test: deps
	$(Q)$(MAKE) --no-print-directory umk
	$(Q)tests/run-all

run: deps
	$(Q)$(MAKE) --no-print-directory umk
	$(Q)$(MAKE) --no-print-directory -C tests guests >/dev/null
	$(Q)rootfs-tools/mkrootfs busybox build/rootfs-busybox >/dev/null
	@./umk root=build/rootfs-busybox init=/bin/sh; echo "umk exited with status $$?"

# make bench [BENCH=null,getppid] [QUICK=1] [RUNS=N] [PEERS=native,umk-ptrace]: see bench/README.md
bench: umk
	$(Q)bench/run $(if $(QUICK),--quick) $(if $(RUNS),--runs $(RUNS)) \
		$(if $(PEERS),--peers $(PEERS)) $(BENCH)

compile_commands.json: FORCE
	$(Q)$(MAKE) --no-print-directory clean
	$(Q)bear --output $@ -- $(MAKE) --no-print-directory -j2 umk

clean:
	rm -rf build build-san build-clang build-san-clang umk

SHELL := /bin/bash
-include $(shell find $(O) -name '*.d' 2>/dev/null)
