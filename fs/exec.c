// SPDX-License-Identifier: GPL-2.0
/*
 * execve: replace a task's program.
 *
 * The new image is built in a blank host process from the zygote (DESIGN
 * §4: never exec in place): the executable and its interpreter are mapped,
 * the vDSO and the stack with argv, envp and the auxiliary vector are set
 * up, and the registers are loaded. Only when all of that succeeded does
 * the task switch to the new address space and the old host process die,
 * so every failure is an error return to the old program.
 */
#include <linux/auxvec.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/resource.h>
#include <umk/binfmt.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/mm.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/resource.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/time.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

#include "exec.h"

#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define MAX_ARG_STRINGS 0x7fffffff
#define ARG_MAX (32 * PAGE_SIZE)
#define STK_LIM (8UL << 20)
#define STACK_INITIAL (128 * 1024UL)
#define AT_MINSIGSTKSZ 51

static bool norandmaps;
core_param(norandmaps, norandmaps, bool, "do not randomize guest address-space layouts");

static u64 get_random_u64(void)
{
	u64 v = 0;

	host_getrandom(&v, sizeof(v));
	return v;
}

/* A random number of pages below 2^bits, or 0 with norandmaps. */
static u64 random_pages(unsigned int bits)
{
	return norandmaps ? 0 : (get_random_u64() & ((1ULL << bits) - 1)) << PAGE_SHIFT;
}

/* The argument strings as kernel arrays (init) or guest arrays (execve). */
struct exec_args {
	const char *const *kv; /* NULL-terminated, or NULL */
	uaddr_t uv; /* a guest array of pointers, or 0 */
};

/*
 * Counts the strings; -E2BIG once they could not fit in max pointers (each
 * costs 8 bytes of the argument space, so no guest can make this walk long),
 * -EFAULT on a bad pointer.
 */
static long count_args(const struct exec_args *a, long max)
{
	u64 chunk[64];
	long n = 0;

	if (a->kv) {
		while (a->kv[n])
			n++;
		return n;
	}
	if (!a->uv)
		return 0;
	for (;;) {
		/* A page-bounded chunk of pointers at a time. */
		uaddr_t at = a->uv + (uaddr_t)n * 8;
		size_t k = min_t(size_t, ARRAY_SIZE(chunk), (PAGE_SIZE - (at & ~PAGE_MASK)) / 8);

		if (!k)
			k = 1;
		if (copy_from_user(chunk, at, k * 8))
			return -EFAULT;
		for (size_t i = 0; i < k; i++, n++) {
			if (!chunk[i])
				return n;
			if (n >= max || n >= MAX_ARG_STRINGS)
				return -E2BIG;
		}
	}
}

/* Copies string i (kmalloc'd) or returns ERR_PTR; -E2BIG if over MAX_ARG_STRLEN. */
static char *get_arg(const struct exec_args *a, long i)
{
	u64 p;
	char *s;
	long n;

	if (a->kv) {
		if (strlen(a->kv[i]) + 1 > MAX_ARG_STRLEN)
			return ERR_PTR(-E2BIG);
		s = kstrdup(a->kv[i]);
		return s ? s : ERR_PTR(-ENOMEM);
	}
	if (get_user(p, a->uv + (uaddr_t)i * 8))
		return ERR_PTR(-EFAULT);
	s = kmalloc(MAX_ARG_STRLEN);
	if (!s)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(s, p, MAX_ARG_STRLEN);
	if (n < 0) {
		kfree(s);
		return ERR_PTR(n == -ENAMETOOLONG ? -E2BIG : n);
	}
	return s;
}

/* The new program's strings, gathered once (the old memory may change). */
struct exec_strings {
	char **s; /* argv then envp */
	long argc, envc;
	bool empty_argv0; /* argv was empty: argv[0] is "" */
	size_t bytes; /* with terminators */
};

