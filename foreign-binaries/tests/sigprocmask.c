/* sigprocmask: a blocked signal stays pending and is delivered as soon as it is unblocked (before
 * sigprocmask returns), SIG_BLOCK / SIG_UNBLOCK / SIG_SETMASK, the old mask, SIGKILL and SIGSTOP
 * never blocked, EINVAL for a bad `how`. */
#include "tt.h"
#include <signal.h>

static volatile int hits;
static void count(int sig) { (void)sig; hits++; }

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);

    sigset_t set, old, now;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    is_int(sigprocmask(SIG_BLOCK, &set, &old), 0, "block SIGUSR1");
    ok(!sigismember(&old, SIGUSR1), "the old mask did not have it");
    raise(SIGUSR1);
    raise(SIGUSR1);
    is_int(hits, 0, "a blocked signal is not delivered");
    is_int(sigprocmask(SIG_UNBLOCK, &set, NULL), 0, "unblock SIGUSR1");
    is_int(hits, 1, "delivered once (not queued twice) as soon as it was unblocked");

    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    is_int(sigprocmask(SIG_SETMASK, &set, &old), 0, "SIG_SETMASK {SIGUSR2}");
    sigprocmask(SIG_BLOCK, NULL, &now);
    ok(sigismember(&now, SIGUSR2) && !sigismember(&now, SIGUSR1), "the mask is exactly {SIGUSR2}");
    hits = 0;
    raise(SIGUSR2);
    is_int(hits, 0, "SIGUSR2 held");
    sigemptyset(&set);
    is_int(sigprocmask(SIG_SETMASK, &set, &old), 0, "SIG_SETMASK {}");
    ok(sigismember(&old, SIGUSR2), "the old mask had SIGUSR2");
    is_int(hits, 1, "SIGUSR2 delivered when the mask was cleared");

    sigfillset(&set);
    is_int(sigprocmask(SIG_SETMASK, &set, NULL), 0, "block everything");
    sigprocmask(SIG_BLOCK, NULL, &now);
    ok(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP), "SIGKILL and SIGSTOP are never blocked");
    ok(sigismember(&now, SIGTERM), "SIGTERM is blocked");
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);

    errno = 0;
    is_errno(sigprocmask(99, &set, NULL), EINVAL, "a bad how");
    is_int(sigprocmask(99, NULL, &now), 0, "how is ignored when set is NULL");
    return done_testing();
}
