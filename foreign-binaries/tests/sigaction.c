/* sigaction, delivery to a handler, and sigreturn: the handler's arguments (signal, info with
 * code and sender), the previous action, SIG_IGN, SA_RESETHAND, the mask while a handler runs
 * (the signal itself, sa_mask, SA_NODEFER), the mask restored afterwards, a handler that raises
 * another signal, and the EINVAL cases (SIGKILL, SIGSTOP, numbers out of range). */
#include "tt.h"
#include <signal.h>

static volatile int hits, last_sig, last_code, last_pid, usr1_blocked_inside, usr2_blocked_inside, nested;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    hits++;
    last_sig = sig;
    last_code = si->si_code;
    last_pid = si->si_pid;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    usr1_blocked_inside = sigismember(&cur, SIGUSR1);
    usr2_blocked_inside = sigismember(&cur, SIGUSR2);
}

static void raise_usr2(int sig)
{
    (void)sig;
    nested = 1;
    raise(SIGUSR2);
    nested = 2;   /* the USR2 handler ran before raise returned */
}

static void count(int sig) { (void)sig; hits++; }

static int action_of(int sig, struct sigaction *out) { return sigaction(sig, NULL, out); }

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);

    is_int(action_of(SIGUSR1, &old), 0, "query SIGUSR1's action");
    ok(old.sa_handler == SIG_DFL, "SIGUSR1 starts with SIG_DFL");

    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    is_int(sigaction(SIGUSR1, &sa, &old), 0, "install a handler for SIGUSR1");
    ok(old.sa_handler == SIG_DFL, "the previous action was SIG_DFL");

    is_int(raise(SIGUSR1), 0, "raise SIGUSR1");
    is_int(hits, 1, "the handler ran once, before raise returned");
    is_int(last_sig, SIGUSR1, "handler's first argument is the signal");
    is_int(last_code, SI_USER, "info: code SI_USER for a signal sent by kill");
    is_int(last_pid, getpid(), "info: the sender's pid");
    is_int(usr1_blocked_inside, 1, "the signal is blocked while its handler runs");
    is_int(usr2_blocked_inside, 1, "sa_mask is blocked while the handler runs");
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    ok(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2), "after the handler the mask is as before");

    struct sigaction cur;
    action_of(SIGUSR1, &cur);
    ok(cur.sa_sigaction == on_signal, "the handler stays installed");

    /* SA_NODEFER: the signal is not blocked inside its own handler. */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    is_int(usr1_blocked_inside, 0, "SA_NODEFER: not blocked inside the handler");

    /* SA_RESETHAND: back to SIG_DFL once delivered. */
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    hits = 0;
    raise(SIGUSR1);
    is_int(hits, 1, "SA_RESETHAND: the handler ran");
    action_of(SIGUSR1, &cur);
    ok(cur.sa_handler == SIG_DFL, "SA_RESETHAND: the action is SIG_DFL afterwards");

    /* SIG_IGN: nothing happens. */
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    is_int(sigaction(SIGUSR1, &sa, NULL), 0, "SIG_IGN for SIGUSR1");
    is_int(raise(SIGUSR1), 0, "raising an ignored signal");
    ok(1, "the process is still running");

    /* A handler that raises another signal: that handler runs inside it. */
    struct sigaction a1, a2;
    memset(&a1, 0, sizeof a1);
    memset(&a2, 0, sizeof a2);
    a1.sa_handler = raise_usr2;
    a2.sa_handler = count;
    sigaction(SIGUSR1, &a1, NULL);
    sigaction(SIGUSR2, &a2, NULL);
    hits = 0;
    raise(SIGUSR1);
    is_int(nested, 2, "a handler raised another signal and carried on");
    is_int(hits, 1, "the second handler ran");

    /* Errors. */
    sa.sa_handler = count;
    errno = 0;
    is_errno(sigaction(SIGKILL, &sa, NULL), EINVAL, "SIGKILL cannot be caught");
    errno = 0;
    is_errno(sigaction(SIGSTOP, &sa, NULL), EINVAL, "SIGSTOP cannot be caught");
    sa.sa_handler = SIG_IGN;
    errno = 0;
    is_errno(sigaction(SIGKILL, &sa, NULL), EINVAL, "SIGKILL cannot be ignored");
    errno = 0;
    is_errno(sigaction(0, &sa, NULL), EINVAL, "signal 0");
    errno = 0;
    is_errno(sigaction(100, &sa, NULL), EINVAL, "signal 100");
    return done_testing();
}
