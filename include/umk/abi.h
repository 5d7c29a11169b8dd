/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest-ABI types and constants that the UAPI headers leave to the C
 * library or omit: the 64-bit signal set, struct k_sigaction with
 * sa_restorer, struct linux_dirent64, the socket message header and its
 * control messages, and MSG_* flags. Defined here once (STYLE: the kernel
 * defines its own guest-ABI types where the UAPI headers are silent).
 * Plain definitions: the stub image includes this too.
 */
#ifndef _UMK_ABI_H
#define _UMK_ABI_H

#include <stddef.h>
#include <stdint.h>

/* --- signals ------------------------------------------------------------ */

#define KNSIG 64
typedef uint64_t ksigset_t;

struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	ksigset_t mask;
};

/* --- directories ----------------------------------------------------------- */

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* --- sockets ------------------------------------------------------------ */

struct user_msghdr {
	uint64_t msg_name;
	int msg_namelen;
	uint64_t msg_iov;
	uint64_t msg_iovlen;
	uint64_t msg_control;
	uint64_t msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	uint64_t cmsg_len;
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_DATA(c) ((unsigned char *)(c) + CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_SPACE(len) (CMSG_ALIGN(sizeof(struct cmsghdr)) + CMSG_ALIGN(len))
#define CMSG_LEN(len) (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2

#define MSG_OOB 1
#define MSG_PEEK 2
#define MSG_DONTROUTE 4
#define MSG_CTRUNC 8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#endif
