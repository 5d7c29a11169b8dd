/*
 * listener (runs on the host, not in a guest): listens on 127.0.0.1 on a free
 * port, prints the port, and exits 1 if anything connects within the given
 * number of seconds (or before it is sent SIGTERM), 0 if nothing did. For
 * tests/security/run.
 */
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_term(int sig)
{
	(void)sig; /* only to interrupt poll */
}

int main(int argc, char **argv)
{
	struct sigaction act = { .sa_handler = on_term };
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct pollfd p = { .fd = s, .events = POLLIN };

	sigaction(SIGTERM, &act, NULL);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 8) < 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) < 0)
		return 2;
	printf("%d\n", ntohs(sa.sin_port));
	fflush(stdout);
	return poll(&p, 1, (argc > 1 ? atoi(argv[1]) : 10) * 1000) > 0 ? 1 : 0;
}
