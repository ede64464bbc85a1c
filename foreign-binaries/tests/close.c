/* close: success, EBADF on closed/negative/huge descriptors, and the freed number being reused. */
#include "tt.h"

int main(void)
{
    tt_scratch("close");
    tt_write_str(tt_path("f"), "x");
    int fd = open(tt_path("f"), O_RDONLY);
    ok(fd >= 0, "open");
    is_int(close(fd), 0, "close an open fd");
    is_errno(close(fd), EBADF, "close it again: EBADF");
    is_errno(read(fd, (char[1]){0}, 1), EBADF, "a closed fd cannot be read: EBADF");
    is_errno(close(-1), EBADF, "close(-1): EBADF");
    is_errno(close(1 << 20), EBADF, "close(1<<20): EBADF");
    int fd2 = open(tt_path("f"), O_RDONLY);
    is_int(fd2, fd, "the closed number is reused by the next open");
    int d = dup(fd2);
    ok(d >= 0, "dup");
    is_int(close(fd2), 0, "close the original of a dup");
    char c = 0;
    is_int(read(d, &c, 1), 1, "the duplicate still works after closing the original");
    is_int(c, 'x', "byte through the duplicate");
    is_int(close(d), 0, "close the duplicate");
    int p[2];
    is_int(pipe(p), 0, "pipe");
    is_int(close(p[0]), 0, "close a pipe's read end");
    is_int(close(p[1]), 0, "close a pipe's write end");
    tt_cleanup();
    return done_testing();
}
