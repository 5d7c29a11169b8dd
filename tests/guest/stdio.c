/*
 * stdio: printf formatting and the two console streams. Under umk the guest's
 * stdout and stderr both reach the console (umk's stdout), as they reach one
 * pipe in the native run (2>&1), so their interleaving is part of the output.
 * stdout is line buffered on a terminal and fully buffered otherwise, and
 * umk's console may be either: every switch to stderr is preceded by an
 * fflush(stdout), which makes the order the same in both cases.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void integers(void)
{
	printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", -42, 42, 42u, 0xbeefu, 0xbeefu, 8u);
	printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n", 42, 42, 42, 42, 42, 7);
	printf("[%#x] [%#o] [%*d] [%-*d]\n", 255u, 8u, 6, 1, 6, 2);
	printf("[%ld] [%lld] [%lu] [%zu] [%jd]\n", LONG_MIN, LLONG_MAX, ULONG_MAX, (size_t)12345,
	       (intmax_t)-1);
	printf("[%hhd] [%hd] [%hhu]\n", (signed char)-1, (short)-32768, (unsigned char)255);
}

static void floats(void)
{
	printf("[%f] [%.2f] [%10.4f] [%-10.1f] [%+.0f]\n", 3.14159265, 2.675, -1.5, 0.25, 2.5);
	printf("[%e] [%.3E] [%g] [%g] [%g] [%G]\n", 12345.678, 0.000123, 100000.0, 1000000.0, 1e-5,
	       1.5e-10);
	printf("[%.10g] [%#g] [%g]\n", 1.0 / 3.0, 1.0, 0.0);
	printf("[%f] [%f] [%e]\n", 1e300 * 1e10, -1e300 * 1e10, -0.0);
}

/* Hidden from the compiler, which would otherwise warn about the truncation. */
static const char *volatile long_text = "longer than eight";

static void strings(void)
{
	char buf[8];
	int n;

	printf("[%s] [%10s] [%-10s] [%.3s] [%c] [%%]\n", "umk", "right", "left", "truncated", 'x');
	printf("[%5c] [%-3c] [%.0s]\n", 'a', 'b', "gone");
	n = snprintf(buf, sizeof(buf), "%s", long_text);
	printf("snprintf truncates: [%s] returns %d\n", buf, n);
	puts("puts adds a newline");
	putchar('!');
	putchar('\n');
	fputs("fputs to stdout\n", stdout);
	fwrite("fwrite 10\n", 1, 10, stdout);
}

static void streams(void)
{
	printf("stdout, before stderr\n");
	fflush(stdout);
	fputs("stderr, after stdout\n", stderr);
	fprintf(stderr, "stderr %s %d\n", "formatted", 2);
	printf("stdout again\n");
	fflush(stdout);
	write(2, "raw write to fd 2\n", 18);
	write(1, "raw write to fd 1\n", 18);
	printf("stdout, buffered\n");
	fputs("partial line on stdout, ", stdout);
	fflush(stdout);
	fputs("then stderr\n", stderr);
}

int main(void)
{
	integers();
	floats();
	strings();
	streams();
	printf("last line\n");
	return 0;
}
