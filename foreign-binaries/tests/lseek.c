/* lseek: SEEK_SET/SEEK_CUR/SEEK_END arithmetic, seeking past the end (a hole on the next write),
 * EINVAL (negative result, bad whence), ESPIPE (pipe), EBADF. EOVERFLOW cannot be provoked with
 * 64-bit offsets. */
#include "tt.h"

int main(void)
{
    tt_scratch("lseek");
    const char *f = tt_path("f");
    tt_write_str(f, "0123456789");
    int fd = open(f, O_RDWR);
    ok(fd >= 0, "open");
    char c;

    is_int(lseek(fd, 0, SEEK_CUR), 0, "a new fd is at position 0");
    is_int(lseek(fd, 4, SEEK_SET), 4, "SEEK_SET 4");
    is_int(read(fd, &c, 1), 1, "read one byte");
    is_int(c, '4', "the byte at 4");
    is_int(lseek(fd, 0, SEEK_CUR), 5, "SEEK_CUR 0 reports the position (5)");
    is_int(lseek(fd, 2, SEEK_CUR), 7, "SEEK_CUR +2");
    is_int(lseek(fd, -3, SEEK_CUR), 4, "SEEK_CUR -3");
    is_int(lseek(fd, 0, SEEK_END), 10, "SEEK_END 0 is the size");
    is_int(lseek(fd, -1, SEEK_END), 9, "SEEK_END -1");
    is_int(read(fd, &c, 1), 1, "read the last byte");
    is_int(c, '9', "the last byte");
    is_int(read(fd, &c, 1), 0, "then end of file");

    /* past the end: allowed, the file does not grow until a write, which leaves a hole */
    is_int(lseek(fd, 20, SEEK_END), 30, "SEEK_END +20: past the end");
    is_int(tt_size(f), 10, "seeking past the end does not change the size");
    is_int(read(fd, &c, 1), 0, "read past the end returns 0");
    is_int(write(fd, "Z", 1), 1, "write past the end");
    is_int(tt_size(f), 31, "the write extended the file to 31");
    is_int(pread(fd, &c, 1, 20), 1, "read in the hole");
    is_int(c, 0, "the hole is zero");
    is_int(lseek(fd, (off_t)1 << 40, SEEK_SET), (long long)1 << 40, "SEEK_SET to 1 TiB is allowed");

    /* errors leave the position alone */
    is_int(lseek(fd, 3, SEEK_SET), 3, "back to 3");
    is_errno(lseek(fd, -1, SEEK_SET), EINVAL, "SEEK_SET -1: EINVAL");
    is_errno(lseek(fd, -4, SEEK_CUR), EINVAL, "SEEK_CUR before the start: EINVAL");
    is_errno(lseek(fd, -32, SEEK_END), EINVAL, "SEEK_END before the start: EINVAL");
    is_errno(lseek(fd, 0, 77), EINVAL, "whence 77: EINVAL");
    is_int(lseek(fd, 0, SEEK_CUR), 3, "failed seeks left the position at 3");
    close(fd);
    is_errno(lseek(fd, 0, SEEK_SET), EBADF, "lseek on a closed fd: EBADF");
    is_errno(lseek(-1, 0, SEEK_SET), EBADF, "lseek on fd -1: EBADF");

    /* a directory can be opened and its position is 0 */
    int dfd = open(tt_dir, O_RDONLY | O_DIRECTORY);
    is_int(lseek(dfd, 0, SEEK_SET), 0, "SEEK_SET 0 on a directory");
    close(dfd);

    int p[2];
    is_int(pipe(p), 0, "pipe");
    is_errno(lseek(p[0], 0, SEEK_CUR), ESPIPE, "lseek on a pipe's read end: ESPIPE");
    is_errno(lseek(p[1], 0, SEEK_SET), ESPIPE, "lseek on a pipe's write end: ESPIPE");
    close(p[0]);
    close(p[1]);

    /* the position is shared between duplicates */
    fd = open(f, O_RDONLY);
    int d = dup(fd);
    is_int(lseek(fd, 6, SEEK_SET), 6, "seek the original");
    is_int(lseek(d, 0, SEEK_CUR), 6, "the duplicate shares the position");
    int fd2 = open(f, O_RDONLY);
    is_int(lseek(fd2, 0, SEEK_CUR), 0, "a separate open has its own position");
    close(fd);
    close(d);
    close(fd2);

    tt_cleanup();
    return done_testing();
}
