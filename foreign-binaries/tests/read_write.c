/* read, write, pread, pwrite: exact bytes, file position rules, holes, and every errno the table
 * lists that can be provoked (EBADF, EFAULT, EISDIR, EINVAL, ESPIPE; EAGAIN is in pipe.c). */
#include "tt.h"

int main(void)
{
    tt_scratch("read_write");
    const char *f = tt_path("data");
    char buf[2048];
    unsigned char bin[256];
    for (int i = 0; i < 256; i++)
        bin[i] = (unsigned char)i;

    int fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
    ok(fd >= 0, "open O_RDWR|O_CREAT|O_TRUNC");

    /* write / read round trip */
    is_int(write(fd, "hello, world\n", 13), 13, "write returns the byte count");
    is_int(write(fd, "", 0), 0, "write of 0 bytes returns 0");
    is_int(lseek(fd, 0, SEEK_CUR), 13, "write advanced the position by 13");
    is_int(write(fd, bin, 256), 256, "write 256 binary bytes (all values, NUL included)");
    is_int(lseek(fd, 0, SEEK_SET), 0, "rewind");
    memset(buf, 'X', sizeof buf);
    is_int(read(fd, buf, 5), 5, "short read returns what was asked (5)");
    ok(memcmp(buf, "hello", 5) == 0 && buf[5] == 'X', "read 5: exact bytes, nothing beyond");
    is_int(read(fd, buf, 8), 8, "next read continues at position 5");
    ok(memcmp(buf, ", world\n", 8) == 0, "continued read: exact bytes");
    is_int(read(fd, buf, 0), 0, "read of 0 bytes returns 0");
    is_int(read(fd, buf, sizeof buf), 256, "read past the end returns only what is left (256)");
    ok(memcmp(buf, bin, 256) == 0, "binary bytes read back exactly");
    is_int(read(fd, buf, sizeof buf), 0, "read at end of file returns 0");
    is_int(read(fd, buf, sizeof buf), 0, "read at end of file returns 0 again");

    /* pread / pwrite: explicit offsets, position untouched */
    is_int(lseek(fd, 3, SEEK_SET), 3, "position 3");
    memset(buf, 'X', sizeof buf);
    is_int(pread(fd, buf, 5, 7), 5, "pread 5 at offset 7");
    ok(memcmp(buf, "world", 5) == 0, "pread: exact bytes at offset 7");
    is_int(lseek(fd, 0, SEEK_CUR), 3, "pread did not move the position");
    is_int(pread(fd, buf, 256, 13), 256, "pread 256 at offset 13");
    ok(memcmp(buf, bin, 256) == 0, "pread: binary bytes exact");
    is_int(pread(fd, buf, 100, 260), 9, "pread across the end returns the rest (9)");
    ok(memcmp(buf, bin + 247, 9) == 0, "pread across the end: exact bytes");
    is_int(pread(fd, buf, 100, 269), 0, "pread at the end returns 0");
    is_int(pread(fd, buf, 100, 100000), 0, "pread beyond the end returns 0");
    is_int(pwrite(fd, "HELLO", 5, 0), 5, "pwrite 5 at offset 0");
    is_int(lseek(fd, 0, SEEK_CUR), 3, "pwrite did not move the position");
    is_int(read(fd, buf, 4), 4, "read at position 3 after pwrite");
    ok(memcmp(buf, "LO, ", 4) == 0, "read sees pwrite's bytes");
    is_int(pwrite(fd, "END", 3, 1000), 3, "pwrite past the end (offset 1000)");
    struct stat st;
    is_int(fstat(fd, &st), 0, "fstat");
    is_int(st.st_size, 1003, "pwrite past the end extended the file to 1003");
    memset(buf, 'X', sizeof buf);
    is_int(pread(fd, buf, 1003 - 269, 269), 1003 - 269, "pread the hole and the tail");
    int zeros = 1;
    for (int i = 0; i < 1000 - 269; i++)
        if (buf[i] != 0)
            zeros = 0;
    ok(zeros, "the hole reads as zero bytes");
    ok(memcmp(buf + 1000 - 269, "END", 3) == 0, "the bytes after the hole are exact");
    is_int(pwrite(fd, "", 0, 5000), 0, "pwrite of 0 bytes returns 0");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, 1003, "pwrite of 0 bytes did not extend the file");

    /* EFAULT: the kernel (not libc) checks the buffer; the program carries on. */
    is_int(lseek(fd, 0, SEEK_SET), 0, "rewind for EFAULT cases");
    is_errno(read(fd, BADPTR, 16), EFAULT, "read into an unmapped buffer: EFAULT");
    is_errno(write(fd, BADPTR, 16), EFAULT, "write from an unmapped buffer: EFAULT");
    is_errno(pread(fd, BADPTR, 16, 0), EFAULT, "pread into an unmapped buffer: EFAULT");
    is_errno(pwrite(fd, BADPTR, 16, 0), EFAULT, "pwrite from an unmapped buffer: EFAULT");
    is_int(fstat(fd, &st) == 0 ? st.st_size : -1, 1003, "failed writes left the size alone");
    memset(buf, 'X', sizeof buf);
    is_int(pread(fd, buf, 5, 0), 5, "file still readable after EFAULT");
    ok(memcmp(buf, "HELLO", 5) == 0, "failed writes left the content alone");

    /* EINVAL: negative offsets */
    is_errno(pread(fd, buf, 4, -1), EINVAL, "pread at a negative offset: EINVAL");
    is_errno(pwrite(fd, "x", 1, -1), EINVAL, "pwrite at a negative offset: EINVAL");
    is_int(close(fd), 0, "close");

    /* EBADF: closed, negative, wrong access mode */
    is_errno(read(fd, buf, 1), EBADF, "read on a closed fd: EBADF");
    is_errno(write(fd, "x", 1), EBADF, "write on a closed fd: EBADF");
    is_errno(pread(fd, buf, 1, 0), EBADF, "pread on a closed fd: EBADF");
    is_errno(pwrite(fd, "x", 1, 0), EBADF, "pwrite on a closed fd: EBADF");
    is_errno(read(-1, buf, 1), EBADF, "read on fd -1: EBADF");
    is_errno(write(-1, "x", 1), EBADF, "write on fd -1: EBADF");
    fd = open(f, O_RDONLY);
    ok(fd >= 0, "open O_RDONLY");
    is_errno(write(fd, "x", 1), EBADF, "write on an O_RDONLY fd: EBADF");
    is_errno(pwrite(fd, "x", 1, 0), EBADF, "pwrite on an O_RDONLY fd: EBADF");
    close(fd);
    fd = open(f, O_WRONLY);
    ok(fd >= 0, "open O_WRONLY");
    is_errno(read(fd, buf, 1), EBADF, "read on an O_WRONLY fd: EBADF");
    is_errno(pread(fd, buf, 1, 0), EBADF, "pread on an O_WRONLY fd: EBADF");
    close(fd);

    /* EISDIR: reading a directory */
    int dfd = open(tt_dir, O_RDONLY);
    ok(dfd >= 0, "open a directory O_RDONLY");
    is_errno(read(dfd, buf, sizeof buf), EISDIR, "read on a directory: EISDIR");
    is_errno(pread(dfd, buf, sizeof buf, 0), EISDIR, "pread on a directory: EISDIR");
    close(dfd);

    /* ESPIPE: positional I/O on a pipe */
    int p[2];
    is_int(pipe(p), 0, "pipe");
    is_int(write(p[1], "abc", 3), 3, "write to a pipe");
    is_errno(pread(p[0], buf, 3, 0), ESPIPE, "pread on a pipe: ESPIPE");
    is_errno(pwrite(p[1], "x", 1, 0), ESPIPE, "pwrite on a pipe: ESPIPE");
    memset(buf, 0, 8);
    is_int(read(p[0], buf, 8), 3, "the pipe still holds its 3 bytes");
    is_str(buf, "abc", "pipe bytes exact");
    close(p[0]);
    close(p[1]);

    tt_cleanup();
    return done_testing();
}