static void free_strings(struct exec_strings *st)
{
	for (long i = 0; st->s && i < st->argc + st->envc; i++)
		kfree(st->s[i]);
	kfree(st->s);
}

static int gather_strings(const struct exec_args *argv, const struct exec_args *envp,
			  struct exec_strings *st)
{
	u64 limit = STK_LIM / 4 * 3, ptrs;

	memset(st, 0, sizeof(*st));
	/* Linux's limit: a quarter of the stack limit, at least ARG_MAX. */
	limit = min(limit, task_rlimit(current, RLIMIT_STACK) / 4);
	limit = max_t(u64, limit, ARG_MAX);
	st->argc = count_args(argv, (long)(limit / 8));
	if (st->argc < 0)
		return (int)st->argc;
	/* Linux (5.18): a program started with no arguments gets one empty one. */
	st->empty_argv0 = st->argc == 0;
	if (st->empty_argv0)
		st->argc = 1;
	st->envc = count_args(envp, (long)(limit / 8) - st->argc);
	if (st->envc < 0)
		return (int)st->envc;
	ptrs = (u64)(max(st->argc, 1L) + st->envc) * sizeof(u64);
	if (limit <= ptrs)
		return -E2BIG;
	limit -= ptrs;
	st->s = kcalloc((size_t)(st->argc + st->envc), sizeof(char *));
	if (!st->s)
		return -ENOMEM;
	for (long i = 0; i < st->argc + st->envc; i++) {
		char *s;

		if (st->empty_argv0 && i == 0)
			s = kstrdup("") ?: ERR_PTR(-ENOMEM);
		else if (i < st->argc)
			s = get_arg(argv, i);
		else
			s = get_arg(envp, i - st->argc);

		if (IS_ERR(s))
			return (int)PTR_ERR(s);
		st->s[i] = s;
		st->bytes += strlen(s) + 1;
		if (st->bytes > limit)
			return -E2BIG;
	}
	return 0;
}

/* --- #! scripts ---------------------------------------------------------------- */

#define SCRIPT_BUF 256 /* Linux's BINPRM_BUF_SIZE: how much of the first line counts */
#define MAX_SCRIPT_DEPTH 4 /* interpreters that are scripts themselves */

struct script_line {
	char buf[SCRIPT_BUF + 1];
	const char *interp, *arg; /* in buf; arg "" when there is none */
};

/* Parses a `#!` first line: -ENOEXEC if the file is not a script. */
static int read_script_line(struct file *f, struct script_line *sl)
{
	ssize_t n = kernel_read(f, sl->buf, SCRIPT_BUF, 0);
	char *p, *end, *interp_end;

	if (n < 0)
		return (int)n;
	if (n < 2 || sl->buf[0] != '#' || sl->buf[1] != '!')
		return -ENOEXEC;
	sl->buf[n] = 0;
	end = memchr(sl->buf, '\n', (size_t)n);
	if (end)
		*end = 0;
	else
		end = sl->buf + n;
	p = sl->buf + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return -ENOEXEC; /* no interpreter */
	sl->interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	interp_end = p;
	/* A first line cut short inside the interpreter's name cannot run (Linux). */
	if (!*p && end == sl->buf + n && n == SCRIPT_BUF)
		return -ENOEXEC;
	while (*p == ' ' || *p == '\t')
		p++;
	sl->arg = p;
	/* The argument is the rest of the line, trailing blanks removed. */
	for (char *q = p + strlen(p); q > p && (q[-1] == ' ' || q[-1] == '\t');)
		*--q = 0;
	*interp_end = 0;
	return 0;
}

