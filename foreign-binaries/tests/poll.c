/* poll: readiness of pipe ends (POLLIN, POLLOUT), timeout 0, a real timeout (waits at least that
 * long), POLLNVAL for a closed descriptor, negative fds ignored, POLLHUP when the writer is gone,
 * POLLERR when the reader is gone, the count of ready entries, EFAULT and EINVAL. */
#include "tt.h"
#include <poll.h>
#include <time.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(void)
{
    tt_scratch("poll");
    int p[2];
    is_int(pipe(p), 0, "pipe");
    struct pollfd fds[3];

    /* write end of an empty pipe: writable; read end: nothing */
    fds[0] = (struct pollfd){.fd = p[1], .events = POLLOUT};
    is_int(poll(fds, 1, 0), 1, "write end of an empty pipe: 1 ready");
    is_int(fds[0].revents, POLLOUT, "revents == POLLOUT");
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN, .revents = 0x7ff};
    is_int(poll(fds, 1, 0), 0, "read end of an empty pipe, timeout 0: 0 ready");
    is_int(fds[0].revents, 0, "revents cleared to 0");

    /* a real timeout */
    long long t0 = now_ms();
    is_int(poll(fds, 1, 50), 0, "timeout 50 ms with nothing ready: 0");
    ok(now_ms() - t0 >= 50, "poll waited at least 50 ms");

    /* data makes the read end readable */
    is_int(write(p[1], "x", 1), 1, "write a byte");
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    fds[1] = (struct pollfd){.fd = p[1], .events = POLLOUT};
    fds[2] = (struct pollfd){.fd = p[0], .events = POLLOUT};
    is_int(poll(fds, 3, 0), 2, "two entries ready (counted once each)");
    is_int(fds[0].revents, POLLIN, "read end: POLLIN");
    is_int(fds[1].revents, POLLOUT, "write end: POLLOUT");
    is_int(fds[2].revents, 0, "read end asked for POLLOUT only: nothing");
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    is_int(poll(fds, 1, -1), 1, "timeout -1 returns at once when ready");
    is_int(fds[0].revents, POLLIN, "POLLIN with an infinite timeout");
    char c;
    is_int(read(p[0], &c, 1), 1, "drain");

    /* negative fds are ignored, closed ones get POLLNVAL */
    int closed = tt_free_fd(100);
    fds[0] = (struct pollfd){.fd = -1, .events = POLLIN, .revents = 0x7ff};
    fds[1] = (struct pollfd){.fd = closed, .events = POLLIN};
    is_int(poll(fds, 2, 0), 1, "a closed fd counts as ready");
    is_int(fds[0].revents, 0, "a negative fd is ignored (revents 0)");
    is_int(fds[1].revents, POLLNVAL, "a closed fd: revents == POLLNVAL");
    fds[1] = (struct pollfd){.fd = closed, .events = 0};
    is_int(poll(fds + 1, 1, 0), 1, "POLLNVAL is reported even with no events asked");
    is_int(fds[1].revents, POLLNVAL, "revents == POLLNVAL (events 0)");
    is_int(poll(fds, 0, 0), 0, "nfds 0, timeout 0: 0");

    /* hang-up: writer closed */
    is_int(write(p[1], "yz", 2), 2, "write 2 bytes");
    close(p[1]);
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    is_int(poll(fds, 1, 0), 1, "writer closed, data left: ready");
    is_int(fds[0].revents, POLLIN | POLLHUP, "revents == POLLIN|POLLHUP");
    char b2[4];
    is_int(read(p[0], b2, 4), 2, "drain");
    fds[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
    is_int(poll(fds, 1, 1000), 1, "writer closed, empty: ready at once");
    is_int(fds[0].revents, POLLHUP, "revents == POLLHUP");
    fds[0] = (struct pollfd){.fd = p[0], .events = 0};
    is_int(poll(fds, 1, 0), 1, "POLLHUP is reported even with no events asked");
    is_int(fds[0].revents, POLLHUP, "revents == POLLHUP (events 0)");
    close(p[0]);

    /* reader closed: the write end reports POLLERR */
    is_int(pipe(p), 0, "second pipe");
    close(p[0]);
    fds[0] = (struct pollfd){.fd = p[1], .events = POLLOUT};
    is_int(poll(fds, 1, 0), 1, "reader closed: the write end is ready");
    ok(fds[0].revents & POLLERR, "revents has POLLERR");
    close(p[1]);

    /* a regular file is always ready */
    tt_write_str(tt_path("f"), "data");
    int fd = open(tt_path("f"), O_RDWR);
    fds[0] = (struct pollfd){.fd = fd, .events = POLLIN | POLLOUT};
    is_int(poll(fds, 1, 0), 1, "a regular file is ready");
    is_int(fds[0].revents, POLLIN | POLLOUT, "revents == POLLIN|POLLOUT for a regular file");
    close(fd);

    /* errors */
    is_errno(poll(BADPTR, 1, 0), EFAULT, "an unmapped pollfd array: EFAULT");
    volatile nfds_t huge = 0x7fffffff;
    is_errno(poll(fds, huge, 0), EINVAL, "nfds over the descriptor limit: EINVAL");

    tt_cleanup();
    return done_testing();
}
