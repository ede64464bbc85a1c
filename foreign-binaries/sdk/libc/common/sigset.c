/* Signal sets: bit (sig - 1) of a u64 on both targets. */
#include <errno.h>
#include <signal.h>

static int bad(int sig) { return sig < 1 || sig > 64; }

int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~(sigset_t)0; return 0; }

int sigaddset(sigset_t *set, int sig) {
    if (bad(sig)) { errno = EINVAL; return -1; }
    *set |= (sigset_t)1 << (sig - 1);
    return 0;
}

int sigdelset(sigset_t *set, int sig) {
    if (bad(sig)) { errno = EINVAL; return -1; }
    *set &= ~((sigset_t)1 << (sig - 1));
    return 0;
}

int sigismember(const sigset_t *set, int sig) {
    if (bad(sig)) { errno = EINVAL; return -1; }
    return (*set >> (sig - 1)) & 1;
}
