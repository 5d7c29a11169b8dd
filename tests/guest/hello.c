/*
 * hello: the smallest guest program. Prints one line and exits 0; built also as
 * a static PIE, so that it is the first test of the ELF loader in both forms.
 */
/* build: pie */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
