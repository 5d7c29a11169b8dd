/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFS: super blocks, inodes, dentries, mounts, paths and open files,
 * and the operations file systems provide. Shaped like Linux's so that
 * Linux semantics carry over: a dentry names an inode in a directory, a
 * path is (mount, dentry), a file is an open description shared by dup and
 * fork. Everything here is protected by the kernel lock.
 */
#ifndef _UMK_FS_H
#define _UMK_FS_H

#include <linux/fcntl.h>
#include <linux/stat.h>
#include <umk/list.h>
#include <umk/types.h>

struct file;
struct inode;
struct dentry;
struct super_block;
struct iov_iter;
struct kstat;
struct mount;
struct vma;
struct poll_table;
struct pipe_inode_info;

struct timespec64 {
	s64 sec;
	s64 nsec;
};

/* The attributes stat reports; file systems fill it in getattr. */
struct kstat {
	u64 ino;
	dev_t dev, rdev;
	umode_t mode;
	u32 nlink;
	uid_t uid;
	gid_t gid;
	u64 size;
	u64 blocks; /* 512-byte units */
	u32 blksize;
	struct timespec64 atime, mtime, ctime, btime;
	bool has_btime;
};

struct file_system_type {
	const char *name;
	/* Returns a super block with its root dentry, or ERR_PTR. */
	struct super_block *(*mount)(const struct file_system_type *fs, int flags,
				     const char *source, const void *data);
	void (*kill_sb)(struct super_block *sb);
	struct list_head list;
};

struct super_operations {
	void (*evict_inode)(struct inode *inode); /* last reference gone */
	int (*statfs)(struct super_block *sb, void *kstatfs);
};

struct super_block {
	const struct file_system_type *type;
	const struct super_operations *s_op;
	struct dentry *root;
	dev_t dev;
	unsigned long flags; /* SB_RDONLY, ... */
	void *fs_info;
	int refcount;
};

#define SB_RDONLY 1

struct inode_operations {
	/*
	 * Fills dentry->inode (with a reference) if the name exists in dir;
	 * leaves it NULL otherwise. Returns 0 either way, or -errno.
	 */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	/* Copies a symlink's target (not terminated) and returns its length. */
	long (*readlink)(struct dentry *dentry, char *buf, size_t len);
	/* Refreshes inode attributes and fills st (NULL: only refresh). */
	int (*getattr)(struct dentry *dentry, struct kstat *st);
	/* Extra permission checks beyond mode bits (NULL: none). */
	int (*permission)(struct inode *inode, int mask);
};

struct dentry_operations {
	/* Is this cached dentry still right? false: look it up again. */
	bool (*revalidate)(struct dentry *dentry);
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	void (*release)(struct inode *inode, struct file *file);
	/* Read or write at *pos (updating it); return bytes or -errno. May sleep. */
	ssize_t (*read_iter)(struct file *file, struct iov_iter *to, loff_t *pos);
	ssize_t (*write_iter)(struct file *file, struct iov_iter *from, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t off, int whence);
	/* Fills buf with linux_dirent64 records from file->pos; returns bytes. */
	long (*iterate)(struct file *file, void *buf, size_t len);
	long (*ioctl)(struct file *file, unsigned int cmd, u64 arg);
	/* Events ready now (POLL*); registers in pt what to sleep on. NULL: always ready. */
	unsigned int (*poll)(struct file *file, struct poll_table *pt);
	/*
	 * For mmap: the host descriptor and offset that back [vma->start,
	 * vma->end). The caller sends it to the guest process. Returns 0 or
	 * -ENODEV when the file cannot be mapped.
	 */
	int (*mmap_host)(struct file *file, struct vma *vma, int *hostfd, u64 *hostoff);
	int (*fsync)(struct file *file, bool datasync);
};

struct inode {
	u64 ino;
	umode_t mode;
	u32 nlink;
	uid_t uid;
	gid_t gid;
	u64 size;
	u64 blocks;
	u32 blksize;
	dev_t rdev;
	struct timespec64 atime, mtime, ctime;
	struct super_block *sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	void *private;
	int refcount;
	struct pipe_inode_info *i_pipe; /* a FIFO's or pipe's, while open (fs/pipe.c) */
};

