/* ToyOS backend: descriptors and file I/O. Flags and whence values are ToyOS's own (the public
   headers define them so under __TOYOS__), so they pass through unchanged. */
#include "toyos.h"
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <unistd.h>

int open(const char *path, int flags, ...) {
    unsigned mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, unsigned);
        va_end(ap);
    }
    if (flags & O_CREAT) mode = __toy_umask_apply(mode);
    /* No access mode means read-only on every other system, where O_RDONLY is 0, and real code
       leaves it out (GNU patch's openat(dirfd, name, O_DIRECTORY | O_NOFOLLOW)). ToyOS's O_RDONLY
       is 1 and the kernel refuses 0 (docs/abi.md), so the libc supplies it. */
    if ((flags & O_ACCMODE) == 0) flags |= O_RDONLY;
    int fd = (int)toy_ret(toy_sys_open(path, (unsigned)flags, mode));
    if (fd >= 0) __fdpath_opened(fd, path);
    return fd;
}

int creat(const char *path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    /* Every command either ignores the argument or takes an int; reading it is harmless. */
    uint64_t arg = (uint64_t)(unsigned)va_arg(ap, int);
    va_end(ap);
    int r = (int)toy_ret(toy_sys_fcntl(fd, cmd, arg));
    if (r >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)) __fdpath_dup(fd, r);
    return r;
}

ssize_t read(int fd, void *buf, size_t n) { return toy_ret(toy_sys_read(fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { return toy_ret(toy_sys_write(fd, buf, n)); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { return toy_ret(toy_sys_pread(fd, buf, n, off)); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { return toy_ret(toy_sys_pwrite(fd, buf, n, off)); }
int close(int fd) {
    int r = (int)toy_ret(toy_sys_close(fd));
    if (r == 0 || errno != EBADF) __fdpath_drop(fd);   /* POSIX: the descriptor is gone either way */
    return r;
}
off_t lseek(int fd, off_t off, int whence) { return toy_ret(toy_sys_lseek(fd, off, whence)); }
int dup(int fd) {
    int r = (int)toy_ret(toy_sys_dup(fd));
    if (r >= 0) __fdpath_dup(fd, r);
    return r;
}

int dup2(int oldfd, int newfd) {
    int r = (int)toy_ret(toy_sys_dup2(oldfd, newfd));
    if (r >= 0) __fdpath_dup(oldfd, r);
    return r;
}
int ftruncate(int fd, off_t len) { return (int)toy_ret(toy_sys_ftruncate(fd, len)); }
int fsync(int fd) { return (int)toy_ret(toy_sys_fsync(fd)); }

int pipe(int fds[2]) {
    int r = (int)toy_ret(toy_sys_pipe(fds, 0));
    if (r == 0) { __fdpath_drop(fds[0]); __fdpath_drop(fds[1]); }
    return r;
}

/* ToyOS's isatty answers 1 or fails (ENOTTY, EBADF); C's returns 0 and sets errno. */
int isatty(int fd) {
    struct toy_result r = toy_sys_isatty(fd);
    if (r.error) { errno = (int)r.value; return 0; }
    return 1;
}