/* argv becomes: interpreter, its argument (if any), the script's path, argv[1...]. */
static int script_args(struct exec_strings *st, const struct script_line *sl, const char *path)
{
	int add = sl->arg[0] ? 3 : 2;
	char **s = kcalloc((size_t)(st->argc + st->envc + add - 1), sizeof(char *));
	char *pre[3] = { kstrdup(sl->interp), sl->arg[0] ? kstrdup(sl->arg) : NULL, kstrdup(path) };
	int k = 0;

	if (!s || !pre[0] || (sl->arg[0] && !pre[1]) || !pre[2]) {
		kfree(s);
		for (int i = 0; i < 3; i++)
			kfree(pre[i]);
		return -ENOMEM;
	}
	for (int i = 0; i < 3; i++) {
		if (pre[i]) {
			s[k++] = pre[i];
			st->bytes += strlen(pre[i]) + 1;
		}
	}
	st->bytes -= strlen(st->s[0]) + 1;
	kfree(st->s[0]);
	for (long i = 1; i < st->argc + st->envc; i++)
		s[k++] = st->s[i];
	kfree(st->s);
	st->s = s;
	st->argc += add - 1;
	st->empty_argv0 = false;
	return 0;
}

/*
 * Opens (dirfd, filename) for execution: a regular file with execute
 * permission. flags: AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW (execveat).
 */
static struct file *open_exec(int dirfd, const char *filename, int flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path p;
	struct inode *inode;
	struct file *f;
	int err;

	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	err = user_path_at(dirfd, filename, lookup, &p);
	if (err)
		return ERR_PTR(err);
	inode = p.dentry->inode;
	err = S_ISLNK(inode->mode) ? -ELOOP : -EACCES;
	if (!S_ISREG(inode->mode) || (p.mnt->flags & MNT_NOEXEC))
		goto out;
	err = inode_permission(inode, MAY_EXEC);
	if (err)
		goto out;
	f = dentry_open(&p, O_RDONLY | O_LARGEFILE);
	path_put(&p);
	return f;
out:
	path_put(&p);
	return ERR_PTR(err);
}

/* Builds the initial stack image below stack_top and writes it to the guest. */
static int setup_stack(struct mm *mm, const struct exec_strings *st, const char *execfn,
		       const u64 *auxv, int auxc, uaddr_t stack_top, uaddr_t *sp_out,
		       bool exec_stack)
{
	static const char platform[] = "x86_64";
	size_t execfn_len = strlen(execfn) + 1;
	size_t words = (size_t)(1 + st->argc + 1 + st->envc + 1 + auxc);
	size_t size = 8 + execfn_len + st->bytes + 16 + sizeof(platform) + 16 + words * 8 + 16;
	uaddr_t low, p, sp, strings, vma_start, u_execfn, u_platform, u_random;
	char *img;
	u64 *w;
	size_t wi = 0;
	long r;
	int err;

	size = ALIGN_UP(size, 16);
	low = stack_top - size;
	img = kzalloc(size);
	if (!img)
		return -ENOMEM;
#define AT(addr) (img + ((addr)-low))
	/* Strings, low to high: argv, envp, the executable's name, a zero word. */
	u_execfn = stack_top - 8 - execfn_len;
	memcpy(AT(u_execfn), execfn, execfn_len);
	strings = u_execfn - st->bytes;
	/* Platform string and AT_RANDOM bytes below them. */
	u_platform = ALIGN_DOWN(strings - sizeof(platform), 16);
	memcpy(AT(u_platform), platform, sizeof(platform));
	u_random = u_platform - 16;
	host_getrandom(AT(u_random), 16);
	/* Then argc, argv[], NULL, envp[], NULL, auxv[], 16-byte aligned. */
	sp = ALIGN_DOWN(u_random - words * 8, 16);
	w = (u64 *)AT(sp);
	w[wi++] = (u64)st->argc;
	p = strings;
	for (long i = 0; i < st->argc + st->envc; i++) {
		size_t n = strlen(st->s[i]) + 1;

		memcpy(AT(p), st->s[i], n);
		w[wi++] = p;
		p += n;
		if (i == st->argc - 1)
			w[wi++] = 0; /* argv terminator */
	}
	if (st->argc == 0)
		w[wi++] = 0;
	w[wi++] = 0; /* envp terminator */
	for (int i = 0; i < auxc; i += 2) {
		u64 v = auxv[i + 1];

		if (auxv[i] == AT_RANDOM)
			v = u_random;
		else if (auxv[i] == AT_EXECFN)
			v = u_execfn;
		else if (auxv[i] == AT_PLATFORM)
			v = u_platform;
		w[wi++] = auxv[i];
		w[wi++] = v;
	}
#undef AT
	/* The stack VMA: at least 128 KiB, grows down on faults up to RLIMIT_STACK. */
	vma_start = ALIGN_DOWN(min(sp, stack_top - STACK_INITIAL) - PAGE_SIZE, PAGE_SIZE);
	r = mm_map(mm, vma_start, stack_top - vma_start,
		   PROT_READ | PROT_WRITE | (exec_stack ? PROT_EXEC : 0),
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, NULL, 0, VM_STACK);
	err = r < 0 ? (int)r : as_write(mm->as, sp, img + (sp - low), stack_top - sp);
	kfree(img);
	if (err < 0)
		return err;
	mm->start_stack = sp;
	mm->arg_start = strings;
	mm->env_start = strings;
	for (long i = 0; i < st->argc; i++)
		mm->env_start += strlen(st->s[i]) + 1;
	mm->arg_end = mm->env_start;
	mm->env_end = strings + st->bytes;
	*sp_out = sp;
	return 0;
}

