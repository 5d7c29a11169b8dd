// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces and threads, the parts both trap backends share:
 * allocation and reference counting, the list used to kill everything at
 * shutdown, guest-memory copies (process_vm_readv/writev, /proc/pid/mem
 * for writes that ignore protection), and the public as_* / trap_*
 * functions, which check their arguments and call the active backend.
 */
#include <linux/mman.h>
#include <linux/signal.h>
#include <asm/unistd.h>
#include <umk/errno.h>
#include <umk/printk.h>
#include <umk/slab.h>
#include <umk/string.h>

#include "internal.h"

/* trap=seccomp by default: it passes everything trap=ptrace passes. */
enum trap_backend trap_backend = TRAP_SECCOMP;
const struct trap_ops *trap_ops = &seccomp_trap_ops;

static LIST_HEAD(as_list);
static struct host_mutex as_list_lock;
static bool as_list_lock_ready;

/*
 * The monitor: one host thread that watches every guest host process's
 * pidfd, so that a process that dies behind umk's back (killed by the
 * seccomp filter, or from outside) wakes its task threads at once.
 */
static int monitor_epfd = -1;
static u64 next_as_id = 1;
static __thread struct trap_thread *owned;

static void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

size_t trap_fpu_alloc_size(void)
{
	static size_t size;

	if (!size) {
		u32 a, b, c, d;

		size = 4096;
		cpuid(0, 0, &a, &b, &c, &d);
		if (a >= 0xd) {
			cpuid(0xd, 0, &a, &b, &c, &d);
			if (c > size)
				size = ALIGN_UP((size_t)c, 64);
		}
	}
	return size;
}

size_t trap_fpu_size(void)
{
	return trap_ops->fpu_size();
}

uaddr_t as_task_size(void)
{
	return GUEST_TASK_SIZE;
}

static void list_lock(void)
{
	if (!as_list_lock_ready) {
		host_mutex_init(&as_list_lock);
		as_list_lock_ready = true;
	}
	host_mutex_lock(&as_list_lock);
}

struct as *as_alloc(int pid, int pidfd, int ctl)
{
	struct as *as = kzalloc(sizeof(*as));

	if (!as)
		return NULL;
	as->refcount = 1;
	host_mutex_init(&as->hello_lock);
	as->pid = pid;
	as->pidfd = pidfd;
	as->ctl = ctl;
	as->memfd = -1;
	list_lock();
	as->id = next_as_id++;
	list_add_tail(&as->all, &as_list);
	if (monitor_epfd >= 0 && pidfd >= 0)
		host_epoll_add(monitor_epfd, pidfd, as->id);
	host_mutex_unlock(&as_list_lock);
	return as;
}

struct trap_thread *trap_thread_alloc(struct as *as, int tid)
{
	struct trap_thread *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->fpu = kzalloc(trap_fpu_alloc_size());
	if (!t->fpu) {
		kfree(t);
		return NULL;
	}
	t->as = as;
	t->tid = tid;
	t->slot = -1;
	for (int i = 0; i < STUB_THREADS; i++) {
		if (!(as->thread_slots[i / 64] & (1UL << (i % 64)))) {
			as->thread_slots[i / 64] |= 1UL << (i % 64);
			t->slot = i;
			break;
		}
	}
	if (t->slot < 0) {
		kfree(t->fpu);
		kfree(t);
		return NULL;
	}
	return t;
}

void trap_thread_free(struct trap_thread *t)
{
	if (t->slot >= 0)
		t->as->thread_slots[t->slot / 64] &= ~(1UL << (t->slot % 64));
	if (owned == t)
		owned = NULL;
	kfree(t->fpu);
	kfree(t);
}

/* Wakes every task thread waiting on as's control pages. */
static void as_wake_all(struct as *as)
{
	if (!as->shared)
		return;
	for (int i = 0; i < STUB_THREADS; i++) {
		struct stub_shared *sh;

		if (!(as->thread_slots[i / 64] & (1UL << (i % 64))))
			continue;
		sh = (struct stub_shared *)((char *)as->shared + (size_t)i * STUB_THREAD_AREA);
		host_futex_wake(&sh->state, INT32_MAX);
	}
}

static int read_hello(struct as *as);

