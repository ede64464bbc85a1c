/* Linux twin backend: descriptors and file I/O. */
#include "linux.h"
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

#define TCGETS 0x5401

int open(const char *path, int flags, ...) {
    unsigned mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, unsigned);
        va_end(ap);
    }
    return (int)lx_ret(sys4(SYS_openat, AT_FDCWD, path, flags, mode));
}

int creat(const char *path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, int);
    va_end(ap);
    return (int)lx_ret(sys3(SYS_fcntl, fd, cmd, arg));
}

ssize_t read(int fd, void *buf, size_t n) { return lx_ret(sys3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { return lx_ret(sys3(SYS_write, fd, buf, n)); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { return lx_ret(sys4(SYS_pread64, fd, buf, n, off)); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return lx_ret(sys4(SYS_pwrite64, fd, buf, n, off)); }
int close(int fd) { return (int)lx_ret(sys1(SYS_close, fd)); }
off_t lseek(int fd, off_t off, int whence) { return lx_ret(sys3(SYS_lseek, fd, off, whence)); }
int dup(int fd) { return (int)lx_ret(sys1(SYS_dup, fd)); }
int dup2(int oldfd, int newfd) { return (int)lx_ret(sys2(SYS_dup2, oldfd, newfd)); }
int ftruncate(int fd, off_t len) { return (int)lx_ret(sys2(SYS_ftruncate, fd, len)); }
int fsync(int fd) { return (int)lx_ret(sys1(SYS_fsync, fd)); }
int pipe(int fds[2]) { return (int)lx_ret(sys2(SYS_pipe2, fds, 0)); }

/* A terminal is what answers TCGETS (glibc does the same). */
int isatty(int fd) {
    char t[60];
    return lx_ret(sys3(SYS_ioctl, fd, TCGETS, t)) == 0;
}
