// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ELF validation (fs/binfmt_elf.c): every field an image
 * could lie about is refused the way Linux refuses it.
 */
#include <umk/binfmt.h>
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/string.h>

#define FILE_SIZE 0x10000
#define TASK 0x7fef00000000ULL

static Elf64_Ehdr good_header(void)
{
	Elf64_Ehdr eh;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_entry = 0x401000;
	eh.e_phoff = sizeof(Elf64_Ehdr);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 2;
	return eh;
}

static void accepts_a_good_header(struct kunit *t)
{
	Elf64_Ehdr eh = good_header();

	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), 0);
	eh.e_type = ET_DYN;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), 0);
}

static void rejects_wrong_identity(struct kunit *t)
{
	Elf64_Ehdr eh;

	eh = good_header();
	eh.e_ident[1] = 'X';
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_ident[EI_DATA] = ELFDATA2MSB;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_machine = EM_386;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_type = ET_REL;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_type = ET_CORE;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
}

static void rejects_bad_program_header_tables(struct kunit *t)
{
	Elf64_Ehdr eh;

	eh = good_header();
	eh.e_phentsize = 32;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 0;
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_phoff = FILE_SIZE - 8; /* runs off the end of the file */
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_phoff = ~0ULL - 16; /* would overflow */
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, FILE_SIZE), -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 65535; /* 3.6 MB of headers: over Linux's 64 KiB */
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, ~0ULL >> 1), -ENOEXEC);
	eh = good_header();
	KUNIT_EXPECT_EQ(t, elf_check_header(&eh, sizeof(eh) + 100), -ENOEXEC);
}

static Elf64_Phdr load(u64 vaddr, u64 off, u64 filesz, u64 memsz, u32 flags)
{
	Elf64_Phdr p;

	memset(&p, 0, sizeof(p));
	p.p_type = PT_LOAD;
	p.p_vaddr = vaddr;
	p.p_offset = off;
	p.p_filesz = filesz;
	p.p_memsz = memsz;
	p.p_flags = flags;
	p.p_align = 0x1000;
	return p;
}

static int check(struct elf_image *img, Elf64_Phdr *ph, int n)
{
	memset(img, 0, sizeof(*img));
	img->eh = good_header();
	img->eh.e_phnum = (u16)n;
	img->ph = ph;
	return elf_check_phdrs(img, TASK);
}

static void computes_the_load_span(struct kunit *t)
{
	Elf64_Phdr ph[3];
	struct elf_image img = { 0 };

	ph[0] = load(0x400000, 0, 0x1234, 0x1234, PF_R | PF_X);
	ph[1] = load(0x402100, 0x2100, 0x100, 0x5000, PF_R | PF_W);
	memset(&ph[2], 0, sizeof(ph[2]));
	ph[2].p_type = PT_GNU_STACK;
	ph[2].p_flags = PF_R | PF_W;
	KUNIT_ASSERT_EQ(t, check(&img, ph, 3), 0);
	KUNIT_EXPECT_EQ(t, img.lo, 0x400000ULL);
	KUNIT_EXPECT_EQ(t, img.hi, 0x408000ULL);
	KUNIT_EXPECT_FALSE(t, img.exec_stack);
	KUNIT_EXPECT_FALSE(t, img.has_interp);
	/* The headers sit at offset 64, inside the first segment. */
	KUNIT_EXPECT_EQ(t, img.phdr_vaddr, 0x400040ULL);
}

static void rejects_inconsistent_segments(struct kunit *t)
{
	Elf64_Phdr ph[1];
	struct elf_image img = { 0 };

	ph[0] = load(0x400000, 0, 0x2000, 0x1000, PF_R); /* filesz > memsz */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 1), -ENOEXEC);
	ph[0] = load(0x400010, 0x20, 0x10, 0x10, PF_R); /* vaddr and offset disagree mod page */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 1), -ENOEXEC);
	ph[0] = load(~0ULL - 0x1000, 0xfff & (~0ULL - 0x1000), 0, 0x2000, PF_R); /* wraps */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 1), -ENOEXEC);
	ph[0] = load(TASK - 0x1000, 0, 0, 0x2000, PF_R); /* past the task size */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 1), -ENOEXEC);
}

static void requires_a_loadable_segment(struct kunit *t)
{
	Elf64_Phdr ph[1];
	struct elf_image img = { 0 };

	memset(ph, 0, sizeof(ph));
	ph[0].p_type = PT_NOTE;
	KUNIT_EXPECT_EQ(t, check(&img, ph, 1), -ENOEXEC);
	ph[0] = load(0x400000, 0, 0, 0, PF_R); /* empty */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 1), -ENOEXEC);
}

static void checks_the_interpreter_entry(struct kunit *t)
{
	Elf64_Phdr ph[3];
	struct elf_image img = { 0 };

	ph[0] = load(0x400000, 0, 0x1000, 0x1000, PF_R | PF_X);
	memset(&ph[1], 0, sizeof(ph[1]));
	ph[1].p_type = PT_INTERP;
	ph[1].p_offset = 0x200;
	ph[1].p_filesz = 28;
	KUNIT_ASSERT_EQ(t, check(&img, ph, 2), 0);
	KUNIT_EXPECT_TRUE(t, img.has_interp);
	KUNIT_EXPECT_EQ(t, img.interp_off, 0x200ULL);
	ph[2] = ph[1]; /* two interpreters */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 3), -ENOEXEC);
	ph[1].p_filesz = 1; /* shorter than one character and its NUL */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 2), -ENOEXEC);
	ph[1].p_filesz = 8192; /* longer than PATH_MAX */
	KUNIT_EXPECT_EQ(t, check(&img, ph, 2), -ENOEXEC);
}

static void notes_an_executable_stack(struct kunit *t)
{
	Elf64_Phdr ph[2];
	struct elf_image img = { 0 };

	ph[0] = load(0x400000, 0, 0x1000, 0x1000, PF_R | PF_X);
	memset(&ph[1], 0, sizeof(ph[1]));
	ph[1].p_type = PT_GNU_STACK;
	ph[1].p_flags = PF_R | PF_W | PF_X;
	KUNIT_ASSERT_EQ(t, check(&img, ph, 2), 0);
	KUNIT_EXPECT_TRUE(t, img.exec_stack);
}

static const struct kunit_case elf_cases[] = {
	KUNIT_CASE(accepts_a_good_header),
	KUNIT_CASE(rejects_wrong_identity),
	KUNIT_CASE(rejects_bad_program_header_tables),
	KUNIT_CASE(computes_the_load_span),
	KUNIT_CASE(rejects_inconsistent_segments),
	KUNIT_CASE(requires_a_loadable_segment),
	KUNIT_CASE(checks_the_interpreter_entry),
	KUNIT_CASE(notes_an_executable_stack),
	{},
};

static const struct kunit_suite elf_suite = { .name = "elf", .cases = elf_cases };
kunit_test_suite(elf_suite);