void as_kill(struct as *as)
{
	if (__atomic_exchange_n(&as->dead, true, __ATOMIC_SEQ_CST))
		return;
	/* A forked child not adopted yet: its hello names it (it comes soon). */
	if (__atomic_load_n(&as->hello_pending, __ATOMIC_SEQ_CST))
		read_hello(as);
	if (as->pidfd >= 0)
		host_pidfd_send_signal(as->pidfd, SIGKILL);
	else if (as->pid > 0)
		host_kill(as->pid, SIGKILL);
	as_wake_all(as);
}

static void monitor_thread(void *unused)
{
	for (;;) {
		u64 ids[16];
		int n = host_epoll_wait(monitor_epfd, ids, 16, -1);
		struct as *as;

		list_lock();
		for (int i = 0; i < n; i++) {
			list_for_each_entry (as, &as_list, all) {
				if (as->id != ids[i])
					continue;
				/* Gone: stop watching it, and wake whoever waits on it. */
				host_epoll_del(monitor_epfd, as->pidfd);
				__atomic_store_n(&as->dead, true, __ATOMIC_SEQ_CST);
				as_wake_all(as);
			}
		}
		host_mutex_unlock(&as_list_lock);
	}
}

int as_monitor_start(void)
{
	int err;

	monitor_epfd = host_epoll_create();
	if (monitor_epfd < 0)
		return monitor_epfd;
	err = host_thread_create(monitor_thread, NULL, "umk-monitor");
	if (err) {
		host_close(monitor_epfd);
		monitor_epfd = -1;
	}
	return err;
}

int as_host_pid(const struct as *as)
{
	return as->pid;
}

void as_get(struct as *as)
{
	as->refcount++;
}

void as_put(struct as *as)
{
	if (--as->refcount > 0)
		return;
	as_kill(as);
	list_lock();
	list_del(&as->all);
	if (monitor_epfd >= 0 && as->pidfd >= 0)
		host_epoll_del(monitor_epfd, as->pidfd);
	host_mutex_unlock(&as_list_lock);
	if (as->initial) {
		/* Never adopted: nobody traces it, the zygote reaps it. */
		trap_thread_free(as->initial);
		as->initial = NULL;
	}
	host_close(as->ctl);
	if (as->shared)
		host_munmap(as->shared, STUB_THREADS * STUB_THREAD_AREA);
	if (as->pidfd >= 0)
		host_close(as->pidfd);
	if (as->memfd >= 0)
		host_close(as->memfd);
	kfree(as);
}

void as_list_kill_all(void)
{
	struct as *as;

	list_lock();
	list_for_each_entry (as, &as_list, all)
		if (as->pid > 0)
			host_kill(as->pid, SIGKILL);
	host_mutex_unlock(&as_list_lock);
}

void trap_kill_all(void)
{
	as_list_kill_all();
}

void trap_stop_zygote(void)
{
	zygote_kill();
	zygote_reap();
}

/* A blank process spawned ahead (by the boot check), used by the next spawn. */
static struct as *spare;

/*
 * The boot-time check (DESIGN §2): umk must be able to read a child's
 * memory. YAMA's ptrace_scope 2 or 3 forbids it to ordinary users.
 */
int as_check_host_access(void)
{
	struct stub_header h;
	struct as *as;
	long n;
	int err = as_spawn_blank(&as);

	if (err) {
		fdprintk(2, "umk: cannot start a guest process: %s\n", host_strerror(err));
		return err;
	}
	n = host_process_vm_read(as->pid, &h, STUB_BASE, sizeof(h));
	if (n != sizeof(h) || h.magic != STUB_MAGIC) {
		as_put(as);
		fdprintk(2,
			 "umk: cannot read a guest process's memory (process_vm_readv: %s); "
			 "is kernel.yama.ptrace_scope 2 or more? umk needs 0 or 1\n",
			 host_strerror(n < 0 ? (int)n : -EIO));
		return n < 0 ? (int)n : -EIO;
	}
	spare = as;
	return 0;
}

