// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for path lookup (fs/namei.c), on a small in-memory file
 * system defined here: ".", "..", symlinks (relative, absolute, loops, the
 * 40-link limit), mount points, trailing slashes, permissions and name
 * lengths resolve as Linux resolves them.
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/kunit.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>

struct tfs_entry {
	const char *path;
	umode_t mode;
	const char *target;
};

static const struct tfs_entry main_tree[] = {
	{ "", S_IFDIR | 0755, NULL },
	{ "/a", S_IFDIR | 0755, NULL },
	{ "/a/b", S_IFDIR | 0755, NULL },
	{ "/a/b/file", S_IFREG | 0644, NULL },
	{ "/a/rel", S_IFLNK | 0777, "b/file" },
	{ "/a/abs", S_IFLNK | 0777, "/a/b" },
	{ "/a/up", S_IFLNK | 0777, "../a/b" },
	{ "/a/escape", S_IFLNK | 0777, "../../../../a" },
	{ "/loop1", S_IFLNK | 0777, "/loop2" },
	{ "/loop2", S_IFLNK | 0777, "/loop1" },
	{ "/dangling", S_IFLNK | 0777, "/nope" },
	{ "/secret", S_IFDIR | 0700, NULL },
	{ "/secret/x", S_IFREG | 0644, NULL },
	{ "/mnt", S_IFDIR | 0755, NULL },
	{ NULL, 0, NULL },
};

static const struct tfs_entry inner_tree[] = {
	{ "", S_IFDIR | 0755, NULL },
	{ "/inner", S_IFREG | 0644, NULL },
	{ NULL, 0, NULL },
};

/* /c0 -> /c1 -> ... -> /c40 -> /a: 41 links from /c0, 40 from /c1. */
#define CHAIN 41
static struct tfs_entry chain[CHAIN + 1];
static char chain_names[CHAIN][2][12];

struct tfs_inode {
	const struct tfs_entry *e;
	const struct tfs_entry *table;
	char path[64];
};

static const struct inode_operations tfs_iops;

static struct inode *tfs_inode(struct super_block *sb, const struct tfs_entry *table,
			       const struct tfs_entry *e, const char *path)
{
	struct inode *i = inode_alloc(sb);
	struct tfs_inode *ti = kzalloc(sizeof(*ti));

	if (!i || !ti) {
		kfree(i);
		kfree(ti);
		return NULL;
	}
	ti->e = e;
	ti->table = table;
	strscpy(ti->path, path, sizeof(ti->path));
	i->private = ti;
	i->mode = e->mode;
	i->i_op = &tfs_iops;
	return i;
}

static const struct tfs_entry *find(const struct tfs_entry *table, const char *path)
{
	for (; table->path; table++)
		if (!strcmp(table->path, path))
			return table;
	if (table == main_tree + ARRAY_SIZE(main_tree) - 1)
		for (int i = 0; i < CHAIN; i++)
			if (!strcmp(chain[i].path, path))
				return &chain[i];
	return NULL;
}

static int tfs_lookup(struct inode *dir, struct dentry *d)
{
	struct tfs_inode *p = dir->private;
	char path[64];
	const struct tfs_entry *e;

	ksnprintf(path, sizeof(path), "%s/%s", p->path, d->name);
	e = find(p->table, path);
	if (e)
		d->inode = tfs_inode(dir->sb, p->table, e, path);
	return 0;
}

static long tfs_readlink(struct dentry *d, char *buf, size_t len)
{
	const char *t = ((struct tfs_inode *)d->inode->private)->e->target;
	size_t n = strlen(t);

	memcpy(buf, t, min(n, len));
	return (long)min(n, len);
}

static void tfs_evict(struct inode *i)
{
	kfree(i->private);
}

static const struct inode_operations tfs_iops = {
	.lookup = tfs_lookup,
	.readlink = tfs_readlink,
};
static const struct super_operations tfs_sops = { .evict_inode = tfs_evict };

