/* ToyOS backend: sigaction, sigpending, sigsuspend, sigaltstack, alarm, process groups and the
   terminal's foreground group. */
#include "toyos.h"
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

hidden void __toy_sigrestore(void);

/* ToyOS always hands a handler (sig, info, context), so the kernel is never told SA_SIGINFO; which
   handlers asked for it is kept here, for the old action's sa_flags (a program saving and restoring
   a handler must get back what it set). */
hidden uint64_t __toy_wants_siginfo;
#define wants_siginfo __toy_wants_siginfo

int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact) {
    struct toy_sigaction k, old;
    if (act) {
        k = (struct toy_sigaction){
            .handler = (uint64_t)(uintptr_t)act->sa_handler,
            .mask = act->sa_mask,
            .flags = (uint32_t)(act->sa_flags & ~SA_SIGINFO),
            .restorer = (uint64_t)(uintptr_t)__toy_sigrestore,
        };
    }
    if (toy_ret(toy_sys_sigaction(sig, act ? &k : 0, oldact ? &old : 0)) < 0) return -1;
    uint64_t bit = sig > 0 && sig <= 64 ? UINT64_C(1) << (sig - 1) : 0;
    if (oldact) {
        oldact->sa_handler = (void (*)(int))(uintptr_t)old.handler;
        oldact->sa_mask = old.mask;
        oldact->sa_flags = (int)old.flags | (wants_siginfo & bit ? SA_SIGINFO : 0);
    }
    if (act) wants_siginfo = act->sa_flags & SA_SIGINFO ? wants_siginfo | bit : wants_siginfo & ~bit;
    return 0;
}

/* ABI 1.4: an older system lacks these calls and fails with ENOSYS. */
int sigpending(sigset_t *set) { return (int)toy_ret(toy_sys_sigpending((uint64_t *)set)); }
int sigsuspend(const sigset_t *mask) { return (int)toy_ret(toy_sys_sigsuspend((const uint64_t *)mask)); }

/* stack_t has the layout of struct toy_stack but for its padding, which the system ignores. */
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old) {
    _Static_assert(sizeof(stack_t) == sizeof(struct toy_stack), "stack_t is struct toy_stack");
    return (int)toy_ret(toy_sys_sigaltstack((const struct toy_stack *)ss, (struct toy_stack *)old));
}

/* ToyOS has no pause call: a sleep that never ends on its own, which a handler interrupts (nanosleep
   is never restarted, docs/abi.md 8.5). */
int pause(void) {
    for (;;) {
        uint64_t left;
        if (toy_ret(toy_sys_nanosleep(UINT64_C(1) << 62, &left)) < 0) return -1;
    }
}

unsigned alarm(unsigned seconds) { return (unsigned)toy_sys_alarm(seconds).value; }
int setpgid(pid_t pid, pid_t pgid) { return (int)toy_ret(toy_sys_setpgid(pid, pgid)); }
pid_t getpgid(pid_t pid) { return (pid_t)toy_ret(toy_sys_getpgid(pid)); }
pid_t getpgrp(void) { return getpgid(0); }
pid_t tcgetpgrp(int fd) { return (pid_t)toy_ret(toy_sys_tcgetpgrp(fd)); }
int tcsetpgrp(int fd, pid_t pgrp) { return (int)toy_ret(toy_sys_tcsetpgrp(fd, pgrp)); }
/* ABI 1.3: an older system lacks the call and fails with ENOSYS. */
pid_t setsid(void) { return (pid_t)toy_ret(toy_sys_setsid()); }