int as_spawn_blank(struct as **out)
{
	int pid, pidfd, ctl, err;
	void *shared;
	struct as *as;

	if (spare) {
		*out = spare;
		spare = NULL;
		return 0;
	}
	/* fork's EAGAIN is transient: a moment later it may succeed. */
	for (int tries = 0;; tries++) {
		struct host_timespec pause = { 0, 10 * 1000 * 1000 };

		err = zygote_spawn(&pid, &pidfd, &ctl, &shared);
		if (err != -EAGAIN || tries == 3)
			break;
		host_nanosleep(&pause);
	}
	if (err)
		return err;
	as = as_alloc(pid, pidfd, ctl);
	if (!as)
		goto fail;
	as->shared = shared;
	as->initial = trap_thread_alloc(as, pid);
	if (!as->initial) {
		as_put(as);
		return -ENOMEM;
	}
	*out = as;
	return 0;
fail:
	host_kill(pid, SIGKILL);
	if (shared)
		host_munmap(shared, STUB_THREADS * STUB_THREAD_AREA);
	host_close(ctl);
	if (pidfd >= 0)
		host_close(pidfd);
	return -ENOMEM;
}

/* --- threads ------------------------------------------------------------- */

/*
 * A forked child's hello: its host pid, and the pidfd the monitor watches.
 * Read once, by whoever needs it first (its adopter, or as_kill).
 */
static int read_hello(struct as *as)
{
	int pid, err = 0;

	host_mutex_lock(&as->hello_lock);
	if (!as->hello_pending)
		goto out;
	err = guest_channel_hello(as->ctl, &pid);
	if (err)
		goto out;
	if (as->pid && pid != as->pid) {
		err = -EIO; /* not the process fork made */
		goto out;
	}
	if (!as->pid) {
		as->pid = pid;
		as->initial->tid = pid;
		as->pidfd = host_pidfd_open(pid);
		list_lock();
		if (monitor_epfd >= 0 && as->pidfd >= 0)
			host_epoll_add(monitor_epfd, as->pidfd, as->id);
		host_mutex_unlock(&as_list_lock);
	}
	__atomic_store_n(&as->hello_pending, false, __ATOMIC_SEQ_CST);
out:
	host_mutex_unlock(&as->hello_lock);
	return err;
}

int trap_thread_adopt(struct as *as, struct trap_thread **out)
{
	struct trap_thread *t = as->initial;
	int err;

	if (!t)
		return -EINVAL;
	if (as->hello_pending) {
		err = read_hello(as);
		if (err)
			return err;
	}
	t->owner = host_gettid();
	err = trap_ops->adopt(t);
	if (err)
		return err;
	as->initial = NULL;
	if (!owned)
		owned = t;
	*out = t;
	return 0;
}

struct trap_thread *trap_current(void)
{
	return owned;
}

void trap_set_current(struct trap_thread *t)
{
	owned = t;
}

struct trap_thread *as_owner_thread(struct as *as)
{
	struct trap_thread *t = owned;

	if (!t || t->as != as || t->dead)
		return NULL;
	return t;
}

int trap_run(struct trap_thread *t, struct trap_event *ev)
{
	return trap_ops->run(t, ev);
}

int trap_interrupt(struct trap_thread *t)
{
	return trap_ops->interrupt(t);
}

int trap_get_regs(struct trap_thread *t, struct user_regs *regs)
{
	int err = t->regs_valid ? 0 : trap_ops->fetch_regs(t);

	if (!err)
		*regs = t->regs;
	return err;
}

int trap_set_regs(struct trap_thread *t, const struct user_regs *regs)
{
	t->regs = *regs;
	t->regs_valid = true;
	t->regs_dirty = true;
	return 0;
}

int trap_set_syscall_return(struct trap_thread *t, long value)
{
	if (t->regs_valid) {
		t->regs.rax = (u64)value;
		t->regs_dirty = true;
		return 0;
	}
	return trap_ops->set_syscall_return(t, value);
}

int trap_get_fpu(struct trap_thread *t, void *xsave)
{
	int err = t->fpu_valid ? 0 : trap_ops->fetch_fpu(t);

	if (!err)
		memcpy(xsave, t->fpu, trap_fpu_size());
	return err;
}

int trap_set_fpu(struct trap_thread *t, const void *xsave)
{
	memcpy(t->fpu, xsave, trap_fpu_size());
	t->fpu_valid = true;
	t->fpu_dirty = true;
	return 0;
}

