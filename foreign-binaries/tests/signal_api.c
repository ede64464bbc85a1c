/* signal() and the signal-set functions: signal returns the previous handler (SIG_DFL first), a
 * handler runs on raise, SIG_IGN ignores, SIG_ERR with EINVAL for SIGKILL and number 0; sigemptyset,
 * sigfillset, sigaddset, sigdelset, sigismember, their EINVAL for numbers out of range. */
#include "tt.h"
#include <signal.h>

static volatile int hits;
static void count(int sig) { (void)sig; hits++; }

int main(void)
{
    ok(signal(SIGUSR1, count) == SIG_DFL, "signal: the first previous handler is SIG_DFL");
    is_int(raise(SIGUSR1), 0, "raise returns 0");
    is_int(hits, 1, "the handler ran once");
    ok(signal(SIGUSR1, SIG_IGN) == count, "signal returns the handler it replaces");
    raise(SIGUSR1);
    is_int(hits, 1, "an ignored signal does nothing");
    ok(signal(SIGUSR1, SIG_DFL) == SIG_IGN, "SIG_IGN comes back as the previous one");
    errno = 0;
    ok(signal(SIGKILL, count) == SIG_ERR && errno == EINVAL, "SIGKILL cannot be caught: SIG_ERR, EINVAL");
    errno = 0;
    ok(signal(0, count) == SIG_ERR && errno == EINVAL, "signal 0: SIG_ERR, EINVAL");

    sigset_t s;
    sigemptyset(&s);
    is_int(sigismember(&s, SIGINT), 0, "empty set: not a member");
    is_int(sigaddset(&s, SIGINT), 0, "sigaddset");
    is_int(sigismember(&s, SIGINT), 1, "now a member");
    is_int(sigismember(&s, SIGTERM), 0, "others are not");
    is_int(sigdelset(&s, SIGINT), 0, "sigdelset");
    is_int(sigismember(&s, SIGINT), 0, "gone again");
    sigfillset(&s);
    ok(sigismember(&s, SIGINT) == 1 && sigismember(&s, SIGCHLD) == 1 && sigismember(&s, SIGWINCH) == 1, "a full set has every signal");
    is_errno(sigaddset(&s, 0), EINVAL, "sigaddset 0: EINVAL");
    is_errno(sigdelset(&s, 65), EINVAL, "sigdelset 65: EINVAL");
    is_errno(sigismember(&s, -1), EINVAL, "sigismember -1: EINVAL");
    return done_testing();
}
