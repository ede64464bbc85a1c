/* dup and dup2: lowest-free rule, shared file position and status flags, FD_CLOEXEC not inherited,
 * dup2 onto itself, dup2 closing its target first, and EBADF. EMFILE is in emfile.c. */
#include "tt.h"

int main(void)
{
    tt_scratch("dup");
    const char *f = tt_path("f"), *g = tt_path("g");
    tt_write_str(f, "0123456789");
    tt_write_str(g, "");
    char buf[32];

    int fd = open(f, O_RDONLY | O_CLOEXEC);
    ok(fd >= 0, "open");
    int lowest = tt_free_fd(0);
    int d = dup(fd);
    is_int(d, lowest, "dup returns the lowest free descriptor");
    is_int(fcntl(d, F_GETFD), 0, "dup clears FD_CLOEXEC on the copy");
    is_int(fcntl(fd, F_GETFD), FD_CLOEXEC, "the original keeps FD_CLOEXEC");
    is_int(read(fd, buf, 3), 3, "read 3 through the original");
    is_int(lseek(d, 0, SEEK_CUR), 3, "the copy shares the position");
    is_int(read(d, buf, 2), 2, "read 2 through the copy");
    ok(memcmp(buf, "34", 2) == 0, "the copy continues where the original stopped");
    close(fd);
    int x = open(f, O_RDONLY);
    is_int(x, fd, "the freed number is the lowest again");
    lowest = tt_free_fd(0);
    int y = dup(x);
    is_int(y, lowest, "dup skips taken numbers");
    close(x);
    close(y);

    /* dup2: numbers chosen among free ones (the runner may leave descriptors open) */
    int n42 = tt_free_fd(100), n50 = tt_free_fd(n42 + 1), n60 = tt_free_fd(n50 + 1), n61 = tt_free_fd(n60 + 1);
    is_int(dup2(d, d), d, "dup2(fd, fd) returns fd");
    is_int(fcntl(d, F_GETFD), 0, "dup2(fd, fd) leaves it open");
    is_int(lseek(d, 0, SEEK_CUR), 5, "and its position unchanged");
    is_int(dup2(d, n42), n42, "dup2 onto a free number returns that number");
    is_int(lseek(n42, 0, SEEK_CUR), 5, "the dup2 copy shares the position");
    int w = open(g, O_WRONLY);
    int w2 = fcntl(w, F_DUPFD_CLOEXEC, n50);
    is_int(w2, n50, "a CLOEXEC descriptor at a chosen number");
    is_int(dup2(n42, n50), n50, "dup2 onto an open descriptor");
    is_int(fcntl(n50, F_GETFD), 0, "dup2 clears FD_CLOEXEC of the target");
    is_errno(write(n50, "x", 1), EBADF, "the target now refers to the read-only file (closed first)");
    is_int(read(n50, buf, 1), 1, "reading through the new target");
    is_int(buf[0], '5', "the target reads the source's file at the shared position");
    is_int(write(w, "ok", 2), 2, "the other descriptor to the old target's file is untouched");
    close(w);
    is_int(tt_size(g), 2, "and its writes landed");
    close(n42);
    close(n50);

    /* errors */
    int closed = tt_free_fd(300);   /* a number that is not open */
    is_errno(dup(closed), EBADF, "dup of a closed fd: EBADF");
    is_errno(dup(-1), EBADF, "dup(-1): EBADF");
    is_errno(dup2(closed, n60), EBADF, "dup2 from a closed fd: EBADF");
    is_errno(fcntl(n60, F_GETFD), EBADF, "the failed dup2 did not create the target");
    is_int(dup2(d, n61), n61, "dup2 onto another free number");
    is_errno(dup2(closed, n61), EBADF, "dup2 from a closed fd onto an open one: EBADF");
    is_int(fcntl(n61, F_GETFD), 0, "the failed dup2 did not close its target");
    is_errno(dup2(closed, closed), EBADF, "dup2(closed, closed): EBADF");
    is_errno(dup2(d, -1), EBADF, "dup2 onto -1: EBADF");
    close(n61);
    close(d);

    tt_cleanup();
    return done_testing();
}
