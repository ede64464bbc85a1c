/* Linux twin backend: processes, time, signals. */
#include "linux.h"
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

_Noreturn void _exit(int status) {
    for (;;) sys1(SYS_exit_group, status);
}

pid_t getpid(void) { return (pid_t)sys0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)sys0(SYS_getppid); }
pid_t fork(void) { return (pid_t)lx_ret(sys0(SYS_fork)); }

int execve(const char *path, char *const argv[], char *const envp[]) {
    return (int)lx_ret(sys3(SYS_execve, path, argv, envp));
}

int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

pid_t waitpid(pid_t pid, int *status, int options) {
    return (pid_t)lx_ret(sys4(SYS_wait4, pid, status, options, 0));
}

pid_t wait(int *status) { return waitpid(-1, status, 0); }

int kill(pid_t pid, int sig) { return (int)lx_ret(sys2(SYS_kill, pid, sig)); }
int raise(int sig) { return kill(getpid(), sig); }

hidden void __lx_sigrestore(void);

#define SA_RESTART 0x10000000

sighandler_t signal(int sig, sighandler_t handler) {
    struct ksigaction act = { (uintptr_t)handler, SA_RESTORER | SA_RESTART, (uintptr_t)__lx_sigrestore, 0 };
    struct ksigaction old;
    if (lx_ret(sys4(SYS_rt_sigaction, sig, &act, &old, 8)) < 0) return SIG_ERR;
    return (sighandler_t)old.handler;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    if (__vdso_clock_gettime) return (int)lx_ret(__vdso_clock_gettime(clock, ts));
    return (int)lx_ret(sys2(SYS_clock_gettime, clock, ts));
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
    /* clock_nanosleep returns the error number itself, not -errno. */
    long r = sys4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, req, rem);
    if (r) { errno = (int)(r < 0 ? -r : r); return -1; }
    return 0;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
    return (int)lx_ret(sys4(SYS_rt_sigprocmask, how, set, old, 8));
}
