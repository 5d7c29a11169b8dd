// SPDX-License-Identifier: GPL-2.0
/*
 * Creating tasks: fork, vfork, clone and clone3 (DESIGN §2, §4). A new
 * process is a host fork of its parent's guest host process (mm_fork); a
 * new thread is a new host thread in it (as_clone_thread). Either way the
 * child is parked in stub code until its own task thread adopts it and
 * loads the context saved here (the parent's registers and FPU state, with
 * rax 0, the new stack and TLS), so no child runs a guest instruction
 * before its task thread owns it.
 *
 * Also the thread bookkeeping calls: set_tid_address, the robust-futex
 * list registration and rseq.
 */
#include <asm/unistd.h>
#include <linux/sched.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/kernel.h>
#include <umk/mm.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/trap.h>
#include <umk/tty.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

/* struct robust_list_head: three words. */
#define ROBUST_LIST_HEAD_SIZE 24

/* The flags clone3 knows; CLONE_NEW* namespaces and pidfds are refused. */
#define CLONE_SUPPORTED                                                                            \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PTRACE | CLONE_VFORK |          \
	 CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |        \
	 CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED | CLONE_CHILD_SETTID | CLONE_IO)

struct clone_request {
	u64 flags;
	int exit_signal;
	uaddr_t stack; /* top of the child's stack (0: the parent's rsp) */
	uaddr_t parent_tid, child_tid, tls;
};

/* What a new task starts with; freed by its task thread once adopted. */
struct fork_ctx {
	struct user_regs regs;
	void *fpu;
	struct trap_thread *thread; /* CLONE_VM: the new host thread to take */
	uaddr_t set_child_tid; /* CLONE_CHILD_SETTID: where to write the tid */
};

static void fork_ctx_free(struct fork_ctx *fc)
{
	if (fc) {
		kfree(fc->fpu);
		kfree(fc);
	}
}

/* On the child's task thread: adopt the parked guest thread and load its context. */
static int child_start(struct task *t)
{
	struct fork_ctx *fc = t->fork_ctx;
	struct trap_thread *tt = NULL;
	int err;

	t->fork_ctx = NULL;
	kernel_unlock();
	if (fc->thread) {
		tt = fc->thread;
		err = trap_thread_take(tt);
	} else {
		err = trap_thread_adopt(t->mm->as, &tt);
	}
	kernel_lock();
	if (!err) {
		t->trap = tt;
		trap_set_current(tt);
		err = trap_set_regs(tt, &fc->regs);
		if (!err)
			err = trap_set_fpu(tt, fc->fpu);
	}
	if (!err && fc->set_child_tid)
		put_user((u32)t->pid, fc->set_child_tid); /* a bad address is ignored, as Linux */
	if (err)
		pr_warn("%s[%d]: cannot start a new task: %d\n", t->comm, t->pid, err);
	fork_ctx_free(fc);
	return err;
}

static struct signal_struct *signal_new(const struct signal_struct *parent)
{
	struct signal_struct *sig = kzalloc(sizeof(*sig));

	if (!sig)
		return NULL;
	sig->refcount = 1;
	INIT_LIST_HEAD(&sig->threads);
	init_sigpending(&sig->shared_pending);
	init_waitqueue_head(&sig->wait_chldexit);
	memcpy(sig->rlim, parent->rlim, sizeof(sig->rlim));
	sig->pgrp = parent->pgrp;
	sig->session = parent->session;
	sig->tty = tty_kref_get(parent->tty);
	sig->has_child_subreaper = parent->has_child_subreaper || parent->child_subreaper;
	sig->thp_disable = parent->thp_disable;
	return sig;
}

static int check_clone_flags(u64 flags, int exit_signal)
{
	if (flags & ~(CLONE_SUPPORTED | CSIGNAL))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && current->tgid == 1)
		return -EINVAL; /* init's siblings: no */
	if (exit_signal < 0 || exit_signal > KNSIG)
		return -EINVAL;
	return 0;
}

/* Undoes a task that never started. */
static void abort_child(struct task *p, bool new_signal)
{
	if (p->fork_ctx) {
		struct trap_thread *th = p->fork_ctx->thread;

		if (th) {
			/* A parked host thread of the parent's process: take it to end it. */
			kernel_unlock();
			if (!trap_thread_take(th))
				trap_thread_release(th);
			kernel_lock();
		}
		fork_ctx_free(p->fork_ctx);
		p->fork_ctx = NULL;
	}
	if (p->mm)
		mm_put(p->mm);
	if (p->files)
		files_put(p->files);
	if (p->fs)
		fs_struct_put(p->fs);
	sighand_put(p->sighand);
	list_del_init(&p->sibling);
	list_del_init(&p->thread_node);
	if (p->signal) {
		if (new_signal) {
			tty_kref_put(p->signal->tty);
			kfree(p->signal);
		} else {
			p->signal->nr_threads--;
			p->signal->refcount--;
		}
	}
	p->mm = NULL;
	p->files = NULL;
	p->fs = NULL;
	p->sighand = NULL;
	p->signal = NULL;
	p->state = TASK_DEAD;
	task_put(p);
}

