/* Errors at the system-call boundary that the libc wrappers never let through: bad pointers for the
 * calls whose results libc converts (stat family, uname, clock_gettime, readdir, pipe, getcwd,
 * readlink, poll), and readdir's own EBADF / ENOTDIR / EINVAL.
 *
 * The SDK's stat() fills a struct stat from the kernel's struct, so stat(path, BADPTR) fails inside
 * libc without ever handing BADPTR to the kernel. To test the kernel (Burrow), this program makes the
 * raw call: the ToyOS stub under ToyOS, the raw Linux system call in the native twin. Both must fail
 * with EFAULT (the target's own value, from <errno.h>) and leave the program running. */
#include "tt.h"
#include <time.h>

#ifdef __TOYOS__
#include <toyos/abi.h>

/* A stub's result as a libc-style return: -1 with errno set on failure. */
static long ret(struct toy_result r)
{
    if (r.error) {
        errno = (int)r.value;
        return -1;
    }
    return r.value;
}
#define K_FSTAT(fd, p) ret(toy_sys_fstat((fd), (p)))
#define K_STAT(path, p) ret(toy_sys_stat((path), (p)))
#define K_LSTAT(path, p) ret(toy_sys_lstat((path), (p)))
#define K_UNAME(p) ret(toy_sys_sysinfo((p)))
#define K_CLOCK(p) ret(toy_sys_clock_gettime(TOY_CLOCK_MONOTONIC, (p)))
#define K_READDIR(fd, p, n) ret(toy_sys_readdir((fd), (p), (n)))
#define K_PIPE(p, flags) ret(toy_sys_pipe((p), (flags)))
#define K_GETCWD(p, n) ret(toy_sys_getcwd((p), (n)))
#define K_READLINK(path, p, n) ret(toy_sys_readlink((path), (p), (n)))
#define K_POLL(p, n) ret(toy_sys_poll((p), (n), 0))
#else
/* The native twin: the raw Linux x86-64 system call, no libc in between. */
static long raw(long nr, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
#define K_FSTAT(fd, p) raw(5, (fd), (long)(p), 0)
#define K_STAT(path, p) raw(4, (long)(path), (long)(p), 0)
#define K_LSTAT(path, p) raw(6, (long)(path), (long)(p), 0)
#define K_UNAME(p) raw(63, (long)(p), 0, 0)
#define K_CLOCK(p) raw(228, CLOCK_MONOTONIC, (long)(p), 0)
#define K_READDIR(fd, p, n) raw(217, (fd), (long)(p), (n))
#define K_PIPE(p, flags) raw(293, (long)(p), (flags), 0)
#define K_GETCWD(p, n) raw(79, (long)(p), (n), 0)
#define K_READLINK(path, p, n) raw(89, (long)(path), (long)(p), (n))
#define K_POLL(p, n) raw(7, (long)(p), (n), 0)
#endif

int main(void)
{
    tt_scratch("kernel_efault");
    const char *file = tt_path("file");
    const char *link = tt_path("link");
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ok(fd >= 0, "create a file");
    ok(symlink("file", link) == 0, "create a symlink");

    is_errno(K_FSTAT(fd, BADPTR), EFAULT, "fstat into an unmapped buffer: EFAULT");
    is_errno(K_STAT(file, BADPTR), EFAULT, "stat into an unmapped buffer: EFAULT");
    is_errno(K_LSTAT(link, BADPTR), EFAULT, "lstat into an unmapped buffer: EFAULT");
    is_errno(K_UNAME(BADPTR), EFAULT, "uname/sysinfo into an unmapped buffer: EFAULT");
    is_errno(K_CLOCK(BADPTR), EFAULT, "clock_gettime into an unmapped buffer: EFAULT");
    is_errno(K_GETCWD(BADPTR, 4096), EFAULT, "getcwd into an unmapped buffer: EFAULT");
    is_errno(K_READLINK(link, BADPTR, 64), EFAULT, "readlink into an unmapped buffer: EFAULT");
    is_errno(K_POLL(BADPTR, 1), EFAULT, "poll on an unmapped array: EFAULT");
    is_errno(K_PIPE(BADPTR, 0), EFAULT, "pipe into an unmapped array: EFAULT");
    int fds[2];
    is_errno(K_PIPE(fds, 0x40000000), EINVAL, "pipe with an unknown flag: EINVAL");

    int dir = open(tt_dir, O_RDONLY | O_DIRECTORY);
    ok(dir >= 0, "open the scratch directory");
    char small[1];
    static char buf[4096];
    is_errno(K_READDIR(dir, BADPTR, 4096), EFAULT, "readdir into an unmapped buffer: EFAULT");
    is_errno(K_READDIR(dir, small, 1), EINVAL, "readdir with a buffer too small for one entry: EINVAL");
    is_errno(K_READDIR(fd, buf, sizeof buf), ENOTDIR, "readdir on a regular file: ENOTDIR");
    is_errno(K_READDIR(tt_free_fd(3), buf, sizeof buf), EBADF, "readdir on a closed descriptor: EBADF");
    ok(K_READDIR(dir, buf, sizeof buf) > 0, "readdir still works after the failures");

    close(dir);
    close(fd);
    tt_cleanup();
    return done_testing();
}
