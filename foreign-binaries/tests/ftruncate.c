/* ftruncate: grow (zero-filled), shrink (bytes beyond are gone, growing again gives zeros),
 * position untouched, and EBADF / EINVAL (negative length, fd not open for writing, a pipe).
 * EFBIG depends on the host file system's limit and is not covered; EIO cannot be provoked. */
#include "tt.h"

int main(void)
{
    tt_scratch("ftruncate");
    const char *f = tt_path("f");
    tt_write_str(f, "0123456789");
    int fd = open(f, O_RDWR);
    ok(fd >= 0, "open");
    struct stat st;
    char buf[64];

    is_int(lseek(fd, 4, SEEK_SET), 4, "position 4");
    is_int(ftruncate(fd, 20), 0, "ftruncate to 20 (grow)");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, 20, "size 20");
    memset(buf, 'X', sizeof buf);
    is_int(pread(fd, buf, sizeof buf, 0), 20, "read the whole file");
    ok(memcmp(buf, "0123456789", 10) == 0, "the old bytes are kept");
    int z = 1;
    for (int i = 10; i < 20; i++)
        z &= buf[i] == 0;
    ok(z, "the new bytes are zero");
    is_int(lseek(fd, 0, SEEK_CUR), 4, "ftruncate did not move the position");

    is_int(ftruncate(fd, 3), 0, "ftruncate to 3 (shrink)");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, 3, "size 3");
    is_int(ftruncate(fd, 6), 0, "ftruncate to 6 (grow again)");
    memset(buf, 'X', sizeof buf);
    is_int(pread(fd, buf, sizeof buf, 0), 6, "read 6");
    ok(memcmp(buf, "012\0\0\0", 6) == 0, "the cut bytes did not come back: zeros");
    is_int(ftruncate(fd, 6), 0, "ftruncate to the current size");
    is_int(ftruncate(fd, 0), 0, "ftruncate to 0");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, 0, "size 0");
    is_int(read(fd, buf, 1), 0, "reading at position 4 of an empty file: 0");
    is_int(write(fd, "W", 1), 1, "write at position 4 after truncation");
    is_int(pread(fd, buf, sizeof buf, 0), 5, "the write at 4 left a 4-byte hole");
    ok(memcmp(buf, "\0\0\0\0W", 5) == 0, "hole then the byte");
    is_int(ftruncate(fd, (off_t)1 << 32), 0, "ftruncate to 4 GiB (sparse)");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, (long long)1 << 32, "size 4 GiB");
    is_int(ftruncate(fd, 0), 0, "back to 0");

    is_errno(ftruncate(fd, -1), EINVAL, "negative length: EINVAL");
    close(fd);
    is_errno(ftruncate(fd, 0), EBADF, "closed fd: EBADF");
    is_errno(ftruncate(-1, 0), EBADF, "fd -1: EBADF");
    fd = open(f, O_RDONLY);
    is_errno(ftruncate(fd, 0), EINVAL, "fd not open for writing: EINVAL");
    close(fd);
    int p[2];
    pipe(p);
    is_errno(ftruncate(p[1], 0), EINVAL, "a pipe: EINVAL");
    close(p[0]);
    close(p[1]);

    tt_cleanup();
    return done_testing();
}
