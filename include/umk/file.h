/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File descriptor tables: each task points at one (shared by CLONE_FILES
 * threads); a slot holds a struct file reference and a close-on-exec bit.
 */
#ifndef _UMK_FILE_H
#define _UMK_FILE_H

#include <umk/types.h>

struct file;

struct files_struct {
	int refcount;
	unsigned int max_fds; /* slots allocated */
	struct file **fd;
	unsigned long *cloexec; /* bitmap */
};

struct files_struct *files_alloc(void);
/* fork without CLONE_FILES: a copy sharing the open files, or NULL. */
struct files_struct *files_dup(struct files_struct *old);
void files_put(struct files_struct *files);

/* The current task's file at fd, with a reference (fput it), or NULL. */
struct file *fget(int fd);
/*
 * Installs f (whose reference moves in) in files at the lowest free fd >=
 * minfd below limit. Returns the fd, or -EMFILE / -ENOMEM (f is then
 * released).
 */
int files_install(struct files_struct *files, struct file *f, int minfd, u64 limit, bool cloexec);
/*
 * Installs f (whose reference moves in) at the lowest free fd >= minfd
 * below RLIMIT_NOFILE. Returns the fd, or -EMFILE (f is then released).
 */
int fd_install_lowest(struct file *f, int minfd, bool cloexec);
/*
 * Puts f (whose reference moves in) at exactly fd, closing what was there
 * (dup2). Returns fd, or -EBADF / -ENOMEM (f is then released).
 */
int files_replace(struct files_struct *files, int fd, struct file *f, bool cloexec);
bool fd_get_cloexec(int fd);
/* Sets or clears fd's close-on-exec bit: 0 or -EBADF. */
int fd_set_cloexec(int fd, bool on);
/* Closes fd: 0 or -EBADF. */
int close_fd(int fd);
/* Closes every close-on-exec descriptor (execve). */
void files_close_on_exec(struct files_struct *files);

#endif
