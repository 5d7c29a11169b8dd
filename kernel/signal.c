// SPDX-License-Identifier: GPL-2.0
/*
 * Signals: dispositions and masks, sending (pending sets, queued siginfo,
 * waking or interrupting the target), delivery on the task thread after
 * each trap (default actions, job-control stops, x86-64 signal frames with
 * the full XSAVE state), rt_sigreturn, and restarting interrupted calls.
 *
 * Everything here runs under the big kernel lock. Guest signal masks are
 * virtual: the host never blocks anything for the guest (DESIGN §3).
 */
#include <asm/unistd.h>
#include <linux/signal.h>
#include <umk/errno.h>
#include <umk/kernel.h>
#include <umk/printk.h>
#include <umk/regs.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/time.h>
#include <umk/trap.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

#define SYNCHRONOUS_MASK                                                                           \
	(SIGMASK(SIGSEGV) | SIGMASK(SIGBUS) | SIGMASK(SIGILL) | SIGMASK(SIGTRAP) |                 \
	 SIGMASK(SIGFPE) | SIGMASK(SIGSYS))
#define SIG_KERNEL_IGNORE_MASK                                                                     \
	(SIGMASK(SIGCONT) | SIGMASK(SIGCHLD) | SIGMASK(SIGWINCH) | SIGMASK(SIGURG))
#define SIG_KERNEL_COREDUMP_MASK                                                                   \
	(SIGMASK(SIGQUIT) | SIGMASK(SIGILL) | SIGMASK(SIGTRAP) | SIGMASK(SIGABRT) |                \
	 SIGMASK(SIGFPE) | SIGMASK(SIGSEGV) | SIGMASK(SIGBUS) | SIGMASK(SIGSYS) |                  \
	 SIGMASK(SIGXCPU) | SIGMASK(SIGXFSZ))

/* Queued real-time signals per process, as RLIMIT_SIGPENDING bounds them. */
#define SIGQUEUE_MAX 4096

static bool sig_in(ksigset_t set, int sig)
{
	return (set & SIGMASK(sig)) != 0;
}

static struct k_sigaction *sig_action(struct task *t, int sig)
{
	return &t->sighand->action[sig - 1];
}

static bool valid_signal(int sig)
{
	return sig >= 1 && sig <= KNSIG;
}

/* --- pending sets ------------------------------------------------------------ */

void flush_sigqueue(struct sigpending *p)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe (q, n, &p->list, list) {
		list_del(&q->list);
		kfree(q);
	}
	p->signal = 0;
}

/* Removes every signal in mask from p. */
static void flush_sigqueue_mask(struct sigpending *p, ksigset_t mask)
{
	struct sigqueue *q, *n;

	if (!(p->signal & mask))
		return;
	p->signal &= ~mask;
	list_for_each_entry_safe (q, n, &p->list, list) {
		if (sig_in(mask, q->info.si_signo)) {
			list_del(&q->list);
			kfree(q);
		}
	}
}

static int count_queued(struct signal_struct *sig)
{
	struct task *t;
	struct sigqueue *q;
	int n = 0;

	list_for_each_entry (q, &sig->shared_pending.list, list)
		n++;
	list_for_each_entry (t, &sig->threads, thread_node)
		list_for_each_entry (q, &t->pending.list, list)
			n++;
	return n;
}

static bool pending_stop(const struct task *t)
{
	return t->signal && t->signal->group_stop_count > 0 && !t->stopped;
}

void recalc_sigpending(struct task *t)
{
	ksigset_t pend;

	if (!t->signal) {
		t->sig_pending = t->fatal;
		return;
	}
	pend = t->pending.signal | t->signal->shared_pending.signal;
	t->sig_pending = t->fatal || (pend & ~t->blocked) || pending_stop(t);
}

/* Makes t notice a signal: interrupts its guest code or wakes its sleep. */
static void signal_wake_up(struct task *t)
{
	t->sig_pending = true;
	if (t->in_user && t->trap)
		trap_interrupt(t->trap);
	task_wake(t);
}

/* --- who handles what ------------------------------------------------------ */

static bool sig_kernel_ignore(int sig)
{
	return sig <= 32 && sig_in(SIG_KERNEL_IGNORE_MASK, sig);
}

static bool sig_kernel_stop(int sig)
{
	return sig <= 32 && sig_in(SIG_STOP_MASK, sig);
}

static bool sig_kernel_coredump(int sig)
{
	return sig <= 32 && sig_in(SIG_KERNEL_COREDUMP_MASK, sig);
}

/* init ignores the signals it has no handler for (SIGNAL_UNKILLABLE). */
static bool unkillable(struct task *t, int sig)
{
	return t->tgid == 1 && sig_action(t, sig)->handler == (u64)SIG_DFL;
}

static bool handler_ignores(struct task *t, int sig)
{
	u64 h = sig_action(t, sig)->handler;

	return h == (u64)SIG_IGN || (h == (u64)SIG_DFL && sig_kernel_ignore(sig));
}

bool sig_ignored(struct task *t, int sig)
{
	/* Blocked signals stay: the handler may change before they are unblocked. */
	if (sig_in(t->blocked, sig))
		return false;
	if (unkillable(t, sig) && sig != SIGCHLD)
		return true;
	return handler_ignores(t, sig);
}