struct namei_fixture {
	struct super_block sb, inner_sb;
	struct mount root_mnt;
	struct mount *inner;
	struct nameidata nd;
};

static int namei_init(struct kunit *t)
{
	struct namei_fixture *f = kzalloc(sizeof(*f));
	struct path mp;

	if (!f)
		return -ENOMEM;
	t->priv = f;
	for (int i = 0; i < CHAIN; i++) {
		ksnprintf(chain_names[i][0], 12, "/c%d", i);
		ksnprintf(chain_names[i][1], 12, i + 1 < CHAIN ? "/c%d" : "/a", i + 1);
		chain[i] =
			(struct tfs_entry){ chain_names[i][0], S_IFLNK | 0777, chain_names[i][1] };
	}
	f->sb.s_op = &tfs_sops;
	f->inner_sb.s_op = &tfs_sops;
	f->sb.root = d_make_root(tfs_inode(&f->sb, main_tree, &main_tree[0], ""));
	f->inner_sb.root = d_make_root(tfs_inode(&f->inner_sb, inner_tree, &inner_tree[0], ""));
	if (!f->sb.root || !f->inner_sb.root)
		return -ENOMEM;
	f->root_mnt.parent = &f->root_mnt;
	f->root_mnt.root = f->sb.root;
	f->root_mnt.mountpoint = f->sb.root;
	f->root_mnt.sb = &f->sb;
	f->root_mnt.refcount = 1;
	f->nd.root = (struct path){ &f->root_mnt, f->sb.root };
	f->nd.start = f->nd.root;
	if (path_lookup_nd(&f->nd, "/mnt", 0, &mp))
		return -EIO;
	f->inner = vfs_mount_at(&mp, &f->inner_sb, 0);
	path_put(&mp);
	return IS_ERR(f->inner) ? -EIO : 0;
}

static void free_root(struct dentry *d)
{
	if (!d)
		return;
	iput(d->inode);
	kfree(d->name);
	kfree(d);
}

static void namei_exit(struct kunit *t)
{
	struct namei_fixture *f = t->priv;

	if (!f)
		return;
	if (f->inner && !IS_ERR(f->inner))
		vfs_umount(f->inner);
	dcache_shrink(0);
	free_root(f->sb.root);
	free_root(f->inner_sb.root);
	kfree(f);
}

/* Looks name up and returns the full path of what it found, or an errno string. */
static const char *lookup(struct kunit *t, const char *name, unsigned flags)
{
	struct namei_fixture *f = t->priv;
	static char out[64];
	struct path p;
	int err = path_lookup_nd(&f->nd, name, flags, &p);

	if (err) {
		const char *n = errno_name(err);

		return n ? n : "?";
	}
	if (p.mnt == f->inner)
		ksnprintf(out, sizeof(out), "inner:%s",
			  ((struct tfs_inode *)p.dentry->inode->private)->path);
	else
		ksnprintf(out, sizeof(out), "%s",
			  ((struct tfs_inode *)p.dentry->inode->private)->path);
	if (!out[0] || !strcmp(out, "inner:"))
		strscpy(out + strlen(out), "/", 2);
	path_put(&p);
	return out;
}

static void resolves_plain_paths(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/b/file", 0), "/a/b/file");
	KUNIT_EXPECT_STREQ(t, lookup(t, "a/b", 0), "/a/b");
	KUNIT_EXPECT_STREQ(t, lookup(t, "///a//b/", 0), "/a/b");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/", 0), "/");
}

static void resolves_dot_and_dotdot(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/./b/../b/./file", 0), "/a/b/file");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/..", 0), "/");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/../../a", 0), "/a");
}

static void follows_symlinks_in_the_middle(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/abs/file", 0), "/a/b/file");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/up/file", 0), "/a/b/file");
}

