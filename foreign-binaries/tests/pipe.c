/* pipe: two fresh descriptors (lowest free), read end / write end roles, exact bytes in FIFO
 * order, end of file after the writer closes, S_ISFIFO, O_NONBLOCK EAGAIN on both ends, and the
 * full-pipe round trip, EFAULT. EPIPE (needs SIGPIPE handling, signals are `later`) is not covered. */
#include "tt.h"

int main(void)
{
    tt_scratch("pipe");
    int p[2] = {-1, -1};
    char buf[8192];
    struct stat st;

    int lo = tt_free_fd(0), lo2 = tt_free_fd(lo + 1);
    is_int(pipe(p), 0, "pipe");
    ok(p[0] >= 3 && p[1] >= 3 && p[0] != p[1], "two distinct new descriptors");
    is_int(p[0], lo, "the read end takes the lowest free number");
    is_int(p[1], lo2, "the write end the next free number");
    is_int(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY, "fds[0] is the read end");
    is_int(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY, "fds[1] is the write end");
    is_int(fcntl(p[0], F_GETFD), 0, "no FD_CLOEXEC on the read end");
    is_int(fstat(p[0], &st), 0, "fstat the read end");
    ok(S_ISFIFO(st.st_mode), "a pipe is S_ISFIFO");
    is_errno(write(p[0], "x", 1), EBADF, "writing the read end: EBADF");
    is_errno(read(p[1], buf, 1), EBADF, "reading the write end: EBADF");

    is_int(write(p[1], "one", 3), 3, "write 'one'");
    is_int(write(p[1], "\0two", 4), 4, "write NUL 'two'");
    memset(buf, 'X', 16);
    is_int(read(p[0], buf, 2), 2, "a short read");
    ok(memcmp(buf, "on", 2) == 0, "first bytes");
    is_int(read(p[0], buf, 16), 5, "the rest in one read");
    ok(memcmp(buf, "e\0two", 5) == 0, "FIFO order, NUL kept");

    is_int(write(p[1], "tail", 4), 4, "write before closing");
    is_int(close(p[1]), 0, "close the write end");
    memset(buf, 0, 16);
    is_int(read(p[0], buf, 16), 4, "data written before close is still read");
    is_str(buf, "tail", "bytes after the writer closed");
    is_int(read(p[0], buf, 16), 0, "then end of file (0)");
    is_int(read(p[0], buf, 16), 0, "and 0 again");
    close(p[0]);

    /* non-blocking: empty read, full write, round trip of a pipe's worth of bytes */
    is_int(pipe(p), 0, "second pipe");
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    is_errno(read(p[0], buf, 1), EAGAIN, "non-blocking read of an empty pipe: EAGAIN");
    for (int i = 0; i < (int)sizeof buf; i++)
        buf[i] = (char)((i % 4096) * 7 + (i % 4096) / 256);   /* period 4096 */
    long total = 0;
    ssize_t n;
    int rounds = 0;
    while ((n = write(p[1], buf + (total % 4096), 4096)) > 0 && rounds++ < 4096)
        total += n;
    is_errno(n, EAGAIN, "non-blocking write to a full pipe: EAGAIN");
    ok(total >= 4096, "the pipe held at least 4096 bytes before it was full");
    long got = 0;
    int same = 1;
    char rb[4096];
    while ((n = read(p[0], rb, sizeof rb)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            if (rb[i] != buf[(got + i) % 4096])
                same = 0;
        got += n;
    }
    is_int(got, total, "every byte written was read back");
    ok(same, "the bytes came back exactly, in order");
    is_errno(n, EAGAIN, "then EAGAIN again (writer still open)");
    close(p[0]);
    close(p[1]);

    /* descriptors are the lowest free */
    int a = open(tt_dir, O_RDONLY);
    close(a);
    is_int(pipe(p), 0, "third pipe");
    is_int(p[0], a, "the read end takes the lowest free number");
    close(p[0]);
    close(p[1]);

    /* EFAULT: the SDK hands the fds array to the kernel as it is */
    lo = tt_free_fd(0);
    is_errno(pipe(BADPTR), EFAULT, "pipe into an unmapped array: EFAULT");
    is_int(tt_free_fd(0), lo, "the failed pipe left no descriptor open");

    tt_cleanup();
    return done_testing();
}