int trap_thread_host_tid(const struct trap_thread *t)
{
	return t->dead ? -1 : t->tid;
}

void trap_thread_release(struct trap_thread *t)
{
	trap_ops->release(t);
	trap_thread_free(t);
}

/* --- address-space operations ---------------------------------------------- */

static bool range_ok(uaddr_t addr, size_t len)
{
	return IS_ALIGNED(addr, PAGE_SIZE) && len && addr < GUEST_TASK_SIZE &&
	       len <= GUEST_TASK_SIZE - addr;
}

/* Host calls take at most 4 GiB (the filter's length check): split larger ranges. */
#define AS_CHUNK 0x80000000UL

long as_map(struct as *as, uaddr_t addr, size_t len, int prot, int flags, int hostfd, u64 off)
{
	struct trap_thread *t = as_owner_thread(as);
	long gfd = -1, r = 0;

	if (!t)
		return -ESRCH;
	if (!range_ok(addr, len) ||
	    (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)))
		return -EINVAL;
	if (hostfd >= 0) {
		gfd = trap_ops->as_take_fd(t, hostfd);
		if (gfd < 0)
			return gfd;
	}
	for (size_t done = 0; done < len && r >= 0; done += AS_CHUNK) {
		size_t n = len - done < AS_CHUNK ? len - done : AS_CHUNK;
		u64 args[6] = { addr + done, n,		(u64)prot, (u64)(flags | MAP_FIXED),
				(u64)gfd,    off + done };

		r = trap_ops->as_syscall(t, __NR_mmap, args);
		if (r >= 0 && (uaddr_t)r != addr + done)
			r = -EFAULT;
	}
	if (gfd >= 0) {
		u64 args[6] = { (u64)gfd };

		trap_ops->as_syscall(t, __NR_close, args);
	}
	return r < 0 ? r : (long)addr;
}

static long as_ranged(struct as *as, long nr, uaddr_t addr, size_t len, u64 arg)
{
	struct trap_thread *t = as_owner_thread(as);
	long r = 0;

	if (!t)
		return -ESRCH;
	if (!range_ok(addr, len))
		return -EINVAL;
	for (size_t done = 0; done < len && r >= 0; done += AS_CHUNK) {
		size_t n = len - done < AS_CHUNK ? len - done : AS_CHUNK;
		u64 args[6] = { addr + done, n, arg };

		r = trap_ops->as_syscall(t, nr, args);
	}
	return r;
}

int as_unmap(struct as *as, uaddr_t addr, size_t len)
{
	return (int)as_ranged(as, __NR_munmap, addr, len, 0);
}

int as_protect(struct as *as, uaddr_t addr, size_t len, int prot)
{
	return (int)as_ranged(as, __NR_mprotect, addr, len, (u64)prot);
}

int as_advise(struct as *as, uaddr_t addr, size_t len, int advice)
{
	return (int)as_ranged(as, __NR_madvise, addr, len, (u64)advice);
}

long as_remap(struct as *as, uaddr_t old, size_t old_len, size_t new_len, uaddr_t new_addr)
{
	struct trap_thread *t = as_owner_thread(as);
	/* new_addr == old: grow or shrink in place, never move. */
	u64 flags = new_addr == old ? 0 : MREMAP_MAYMOVE | MREMAP_FIXED;
	u64 args[6] = { old, old_len, new_len, flags, new_addr };
	long r;

	if (!t)
		return -ESRCH;
	if (!range_ok(old, old_len) || !range_ok(new_addr, new_len) || old_len >= 1UL << 32 ||
	    new_len >= 1UL << 32)
		return -EINVAL;
	r = trap_ops->as_syscall(t, __NR_mremap, args);
	return r < 0 ? r : (r == (long)new_addr ? r : -EFAULT);
}