static void follows_a_trailing_symlink_only_when_asked(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/rel", LOOKUP_FOLLOW), "/a/b/file");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/rel", 0), "/a/rel");
	/* A trailing slash always follows, and demands a directory. */
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/abs/", 0), "/a/b");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/rel/", 0), "ENOTDIR");
}

static void symlinks_cannot_climb_above_root(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/escape/b", 0), "/a/b");
}

static void a_symlink_loop_is_eloop(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/loop1", LOOKUP_FOLLOW), "ELOOP");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/loop1/x", 0), "ELOOP");
}

static void forty_links_resolve_and_forty_one_do_not(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/c1/b", 0), "/a/b");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/c0/b", 0), "ELOOP");
}

static void reports_missing_and_non_directories(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/nope", 0), "ENOENT");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/nope/x", 0), "ENOENT");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/b/file/x", 0), "ENOTDIR");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/b/file/", 0), "ENOTDIR");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/b/file", LOOKUP_DIRECTORY), "ENOTDIR");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/dangling", LOOKUP_FOLLOW), "ENOENT");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/dangling", 0), "/dangling");
}

static void empty_path_needs_lookup_empty(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "", 0), "ENOENT");
	KUNIT_EXPECT_STREQ(t, lookup(t, "", LOOKUP_EMPTY), "/");
}

static void refuses_long_names(struct kunit *t)
{
	char *name = kunit_kzalloc(t, 4200);

	KUNIT_ASSERT_NOT_NULL(t, name);
	name[0] = '/';
	memset(name + 1, 'x', 256);
	KUNIT_EXPECT_STREQ(t, lookup(t, name, 0), "ENAMETOOLONG");
	memset(name + 1, 'y', 4100);
	KUNIT_EXPECT_STREQ(t, lookup(t, name, 0), "ENAMETOOLONG");
}

static void crosses_mount_points_both_ways(struct kunit *t)
{
	KUNIT_EXPECT_STREQ(t, lookup(t, "/mnt/inner", 0), "inner:/inner");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/mnt", 0), "inner:/");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/mnt/../a/b", 0), "/a/b");
}

static void needs_search_permission(struct kunit *t)
{
	struct cred user = { .refcount = 1,
			     .uid = 1000,
			     .euid = 1000,
			     .fsuid = 1000,
			     .gid = 1000,
			     .egid = 1000,
			     .fsgid = 1000 };
	struct task fake;
	struct task *saved = current;

	memset(&fake, 0, sizeof(fake));
	fake.cred = &user;
	current = &fake;
	KUNIT_EXPECT_STREQ(t, lookup(t, "/secret/x", 0), "EACCES");
	KUNIT_EXPECT_STREQ(t, lookup(t, "/a/b/file", 0), "/a/b/file");
	current = saved;
	KUNIT_EXPECT_STREQ(t, lookup(t, "/secret/x", 0), "/secret/x");
}

static const struct kunit_case namei_cases[] = {
	KUNIT_CASE(resolves_plain_paths),
	KUNIT_CASE(resolves_dot_and_dotdot),
	KUNIT_CASE(follows_symlinks_in_the_middle),
	KUNIT_CASE(follows_a_trailing_symlink_only_when_asked),
	KUNIT_CASE(symlinks_cannot_climb_above_root),
	KUNIT_CASE(a_symlink_loop_is_eloop),
	KUNIT_CASE(forty_links_resolve_and_forty_one_do_not),
	KUNIT_CASE(reports_missing_and_non_directories),
	KUNIT_CASE(empty_path_needs_lookup_empty),
	KUNIT_CASE(refuses_long_names),
	KUNIT_CASE(crosses_mount_points_both_ways),
	KUNIT_CASE(needs_search_permission),
	{},
};

static const struct kunit_suite namei_suite = {
	.name = "path_lookup",
	.cases = namei_cases,
	.init = namei_init,
	.exit = namei_exit,
};
kunit_test_suite(namei_suite);