/* Everything an exec builds before the switch; undone by exec_abort. */
struct exec_state {
	struct file *file, *interp;
	struct elf_image img, iimg;
	struct exec_strings strings;
	struct as *as;
	struct trap_thread *trap;
	struct mm *mm;
	struct cred *cred; /* the new program's credentials */
	bool secure; /* AT_SECURE */
};

/* Whether a task of another process shares mm (this one is a vfork child). */
static bool exec_mm_shared(struct mm *mm)
{
	struct task *o;

	list_for_each_entry (o, &task_list, all)
		if (o->mm == mm && o->signal != current->signal)
			return true;
	return false;
}

/*
 * Kills the other threads of current's process and waits until each has
 * begun to exit (Linux's de_thread). A thread other than the leader then
 * takes the leader's place: its pid, its parent and its children. The old
 * leader's task thread, still ending its host thread, then finds itself
 * an ordinary thread and goes without a word to the parent (exit_task).
 */
static int exec_kill_other_threads(struct task *t)
{
	struct signal_struct *sig = t->signal;
	struct task *leader = t->group_leader, *c, *n;

	if (sig->nr_threads == 1 && t == leader)
		return 0;
	sig->group_exec_task = t;
	zap_other_threads(t);
	while (sig->nr_threads > 1) {
		if (task_sleep(ktime_get_ns() + NSEC_PER_SEC / 10, false) == -ERESTARTSYS) {
			sig->group_exec_task = NULL;
			return -EINTR; /* killed meanwhile */
		}
	}
	sig->group_exec_task = NULL;
	if (t == leader)
		return 0;
	task_exchange_pids(t, leader);
	t->group_leader = t;
	t->parent = leader->parent;
	t->exit_signal = SIGCHLD;
	list_replace_init(&leader->sibling, &t->sibling);
	list_for_each_entry_safe (c, n, &leader->children, sibling) {
		list_del(&c->sibling);
		list_add_tail(&c->sibling, &t->children);
		c->parent = t;
	}
	leader->group_leader = t;
	leader->parent = NULL;
	leader->exit_signal = -1;
	return 0;
}

