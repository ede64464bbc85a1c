/* rename: move a file (same inode, same bytes), replace an existing file atomically, rename
 * directories (also over an empty one), rename a symlink itself, rename onto another link of the
 * same file (a no-op), and the errno cases: ENOENT, ENOTEMPTY, EISDIR, ENOTDIR, EINVAL (a
 * directory into itself), EBUSY ("dir/."), EXDEV (to /dev/shm, /proc... whichever is another file
 * system); EACCES needs a non-root user (covered when run unprivileged). */
#include "tt.h"

int main(void)
{
    tt_scratch("rename");
    const char *a = tt_path("a"), *b = tt_path("b");
    struct stat st, st2;
    char buf[32];

    tt_write_str(a, "alpha");
    stat(a, &st);
    is_int(rename(a, b), 0, "rename a -> b");
    ok(!tt_exists(a), "a is gone");
    is_int(stat(b, &st2), 0, "b exists");
    ok(st2.st_ino == st.st_ino, "b is the same inode");
    is_int(tt_read_file(b, buf, sizeof buf), 5, "b's size");
    is_str(buf, "alpha", "b's bytes");

    tt_write_str(a, "new");
    int keep = open(b, O_RDONLY);
    is_int(rename(a, b), 0, "rename over an existing file");
    ok(!tt_exists(a), "the source name is gone");
    is_int(tt_read_file(b, buf, sizeof buf), 3, "the target has the source's content");
    is_str(buf, "new", "the replaced file's bytes");
    memset(buf, 0, sizeof buf);
    is_int(read(keep, buf, sizeof buf), 5, "a descriptor to the replaced file still reads it");
    is_str(buf, "alpha", "the old content via the old descriptor");
    close(keep);

    is_int(rename(b, b), 0, "rename a file onto itself");
    ok(tt_exists(b), "it still exists");
    link(b, tt_path("b2"));
    is_int(rename(b, tt_path("b2")), 0, "rename onto another link of the same file");
    ok(tt_exists(b) && tt_exists(tt_path("b2")), "both names still exist (POSIX: nothing done)");

    /* directories */
    const char *d1 = tt_path("d1"), *d2 = tt_path("d2");
    mkdir(d1, 0700);
    tt_write_str(tt_path("d1/inner"), "in");
    is_int(rename(d1, d2), 0, "rename a directory");
    ok(!tt_exists(d1) && tt_exists(tt_path("d2/inner")), "its content moved with it");
    mkdir(tt_path("empty"), 0700);
    is_int(rename(d2, tt_path("empty")), 0, "rename a directory over an empty directory");
    ok(tt_exists(tt_path("empty/inner")) && !tt_exists(d2), "the empty directory was replaced");
    mkdir(tt_path("full"), 0700);
    tt_write_str(tt_path("full/x"), "x");
    is_errno(rename(tt_path("empty"), tt_path("full")), ENOTEMPTY, "a directory over a non-empty one: ENOTEMPTY");
    is_errno(rename(b, tt_path("full")), EISDIR, "a file over a directory: EISDIR");
    is_errno(rename(tt_path("full"), b), ENOTDIR, "a directory over a file: ENOTDIR");
    is_errno(rename(tt_path("full"), tt_path("full/sub")), EINVAL, "a directory into itself: EINVAL");
    is_errno(rename(tt_path("full/."), tt_path("other")), EBUSY, "rename 'dir/.': EBUSY");
    ok(tt_exists(tt_path("full/x")), "failed renames changed nothing");

    /* symlinks are renamed, not followed */
    symlink("b", tt_path("ln"));
    is_int(rename(tt_path("ln"), tt_path("ln2")), 0, "rename a symlink");
    is_int(lstat(tt_path("ln2"), &st), 0, "lstat the new name");
    ok(S_ISLNK(st.st_mode), "it is still a symlink");
    ok(tt_exists(b), "its target was not moved");

    /* errors */
    is_errno(rename(tt_path("missing"), tt_path("x")), ENOENT, "a missing source: ENOENT");
    is_errno(rename(b, tt_path("missing/x")), ENOENT, "a target in a missing directory: ENOENT");
    is_errno(rename(b, tt_path("b2/x")), ENOTDIR, "a target under a file: ENOTDIR");
    ok(tt_exists(b), "the source survives failed renames");

    /* EXDEV: the kernel refuses before looking at permissions or creating anything */
    const char *other = tt_other_fs_dir();
    if (!other) {
        skip("no second file system to rename across");
    } else {
        char xp[256];
        snprintf(xp, sizeof xp, "%s/toytest-rename-xdev-%d", other, (int)getpid());
        is_errno(rename(b, xp), EXDEV, "rename across file systems: EXDEV");
        unlink(xp);   /* in case it was wrongly created */
    }

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
    } else {
        chmod(tt_path("full"), 0500);
        is_errno(rename(tt_path("full/x"), tt_path("y")), EACCES, "moving out of a 0500 directory: EACCES");
        chmod(tt_path("full"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
