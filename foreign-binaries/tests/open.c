/* open: creation and its flags (O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_CLOEXEC, O_DIRECTORY,
 * O_NOFOLLOW), access modes, the lowest-free-descriptor rule, and the errno cases specific to open
 * (EEXIST, EISDIR, ENOTDIR, ELOOP, ENOENT, EACCES, EINVAL). The path errors shared by every path
 * call (ENAMETOOLONG, ELOOP, EFAULT...) are in badpath.c, EMFILE in emfile.c. */
#include "tt.h"

int main(void)
{
    tt_scratch("open");
    const char *f = tt_path("file");
    char buf[64];
    struct stat st;

    /* O_CREAT: a new, empty regular file with the requested permissions (0600 survives any umask) */
    int fd = open(f, O_WRONLY | O_CREAT, 0600);
    ok(fd >= 0, "O_CREAT creates a file");
    is_int(fstat(fd, &st), 0, "fstat the new file");
    ok(S_ISREG(st.st_mode), "the new file is a regular file");
    is_int(st.st_mode & 07777, 0600, "the new file has mode 0600");
    is_int(st.st_size, 0, "the new file is empty");
    is_int(write(fd, "0123456789", 10), 10, "write 10 bytes");
    close(fd);

    /* O_CREAT on an existing file: opens it, keeps content and mode */
    fd = open(f, O_RDWR | O_CREAT, 0777);
    ok(fd >= 0, "O_CREAT on an existing file opens it");
    is_int(fstat(fd, &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0600, "the mode argument is ignored for an existing file");
    memset(buf, 0, sizeof buf);
    is_int(read(fd, buf, sizeof buf), 10, "content kept");
    close(fd);

    /* O_EXCL */
    is_errno(open(f, O_WRONLY | O_CREAT | O_EXCL, 0600), EEXIST, "O_CREAT|O_EXCL on an existing file: EEXIST");
    is_int(symlink("does-not-exist", tt_path("dangling")), 0, "make a dangling symlink");
    is_errno(open(tt_path("dangling"), O_WRONLY | O_CREAT | O_EXCL, 0600), EEXIST,
             "O_CREAT|O_EXCL on a dangling symlink: EEXIST (not followed)");
    ok(!tt_exists(tt_path("does-not-exist")), "O_EXCL did not create the symlink's target");
    fd = open(tt_path("excl"), O_WRONLY | O_CREAT | O_EXCL, 0600);
    ok(fd >= 0, "O_CREAT|O_EXCL on a new name creates it");
    close(fd);

    /* O_TRUNC */
    fd = open(f, O_WRONLY | O_TRUNC);
    ok(fd >= 0, "O_TRUNC opens");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, 0, "O_TRUNC emptied the file");
    is_int(write(fd, "abc", 3), 3, "write after O_TRUNC");
    close(fd);
    fd = open(f, O_RDONLY | O_TRUNC);
    /* O_RDONLY|O_TRUNC is unspecified by POSIX; only check that the file content is still readable. */
    if (fd >= 0)
        close(fd);

    /* O_APPEND: every write goes to the end, whatever the position */
    tt_write_str(f, "abc");
    fd = open(f, O_WRONLY | O_APPEND);
    ok(fd >= 0, "O_APPEND opens");
    is_int(lseek(fd, 0, SEEK_SET), 0, "seek to 0 on an O_APPEND fd");
    is_int(write(fd, "def", 3), 3, "write on O_APPEND");
    is_int(lseek(fd, 0, SEEK_CUR), 6, "the position is at the new end after an append");
    is_int(lseek(fd, 1, SEEK_SET), 1, "seek to 1");
    is_int(write(fd, "gh", 2), 2, "second append");
    close(fd);
    is_int(tt_read_file(f, buf, sizeof buf), 8, "file length after appends");
    is_str(buf, "abcdefgh", "appends landed at the end, nothing overwritten");
    fd = open(f, O_RDWR | O_APPEND);
    ok(fd >= 0, "O_RDWR|O_APPEND opens");
    memset(buf, 0, sizeof buf);
    is_int(read(fd, buf, 3), 3, "O_APPEND fd reads from the start");
    is_str(buf, "abc", "O_APPEND read bytes");
    close(fd);

    /* access modes */
    tt_write_str(f, "rw");
    fd = open(f, O_RDONLY);
    ok(fd >= 0, "O_RDONLY");
    is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY, "F_GETFL reports O_RDONLY");
    is_int(read(fd, buf, 2), 2, "O_RDONLY fd can read");
    is_errno(write(fd, "x", 1), EBADF, "O_RDONLY fd cannot write: EBADF");
    close(fd);
    fd = open(f, O_WRONLY);
    ok(fd >= 0, "O_WRONLY");
    is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY, "F_GETFL reports O_WRONLY");
    is_int(write(fd, "x", 1), 1, "O_WRONLY fd can write");
    is_errno(read(fd, buf, 1), EBADF, "O_WRONLY fd cannot read: EBADF");
    close(fd);
    fd = open(f, O_RDWR);
    ok(fd >= 0, "O_RDWR");
    is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR, "F_GETFL reports O_RDWR");
    is_int(read(fd, buf, 2), 2, "O_RDWR fd can read");
    is_int(write(fd, "y", 1), 1, "O_RDWR fd can write");
    close(fd);
    is_int(tt_read_file(f, buf, sizeof buf), 3, "O_WRONLY without O_TRUNC overwrote in place");
    is_str(buf, "xwy", "bytes after in-place writes");

    /* O_CLOEXEC */
    fd = open(f, O_RDONLY | O_CLOEXEC);
    ok(fd >= 0, "O_CLOEXEC opens");
    is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
    close(fd);
    fd = open(f, O_RDONLY);
    is_int(fcntl(fd, F_GETFD), 0, "without O_CLOEXEC, FD_CLOEXEC is clear");
    close(fd);

    /* O_DIRECTORY */
    is_int(mkdir(tt_path("dir"), 0700), 0, "mkdir dir");
    fd = open(tt_path("dir"), O_RDONLY | O_DIRECTORY);
    ok(fd >= 0, "O_DIRECTORY on a directory opens");
    is_int(fstat(fd, &st) == 0 && S_ISDIR(st.st_mode), 1, "O_DIRECTORY fd is a directory");
    close(fd);
    is_errno(open(f, O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a regular file: ENOTDIR");
    is_int(symlink("dir", tt_path("dirlink")), 0, "symlink to the directory");
    fd = open(tt_path("dirlink"), O_RDONLY | O_DIRECTORY);
    ok(fd >= 0, "O_DIRECTORY follows a symlink to a directory");
    close(fd);

    /* O_NOFOLLOW */
    is_int(symlink("file", tt_path("link")), 0, "symlink to the file");
    is_errno(open(tt_path("link"), O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a symlink: ELOOP");
    is_errno(open(tt_path("dangling"), O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a dangling symlink: ELOOP");
    fd = open(f, O_RDONLY | O_NOFOLLOW);
    ok(fd >= 0, "O_NOFOLLOW on a regular file opens");
    close(fd);
    fd = open(tt_path("link"), O_RDONLY);
    ok(fd >= 0, "without O_NOFOLLOW a symlink is followed");
    memset(buf, 0, sizeof buf);
    is_int(read(fd, buf, sizeof buf), 3, "reading through the symlink");
    is_str(buf, "xwy", "bytes through the symlink");
    close(fd);
    fd = open(tt_path("dangling"), O_WRONLY | O_CREAT, 0600);
    ok(fd >= 0, "O_CREAT through a dangling symlink creates its target");
    close(fd);
    ok(tt_exists(tt_path("does-not-exist")), "the target now exists");

    /* the lowest free descriptor */
    int lo = tt_free_fd(0);
    int a = open(f, O_RDONLY);
    is_int(a, lo, "open returns the lowest free descriptor");
    lo = tt_free_fd(0);
    int b = open(f, O_RDONLY);
    is_int(b, lo, "the next open the next free one");
    int c = open(f, O_RDONLY);
    close(b);
    int d = open(f, O_RDONLY);
    is_int(d, b, "open reuses the lowest free descriptor");
    close(a);
    close(c);
    close(d);

    /* errors */
    is_errno(open(tt_path("missing"), O_RDONLY), ENOENT, "open a missing file: ENOENT");
    is_errno(open(tt_path("nodir/new"), O_WRONLY | O_CREAT, 0600), ENOENT, "O_CREAT in a missing directory: ENOENT");
    is_errno(open(tt_path("file/x"), O_RDONLY), ENOTDIR, "a regular file as a directory: ENOTDIR");
    is_errno(open(tt_path("dir"), O_WRONLY), EISDIR, "open a directory O_WRONLY: EISDIR");
    is_errno(open(tt_path("dir"), O_RDWR), EISDIR, "open a directory O_RDWR: EISDIR");
    is_errno(open(tt_path("dir"), O_WRONLY | O_CREAT, 0600), EISDIR, "O_CREAT on an existing directory: EISDIR");
    /* O_CREAT|O_DIRECTORY cannot create a directory; Linux (>= 6.4) and ToyOS refuse it outright. */
    is_errno(open(tt_path("newdir"), O_RDONLY | O_CREAT | O_DIRECTORY, 0700), EINVAL, "O_CREAT|O_DIRECTORY: EINVAL");
    ok(!tt_exists(tt_path("newdir")), "O_CREAT|O_DIRECTORY created nothing");

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
    } else {
        tt_write_str(tt_path("secret"), "s");
        chmod(tt_path("secret"), 0200);
        is_errno(open(tt_path("secret"), O_RDONLY), EACCES, "O_RDONLY on a write-only (0200) file: EACCES");
        chmod(tt_path("secret"), 0400);
        is_errno(open(tt_path("secret"), O_WRONLY), EACCES, "O_WRONLY on a read-only (0400) file: EACCES");
        chmod(tt_path("dir"), 0500);
        is_errno(open(tt_path("dir/new"), O_WRONLY | O_CREAT, 0600), EACCES, "O_CREAT in a 0500 directory: EACCES");
        chmod(tt_path("dir"), 0600);
        is_errno(open(tt_path("dir/x"), O_RDONLY), EACCES, "search in a 0600 directory: EACCES");
        chmod(tt_path("dir"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
