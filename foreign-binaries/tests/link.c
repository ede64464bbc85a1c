/* link, symlink, readlink: hard links share the inode and data; symlinks store their target
 * verbatim (readlink returns it without a NUL, truncates to the buffer); relative targets resolve
 * against the link's directory; and the errno cases: EEXIST, ENOENT, EPERM (hard link to a
 * directory), EXDEV (across file systems), EINVAL (readlink of a non-link, size 0), EFAULT (readlink buffer). */
#include "tt.h"

int main(void)
{
    tt_scratch("link");
    const char *f = tt_path("f"), *h = tt_path("h");
    struct stat st, st2;
    char buf[64];

    /* link */
    tt_write_str(f, "shared");
    is_int(link(f, h), 0, "link f -> h");
    stat(f, &st);
    stat(h, &st2);
    ok(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev, "same inode");
    is_int(st.st_nlink, 2, "st_nlink 2");
    int fd = open(h, O_WRONLY | O_APPEND);
    write(fd, "!", 1);
    close(fd);
    is_int(tt_read_file(f, buf, sizeof buf), 7, "a write through one name is seen through the other");
    is_str(buf, "shared!", "bytes through the other name");
    is_errno(link(f, h), EEXIST, "link onto an existing name: EEXIST");
    is_errno(link(tt_path("missing"), tt_path("x")), ENOENT, "link a missing file: ENOENT");
    is_errno(link(f, tt_path("missing/x")), ENOENT, "link into a missing directory: ENOENT");
    mkdir(tt_path("d"), 0700);
    is_errno(link(tt_path("d"), tt_path("dlink")), EPERM, "hard link to a directory: EPERM");
    symlink("f", tt_path("sl"));
    is_int(link(tt_path("sl"), tt_path("sl-hard")), 0, "link a symlink");
    ok(lstat(tt_path("sl-hard"), &st) == 0 && S_ISLNK(st.st_mode), "link does not follow the symlink (the new name is a symlink)");

    const char *other = tt_other_fs_dir();
    if (!other) {
        skip("no second file system to link across");
    } else {
        char xp[256];
        snprintf(xp, sizeof xp, "%s/toytest-link-xdev-%d", other, (int)getpid());
        is_errno(link(f, xp), EXDEV, "hard link across file systems: EXDEV");
        unlink(xp);
    }

    /* symlink + readlink */
    const char *target = "some/relative/../target with spaces";
    is_int(symlink(target, tt_path("s")), 0, "symlink with an arbitrary target");
    memset(buf, 'X', sizeof buf);
    long n = (long)readlink(tt_path("s"), buf, sizeof buf);
    is_int(n, (long)strlen(target), "readlink returns the target's length");
    ok(n > 0 && memcmp(buf, target, (size_t)n) == 0, "readlink returns the exact bytes");
    is_int(buf[n > 0 ? n : 0], 'X', "readlink does not write a NUL");
    memset(buf, 'X', sizeof buf);
    is_int(readlink(tt_path("s"), buf, 4), 4, "readlink into a 4-byte buffer returns 4");
    ok(memcmp(buf, "some", 4) == 0 && buf[4] == 'X', "truncated to the first 4 bytes, nothing more written");
    lstat(tt_path("s"), &st);
    ok(S_ISLNK(st.st_mode), "the symlink is S_ISLNK");
    is_int(st.st_size, (long)strlen(target), "its st_size is the target's length");

    symlink("f", tt_path("d/up"));     /* relative to d/, so it dangles */
    is_errno(stat(tt_path("d/up"), &st), ENOENT, "a relative target resolves against the link's directory");
    symlink("../f", tt_path("d/up2"));
    is_int(tt_read_file(tt_path("d/up2"), buf, sizeof buf), 7, "'../f' from d/ reaches f");
    symlink(f, tt_path("abs"));
    memset(buf, 0, sizeof buf);
    is_int(readlink(tt_path("abs"), buf, sizeof buf - 1), (long)strlen(f), "an absolute target");
    is_str(buf, f, "the absolute target is stored verbatim");
    char longt[4000];
    memset(longt, 'T', sizeof longt - 1);
    longt[sizeof longt - 1] = 0;
    is_int(symlink(longt, tt_path("long")), 0, "a 3999-byte target");
    static char lbuf[4096];
    is_int(readlink(tt_path("long"), lbuf, sizeof lbuf), 3999, "readlink returns 3999 bytes");
    ok(memcmp(lbuf, longt, 3999) == 0, "the long target is exact");

    /* errors */
    is_errno(symlink("x", f), EEXIST, "symlink onto an existing file: EEXIST");
    is_errno(symlink("x", tt_path("s")), EEXIST, "symlink onto an existing symlink: EEXIST");
    is_errno(symlink("x", tt_path("missing/x")), ENOENT, "symlink in a missing directory: ENOENT");
    is_errno(readlink(f, buf, sizeof buf), EINVAL, "readlink of a regular file: EINVAL");
    is_errno(readlink(tt_path("d"), buf, sizeof buf), EINVAL, "readlink of a directory: EINVAL");
    is_errno(readlink(tt_path("s"), buf, 0), EINVAL, "readlink with size 0: EINVAL");
    is_errno(readlink(tt_path("missing"), buf, sizeof buf), ENOENT, "readlink of a missing name: ENOENT");
    is_errno(readlink(tt_path("s"), BADPTR, 64), EFAULT, "readlink into an unmapped buffer: EFAULT");

    tt_cleanup();
    return done_testing();
}
