/*
 * args: what execve hands a new program. Prints its arguments, the HOME
 * variable (Linux gives init HOME=/ and TERM=linux) and the auxiliary vector
 * facts that do not depend on the host: values where Linux fixes them, yes/no
 * where only their presence or consistency is certain. AT_PHDR, AT_PHNUM and
 * AT_ENTRY are checked against the program's own ELF header and entry point,
 * which also holds for the static-PIE build.
 *
 * argv[0] is the init path, which ends in the build flavour (.musl, .glibc,
 * .pie): its folder and program name are printed without that suffix so that
 * every flavour prints the same.
 */
/* build: pie */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "guest.h"

extern const Elf64_Ehdr __ehdr_start;
extern char _start[];

static void print_argv0(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	const char *name = slash ? slash + 1 : argv0;
	size_t len = strcspn(name, ".");

	printf("argv[0] folder: %.*s\n", slash ? (int)(slash - argv0) : 0, argv0);
	printf("argv[0] program: %.*s\n", (int)len, name);
}

static void print_auxv(const char *argv0)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	const char *platform = (const char *)getauxval(AT_PLATFORM);
	const Elf64_Phdr *phdr = (const Elf64_Phdr *)getauxval(AT_PHDR);
	const char *ehdr = (const char *)&__ehdr_start;

	printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
	printf("AT_CLKTCK: %lu\n", getauxval(AT_CLKTCK));
	printf("AT_UID: %lu\n", getauxval(AT_UID));
	printf("AT_EUID: %lu\n", getauxval(AT_EUID));
	printf("AT_GID: %lu\n", getauxval(AT_GID));
	printf("AT_EGID: %lu\n", getauxval(AT_EGID));
	printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
	/* A static program has no interpreter, so no interpreter base. */
	printf("AT_BASE: %lu\n", getauxval(AT_BASE));
	printf("AT_FLAGS: %lu\n", getauxval(AT_FLAGS));
	printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
	printf("AT_PHNUM > 0: %s\n", yes_no(getauxval(AT_PHNUM) > 0));
	printf("AT_PHNUM is e_phnum: %s\n", yes_no(getauxval(AT_PHNUM) == __ehdr_start.e_phnum));
	printf("AT_PHDR is the loaded program headers: %s\n",
	       yes_no((const char *)phdr == ehdr + __ehdr_start.e_phoff));
	printf("AT_ENTRY nonzero: %s\n", yes_no(getauxval(AT_ENTRY) != 0));
	printf("AT_ENTRY is _start: %s\n", yes_no(getauxval(AT_ENTRY) == (unsigned long)_start));
	printf("AT_RANDOM non-null: %s\n", yes_no(getauxval(AT_RANDOM) != 0));
	printf("AT_HWCAP nonzero: %s\n", yes_no(getauxval(AT_HWCAP) != 0));
	printf("AT_SYSINFO_EHDR nonzero: %s\n", yes_no(getauxval(AT_SYSINFO_EHDR) != 0));
	printf("AT_PLATFORM: %s\n", platform ? platform : "(none)");
	printf("AT_EXECFN equals argv[0]: %s\n", yes_no(execfn && strcmp(execfn, argv0) == 0));
}

int main(int argc, char **argv)
{
	const char *home = getenv("HOME");

	printf("argc: %d\n", argc);
	print_argv0(argv[0]);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]: \"%s\"\n", i, argv[i]);
	printf("argv[argc] is NULL: %s\n", yes_no(argv[argc] == NULL));
	printf("HOME: %s\n", home ? home : "(unset)");
	print_auxv(argv[0]);
	return 0;
}