bool sig_blocked_or_ignored(struct task *t, int sig)
{
	return sig_in(t->blocked, sig) || sig_action(t, sig)->handler == (u64)SIG_IGN;
}

/* Whether sig, not handled, ends t's whole process. */
static bool sig_fatal(struct task *t, int sig)
{
	return sig_action(t, sig)->handler == (u64)SIG_DFL && !sig_kernel_ignore(sig) &&
	       !sig_kernel_stop(sig);
}

/* --- sending ---------------------------------------------------------------- */

/* Wakes every thread of a stopped (or stopping) group and says it continued. */
static void group_continue(struct task *p)
{
	struct signal_struct *sig = p->signal;
	struct task *t;
	bool was_stopped = sig->flags & SIGNAL_STOP_STOPPED;

	if (!was_stopped && !sig->group_stop_count)
		return;
	sig->group_stop_count = 0;
	sig->flags &= ~(SIGNAL_STOP_STOPPED | SIGNAL_CLD_STOPPED);
	list_for_each_entry (t, &sig->threads, thread_node) {
		recalc_sigpending(t);
		task_wake(t);
	}
	if (was_stopped) {
		sig->flags |= SIGNAL_STOP_CONTINUED;
		do_notify_parent(p->group_leader, CLD_CONTINUED, SIGCONT);
	}
}

/*
 * What sending sig does before it is queued: stop signals cancel a pending
 * SIGCONT and SIGCONT cancels stops and resumes the group, whatever either
 * is then delivered as. Returns whether the signal is to be queued.
 */
static bool prepare_signal(int sig, struct task *p, bool force)
{
	struct signal_struct *s = p->signal;
	struct task *t;

	if (!s || s->group_exit)
		return false;
	if (sig_kernel_stop(sig)) {
		flush_sigqueue_mask(&s->shared_pending, SIGMASK(SIGCONT));
		list_for_each_entry (t, &s->threads, thread_node)
			flush_sigqueue_mask(&t->pending, SIGMASK(SIGCONT));
	} else if (sig == SIGCONT) {
		flush_sigqueue_mask(&s->shared_pending, SIG_STOP_MASK);
		list_for_each_entry (t, &s->threads, thread_node)
			flush_sigqueue_mask(&t->pending, SIG_STOP_MASK);
		group_continue(p);
	}
	return force || !sig_ignored(p, sig);
}

/* Whether t can take sig now (not blocked, not on its way out). */
static bool wants_signal(int sig, struct task *t)
{
	if (sig_in(t->blocked, sig) || t->exiting || t->state != TASK_RUNNING)
		return false;
	return sig == SIGKILL || !t->stopped;
}

/* Ends p's whole process by sig: every thread gets SIGKILL at once. */
static void group_kill(struct task *p, int sig)
{
	struct signal_struct *s = p->signal;
	struct task *t;

	if (!s->group_exit) {
		/* The core bit says a core was dumped: only where RLIMIT_CORE allows
		 * one (umk writes no core file; the status is what Linux reports). */
		bool core = sig_kernel_coredump(sig) && task_rlimit(p, RLIMIT_CORE) > 0;

		s->group_exit = true;
		s->group_exit_code = core ? (sig | 0x80) : sig;
	}
	s->flags &= ~SIGNAL_STOP_STOPPED;
	s->group_stop_count = 0;
	list_for_each_entry (t, &s->threads, thread_node) {
		t->pending.signal |= SIGMASK(SIGKILL);
		t->fatal = true;
		signal_wake_up(t);
	}
}

/* Picks the thread that will take a signal and makes it notice. */
static void complete_signal(int sig, struct task *p, bool group)
{
	struct signal_struct *s = p->signal;
	struct task *t = NULL, *it;

	if (wants_signal(sig, p)) {
		t = p;
	} else if (group) {
		list_for_each_entry (it, &s->threads, thread_node) {
			if (wants_signal(sig, it)) {
				t = it;
				break;
			}
		}
	}
	if (!t)
		return; /* it waits until some thread unblocks it */
	if (sig_fatal(p, sig) && !s->group_exit && !sig_in(t->blocked, sig) &&
	    (sig == SIGKILL || !unkillable(p, sig))) {
		group_kill(p, sig);
		return;
	}
	signal_wake_up(t);
}

static int do_send(int sig, const siginfo_t *info, struct task *t, bool group, bool force)
{
	struct sigpending *pending;
	struct sigqueue *q;

	if (!valid_signal(sig))
		return -EINVAL;
	/* Gone, or on its way out (its handlers released). */
	if (!t->signal || !t->sighand || t->state == TASK_DEAD || t->state == TASK_ZOMBIE)
		return -ESRCH;
	if (!prepare_signal(sig, t, force))
		return 0;
	pending = group ? &t->signal->shared_pending : &t->pending;
	/* Standard signals do not queue: one pending instance at most. */
	if (sig < SIGRTMIN && sig_in(pending->signal, sig))
		return 0;
	if (sig >= SIGRTMIN && count_queued(t->signal) >= SIGQUEUE_MAX) {
		/* Linux drops queued signals over the limit (sigqueue: EAGAIN). */
		return info && info->si_code < 0 ? -EAGAIN : 0;
	}
	q = kzalloc(sizeof(*q));
	if (q) {
		if (info) {
			q->info = *info;
		} else {
			q->info.si_code = SI_KERNEL;
		}
		q->info.si_signo = sig;
		list_add_tail(&q->list, &pending->list);
	} else if (sig >= SIGRTMIN) {
		return -EAGAIN;
	}
	pending->signal |= SIGMASK(sig);
	complete_signal(sig, t, group);
	return 0;
}

