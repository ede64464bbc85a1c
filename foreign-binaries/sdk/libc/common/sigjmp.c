/* The signal-mask half of sigsetjmp/siglongjmp (the registers are in setjmp.S). */
#include "../internal.h"
#include <setjmp.h>
#include <errno.h>
#include <signal.h>

_Noreturn void __longjmp_regs(jmp_buf env, int val);

int __sigsetjmp_save(sigjmp_buf env) {
    sigset_t old;
    if (sigprocmask(SIG_BLOCK, NULL, &old) == 0) {
        env->__sigmask = old;
        env->__mask_saved = 1;
    }
    return 0;
}

_Noreturn void siglongjmp(sigjmp_buf env, int val) {
    if (env->__mask_saved) {
        sigset_t m = env->__sigmask;
        sigprocmask(SIG_SETMASK, &m, NULL);
    }
    __longjmp_regs(env, val);
}

static int bad_signal(int sig) { return sig < 1 || sig > 64; }

int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~0ul; return 0; }
int sigaddset(sigset_t *set, int sig) {
    if (bad_signal(sig)) { errno = EINVAL; return -1; }
    *set |= 1ul << (sig - 1);
    return 0;
}
int sigdelset(sigset_t *set, int sig) {
    if (bad_signal(sig)) { errno = EINVAL; return -1; }
    *set &= ~(1ul << (sig - 1));
    return 0;
}
int sigismember(const sigset_t *set, int sig) {
    if (bad_signal(sig)) { errno = EINVAL; return -1; }
    return (*set >> (sig - 1)) & 1;
}
