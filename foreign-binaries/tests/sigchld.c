/* SIGCHLD's siginfo (ToyOS ABI 1.5): si_code says what happened to the child (CLD_EXITED,
 * CLD_KILLED, CLD_STOPPED, CLD_CONTINUED), si_pid which child, si_status its exit status or the
 * signal that ended, stopped or continued it. SIGCHLD stays blocked but in sigsuspend, and one
 * change of one child is awaited at a time, so no two SIGCHLDs merge into one. */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t got, code, from, status;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
    (void)sig; (void)ctx;
    got++;
    code = si->si_code;
    from = si->si_pid;
    status = si->si_status;
}

/* Waits (in sigsuspend, SIGCHLD unblocked there only) for the next SIGCHLD. */
static void await_chld(const sigset_t *waiting)
{
    got = 0;
    while (!got) sigsuspend(waiting);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    is_int(sigaction(SIGCHLD, &sa, NULL), 0, "a SIGCHLD handler");
    sigset_t block, waiting;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &waiting);

    pid_t child = fork();
    if (child == 0) _exit(3);
    await_chld(&waiting);
    is_int(code, CLD_EXITED, "a child that exits: CLD_EXITED");
    ok(from == child, "si_pid: the child");
    is_int(status, 3, "si_status: its exit status");
    int st = 0;
    is_int(waitpid(child, &st, 0), child, "reaped");

    child = fork();
    if (child == 0) { for (;;) pause(); }
    is_int(kill(child, SIGSTOP), 0, "stop a child");
    await_chld(&waiting);
    is_int(code, CLD_STOPPED, "a stopped child: CLD_STOPPED");
    ok(from == child, "si_pid: the child");
    is_int(status, SIGSTOP, "si_status: the signal that stopped it");
    ok(waitpid(child, &st, WUNTRACED) == child && WIFSTOPPED(st), "waitpid reports the stop");

    is_int(kill(child, SIGCONT), 0, "continue it");
    await_chld(&waiting);
    is_int(code, CLD_CONTINUED, "a continued child: CLD_CONTINUED");
    ok(from == child, "si_pid: the child");
    is_int(status, SIGCONT, "si_status: SIGCONT");

    is_int(kill(child, SIGTERM), 0, "end it with SIGTERM");
    await_chld(&waiting);
    is_int(code, CLD_KILLED, "a child a signal ends: CLD_KILLED");
    ok(from == child, "si_pid: the child");
    is_int(status, SIGTERM, "si_status: the signal");
    ok(waitpid(child, &st, 0) == child && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "reaped, ended by SIGTERM");

    is_int(kill(getpid(), SIGCHLD), 0, "a SIGCHLD sent by kill");
    await_chld(&waiting);
    is_int(code, SI_USER, "is SI_USER");
    ok(from == getpid(), "si_pid: the sender");
    return done_testing();
}
