/* fsync: succeeds on files (any access mode) and directories; EINVAL on a pipe; EBADF. EIO cannot
 * be provoked. */
#include "tt.h"

int main(void)
{
    tt_scratch("fsync");
    const char *f = tt_path("f");
    int fd = open(f, O_RDWR | O_CREAT, 0600);
    ok(fd >= 0, "open");
    is_int(write(fd, "data", 4), 4, "write");
    is_int(fsync(fd), 0, "fsync a written file");
    is_int(tt_size(f), 4, "the data is there");
    close(fd);
    fd = open(f, O_RDONLY);
    is_int(fsync(fd), 0, "fsync an O_RDONLY fd");
    close(fd);
    int dfd = open(tt_dir, O_RDONLY | O_DIRECTORY);
    is_int(fsync(dfd), 0, "fsync a directory");
    close(dfd);
    int p[2];
    pipe(p);
    is_errno(fsync(p[0]), EINVAL, "fsync a pipe: EINVAL");
    close(p[0]);
    close(p[1]);
    is_errno(fsync(fd), EBADF, "fsync a closed fd: EBADF");
    is_errno(fsync(-1), EBADF, "fsync fd -1: EBADF");
    tt_cleanup();
    return done_testing();
}
