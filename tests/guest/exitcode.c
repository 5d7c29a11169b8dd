/*
 * exitcode: exits with the status given as its argument, printing nothing, so
 * that a test checks umk hands init's exit status back to the host unchanged.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("usage: exitcode STATUS\n");
		return 2;
	}
	exit(atoi(argv[1]));
}
