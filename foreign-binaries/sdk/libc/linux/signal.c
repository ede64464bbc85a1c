/* Linux twin backend: sigaction, sigprocmask, sigpending, sigsuspend, sigaltstack, alarm, process groups and the terminal's foreground
   group, as raw system calls. */
#include "linux.h"
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

hidden void __lx_sigrestore(void);

/* The terminal ioctls (asm-generic/ioctls.h): the foreground process group. */
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410

int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact) {
    struct ksigaction k, old;
    if (act) k = (struct ksigaction){ (uintptr_t)act->sa_handler, (unsigned long)(unsigned)act->sa_flags | SA_RESTORER,
                                      (uintptr_t)__lx_sigrestore, act->sa_mask };
    if (lx_ret(sys4(SYS_rt_sigaction, sig, act ? &k : 0, oldact ? &old : 0, 8)) < 0) return -1;
    if (oldact) {
        oldact->sa_handler = (void (*)(int))old.handler;
        oldact->sa_mask = old.mask;
        oldact->sa_flags = (int)(old.flags & ~(unsigned long)SA_RESTORER);
    }
    return 0;
}

int pause(void) { return (int)lx_ret(sys0(SYS_pause)); }
int sigpending(sigset_t *set) { return (int)lx_ret(sys2(SYS_rt_sigpending, set, 8)); }
int sigsuspend(const sigset_t *mask) { return (int)lx_ret(sys2(SYS_rt_sigsuspend, mask, 8)); }
/* The kernel's stack_t is the SDK's. */
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old) { return (int)lx_ret(sys2(SYS_sigaltstack, ss, old)); }

unsigned alarm(unsigned seconds) { return (unsigned)sys1(SYS_alarm, seconds); }
int setpgid(pid_t pid, pid_t pgid) { return (int)lx_ret(sys2(SYS_setpgid, pid, pgid)); }
pid_t getpgid(pid_t pid) { return (pid_t)lx_ret(sys1(SYS_getpgid, pid)); }
pid_t getpgrp(void) { return getpgid(0); }

pid_t tcgetpgrp(int fd) {
    int pgrp;
    if (lx_ret(sys3(SYS_ioctl, fd, TIOCGPGRP, &pgrp)) < 0) return -1;
    return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp) { return (int)lx_ret(sys3(SYS_ioctl, fd, TIOCSPGRP, &pgrp)); }
pid_t setsid(void) { return (pid_t)lx_ret(sys0(SYS_setsid)); }
