/* EMFILE: fill the descriptor table with dup, then every call that allocates a descriptor fails
 * with EMFILE (open, dup, fcntl F_DUPFD / F_DUPFD_CLOEXEC, pipe), while dup2 onto an open number
 * still works; getdtablesize() and sysconf(_SC_OPEN_MAX) name the limit (ToyOS: TOY_OPEN_MAX, ABI 1.4).
 * If no limit is reached within 1<<20 descriptors the cases are skipped. */
#include "tt.h"

#define LIMIT (1 << 20)

int main(void)
{
    tt_scratch("emfile");
    const char *f = tt_path("f");
    tt_write_str(f, "x");
    int fd = open(f, O_RDONLY);
    ok(fd >= 0, "open");
    int maxfd = fd, d, count = 0;
    errno = 0;
    while (count < LIMIT && (d = dup(fd)) >= 0) {
        if (d > maxfd)
            maxfd = d;
        count++;
    }
    int e = errno;
    if (count >= LIMIT || e != EMFILE) {
        diag("no EMFILE after %d descriptors (errno %s)", count, errno_name(e));
        for (int i = 0; i < 8; i++)
            skip("the descriptor limit was not reached");
    } else {
        ok(count > 0, "dup filled the table (%s)", "descriptor limit reached");
        is_errno(dup(fd), EMFILE, "dup with a full table: EMFILE");
        is_errno(open(f, O_RDONLY), EMFILE, "open with a full table: EMFILE");
        is_errno(fcntl(fd, F_DUPFD, 0), EMFILE, "F_DUPFD with a full table: EMFILE");
        is_errno(fcntl(fd, F_DUPFD_CLOEXEC, 0), EMFILE, "F_DUPFD_CLOEXEC with a full table: EMFILE");
        int p[2];
        is_errno(pipe(p), EMFILE, "pipe with a full table: EMFILE");
        ok(maxfd < getdtablesize(), "every descriptor is below getdtablesize()");
        is_int(dup2(fd, 0), 0, "dup2 onto descriptor 0 with a full table (stdin, which the test never reads)");
    }
    ok(getdtablesize() > 0 && getdtablesize() == sysconf(_SC_OPEN_MAX), "getdtablesize() is sysconf(_SC_OPEN_MAX), a number");
    is_int(dup2(fd, maxfd), maxfd, "dup2 onto an open number still works");
    for (int i = fd + 1; i <= maxfd; i++)
        close(i);
    int again = dup(fd);
    ok(again >= 0, "after closing them, dup works again");
    close(again);
    close(fd);
    tt_cleanup();
    return done_testing();
}