int send_sig_info(int sig, const siginfo_t *info, struct task *t)
{
	return do_send(sig, info, t, false, false);
}

int group_send_sig_info(int sig, const siginfo_t *info, struct task *t)
{
	struct task *rep = t->group_leader;

	/* The leader may have exited before its threads: any live thread stands for it. */
	if (rep->state != TASK_RUNNING && rep->state != TASK_NEW && t->signal &&
	    !list_empty(&t->signal->threads))
		rep = list_first_entry(&t->signal->threads, struct task, thread_node);
	return do_send(sig, info, rep, true, false);
}

static void fill_user_info(siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	if (current && code == SI_USER) {
		info->si_pid = current->tgid;
		info->si_uid = current->cred->uid;
	}
}

int send_sig(int sig, struct task *t, bool from_kernel)
{
	siginfo_t info;

	fill_user_info(&info, sig, from_kernel || !current ? SI_KERNEL : SI_USER);
	return group_send_sig_info(sig, &info, t);
}

int kill_pgrp(pid_t pgrp, int sig, bool from_kernel)
{
	struct task *t;
	siginfo_t info;
	bool found = false;

	fill_user_info(&info, sig, from_kernel || !current ? SI_KERNEL : SI_USER);
	for_each_process (t) {
		if (t->signal->pgrp != pgrp || t->state == TASK_DEAD || t->state == TASK_ZOMBIE)
			continue;
		found = true;
		group_send_sig_info(sig, &info, t);
	}
	return found ? 0 : -ESRCH;
}

void force_sig_fault(int sig, int code, uaddr_t addr)
{
	struct task *t = current;
	struct k_sigaction *ka = sig_action(t, sig);
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = (void *)addr;
	/* A blocked or ignored fault cannot be survived: the default action. */
	if (ka->handler == (u64)SIG_IGN || sig_in(t->blocked, sig)) {
		ka->handler = (u64)SIG_DFL;
		t->blocked &= ~SIGMASK(sig);
	}
	do_send(sig, &info, t, false, true);
	recalc_sigpending(t);
}

bool is_orphaned_pgrp(pid_t pgrp)
{
	struct task *t;

	for_each_process (t) {
		struct task *p = t->parent;

		if (t->signal->pgrp != pgrp || t->state != TASK_RUNNING)
			continue;
		/* A parent on its way out no longer links the group to the session. */
		if (p && p->signal && p->state == TASK_RUNNING && p->signal->pgrp != pgrp &&
		    p->signal->session == t->signal->session)
			return false;
	}
	return true;
}

void set_current_blocked(ksigset_t set)
{
	current->blocked = set & ~SIG_KERNEL_ONLY_MASK;
	recalc_sigpending(current);
}

void set_restore_sigmask(ksigset_t temporary)
{
	struct task *t = current;

	t->saved_sigmask = t->blocked;
	t->restore_sigmask = true;
	set_current_blocked(temporary);
}

void zap_other_threads(struct task *p)
{
	struct task *t;

	list_for_each_entry (t, &p->signal->threads, thread_node) {
		if (t == p)
			continue;
		t->pending.signal |= SIGMASK(SIGKILL);
		t->fatal = true;
		signal_wake_up(t);
	}
}

/* --- sighand ----------------------------------------------------------------- */

struct sighand_struct *sighand_copy(const struct sighand_struct *from)
{
	struct sighand_struct *sh = kmalloc(sizeof(*sh));

	if (!sh)
		return NULL;
	*sh = *from;
	sh->refcount = 1;
	return sh;
}

void sighand_put(struct sighand_struct *sh)
{
	if (sh && --sh->refcount == 0)
		kfree(sh);
}

void flush_signal_handlers(struct task *t, bool force_default)
{
	for (int i = 0; i < KNSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];

		if (force_default || ka->handler != (u64)SIG_IGN)
			ka->handler = (u64)SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
}

/* --- parent notification ---------------------------------------------------- */

bool do_notify_parent(struct task *t, int why, int status)
{
	struct task *parent = t->group_leader->parent;
	struct k_sigaction *ka;
	siginfo_t info;
	bool autoreap = false;
	int sig;

	if (!parent || !parent->signal || !parent->sighand)
		return why == CLD_EXITED || why == CLD_KILLED || why == CLD_DUMPED;
	memset(&info, 0, sizeof(info));
	info.si_code = why;
	info.si_pid = t->tgid;
	info.si_uid = t->cred ? t->cred->uid : 0;
	info.si_status = status;
	ka = &parent->sighand->action[SIGCHLD - 1];
	if (why == CLD_STOPPED || why == CLD_CONTINUED) {
		sig = SIGCHLD;
		if (ka->flags & SA_NOCLDSTOP)
			sig = 0;
	} else {
		sig = t->group_leader->exit_signal;
		if (sig == SIGCHLD && (ka->handler == (u64)SIG_IGN || (ka->flags & SA_NOCLDWAIT))) {
			/* The parent does not want zombies: reaped at once. */
			autoreap = true;
			if (ka->handler == (u64)SIG_IGN)
				sig = 0;
		}
	}
	if (sig > 0 && valid_signal(sig)) {
		info.si_signo = sig;
		group_send_sig_info(sig, &info, parent);
	}
	wake_up(&parent->signal->wait_chldexit);
	return autoreap;
}

