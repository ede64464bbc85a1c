/* stat, fstat, lstat: file types (S_ISREG/S_ISDIR/S_ISLNK/S_ISFIFO), st_size, permission bits after
 * chmod, st_nlink after link/unlink, st_ino/st_dev identity, symlink following rules, times set by
 * utimensat read back to the nanosecond, and EBADF / ENOENT / ENOTDIR / ELOOP. (Bad-path errors for
 * every path call, including EFAULT and ENAMETOOLONG, are in badpath.c.) A bad struct pointer is not
 * tested: the SDK converts the kernel's structure in libc, so the pointer never reaches the kernel. */
#include "tt.h"

int main(void)
{
    tt_scratch("stat");
    const char *f = tt_path("f"), *dir = tt_path("dir"), *ln = tt_path("ln");
    struct stat st, st2;
    memset(&st, 0, sizeof st);

    tt_write_str(f, "hello world");
    is_int(stat(f, &st), 0, "stat a file");
    ok(S_ISREG(st.st_mode), "S_ISREG");
    ok(!S_ISDIR(st.st_mode) && !S_ISLNK(st.st_mode) && !S_ISFIFO(st.st_mode), "and no other type");
    is_int(st.st_size, 11, "st_size 11");
    is_int(st.st_nlink, 1, "st_nlink 1");
    ok(st.st_ino != 0, "st_ino is set");
    ok(st.st_blksize > 0, "st_blksize > 0");
    ok(st.st_mtim.tv_nsec >= 0 && st.st_mtim.tv_nsec < 1000000000, "st_mtim.tv_nsec in range");
    ok(st.st_mtim.tv_sec > 1577836800, "st_mtim is after 2020 (just written)");

    int fd = open(f, O_RDONLY);
    is_int(fstat(fd, &st2), 0, "fstat the same file");
    ok(st2.st_ino == st.st_ino && st2.st_dev == st.st_dev, "fstat: same st_dev and st_ino");
    is_int(st2.st_size, 11, "fstat st_size");
    is_int(st2.st_mode, st.st_mode, "fstat st_mode equals stat's");

    /* permission bits */
    const unsigned modes[] = {0644, 0600, 0755, 0400, 0000, 0777, 04755, 02750};
    for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        chmod(f, modes[i]);
        stat(f, &st);
        ok((st.st_mode & 07777) == modes[i] && S_ISREG(st.st_mode), "after chmod %04o, st_mode & 07777 == %04o", modes[i], modes[i]);
    }
    fstat(fd, &st2);
    is_int(st2.st_mode & 07777, 02750, "fstat sees the last chmod");
    chmod(f, 0644);

    /* size follows writes */
    int w = open(f, O_WRONLY | O_APPEND);
    write(w, "!!", 2);
    close(w);
    is_int(fstat(fd, &st2) == 0 ? st2.st_size : -1, 13, "fstat st_size follows an append (13)");
    close(fd);

    /* nlink */
    is_int(link(f, tt_path("f2")), 0, "link");
    stat(f, &st);
    is_int(st.st_nlink, 2, "st_nlink 2 after link");
    stat(tt_path("f2"), &st2);
    is_int(st2.st_nlink, 2, "the new name also has st_nlink 2");
    ok(st2.st_ino == st.st_ino, "both names have the same st_ino");
    unlink(tt_path("f2"));
    stat(f, &st);
    is_int(st.st_nlink, 1, "st_nlink back to 1 after unlink");

    /* directories */
    is_int(mkdir(dir, 0755), 0, "mkdir");
    is_int(stat(dir, &st), 0, "stat a directory");
    ok(S_ISDIR(st.st_mode), "S_ISDIR");
    ok((st.st_mode & 07777 & ~0755) == 0, "mkdir 0755: no permission bit beyond 0755 (umask may clear some)");
    chmod(dir, 0711);
    stat(dir, &st);
    is_int(st.st_mode & 07777, 0711, "directory mode after chmod 0711");
    is_int(st.st_nlink, 2, "an empty directory has st_nlink 2");
    mkdir(tt_path("dir/sub"), 0700);
    stat(dir, &st);
    is_int(st.st_nlink, 3, "a subdirectory's '..' adds a link (3)");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    fstat(dfd, &st2);
    ok(S_ISDIR(st2.st_mode) && st2.st_ino == st.st_ino, "fstat a directory fd");
    close(dfd);
    struct stat dot;
    stat(tt_path("dir/sub/.."), &dot);
    ok(dot.st_ino == st.st_ino, "'sub/..' is the directory itself");

    /* symlinks */
    is_int(symlink("f", ln), 0, "symlink ln -> f");
    is_int(lstat(ln, &st), 0, "lstat the symlink");
    ok(S_ISLNK(st.st_mode), "lstat: S_ISLNK");
    is_int(st.st_size, 1, "lstat: st_size is the target's length (1)");
    is_int(stat(ln, &st2), 0, "stat through the symlink");
    ok(S_ISREG(st2.st_mode), "stat follows the link: S_ISREG");
    is_int(st2.st_size, 13, "stat follows the link: the target's size");
    struct stat tf;
    stat(f, &tf);
    ok(st2.st_ino == tf.st_ino && st.st_ino != tf.st_ino, "stat gives the target's inode, lstat the link's");
    is_int(lstat(f, &st), 0, "lstat a regular file");
    ok(S_ISREG(st.st_mode) && st.st_ino == tf.st_ino, "lstat of a non-link equals stat");
    symlink("dir", tt_path("dl"));
    is_int(stat(tt_path("dl/sub"), &st), 0, "a symlink in the middle of a path is followed");
    ok(S_ISDIR(st.st_mode), "and reaches the subdirectory");
    is_int(lstat(tt_path("dl/"), &st) == 0 && S_ISDIR(st.st_mode), 1, "lstat 'link/' (trailing slash) follows the link");
    symlink("nowhere", tt_path("dangling"));
    is_int(lstat(tt_path("dangling"), &st), 0, "lstat a dangling symlink works");
    is_int(st.st_size, 7, "its st_size is strlen(\"nowhere\")");
    is_errno(stat(tt_path("dangling"), &st), ENOENT, "stat a dangling symlink: ENOENT");
    symlink("loop", tt_path("loop"));
    is_errno(stat(tt_path("loop"), &st), ELOOP, "stat a self-referencing symlink: ELOOP");
    is_int(lstat(tt_path("loop"), &st) == 0 && S_ISLNK(st.st_mode), 1, "lstat it works (S_ISLNK)");

    /* pipes */
    int p[2];
    pipe(p);
    is_int(fstat(p[0], &st), 0, "fstat a pipe");
    ok(S_ISFIFO(st.st_mode), "S_ISFIFO");
    close(p[0]);
    close(p[1]);

    /* times, exactly as set */
    struct timespec ts[2] = {{1000000000, 123456789}, {1600000000, 987654321}};
    is_int(utimensat(AT_FDCWD, f, ts, 0), 0, "utimensat explicit times");
    is_int(stat(f, &st), 0, "stat");
    is_int(st.st_atim.tv_sec, 1000000000, "st_atim.tv_sec exact");
    is_int(st.st_atim.tv_nsec, 123456789, "st_atim.tv_nsec exact");
    is_int(st.st_mtim.tv_sec, 1600000000, "st_mtim.tv_sec exact");
    is_int(st.st_mtim.tv_nsec, 987654321, "st_mtim.tv_nsec exact");
    is_int(st.st_mtime, 1600000000, "st_mtime macro");
    ok(st.st_ctim.tv_sec > 1577836800, "st_ctim is the change time (recent), not the set mtime");
    fd = open(f, O_RDONLY);
    fstat(fd, &st2);
    ok(st2.st_mtim.tv_sec == 1600000000 && st2.st_mtim.tv_nsec == 987654321, "fstat sees the same mtime");
    close(fd);

    /* errors */
    is_errno(fstat(fd, &st), EBADF, "fstat a closed fd: EBADF");
    is_errno(fstat(-1, &st), EBADF, "fstat fd -1: EBADF");
    is_errno(stat(tt_path("missing"), &st), ENOENT, "stat a missing file: ENOENT");
    is_errno(lstat(tt_path("missing"), &st), ENOENT, "lstat a missing file: ENOENT");
    is_errno(stat(tt_path("f/x"), &st), ENOTDIR, "stat through a regular file: ENOTDIR");
    is_errno(lstat(tt_path("f/x"), &st), ENOTDIR, "lstat through a regular file: ENOTDIR");
    is_errno(stat(tt_path("f/"), &st), ENOTDIR, "stat 'file/' (trailing slash): ENOTDIR");

    tt_cleanup();
    return done_testing();
}
