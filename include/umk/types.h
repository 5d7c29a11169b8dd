/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Basic kernel types. Guest addresses are integers (uaddr_t), never C
 * pointers: guest memory lives in another host process.
 */
#ifndef _UMK_TYPES_H
#define _UMK_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include <umk/compiler.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* A guest virtual address. Dereferencing it is impossible by construction. */
typedef uint64_t uaddr_t;

typedef long ssize_t;
typedef int64_t loff_t;
typedef int pid_t;
typedef uint32_t uid_t;
typedef uint32_t gid_t;
typedef uint32_t umode_t;
typedef uint64_t dev_t;
typedef uint64_t ino_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) ALIGN_UP((uint64_t)(x), PAGE_SIZE)

#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_USEC 1000LL
#define NSEC_PER_MSEC 1000000LL
#define USEC_PER_SEC 1000000LL

#endif
