/* ToyOS backend: processes, time, signals. */
#include "toyos.h"
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

_Noreturn void _exit(int status) {
    toy_sys_exit(status);
    for (;;) __builtin_trap();             /* exit does not return; if it ever did, crash loudly */
}

pid_t getpid(void) { return (pid_t)toy_ret(toy_sys_getpid()); }
pid_t getppid(void) { return (pid_t)toy_ret(toy_sys_getppid()); }
pid_t fork(void) { return (pid_t)toy_ret(toy_sys_fork()); }

int execve(const char *path, char *const argv[], char *const envp[]) {
    return (int)toy_ret(toy_sys_exec(path, argv, envp));
}

int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

pid_t waitpid(pid_t pid, int *status, int options) {
    return (pid_t)toy_ret(toy_sys_waitpid(pid, status, (unsigned)options));
}

pid_t wait(int *status) { return waitpid(-1, status, 0); }

int kill(pid_t pid, int sig) { return (int)toy_ret(toy_sys_kill(pid, sig)); }
int raise(int sig) { return kill(getpid(), sig); }

hidden void __toy_sigrestore(void);
hidden extern uint64_t __toy_wants_siginfo;   /* signal.c: which handlers asked for SA_SIGINFO */

sighandler_t signal(int sig, sighandler_t handler) {
    struct toy_sigaction act = {
        .handler = (uint64_t)(uintptr_t)handler,
        .mask = 0,
        .flags = TOY_SA_RESTART,
        .restorer = (uint64_t)(uintptr_t)__toy_sigrestore,
    }, old;
    if (toy_ret(toy_sys_sigaction(sig, &act, &old)) < 0) return SIG_ERR;
    if (sig > 0 && sig <= 64) __toy_wants_siginfo &= ~(UINT64_C(1) << (sig - 1));
    return (sighandler_t)(uintptr_t)old.handler;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    uint64_t ns;
    if (toy_ret(toy_sys_clock_gettime(clock, &ns)) < 0) return -1;
    ts->tv_sec = (time_t)(ns / 1000000000);
    ts->tv_nsec = (long)(ns % 1000000000);
    return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
    if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) { errno = EINVAL; return -1; }
    uint64_t left = 0;
    uint64_t ns = (uint64_t)req->tv_sec * 1000000000 + (uint64_t)req->tv_nsec;
    long r = toy_ret(toy_sys_nanosleep(ns, &left));
    if (r < 0 && rem) {
        rem->tv_sec = (time_t)(left / 1000000000);
        rem->tv_nsec = (long)(left % 1000000000);
    }
    return r < 0 ? -1 : 0;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
    return (int)toy_ret(toy_sys_sigprocmask(how, (const uint64_t *)set, (uint64_t *)old));
}