struct dentry {
	char *name; /* "/" for a root */
	size_t name_len;
	struct dentry *parent; /* itself for a root; holds a reference */
	struct inode *inode; /* NULL: negative (the name does not exist) */
	struct super_block *sb;
	const struct dentry_operations *d_op;
	int refcount;
	bool mounted; /* some mount sits on this dentry */
	bool unhashed;
	struct list_head hash; /* in the dcache hash */
	struct list_head lru; /* unused dentries, oldest first */
};

struct mount {
	struct mount *parent; /* itself for the root mount */
	struct dentry *mountpoint;
	struct dentry *root;
	struct super_block *sb;
	unsigned long flags; /* MNT_* */
	int refcount;
	struct list_head list;
};

#define MNT_RDONLY 0x1
#define MNT_NOSUID 0x2
#define MNT_NODEV 0x4
#define MNT_NOEXEC 0x8

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

/* file->mode */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_LSEEK 0x4
#define FMODE_PREAD 0x8
#define FMODE_PWRITE 0x10
#define FMODE_PATH 0x20

struct file {
	int refcount;
	struct path path;
	struct inode *inode;
	const struct file_operations *f_op;
	unsigned int flags; /* O_* status flags as opened / set by F_SETFL */
	unsigned int mode; /* FMODE_* */
	loff_t pos;
	void *private_data;
	unsigned int f_pipe; /* pipes: the writer count a reader saw at open (fs/pipe.c) */
};

/* --- inodes ---------------------------------------------------------------- */

struct inode *inode_alloc(struct super_block *sb);
struct inode *iget(struct inode *inode);
/* A fresh inode number for file systems without their own (pipefs). */
u64 get_next_ino(void);
void iput(struct inode *inode);
/* Sets i_fop / rdev for device, FIFO and socket inodes. */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);

static inline bool inode_is_dir(const struct inode *i)
{
	return S_ISDIR(i->mode);
}

/* MAY_* for permission checks */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4
#define MAY_ACCESS 16 /* from access(2), which runs with the real ids (override_creds) */

/*
 * Checks mask against mode bits and the caller's fs ids, groups and
 * capabilities, as Linux's generic_permission (-EACCES), after EROFS for
 * writing on a read-only super block and the inode's own check.
 */
int inode_permission(struct inode *inode, int mask);

/* --- dentries -------------------------------------------------------------- */

struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* A root dentry for a new super block, holding inode's reference. */
struct dentry *d_make_root(struct inode *inode);
/*
 * The child called name of parent: from the cache (revalidated) or looked
 * up by the file system. Returns it with a reference (maybe negative), or
 * ERR_PTR.
 */
struct dentry *d_lookup_child(struct dentry *parent, const char *name, size_t len);
/* Drops unused cached dentries until at most keep remain. */
void dcache_shrink(int keep);
int dcache_unused_count(void);

/* --- mounts and paths --------------------------------------------------- */

int register_filesystem(struct file_system_type *fs);
const struct file_system_type *get_fs_type(const char *name);
/* Mounts the root file system. */
int mount_root(const char *fstype, const char *source, int flags, const void *data);
/*
 * Attaches sb's root on the directory mp, returning the new mount (one
 * reference) or ERR_PTR. vfs_umount detaches it again.
 */
struct mount *vfs_mount_at(const struct path *mp, struct super_block *sb, unsigned long mnt_flags);
void vfs_umount(struct mount *m);
/* The mount sitting on (mnt, dentry), or NULL. */
struct mount *lookup_mnt(const struct path *p);
struct mount *mntget(struct mount *m);
void mntput(struct mount *m);
void path_get(const struct path *p);
void path_put(const struct path *p);
bool path_equal(const struct path *a, const struct path *b);
/* The root of the whole tree (the root mount's root). */
void get_root_path(struct path *p);
/* Writes the path from root to p into buf (end-aligned); returns a pointer into buf or ERR_PTR. */
char *d_path(const struct path *p, const struct path *root, char *buf, size_t len);

