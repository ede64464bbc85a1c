/* fcntl: F_DUPFD (lowest free >= arg), F_DUPFD_CLOEXEC, F_GETFD/F_SETFD (FD_CLOEXEC, per
 * descriptor), F_GETFL/F_SETFL (access mode, O_APPEND, O_NONBLOCK; shared by duplicates; the access
 * mode cannot change), and EBADF / EINVAL. EMFILE is in emfile.c. */
#include "tt.h"

int main(void)
{
    tt_scratch("fcntl");
    const char *f = tt_path("f");
    tt_write_str(f, "abcdef");
    int fd = open(f, O_RDWR);
    ok(fd >= 0, "open");

    /* F_DUPFD */
    int lowest = tt_free_fd(0);
    int d = fcntl(fd, F_DUPFD, 0);
    is_int(d, lowest, "F_DUPFD 0 returns the lowest free descriptor");
    int base = tt_free_run(100, 2);
    int d10 = fcntl(fd, F_DUPFD, base);
    is_int(d10, base, "F_DUPFD n returns n when free");
    int d10b = fcntl(fd, F_DUPFD, base);
    is_int(d10b, base + 1, "F_DUPFD n returns n+1 when n is taken");
    is_int(lseek(fd, 2, SEEK_SET), 2, "seek the original");
    is_int(lseek(d10, 0, SEEK_CUR), 2, "an F_DUPFD duplicate shares the file position");
    is_int(fcntl(d10, F_GETFD), 0, "F_DUPFD clears FD_CLOEXEC on the new descriptor");
    close(d);
    close(d10);
    close(d10b);

    /* F_DUPFD_CLOEXEC */
    base = tt_free_fd(200);
    d = fcntl(fd, F_DUPFD_CLOEXEC, base);
    is_int(d, base, "F_DUPFD_CLOEXEC n returns n when free");
    is_int(fcntl(d, F_GETFD), FD_CLOEXEC, "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
    is_int(fcntl(fd, F_GETFD), 0, "the original keeps FD_CLOEXEC clear");
    close(d);

    /* F_GETFD / F_SETFD: per descriptor */
    is_int(fcntl(fd, F_GETFD), 0, "F_GETFD of a plain open is 0");
    is_int(fcntl(fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
    is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "F_GETFD reads FD_CLOEXEC back");
    d = dup(fd);
    is_int(fcntl(d, F_GETFD), 0, "a dup does not inherit FD_CLOEXEC");
    close(d);
    is_int(fcntl(fd, F_SETFD, 0), 0, "F_SETFD 0");
    is_int(fcntl(fd, F_GETFD), 0, "F_GETFD reads 0 back");

    /* F_GETFL / F_SETFL */
    int fl = fcntl(fd, F_GETFL);
    ok(fl != -1, "F_GETFL");
    is_int(fl & O_ACCMODE, O_RDWR, "F_GETFL access mode is O_RDWR");
    is_int(fl & (O_APPEND | O_NONBLOCK), 0, "F_GETFL: no O_APPEND, no O_NONBLOCK");
    is_int(fcntl(fd, F_SETFL, fl | O_APPEND), 0, "F_SETFL O_APPEND");
    is_int(fcntl(fd, F_GETFL) & O_APPEND, O_APPEND, "F_GETFL shows O_APPEND");
    is_int(lseek(fd, 0, SEEK_SET), 0, "seek to 0");
    is_int(write(fd, "XY", 2), 2, "write with O_APPEND set by F_SETFL");
    char buf[16] = {0};
    is_int(pread(fd, buf, sizeof buf - 1, 0), 8, "the file grew by 2");
    is_str(buf, "abcdefXY", "F_SETFL O_APPEND: the write went to the end");
    d = dup(fd);
    is_int(fcntl(d, F_GETFL) & O_APPEND, O_APPEND, "status flags are shared with a dup");
    is_int(fcntl(fd, F_SETFL, fl), 0, "F_SETFL clears O_APPEND");
    is_int(fcntl(d, F_GETFL) & O_APPEND, 0, "the dup sees O_APPEND cleared");
    close(d);
    is_int(fcntl(fd, F_SETFL, (fl & ~O_ACCMODE) | O_RDONLY), 0, "F_SETFL with a different access mode succeeds");
    is_int(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR, "but the access mode is unchanged (O_RDWR)");
    int ro = open(f, O_RDONLY);
    is_int(fcntl(ro, F_GETFL) & O_ACCMODE, O_RDONLY, "F_GETFL of an O_RDONLY fd");
    close(ro);
    int wo = open(f, O_WRONLY | O_APPEND);
    is_int(fcntl(wo, F_GETFL) & (O_ACCMODE | O_APPEND), O_WRONLY | O_APPEND, "F_GETFL of O_WRONLY|O_APPEND");
    close(wo);

    /* O_NONBLOCK on a pipe */
    int p[2];
    is_int(pipe(p), 0, "pipe");
    is_int(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0, "a new pipe is blocking");
    is_int(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK), 0, "F_SETFL O_NONBLOCK");
    is_int(fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK, "F_GETFL shows O_NONBLOCK");
    is_errno(read(p[0], buf, 1), EAGAIN, "a non-blocking read of an empty pipe: EAGAIN");
    is_int(write(p[1], "q", 1), 1, "write a byte");
    is_int(read(p[0], buf, 4), 1, "the non-blocking read gets the byte");
    is_int(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) & ~O_NONBLOCK), 0, "F_SETFL clears O_NONBLOCK");
    is_int(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0, "F_GETFL shows it cleared");
    close(p[0]);
    close(p[1]);

    /* errors */
    close(fd);
    is_errno(fcntl(fd, F_GETFD), EBADF, "F_GETFD on a closed fd: EBADF");
    is_errno(fcntl(fd, F_SETFD, FD_CLOEXEC), EBADF, "F_SETFD on a closed fd: EBADF");
    is_errno(fcntl(fd, F_GETFL), EBADF, "F_GETFL on a closed fd: EBADF");
    is_errno(fcntl(fd, F_SETFL, 0), EBADF, "F_SETFL on a closed fd: EBADF");
    is_errno(fcntl(fd, F_DUPFD, 0), EBADF, "F_DUPFD on a closed fd: EBADF");
    is_errno(fcntl(-1, F_GETFD), EBADF, "F_GETFD on fd -1: EBADF");
    fd = open(f, O_RDONLY);
    is_errno(fcntl(fd, F_DUPFD, -1), EINVAL, "F_DUPFD with a negative minimum: EINVAL");
    is_errno(fcntl(fd, F_DUPFD_CLOEXEC, -1), EINVAL, "F_DUPFD_CLOEXEC with a negative minimum: EINVAL");
    is_errno(fcntl(fd, 9999, 0), EINVAL, "unknown command 9999: EINVAL");
    close(fd);

    tt_cleanup();
    return done_testing();
}