int as_fork(struct as *as, struct as **out)
{
	struct trap_thread *t = as_owner_thread(as);
	struct guest_channel c;
	struct as *child;
	int ctl_slot, mem_slot = -1, pid, pidfd, err;
	long r;

	if (!t)
		return -ESRCH;
	err = guest_channel_open(&c);
	if (err)
		return err;
	/* The child's socket and thread memfd reach the parent's transient
	 * slots; the child takes them, the parent closes them. */
	r = trap_ops->as_take_fd(t, c.guest_end);
	if (r < 0) {
		err = (int)r;
		goto fail;
	}
	ctl_slot = (int)r;
	if (c.memfd >= 0) {
		r = trap_ops->as_take_fd(t, c.memfd);
		if (r < 0) {
			err = (int)r;
			goto fail_slots;
		}
		mem_slot = (int)r;
	}
	guest_channel_sent(&c);
	r = trap_ops->fork(t, ctl_slot, mem_slot);
	{
		u64 a[6] = { (u64)ctl_slot };

		trap_ops->as_syscall(t, __NR_close, a);
		a[0] = (u64)mem_slot;
		if (mem_slot >= 0)
			trap_ops->as_syscall(t, __NR_close, a);
	}
	if (r < 0) {
		err = (int)r;
		goto fail;
	}
	/*
	 * The child sets itself up while the parent goes on: its task thread
	 * reads the hello before adopting it (trap_thread_adopt). Without a pid
	 * namespace its host pid is the one fork returned, known at once (so
	 * that shutdown can kill it); in one, the hello's credentials tell.
	 */
	pid = zygote_in_namespaces() ? 0 : (int)r;
	pidfd = pid ? host_pidfd_open(pid) : -1;
	child = as_alloc(pid, pidfd, c.umk_end);
	if (!child) {
		if (pid)
			host_kill(pid, SIGKILL);
		if (pidfd >= 0)
			host_close(pidfd);
		err = -ENOMEM;
		goto fail;
	}
	child->hello_pending = true;
	child->shared = c.shared;
	child->initial = trap_thread_alloc(child, pid);
	if (!child->initial) {
		as_put(child);
		return -ENOMEM;
	}
	*out = child;
	return 0;
fail_slots : {
	u64 a[6] = { (u64)ctl_slot };

	trap_ops->as_syscall(t, __NR_close, a);
}
fail:
	guest_channel_close(&c);
	return err;
}

int as_clone_thread(struct as *as, struct trap_thread **out)
{
	struct trap_thread *t = as_owner_thread(as), *nt;
	long r;
	int tid;

	if (!t)
		return -ESRCH;
	nt = trap_thread_alloc(as, 0);
	if (!nt)
		return -EAGAIN;
	if (as->shared) {
		/* A slot's control page starts clean: no state of an earlier thread. */
		memset((char *)as->shared + (size_t)nt->slot * STUB_THREAD_AREA, 0,
		       STUB_THREAD_SHARED_SIZE);
	}
	r = trap_ops->clone_thread(t, nt->slot);
	if (r <= 0) {
		trap_thread_free(nt);
		return r < 0 ? (int)r : -EIO;
	}
	if (as->shared) {
		/* Alive until the host clears it: umk knows the tid before the thread runs. */
		struct stub_shared *sh =
			(struct stub_shared *)((char *)as->shared +
					       (size_t)nt->slot * STUB_THREAD_AREA);

		__atomic_store_n(&sh->tid_word, (u32)r, __ATOMIC_SEQ_CST);
	}
	tid = (int)r;
	if (zygote_in_namespaces()) {
		tid = host_thread_host_tid(as->pid, (int)r, NULL, 0);
		if (tid < 0) {
			/* Gone already, or never seen: end it if it is there at all. */
			pr_warn("umk: new thread %ld of guest process %d not found\n", r, as->pid);
			trap_thread_free(nt);
			return -EAGAIN;
		}
	}
	nt->tid = tid;
	*out = nt;
	return 0;
}

int trap_thread_take(struct trap_thread *t)
{
	int err;

	t->owner = host_gettid();
	err = trap_ops->adopt(t);
	if (err)
		return err;
	if (!owned)
		owned = t;
	return 0;
}

int as_atomic(struct as *as, enum as_atomic_op op, uaddr_t uaddr, u32 arg, u32 cmp, u32 *old)
{
	struct trap_thread *t = as_owner_thread(as);

	if (!t)
		return -ESRCH;
	if (uaddr & 3)
		return -EINVAL;
	if (uaddr >= GUEST_TASK_SIZE - 4)
		return -EFAULT;
	return trap_ops->atomic(t, op, uaddr, arg, cmp, old);
}

/* --- guest memory ---------------------------------------------------------- */

