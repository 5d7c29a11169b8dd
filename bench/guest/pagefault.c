/*
 * pagefault [MIB]: first-touch page faults. Maps MIB MiB (default 512) of
 * private anonymous memory and writes one byte to each 4 KiB page, so that
 * every write is a fault that allocates a zeroed page. Prints
 * "pagefault US us": microseconds per fault (MIB * 256 faults in all).
 *
 * Transparent huge pages are turned off for the mapping where the peer
 * allows it, so that each page is a fault of its own everywhere.
 */
#include <sys/mman.h>
#include "bench.h"

#define PAGE 4096L

int main(int argc, char **argv)
{
	long mib = count_arg(argc, argv, 1, 512);
	long len = mib << 20, pages = len / PAGE;
	volatile char *p;
	double t0, t1;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fail("pagefault", "mmap", errno);
	madvise((void *)p, len, MADV_NOHUGEPAGE); /* best effort: not every peer has THP */
	t0 = now_seconds();
	for (long i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	t1 = now_seconds();
	report("pagefault", (t1 - t0) * 1e6 / pages, "us");
	return 0;
}