/* What execve resets in the task: descriptors, handlers, the alternate stack. */
static void exec_reset_task(struct task *t)
{
	if (t->files) {
		if (t->files->refcount > 1) {
			/* Unshared first (CLONE_FILES): the other sharers keep theirs. */
			struct files_struct *copy = files_dup(t->files);

			if (copy) {
				files_put(t->files);
				t->files = copy;
			}
		}
		files_close_on_exec(t->files);
	}
	if (t->sighand->refcount > 1) {
		struct sighand_struct *copy = sighand_copy(t->sighand);

		if (copy) {
			sighand_put(t->sighand);
			t->sighand = copy;
		}
	}
	/* Caught signals revert to their defaults; ignored ones stay ignored. */
	flush_signal_handlers(t, false);
	t->sas_ss_sp = 0;
	t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
	t->clear_child_tid = 0;
	t->robust_list = 0;
	t->did_exec = true;
}

static void exec_abort(struct exec_state *e, struct trap_thread *old)
{
	if (e->mm) {
		as_kill(e->mm->as);
		if (e->trap) {
			kernel_unlock();
			trap_thread_release(e->trap);
			kernel_lock();
		}
		mm_put(e->mm);
	} else if (e->as) {
		as_kill(e->as);
		if (e->trap) {
			kernel_unlock();
			trap_thread_release(e->trap);
			kernel_lock();
		}
		as_put(e->as);
	}
	trap_set_current(old);
}

static int load_interp(struct exec_state *e)
{
	char *name = kmalloc(e->img.interp_len + 1);
	ssize_t n;
	int err;

	if (!name)
		return -ENOMEM;
	n = kernel_read(e->file, name, e->img.interp_len, (loff_t)e->img.interp_off);
	if (n != (ssize_t)e->img.interp_len || name[e->img.interp_len - 1]) {
		kfree(name);
		return n < 0 ? (int)n : -ENOEXEC;
	}
	e->interp = open_exec(AT_FDCWD, name, 0);
	kfree(name);
	if (IS_ERR(e->interp)) {
		err = (int)PTR_ERR(e->interp);
		e->interp = NULL;
		return err;
	}
	err = elf_read_image(e->interp, &e->iimg);
	if (!err && (e->iimg.eh.e_type != ET_DYN || e->iimg.has_interp))
		err = -ELIBBAD;
	return err;
}

/*
 * Runs (dirfd, filename) with flags (AT_*); shown is the name the program
 * gets in AT_EXECFN and its comm.
 */