/*
 * The work of fork, vfork, clone and clone3. Returns the child's tid in
 * the parent, or -errno. May sleep (the host fork, and a vfork parent
 * waits for its child to exec or exit).
 */
static long do_fork(const struct clone_request *req)
{
	struct task *cur = current, *p;
	u64 flags = req->flags;
	struct fork_ctx *fc;
	bool new_signal = !(flags & CLONE_THREAD);
	long err;
	pid_t pid;

	err = check_clone_flags(flags, req->exit_signal);
	if (err)
		return err;
	/* Linux counts threads too; CAP_SYS_RESOURCE and CAP_SYS_ADMIN are exempt. */
	if (nproc_would_exceed(cur->cred))
		return -EAGAIN;
	cur->nproc_exceeded = false;
	fc = kzalloc(sizeof(*fc));
	if (fc)
		fc->fpu = kmalloc(trap_fpu_size());
	if (!fc || !fc->fpu) {
		fork_ctx_free(fc);
		return -ENOMEM;
	}
	if (trap_get_regs(cur->trap, &fc->regs) || trap_get_fpu(cur->trap, fc->fpu)) {
		fork_ctx_free(fc);
		return -ESRCH;
	}
	fc->regs.rax = 0;
	fc->regs.orig_rax = (u64)-1;
	if (req->stack)
		fc->regs.rsp = req->stack;
	if (flags & CLONE_SETTLS)
		fc->regs.fs_base = req->tls;
	if (flags & CLONE_CHILD_SETTID)
		fc->set_child_tid = req->child_tid;

	p = task_alloc();
	if (!p) {
		fork_ctx_free(fc);
		return -EAGAIN;
	}
	p->fork_ctx = fc;
	memcpy(p->comm, cur->comm, sizeof(p->comm));
	p->cred = cred_get(cur->cred);
	p->blocked = cur->blocked;
	if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
		p->sas_ss_sp = cur->sas_ss_sp;
		p->sas_ss_size = cur->sas_ss_size;
		p->sas_ss_flags = cur->sas_ss_flags;
	}
	p->no_new_privs = cur->no_new_privs;
	p->dumpable = cur->dumpable;
	p->keep_caps = cur->keep_caps;
	p->timer_slack_ns = cur->timer_slack_ns;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = req->child_tid;
	sched_fork(p, cur);

	err = -ENOMEM;
	if (flags & CLONE_FILES) {
		p->files = cur->files;
		p->files->refcount++;
	} else if (!(p->files = files_dup(cur->files))) {
		goto fail;
	}
	if (flags & CLONE_FS) {
		p->fs = cur->fs;
		p->fs->refcount++;
	} else if (!(p->fs = fs_struct_copy(cur->fs))) {
		goto fail;
	}
	if (flags & CLONE_SIGHAND) {
		p->sighand = cur->sighand;
		p->sighand->refcount++;
	} else if (!(p->sighand = sighand_copy(cur->sighand))) {
		goto fail;
	}
	if (flags & CLONE_THREAD) {
		p->signal = cur->signal;
		p->signal->refcount++;
		p->signal->nr_threads++;
		list_add_tail(&p->thread_node, &p->signal->threads);
		p->tgid = cur->tgid;
		p->group_leader = cur->group_leader;
		p->parent = cur->group_leader->parent;
		p->exit_signal = -1;
		p->state = TASK_NEW;
	} else {
		struct task *leader = cur->group_leader;

		p->signal = signal_new(cur->signal);
		if (!p->signal)
			goto fail;
		p->signal->nr_threads = 1;
		list_add_tail(&p->thread_node, &p->signal->threads);
		p->parent = (flags & CLONE_PARENT) ? leader->parent : leader;
		p->exit_signal = (flags & CLONE_PARENT) ? leader->exit_signal : req->exit_signal;
		p->creator = cur;
		list_add_tail(&p->sibling, &p->parent->children);
	}

	/* The address space last: it is the part the host does. */
	if (flags & CLONE_VM) {
		p->mm = cur->mm;
		mm_get(p->mm);
		kernel_unlock();
		err = as_clone_thread(cur->mm->as, &fc->thread);
		kernel_lock();
	} else {
		kernel_unlock();
		err = mm_fork(cur->mm, &p->mm);
		kernel_lock();
	}
	if (err)
		goto fail;
	if (flags & CLONE_PARENT_SETTID)
		put_user((u32)p->pid, req->parent_tid);
	if (flags & CLONE_VFORK) {
		cur->vfork_child = p;
		task_get(p);
	}
	pid = p->pid;
	err = task_start(p, child_start);
	if (err) {
		if (flags & CLONE_VFORK) {
			cur->vfork_child = NULL;
			task_put(p);
		}
		goto fail;
	}
	if (flags & CLONE_VFORK) {
		/* Until the child execs or exits; only a kill ends the wait early. */
		wait_event_killable(p->vfork_wait, p->vfork_done);
		cur->vfork_child = NULL;
		task_put(p);
	}
	return pid;