/* --- path lookup (fs/namei.c) ------------------------------------------ */

#define LOOKUP_FOLLOW 0x1 /* follow a trailing symlink */
#define LOOKUP_DIRECTORY 0x2 /* the result must be a directory */
#define LOOKUP_EMPTY 0x4 /* an empty path means the starting point */
#define LOOKUP_NO_XDEV 0x8
#define LOOKUP_NOEXEC_CHECK 0x10

/* The state one lookup needs: where relative and absolute paths start. */
struct nameidata {
	struct path root;
	struct path start;
};

/*
 * Resolves name from nd (absolute from nd->root, else from nd->start) the
 * way Linux does: "." and ".." (never above root, across mounts), mount
 * points, symlinks (at most 40 in one lookup: ELOOP), search permission on
 * every directory. Returns 0 with *out holding references, or -errno.
 */
int path_lookup_nd(struct nameidata *nd, const char *name, unsigned int flags, struct path *out);
/* The same starting at dirfd (AT_FDCWD, or a directory descriptor) of current. */
int user_path_at(int dirfd, const char *name, unsigned int flags, struct path *out);
/* Kernel lookup from the root (for init, the console...). */
int kern_path(const char *name, unsigned int flags, struct path *out);

/* --- open files ------------------------------------------------------------- */

/* Opens path with O_* flags (permission checks done by the caller). */
struct file *dentry_open(const struct path *path, unsigned int flags);
/* A file with no path, for devices and pipes: f_op and flags given. */
struct file *alloc_file(struct inode *inode, const struct file_operations *fop, unsigned int flags);
struct file *get_file(struct file *f);
void fput(struct file *f);

/* open(2) semantics on (dirfd, name): lookup, permissions, open. May sleep. */
struct file *do_filp_open(int dirfd, const char *name, unsigned int flags, umode_t mode);
struct file *filp_open_kernel(const char *name, unsigned int flags);

ssize_t vfs_read(struct file *f, struct iov_iter *to, loff_t *pos);
ssize_t vfs_write(struct file *f, struct iov_iter *from, loff_t *pos);
/* Reads len bytes at pos into a kernel buffer (for exec and the ELF loader). */
ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t pos);
int vfs_getattr(const struct path *p, struct kstat *st);
loff_t generic_file_llseek(struct file *f, loff_t off, int whence);

/* --- per-task state ----------------------------------------------------- */

struct fs_struct {
	int refcount;
	struct path root, pwd;
	umode_t umask;
};

struct fs_struct *fs_struct_alloc(const struct path *root);
/* fork without CLONE_FS: root, cwd and umask copied. */
struct fs_struct *fs_struct_copy(const struct fs_struct *old);
void fs_struct_put(struct fs_struct *fs);

/* --- character devices ---------------------------------------------------- */

#define MAJOR(dev) ((unsigned int)((dev) >> 20))
#define MINOR(dev) ((unsigned int)((dev)&0xfffff))
#define MKDEV(ma, mi) (((dev_t)(ma) << 20) | (dev_t)(mi))
/* The guest ABI's dev_t encoding (stat's st_dev / st_rdev). */
static inline u64 new_encode_dev(dev_t dev)
{
	u64 ma = MAJOR(dev), mi = MINOR(dev);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffULL) << 12);
}
static inline dev_t new_decode_dev(u64 d)
{
	return MKDEV((d & 0xfff00) >> 8, (d & 0xff) | ((d >> 12) & 0xfff00));
}

/* Registers fops for char devices (major, minor_first .. minor_first+count-1). */
int register_chrdev(unsigned int major, unsigned int minor, unsigned int count, const char *name,
		    const struct file_operations *fops);
const struct file_operations *chrdev_fops(dev_t dev);

/* An anonymous device number for a new super block ("0:N"). */
dev_t get_anon_dev(void);

#endif
