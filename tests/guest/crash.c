/*
 * crash: writes through a null pointer. A fault's SIGSEGV kills even init (its
 * signal protection covers only signals sent to it), so umk must exit with
 * 128 + SIGSEGV = 139, having printed the line flushed before the crash.
 */
#include <stdio.h>

int main(void)
{
	volatile int *volatile null = NULL;

	printf("about to crash\n");
	fflush(stdout);
	*null = 1; // cppcheck-suppress nullPointer
	printf("still alive\n");
	return 0;
}
