// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: host threads, mutexes and condition variables. Task threads
 * and the big kernel lock are built on these.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <host/host.h>

_Static_assert(sizeof(pthread_mutex_t) <= sizeof(struct host_mutex), "host_mutex too small");
_Static_assert(sizeof(pthread_cond_t) <= sizeof(struct host_cond), "host_cond too small");

struct thread_start {
	void (*fn)(void *);
	void *arg;
	char name[16];
};

static void *thread_trampoline(void *p)
{
	struct thread_start s = *(struct thread_start *)p;

	free(p);
	pthread_setname_np(pthread_self(), s.name);
	s.fn(s.arg);
	return NULL;
}

int host_thread_create(void (*fn)(void *), void *arg, const char *name)
{
	struct thread_start *s = malloc(sizeof(*s));
	pthread_attr_t attr;
	pthread_t t;
	int err;

	if (!s)
		return -ENOMEM;
	s->fn = fn;
	s->arg = arg;
	strncpy(s->name, name, sizeof(s->name) - 1);
	s->name[sizeof(s->name) - 1] = 0;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&t, &attr, thread_trampoline, s);
	pthread_attr_destroy(&attr);
	if (err) {
		free(s);
		return -err;
	}
	return 0;
}

void host_thread_set_name(const char *name)
{
	char n[16];

	strncpy(n, name, sizeof(n) - 1);
	n[sizeof(n) - 1] = 0;
	pthread_setname_np(pthread_self(), n);
}

void host_thread_exit(void)
{
	pthread_exit(NULL);
}

void host_mutex_init(struct host_mutex *m)
{
	pthread_mutex_init((pthread_mutex_t *)m->opaque, NULL);
}

void host_mutex_lock(struct host_mutex *m)
{
	pthread_mutex_lock((pthread_mutex_t *)m->opaque);
}

void host_mutex_unlock(struct host_mutex *m)
{
	pthread_mutex_unlock((pthread_mutex_t *)m->opaque);
}

void host_cond_init(struct host_cond *c)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init((pthread_cond_t *)c->opaque, &a);
	pthread_condattr_destroy(&a);
}

void host_cond_wait(struct host_cond *c, struct host_mutex *m)
{
	pthread_cond_wait((pthread_cond_t *)c->opaque, (pthread_mutex_t *)m->opaque);
}

int host_cond_timedwait(struct host_cond *c, struct host_mutex *m, const struct host_timespec *abs)
{
	struct timespec ts = { .tv_sec = abs->sec, .tv_nsec = abs->nsec };
	int err = pthread_cond_timedwait((pthread_cond_t *)c->opaque, (pthread_mutex_t *)m->opaque,
					 &ts);

	return err == ETIMEDOUT ? -ETIMEDOUT : 0;
}

void host_cond_signal(struct host_cond *c)
{
	pthread_cond_signal((pthread_cond_t *)c->opaque);
}

void host_cond_broadcast(struct host_cond *c)
{
	pthread_cond_broadcast((pthread_cond_t *)c->opaque);
}