static int do_execve(int dirfd, const char *filename, const char *shown, int flags,
		     const struct exec_args *argv, const struct exec_args *envp)
{
	struct task *t = current;
	struct trap_thread *old_trap = t->trap;
	struct mm *old_mm;
	struct exec_state e;
	struct elf_layout main_l, interp_l;
	struct user_regs regs;
	uaddr_t stack_top, sp;
	u64 bias = 0, ibias = 0;
	u64 auxv[48];
	int auxc = 0, err;
	long r;

	memset(&e, 0, sizeof(e));
	memset(&interp_l, 0, sizeof(interp_l));
	/* A set*uid call found the new uid over RLIMIT_NPROC: EAGAIN while it still is. */
	err = exec_check_nproc();
	if (err)
		return err;
	e.cred = prepare_exec_creds(&e.secure);
	if (!e.cred)
		return -ENOMEM;
	e.file = open_exec(dirfd, filename, flags);
	if (IS_ERR(e.file)) {
		err = (int)PTR_ERR(e.file);
		e.file = NULL;
		goto out;
	}
	err = gather_strings(argv, envp, &e.strings);
	if (err)
		goto out;
	/* `#!` scripts: the interpreter runs instead, with the script's path. */
	for (int depth = 0;; depth++) {
		struct script_line sl;

		err = read_script_line(e.file, &sl);
		if (err == -ENOEXEC)
			break; /* not a script: the ELF loader decides */
		if (err)
			goto out;
		if (depth == MAX_SCRIPT_DEPTH) {
			err = -ELOOP;
			goto out;
		}
		/* The script's path: as given, or (a nested interpreter) argv[0] now. */
		err = script_args(&e.strings, &sl, depth ? e.strings.s[0] : filename);
		if (err)
			goto out;
		fput(e.file);
		e.file = open_exec(AT_FDCWD, sl.interp, 0);
		if (IS_ERR(e.file)) {
			err = (int)PTR_ERR(e.file);
			e.file = NULL;
			goto out;
		}
	}
	err = elf_read_image(e.file, &e.img);
	if (err)
		goto out;
	if (e.img.has_interp) {
		err = load_interp(&e);
		if (err)
			goto out;
	}

	/* A blank host process, adopted by this task thread. */
	kernel_unlock();
	err = as_spawn_blank(&e.as);
	kernel_lock();
	if (err)
		goto out;
	err = trap_thread_adopt(e.as, &e.trap);
	if (err)
		goto fail;
	trap_set_current(e.trap);
	e.mm = mm_alloc(e.as);
	if (!e.mm) {
		err = -ENOMEM;
		goto fail;
	}
	e.as = NULL; /* the mm owns it now */

	/* Layout: stack at the top, mmap base below its gap, like Linux. */
	stack_top = as_task_size() - random_pages(22);
	e.mm->stack_top = stack_top;
	{
		u64 gap = clamp(task_rlimit(t, RLIMIT_STACK), 128ULL << 20, as_task_size() / 6 * 5);

		e.mm->mmap_base = PAGE_ALIGN(stack_top - gap - random_pages(28));
	}
	if (e.img.eh.e_type == ET_DYN) {
		if (e.img.has_interp) {
			bias = ELF_ET_DYN_BASE + random_pages(28) - e.img.lo;
		} else {
			r = vma_find_free(e.mm, 0, e.img.hi - e.img.lo);
			if (r < 0) {
				err = (int)r;
				goto fail;
			}
			bias = (u64)r - e.img.lo;
		}
	}
	err = elf_map_image(e.mm, e.file, &e.img, bias, &main_l);
	if (err)
		goto fail;
	if (e.interp) {
		r = vma_find_free(e.mm, 0, e.iimg.hi - e.iimg.lo);
		if (r < 0) {
			err = (int)r;
			goto fail;
		}
		ibias = (u64)r - e.iimg.lo;
		err = elf_map_image(e.mm, e.interp, &e.iimg, ibias, &interp_l);
		if (err)
			goto fail;
	}
	e.mm->start_code = main_l.start_code;
	e.mm->end_code = main_l.end_code;
	e.mm->start_data = main_l.start_data;
	e.mm->end_data = main_l.end_data;
	e.mm->start_brk = e.mm->brk = PAGE_ALIGN(main_l.brk) + random_pages(13);
	r = arch_setup_vdso(e.mm);
	if (r < 0) {
		err = (int)r;
		goto fail;
	}
	e.mm->vdso_base = (uaddr_t)r;

#define AUX(k, v)                                                                                  \
	do {                                                                                       \
		auxv[auxc++] = (k);                                                                \
		auxv[auxc++] = (v);                                                                \
	} while (0)
	AUX(AT_SYSINFO_EHDR, e.mm->vdso_base);
	AUX(AT_MINSIGSTKSZ, host_getauxval(AT_MINSIGSTKSZ) ? host_getauxval(AT_MINSIGSTKSZ) : 2048);
	AUX(AT_HWCAP, host_getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, main_l.phdr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, e.img.eh.e_phnum);
	AUX(AT_BASE, e.interp ? ibias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, main_l.entry);
	AUX(AT_UID, e.cred->uid);
	AUX(AT_EUID, e.cred->euid);
	AUX(AT_GID, e.cred->gid);
	AUX(AT_EGID, e.cred->egid);
	AUX(AT_SECURE, e.secure);
	AUX(AT_RANDOM, 0);
	AUX(AT_HWCAP2, host_getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, 0);
	AUX(AT_PLATFORM, 0);
	AUX(AT_NULL, 0);
#undef AUX
	err = setup_stack(e.mm, &e.strings, shown, auxv, auxc, stack_top, &sp, e.img.exec_stack);
	if (err)
		goto fail;

	/* Registers of a fresh process: all zero but rip, rsp and the segments. */
	err = trap_get_regs(e.trap, &regs);
	if (err)
		goto fail;
	{
		u64 cs = regs.cs, ss = regs.ss, ds = regs.ds, es = regs.es;

		memset(&regs, 0, sizeof(regs));
		regs.cs = cs;
		regs.ss = ss;
		regs.ds = ds;
		regs.es = es;
	}
	regs.rip = e.interp ? interp_l.entry : main_l.entry;
	regs.rsp = sp;
	regs.eflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	regs.orig_rax = (u64)-1;
	err = trap_set_regs(e.trap, &regs);
	if (err)
		goto fail;

	/* Other threads go first (Linux's de_thread); then the point of no return. */
	err = exec_kill_other_threads(t);
	if (err)
		goto fail;
	/*
	 * Switch to the new image; end the old one (only this thread of it when
	 * another process shares it: a vfork parent). The task points to the
	 * new image before the kernel lock is dropped, so no one meets the old
	 * one while it is freed.
	 */
	old_mm = t->mm;
	if (old_mm) {
		bool shared = exec_mm_shared(old_mm);

		cputime_exec(t, shared);
		if (!shared)
			as_kill(old_mm->as);
	}
	t->mm = e.mm;
	t->trap = e.trap;
	if (old_mm) {
		if (old_trap) {
			kernel_unlock();
			trap_thread_release(old_trap);
			kernel_lock();
		}
		mm_put(old_mm);
	}
	e.mm->exe_file = e.file;
	e.file = NULL;
	exec_commit_creds(e.cred, e.secure);
	e.cred = NULL;
	task_set_comm(t, shown);
	task_update_thread_name(t);
	sched_exec(t);
	exec_reset_task(t);
	vfork_release(t);
	err = 0;
	goto out;
fail:
	exec_abort(&e, old_trap);
out:
	if (e.cred)
		cred_put(e.cred);
	free_strings(&e.strings);
	elf_free_image(&e.img);
	elf_free_image(&e.iimg);
	if (e.interp)
		fput(e.interp);
	if (e.file)
		fput(e.file);
	return err;
}