static bool user_range_ok(uaddr_t a, size_t len)
{
	return a < GUEST_TASK_SIZE && len <= GUEST_TASK_SIZE - a;
}

/*
 * Copies up to this many bytes through the owner's own thread (the stub's
 * copy buffer) when the backend can: a hand-over per STUB_COPY_MAX bytes
 * beats process_vm_readv/writev (1.5 us for a few bytes here) up to about
 * 32 KiB, where the two cost the same (docs/trap.md).
 */
#define STUB_COPY_LIMIT (4 * STUB_COPY_MAX)

/* The owner's thread when a copy of len bytes should go through it. */
static struct trap_thread *copy_thread(struct as *as, size_t len, bool out)
{
	if (len > STUB_COPY_LIMIT || (out ? !trap_ops->copy_out : !trap_ops->copy_in))
		return NULL;
	return as_owner_thread(as);
}

/* Through the stub: the count copied before the first bad byte. */
static size_t stub_read(struct trap_thread *t, void *dst, uaddr_t src, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t chunk = min_t(size_t, len - done, STUB_COPY_MAX);
		long n = trap_ops->copy_in(t, (char *)dst + done, src + done, chunk);

		if (n <= 0)
			break;
		done += (size_t)n;
		if ((size_t)n < chunk)
			break;
	}
	return done;
}

static size_t stub_write(struct trap_thread *t, uaddr_t dst, const void *src, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t chunk = min_t(size_t, len - done, STUB_COPY_MAX);
		long n = trap_ops->copy_out(t, dst + done, (const char *)src + done, chunk);

		if (n <= 0)
			break;
		done += (size_t)n;
		if ((size_t)n < chunk)
			break;
	}
	return done;
}

int as_read(struct as *as, void *dst, uaddr_t src, size_t len)
{
	struct trap_thread *t;
	long n;

	if (!len)
		return 0;
	if (!user_range_ok(src, len))
		return -EFAULT;
	t = copy_thread(as, len, false);
	if (t)
		return stub_read(t, dst, src, len) == len ? 0 : -EFAULT;
	n = host_process_vm_read(as->pid, dst, src, len);
	return n == (long)len ? 0 : -EFAULT;
}

long as_read_partial(struct as *as, void *dst, uaddr_t src, size_t len)
{
	struct trap_thread *t;
	long n;

	if (src >= GUEST_TASK_SIZE || !len)
		return 0;
	len = min_t(size_t, len, GUEST_TASK_SIZE - src);
	t = copy_thread(as, len, false);
	if (t)
		return (long)stub_read(t, dst, src, len);
	/* One remote range: the host copies page by page up to the first bad page. */
	n = host_process_vm_read(as->pid, dst, src, len);
	return n < 0 ? 0 : n;
}

long as_write_partial(struct as *as, uaddr_t dst, const void *src, size_t len)
{
	struct trap_thread *t;
	long n;

	if (dst >= GUEST_TASK_SIZE || !len)
		return 0;
	len = min_t(size_t, len, GUEST_TASK_SIZE - dst);
	t = copy_thread(as, len, true);
	if (t)
		return (long)stub_write(t, dst, src, len);
	n = host_process_vm_write(as->pid, src, dst, len);
	return n < 0 ? 0 : n;
}

int as_write(struct as *as, uaddr_t dst, const void *src, size_t len)
{
	struct trap_thread *t;
	long n;

	if (!len)
		return 0;
	if (!user_range_ok(dst, len))
		return -EFAULT;
	t = copy_thread(as, len, true);
	if (t)
		return stub_write(t, dst, src, len) == len ? 0 : -EFAULT;
	n = host_process_vm_write(as->pid, src, dst, len);
	return n == (long)len ? 0 : -EFAULT;
}

int as_poke(struct as *as, uaddr_t dst, const void *src, size_t len)
{
	long n;

	if (!len)
		return 0;
	if (!user_range_ok(dst, len))
		return -EFAULT;
	if (as->memfd < 0) {
		int fd = host_open_proc_mem(as->pid);

		if (fd < 0)
			return -EFAULT;
		as->memfd = fd;
	}
	n = host_pwrite(as->memfd, src, len, (s64)dst);
	return n == (long)len ? 0 : -EFAULT;
}