/* --- signal frames ------------------------------------------------------------ */

#define UC_FP_XSTATE 0x1
#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U
#define FPX_SW_OFFSET 464 /* struct _fpx_sw_bytes in the legacy area */
#define XSAVE_HDR_OFFSET 512
#define MXCSR_OFFSET 24
#define MXCSR_MASK_OFFSET 28
#define USER_CS 0x33
#define USER_DS 0x2b
/* The flags a signal return may change (Linux's FIX_EFLAGS). */
#define FIX_EFLAGS                                                                                 \
	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_SF |           \
	 X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF | X86_EFLAGS_CF | X86_EFLAGS_RF)

struct k_sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;
	u64 reserved1[8];
};

struct k_stack {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
};

struct k_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct k_stack uc_stack;
	struct k_sigcontext uc_mcontext;
	ksigset_t uc_sigmask;
};

struct rt_sigframe {
	u64 pretcode;
	struct k_ucontext uc;
	siginfo_t info;
};

BUILD_BUG_ON(sizeof(struct k_sigcontext) != 256);
BUILD_BUG_ON(sizeof(struct rt_sigframe) != 440);

struct fpx_sw_bytes {
	u32 magic1, extended_size;
	u64 xfeatures;
	u32 xstate_size;
	u32 padding[7];
};