int kernel_execve(const char *filename, const char *const *argv, const char *const *envp)
{
	struct exec_args a = { .kv = argv }, en = { .kv = envp };

	return do_execve(AT_FDCWD, filename, filename, 0, &a, &en);
}

/*
 * The name a program run by execveat is known by (AT_EXECFN, comm), as
 * Linux names it: the path if absolute, else /dev/fd/N[/path].
 */
static char *execveat_name(int dirfd, const char *name)
{
	if (name[0] == '/' || dirfd == AT_FDCWD)
		return kstrdup(name);
	if (!name[0])
		return kasprintf("/dev/fd/%d", dirfd);
	return kasprintf("/dev/fd/%d/%s", dirfd, name);
}

static long do_execveat(int dirfd, uaddr_t upath, uaddr_t argv, uaddr_t envp, int flags)
{
	struct exec_args a = { .uv = argv }, e = { .uv = envp };
	char *name, *shown;
	long err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	name = getname(upath);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!name[0] && !(flags & AT_EMPTY_PATH)) {
		putname(name);
		return -ENOENT;
	}
	shown = execveat_name(dirfd, name);
	if (!shown) {
		putname(name);
		return -ENOMEM;
	}
	err = do_execve(dirfd, name, shown, flags, &a, &e);
	putname(name);
	kfree(shown);
	return err;
}

SYSCALL_DEFINE3(execve, uaddr_t, path, uaddr_t, argv, uaddr_t, envp)
{
	return do_execveat(AT_FDCWD, path, argv, envp, 0);
}

SYSCALL_DEFINE5(execveat, int, dirfd, uaddr_t, path, uaddr_t, argv, uaddr_t, envp, int, flags)
{
	return do_execveat(dirfd, path, argv, envp, flags);
}