fail:
	abort_child(p, new_signal);
	return err;
}

/* Lets a vfork parent go on (the child exec'd or is exiting). */
void vfork_release(struct task *t)
{
	if (!t->vfork_done) {
		t->vfork_done = true;
		wake_up(&t->vfork_wait);
	}
}

SYSCALL_DEFINE0(fork)
{
	struct clone_request req = { .exit_signal = SIGCHLD };

	return do_fork(&req);
}

SYSCALL_DEFINE0(vfork)
{
	struct clone_request req = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };

	return do_fork(&req);
}

/* x86-64 clone: flags, new stack, parent tid, child tid, tls. */
SYSCALL_DEFINE5(clone, u64, flags, uaddr_t, stack, uaddr_t, parent_tid, uaddr_t, child_tid, u64,
		tls)
{
	struct clone_request req = {
		.flags = flags & ~(u64)CSIGNAL,
		.exit_signal = (int)(flags & CSIGNAL),
		.stack = stack,
		.parent_tid = parent_tid,
		.child_tid = child_tid,
		.tls = tls,
	};

	if (flags >> 32)
		return -EINVAL;
	return do_fork(&req);
}

/* struct clone_args of clone3(2), version 0 (64 bytes) up to 2 (88 bytes). */
struct clone_args_k {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};

SYSCALL_DEFINE2(clone3, uaddr_t, uargs, size_t, size)
{
	struct clone_args_k a;
	struct clone_request req;

	memset(&a, 0, sizeof(a));
	if (size < 64 || size > PAGE_SIZE)
		return -EINVAL;
	if (copy_from_user(&a, uargs, min(size, sizeof(a))))
		return -EFAULT;
	if (size > sizeof(a)) {
		/* Unknown trailing fields must be zero. */
		u8 rest[64];
		size_t off = sizeof(a);

		while (off < size) {
			size_t n = min(size - off, sizeof(rest));

			if (copy_from_user(rest, uargs + off, n))
				return -EFAULT;
			for (size_t i = 0; i < n; i++)
				if (rest[i])
					return -E2BIG;
			off += n;
		}
	}
	if (a.flags & CSIGNAL)
		return -EINVAL; /* the signal is its own field */
	if (a.exit_signal > KNSIG || a.set_tid || a.set_tid_size || a.cgroup)
		return -EINVAL;
	if ((a.stack == 0) != (a.stack_size == 0))
		return -EINVAL;
	if (a.flags & CLONE_PIDFD)
		return -EINVAL; /* no pidfds yet */
	req.flags = a.flags;
	req.exit_signal = (int)a.exit_signal;
	req.stack = a.stack ? a.stack + a.stack_size : 0;
	req.parent_tid = a.parent_tid;
	req.child_tid = a.child_tid;
	req.tls = a.tls;
	return do_fork(&req);
}

SYSCALL_DEFINE1(set_tid_address, uaddr_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

SYSCALL_DEFINE2(set_robust_list, uaddr_t, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, pid_t, pid, uaddr_t, uhead, uaddr_t, ulen)
{
	struct task *t = pid ? task_find(pid) : current;
	u64 len = ROBUST_LIST_HEAD_SIZE;

	if (!t || t->state == TASK_DEAD)
		return -ESRCH;
	if (t != current && !capable(CAP_SYS_PTRACE) && t->cred->uid != current->cred->uid)
		return -EPERM;
	if (put_user(len, ulen) || put_user(t->robust_list, uhead))
		return -EFAULT;
	return 0;
}

/*
 * Restartable sequences are not offered: glibc and musl both fall back
 * when registration fails with ENOSYS.
 */
SYSCALL_DEFINE4(rseq, uaddr_t, rseq, u32, len, int, flags, u32, sig)
{
	return -ENOSYS;
}