static bool on_sig_stack(const struct task *t, u64 sp)
{
	return t->sas_ss_size && sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

static int sas_ss_flags(const struct task *t, u64 sp)
{
	if (!t->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(t, sp) ? SS_ONSTACK : 0;
}

/* The FPU state a handler starts with: the init state, keeping the host's
 * description of the buffer. */
static void fpu_init_state(u8 *fpu, size_t size)
{
	u8 sw[sizeof(struct fpx_sw_bytes)];
	u32 mxcsr_mask;

	memcpy(sw, fpu + FPX_SW_OFFSET, sizeof(sw));
	memcpy(&mxcsr_mask, fpu + MXCSR_MASK_OFFSET, 4);
	memset(fpu, 0, size);
	fpu[0] = 0x7f; /* fcw 0x037f */
	fpu[1] = 0x03;
	*(u32 *)(fpu + MXCSR_OFFSET) = 0x1f80;
	memcpy(fpu + MXCSR_MASK_OFFSET, &mxcsr_mask, 4);
	memcpy(fpu + FPX_SW_OFFSET, sw, sizeof(sw));
}

/* The fault details a frame reports (set by the trap that raised them). */
static void frame_fault_info(const struct task *t, struct k_sigcontext *sc)
{
	sc->err = t->fault_err;
	sc->trapno = t->fault_trapno;
	sc->cr2 = t->fault_addr;
}

/*
 * Builds the frame for a handler of sig on the guest's stack and points the
 * guest at the handler. Returns 0, or -EFAULT when the frame cannot be
 * written (the caller then forces SIGSEGV, as Linux does).
 */
static int setup_rt_frame(struct task *t, int sig, const siginfo_t *info,
			  const struct k_sigaction *ka, ksigset_t oldmask)
{
	size_t fpsize = trap_fpu_size();
	struct user_regs regs;
	struct rt_sigframe frame;
	struct k_sigcontext *sc = &frame.uc.uc_mcontext;
	u8 *fpu = kmalloc(fpsize + 4);
	u64 sp, fpaddr, faddr;
	u32 magic2 = FP_XSTATE_MAGIC2;
	int err = -EFAULT;

	if (!fpu)
		return -ENOMEM;
	if (trap_get_regs(t->trap, &regs) || trap_get_fpu(t->trap, fpu))
		goto out;
	if (!(ka->flags & SA_RESTORER))
		goto out; /* x86-64 has no default restorer */

	sp = regs.rsp - 128; /* the red zone */
	if ((ka->flags & SA_ONSTACK) && sas_ss_flags(t, regs.rsp) == 0)
		sp = t->sas_ss_sp + t->sas_ss_size;
	else if (on_sig_stack(t, regs.rsp) && !on_sig_stack(t, sp - fpsize - sizeof(frame)))
		goto out; /* the alternate stack overflows */
	fpaddr = (sp - fpsize - 4) & ~63ULL;
	faddr = ((fpaddr - sizeof(frame)) & ~15ULL) - 8;

	memset(&frame, 0, sizeof(frame));
	frame.pretcode = ka->restorer;
	frame.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack.ss_sp = t->sas_ss_sp;
	frame.uc.uc_stack.ss_flags = sas_ss_flags(t, regs.rsp);
	frame.uc.uc_stack.ss_size = t->sas_ss_size;
	sc->r8 = regs.r8;
	sc->r9 = regs.r9;
	sc->r10 = regs.r10;
	sc->r11 = regs.r11;
	sc->r12 = regs.r12;
	sc->r13 = regs.r13;
	sc->r14 = regs.r14;
	sc->r15 = regs.r15;
	sc->rdi = regs.rdi;
	sc->rsi = regs.rsi;
	sc->rbp = regs.rbp;
	sc->rbx = regs.rbx;
	sc->rdx = regs.rdx;
	sc->rax = regs.rax;
	sc->rcx = regs.rcx;
	sc->rsp = regs.rsp;
	sc->rip = regs.rip;
	sc->eflags = regs.eflags;
	sc->cs = USER_CS;
	sc->ss = USER_DS;
	frame_fault_info(t, sc);
	sc->oldmask = oldmask;
	sc->fpstate = fpaddr;
	frame.uc.uc_sigmask = oldmask;
	if (ka->flags & SA_SIGINFO)
		frame.info = *info;

	if (copy_to_user(fpaddr, fpu, fpsize) || copy_to_user(fpaddr + fpsize, &magic2, 4) ||
	    copy_to_user(faddr, &frame, sizeof(frame)))
		goto out;
	if ((ka->flags & SA_ONSTACK) && (t->sas_ss_flags & SS_AUTODISARM) &&
	    sas_ss_flags(t, regs.rsp) == 0) {
		t->sas_ss_sp = 0;
		t->sas_ss_size = 0;
	}

	regs.rdi = (u64)sig;
	regs.rsi = faddr + offsetof(struct rt_sigframe, info);
	regs.rdx = faddr + offsetof(struct rt_sigframe, uc);
	regs.rax = 0;
	regs.rsp = faddr;
	regs.rip = ka->handler;
	regs.eflags &= ~(u64)(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	regs.orig_rax = (u64)-1;
	fpu_init_state(fpu, fpsize);
	err = trap_set_regs(t->trap, &regs);
	if (!err)
		err = trap_set_fpu(t->trap, fpu);
out:
	kfree(fpu);
	return err;
}

/* --- delivery ----------------------------------------------------------------- */

static int next_signal(struct sigpending *p, ksigset_t blocked)
{
	ksigset_t x = p->signal & ~blocked;

	if (!x)
		return 0;
	if (x & SYNCHRONOUS_MASK)
		x &= SYNCHRONOUS_MASK;
	return __builtin_ctzll(x) + 1;
}

static bool collect_signal(int sig, struct sigpending *p, siginfo_t *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;

	list_for_each_entry (q, &p->list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		p->signal &= ~SIGMASK(sig);
	if (first) {
		*info = first->info;
		list_del(&first->list);
		kfree(first);
	} else {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
	return true;
}

/* Takes the next deliverable signal of t (its own first); 0 if none. */
static int dequeue_signal(struct task *t, ksigset_t blocked, siginfo_t *info)
{
	int sig = next_signal(&t->pending, blocked);

	if (sig) {
		collect_signal(sig, &t->pending, info);
	} else {
		sig = next_signal(&t->signal->shared_pending, blocked);
		if (sig)
			collect_signal(sig, &t->signal->shared_pending, info);
	}
	recalc_sigpending(t);
	return sig;
}

/* This thread's part in a group stop: the last one to stop tells the parent. */
static void do_signal_stop(struct task *t, int sig)
{
	struct signal_struct *s = t->signal;

	if (!s->group_stop_count && !(s->flags & SIGNAL_STOP_STOPPED)) {
		struct task *it;

		s->stop_signal = sig;
		s->group_stop_count = s->nr_threads;
		list_for_each_entry (it, &s->threads, thread_node)
			if (it != t)
				signal_wake_up(it);
	}
	if (s->group_stop_count) {
		t->stopped = true;
		if (--s->group_stop_count == 0) {
			s->flags = (s->flags & ~SIGNAL_STOP_CONTINUED) | SIGNAL_STOP_STOPPED;
			s->stop_reported = false;
			do_notify_parent(t->group_leader, CLD_STOPPED, s->stop_signal);
		}
	}
	t->stopped = true;
	while ((s->flags & SIGNAL_STOP_STOPPED || s->group_stop_count) && !t->fatal)
		task_sleep(0, false);
	t->stopped = false;
	recalc_sigpending(t);
}

static bool is_restart(long r)
{
	return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND ||
	       r == -ERESTART_RESTARTBLOCK;
}

/* Points the guest back at the system call instruction (both are 2 bytes). */
static void restart_call(struct task *t, long ret)
{
	struct user_regs regs;

	if (trap_get_regs(t->trap, &regs))
		return;
	regs.rax = ret == -ERESTART_RESTARTBLOCK ? (u64)__NR_restart_syscall : regs.orig_rax;
	regs.rip -= 2;
	trap_set_regs(t->trap, &regs);
}

/* The result an interrupted call returns when a handler runs first. */
static void handler_restart(struct task *t, long ret, const struct k_sigaction *ka)
{
	switch (ret) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		trap_set_syscall_return(t->trap, -EINTR);
		break;
	case -ERESTARTSYS:
		if (!(ka->flags & SA_RESTART)) {
			trap_set_syscall_return(t->trap, -EINTR);
			break;
		}
		restart_call(t, ret);
		break;
	case -ERESTARTNOINTR:
		restart_call(t, ret);
		break;
	}
}

/* The signal could not be delivered to its handler: SIGSEGV, default action. */
static void force_sigsegv(struct task *t, int sig)
{
	if (sig == SIGSEGV)
		sig_action(t, SIGSEGV)->handler = (u64)SIG_DFL;
	force_sig_fault(SIGSEGV, SI_KERNEL, 0);
}

void signal_deliver(struct task *t, long sysret)
{
	bool restart = t->in_syscall && is_restart(sysret);
	bool handled = false;

	if (t->exiting) {
		t->in_syscall = false;
		return;
	}
	if (t->in_syscall && !restart)
		trap_set_syscall_return(t->trap, sysret);
	t->in_syscall = false;

	while (t->sig_pending && !t->exiting) {
		struct k_sigaction *ka, ka_copy;
		ksigset_t oldmask;
		siginfo_t info;
		int sig;

		if (t->signal->group_exit) {
			do_group_exit(t->signal->group_exit_code);
			return;
		}
		if (t->fatal) {
			/* Killed alone: another thread is exec'ing. */
			do_exit(SIGKILL);
			return;
		}
		if (pending_stop(t)) {
			do_signal_stop(t, t->signal->stop_signal);
			continue;
		}
		sig = dequeue_signal(t, t->blocked, &info);
		if (!sig)
			break;
		ka = sig_action(t, sig);
		if (ka->handler == (u64)SIG_IGN)
			continue;
		if (ka->handler == (u64)SIG_DFL) {
			if (sig_kernel_ignore(sig))
				continue;
			if (unkillable(t, sig) && info.si_code != SI_KERNEL &&
			    !sig_in(SYNCHRONOUS_MASK, sig))
				continue;
			if (sig_kernel_stop(sig)) {
				if (sig != SIGSTOP && is_orphaned_pgrp(t->signal->pgrp))
					continue;
				do_signal_stop(t, sig);
				continue;
			}
			/* Death, with a core dump bit where Linux would dump. */
			if (restart)
				trap_set_syscall_return(t->trap, -EINTR);
			group_kill(t, sig);
			do_group_exit(t->signal->group_exit_code);
			return;
		}
		/* A handler: the interrupted call's fate first, then the frame. */
		ka_copy = *ka;
		if (restart) {
			handler_restart(t, sysret, &ka_copy);
			restart = false;
		}
		oldmask = t->restore_sigmask ? t->saved_sigmask : t->blocked;
		if (setup_rt_frame(t, sig, &info, &ka_copy, oldmask)) {
			force_sigsegv(t, sig);
			continue;
		}
		handled = true;
		t->restore_sigmask = false;
		if (ka_copy.flags & SA_RESETHAND)
			ka->handler = (u64)SIG_DFL;
		t->blocked |= ka_copy.mask;
		if (!(ka_copy.flags & SA_NODEFER))
			t->blocked |= SIGMASK(sig);
		t->blocked &= ~SIG_KERNEL_ONLY_MASK;
		recalc_sigpending(t);
	}
	if (restart) {
		/* No handler ran: the call starts again, transparently. */
		restart_call(t, sysret);
	}
	if (t->restore_sigmask && !handled) {
		t->restore_sigmask = false;
		set_current_blocked(t->saved_sigmask);
	}
}

/* --- system calls ---------------------------------------------------------------- */

SYSCALL_DEFINE4(rt_sigaction, int, sig, uaddr_t, uact, uaddr_t, uoact, size_t, sigsetsize)
{
	struct k_sigaction act, *k;

	if (sigsetsize != sizeof(ksigset_t))
		return -EINVAL;
	if (!valid_signal(sig))
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	k = sig_action(current, sig);
	if (uoact && copy_to_user(uoact, k, sizeof(*k)))
		return -EFAULT;
	if (uact) {
		act.mask &= ~SIG_KERNEL_ONLY_MASK;
		*k = act;
		/* POSIX: setting SIG_IGN (or a default of ignore) discards what is pending. */
		if (handler_ignores(current, sig)) {
			struct task *t;

			flush_sigqueue_mask(&current->signal->shared_pending, SIGMASK(sig));
			list_for_each_entry (t, &current->signal->threads, thread_node) {
				flush_sigqueue_mask(&t->pending, SIGMASK(sig));
				recalc_sigpending(t);
			}
		}
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uaddr_t, uset, uaddr_t, uoset, size_t, sigsetsize)
{
	ksigset_t set, old = current->blocked, now = old;

	if (sigsetsize != sizeof(ksigset_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			now |= set;
			break;
		case SIG_UNBLOCK:
			now &= ~set;
			break;
		case SIG_SETMASK:
			now = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	if (uset)
		set_current_blocked(now);
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, uaddr_t, uset, size_t, sigsetsize)
{
	ksigset_t set;

	if (sigsetsize > sizeof(ksigset_t))
		return -EINVAL;
	set = (current->pending.signal | current->signal->shared_pending.signal) & current->blocked;
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(rt_sigsuspend, uaddr_t, umask, size_t, sigsetsize)
{
	ksigset_t mask;

	if (sigsetsize != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	set_restore_sigmask(mask);
	while (!signal_pending(current) && !fatal_signal_pending(current))
		task_sleep(0, true);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(pause)
{
	while (!signal_pending(current) && !fatal_signal_pending(current))
		task_sleep(0, true);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE4(rt_sigtimedwait, uaddr_t, uthese, uaddr_t, uinfo, uaddr_t, uts, size_t, sigsetsize)
{
	struct task *t = current;
	ksigset_t these, blocked;
	u64 deadline = 0;
	siginfo_t info;
	int sig;

	if (sigsetsize != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these &= ~SIG_KERNEL_ONLY_MASK;
	if (uts) {
		struct __kernel_timespec ts;

		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		deadline = ktime_get_ns() + (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
		if (!deadline)
			deadline = 1;
	}
	sig = dequeue_signal(t, ~these, &info);
	if (!sig) {
		/* Unblock the awaited signals while sleeping so that they wake us. */
		blocked = t->blocked;
		t->blocked &= ~these;
		recalc_sigpending(t);
		while (!signal_pending(t)) {
			int r = task_sleep(deadline, true);

			if (r == -ETIMEDOUT)
				break;
		}
		t->blocked = blocked;
		sig = dequeue_signal(t, ~these, &info);
		recalc_sigpending(t);
	}
	if (!sig)
		return signal_pending(t) ? -EINTR : -EAGAIN;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

/* May current send sig to t? (Linux's check_kill_permission.) */
static int kill_permission(int sig, const siginfo_t *info, struct task *t)
{
	const struct cred *c = current->cred, *tc = t->cred;

	if (info && info->si_code == SI_KERNEL)
		return 0;
	if (c->euid == tc->suid || c->euid == tc->uid || c->uid == tc->suid || c->uid == tc->uid ||
	    capable(CAP_KILL))
		return 0;
	if (sig == SIGCONT && t->signal->session == current->signal->session)
		return 0;
	return -EPERM;
}

static int kill_one(int sig, const siginfo_t *info, struct task *t)
{
	int err = kill_permission(sig, info, t);

	if (err || !sig)
		return err;
	return group_send_sig_info(sig, info, t);
}

static int kill_something(int sig, const siginfo_t *info, pid_t pid)
{
	struct task *t;
	int ret = -ESRCH, err;
	bool found = false;

	if (pid > 0) {
		/* A zombie still exists until reaped: signal 0 finds it, others do nothing. */
		t = task_find(pid);
		if (!t || t->tgid != pid || t->state == TASK_DEAD)
			return -ESRCH;
		if (t->state == TASK_ZOMBIE)
			return kill_permission(sig, info, t);
		return kill_one(sig, info, t);
	}
	for_each_process (t) {
		if (t->state != TASK_RUNNING && t->state != TASK_NEW)
			continue;
		if (pid == -1) {
			if (t->tgid == 1 || t->tgid == current->tgid)
				continue;
		} else if (t->signal->pgrp != (pid ? -pid : current->signal->pgrp)) {
			continue;
		}
		err = kill_one(sig, info, t);
		if (!found || ret == -EPERM)
			ret = err;
		found = true;
	}
	if (pid == -1 && found && ret == -EPERM)
		return -EPERM;
	return ret;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	siginfo_t info;

	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	fill_user_info(&info, sig, SI_USER);
	return kill_something(sig, &info, pid);
}

static int do_tkill(pid_t tgid, pid_t pid, int sig)
{
	struct task *t = task_find(pid);
	siginfo_t info;
	int err;

	if (pid <= 0 || (tgid != -1 && tgid <= 0))
		return -EINVAL;
	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	if (!t || (tgid > 0 && t->tgid != tgid) || t->state != TASK_RUNNING)
		return -ESRCH;
	fill_user_info(&info, sig, SI_TKILL);
	info.si_pid = current->tgid;
	info.si_uid = current->cred->uid;
	err = kill_permission(sig, &info, t);
	if (err || !sig)
		return err;
	return send_sig_info(sig, &info, t);
}

SYSCALL_DEFINE2(tkill, pid_t, pid, int, sig)
{
	return do_tkill(-1, pid, sig);
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, pid, int, sig)
{
	return do_tkill(tgid, pid, sig);
}

static int copy_queueinfo(siginfo_t *info, uaddr_t uinfo, int sig, pid_t target)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	/* Only the kernel may claim SI_USER-like or kernel codes for another process. */
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && target != current->tgid)
		return -EPERM;
	info->si_signo = sig;
	return 0;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, pid_t, pid, int, sig, uaddr_t, uinfo)
{
	siginfo_t info;
	int err;

	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	err = copy_queueinfo(&info, uinfo, sig, pid);
	if (err)
		return err;
	if (pid <= 0)
		return -ESRCH; /* one process only, as Linux's kill_proc_info */
	return kill_something(sig, &info, pid);
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, pid_t, tgid, pid_t, pid, int, sig, uaddr_t, uinfo)
{
	struct task *t = task_find(pid);
	siginfo_t info;
	int err;

	if (pid <= 0 || tgid <= 0 || sig < 0 || sig > KNSIG)
		return -EINVAL;
	err = copy_queueinfo(&info, uinfo, sig, tgid);
	if (err)
		return err;
	if (!t || t->tgid != tgid || t->state != TASK_RUNNING)
		return -ESRCH;
	err = kill_permission(sig, &info, t);
	if (err || !sig)
		return err;
	return send_sig_info(sig, &info, t);
}

SYSCALL_DEFINE2(sigaltstack, uaddr_t, uss, uaddr_t, uoss)
{
	struct task *t = current;
	struct user_regs regs;
	struct k_stack ss, old;
	u64 sp = 0;

	if (!trap_get_regs(t->trap, &regs))
		sp = regs.rsp;
	old.ss_sp = t->sas_ss_sp;
	old.ss_size = t->sas_ss_size;
	old.ss_flags = sas_ss_flags(t, sp) | (t->sas_ss_flags & SS_AUTODISARM);
	old.pad = 0;
	if (uss) {
		int mode;

		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_sig_stack(t, sp))
			return -EPERM;
		mode = ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			t->sas_ss_sp = 0;
			t->sas_ss_size = 0;
			t->sas_ss_flags = SS_DISABLE;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->sas_ss_sp = ss.ss_sp;
			t->sas_ss_size = ss.ss_size;
			t->sas_ss_flags = ss.ss_flags & SS_AUTODISARM;
		}
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* Whether the guest's XSAVE image can be loaded: what xrstor would refuse. */
static bool fpu_valid(u8 *fpu, const u8 *live)
{
	struct fpx_sw_bytes sw, host;
	u32 mxcsr, mask;
	u64 hdr[8];

	memcpy(&host, live + FPX_SW_OFFSET, sizeof(host));
	memcpy(&sw, fpu + FPX_SW_OFFSET, sizeof(sw));
	memcpy(&mxcsr, fpu + MXCSR_OFFSET, 4);
	memcpy(&mask, live + MXCSR_MASK_OFFSET, 4);
	if (!mask)
		mask = 0xffbf;
	if (mxcsr & ~mask)
		return false;
	memcpy(fpu + MXCSR_MASK_OFFSET, live + MXCSR_MASK_OFFSET, 4);
	memcpy(hdr, fpu + XSAVE_HDR_OFFSET, sizeof(hdr));
	if (sw.magic1 != FP_XSTATE_MAGIC1 || host.magic1 != FP_XSTATE_MAGIC1) {
		/* A legacy frame: x87 and SSE only. */
		memset(fpu + XSAVE_HDR_OFFSET, 0, sizeof(hdr));
		hdr[0] = 3;
		memcpy(fpu + XSAVE_HDR_OFFSET, hdr, 8);
	} else {
		if (hdr[1])
			return false; /* compacted format: never in a frame */
		for (int i = 2; i < 8; i++)
			if (hdr[i])
				return false;
		hdr[0] &= host.xfeatures & sw.xfeatures;
		memcpy(fpu + XSAVE_HDR_OFFSET, hdr, 8);
	}
	memcpy(fpu + FPX_SW_OFFSET, &host, sizeof(host));
	return true;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct task *t = current;
	size_t fpsize = trap_fpu_size();
	struct user_regs regs;
	struct rt_sigframe frame;
	struct k_sigcontext *sc = &frame.uc.uc_mcontext;
	u8 *fpu = kmalloc(2 * fpsize), *live;
	long ret = -EFAULT;

	t->in_syscall = false; /* its "result" is the interrupted rax: never restarted */
	if (!fpu)
		goto bad;
	live = fpu + fpsize;
	if (trap_get_regs(t->trap, &regs) || trap_get_fpu(t->trap, live))
		goto bad;
	if (copy_from_user(&frame, regs.rsp - 8, sizeof(frame)))
		goto bad;
	regs.r8 = sc->r8;
	regs.r9 = sc->r9;
	regs.r10 = sc->r10;
	regs.r11 = sc->r11;
	regs.r12 = sc->r12;
	regs.r13 = sc->r13;
	regs.r14 = sc->r14;
	regs.r15 = sc->r15;
	regs.rdi = sc->rdi;
	regs.rsi = sc->rsi;
	regs.rbp = sc->rbp;
	regs.rbx = sc->rbx;
	regs.rdx = sc->rdx;
	regs.rax = sc->rax;
	regs.rcx = sc->rcx;
	regs.rsp = sc->rsp;
	regs.rip = sc->rip;
	regs.eflags = (regs.eflags & ~(u64)FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs.orig_rax = (u64)-1;
	if (sc->fpstate) {
		if (copy_from_user(fpu, sc->fpstate, fpsize) || !fpu_valid(fpu, live))
			goto bad;
	} else {
		memcpy(fpu, live, fpsize);
		fpu_init_state(fpu, fpsize);
	}
	if (trap_set_regs(t->trap, &regs) || trap_set_fpu(t->trap, fpu))
		goto bad;
	set_current_blocked(frame.uc.uc_sigmask);
	/* The alternate stack as it was (errors ignored, as Linux's restore_altstack). */
	if (!on_sig_stack(t, regs.rsp)) {
		int mode = frame.uc.uc_stack.ss_flags & ~SS_AUTODISARM;

		if (mode == SS_DISABLE) {
			t->sas_ss_sp = 0;
			t->sas_ss_size = 0;
		} else if (frame.uc.uc_stack.ss_size >= MINSIGSTKSZ) {
			t->sas_ss_sp = frame.uc.uc_stack.ss_sp;
			t->sas_ss_size = frame.uc.uc_stack.ss_size;
		}
	}
	ret = (long)regs.rax;
	kfree(fpu);
	return ret;
bad:
	kfree(fpu);
	force_sig_fault(SIGSEGV, SI_KERNEL, 0);
	return 0;
}

SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current->restart_block;

	if (!rb->fn)
		return -EINTR;
	return rb->fn(rb);
}
