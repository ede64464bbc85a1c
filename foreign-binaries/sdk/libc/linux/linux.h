/* Raw Linux x86-64 system calls for the twin backend (no glibc). */
#ifndef _SDK_LINUX_H
#define _SDK_LINUX_H

#include "../internal.h"
#include <errno.h>

enum {
    SYS_read = 0, SYS_write = 1, SYS_close = 3, SYS_poll = 7, SYS_lseek = 8, SYS_mmap = 9,
    SYS_mprotect = 10, SYS_munmap = 11, SYS_rt_sigaction = 13, SYS_rt_sigprocmask = 14, SYS_rt_sigpending = 127, SYS_rt_sigsuspend = 130, SYS_sigaltstack = 131, SYS_ioctl = 16, SYS_pread64 = 17,
    SYS_pwrite64 = 18, SYS_dup = 32, SYS_dup2 = 33, SYS_pause = 34, SYS_alarm = 37, SYS_getpid = 39, SYS_fork = 57, SYS_execve = 59,
    SYS_wait4 = 61, SYS_kill = 62, SYS_uname = 63, SYS_fcntl = 72, SYS_fsync = 74, SYS_ftruncate = 77,
    SYS_getcwd = 79, SYS_chdir = 80, SYS_rename = 82, SYS_mkdir = 83, SYS_rmdir = 84, SYS_link = 86,
    SYS_unlink = 87, SYS_symlink = 88, SYS_readlink = 89, SYS_chmod = 90, SYS_setpgid = 109, SYS_getppid = 110, SYS_setsid = 112, SYS_getpgid = 121, SYS_arch_prctl = 158,
    SYS_sched_yield = 24, SYS_getdents64 = 217, SYS_clock_gettime = 228, SYS_clock_nanosleep = 230, SYS_exit_group = 231,
    SYS_openat = 257, SYS_newfstatat = 262, SYS_faccessat = 269, SYS_utimensat = 280,
    SYS_pipe2 = 293, SYS_getrandom = 318,
};

static inline long sys6(long n, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
#define sys0(n) sys6(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a) sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* The kernel's struct sigaction for rt_sigaction (not glibc's or the SDK's). */
struct ksigaction {
    unsigned long handler;
    unsigned long flags;
    unsigned long restorer;
    unsigned long mask;
};
#define SA_RESTORER 0x04000000

/* The kernel returns -errno in [-4095, -1]. */
static inline long lx_ret(long r) {
    if ((unsigned long)r > -4096ul) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

/* linux/vdso.c: __vdso_clock_gettime, or NULL when there is no vDSO. */
struct timespec;
hidden extern int (*__vdso_clock_gettime)(int, struct timespec *);
hidden void __vdso_init(const void *ehdr);

#endif
