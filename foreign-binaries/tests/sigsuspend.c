/* sigpending, sigsuspend, sigaltstack (ToyOS ABI 1.4): the pending set of blocked signals;
 * sigsuspend's temporary mask, its EINTR (never restarted, SA_RESTART or not) and the old mask back
 * after the handler; a wait that ends only by a signal the temporary mask lets through; the
 * alternate stack (SA_ONSTACK), SS_ONSTACK inside the handler, EPERM there, ENOMEM, EINVAL, EFAULT,
 * SS_DISABLE; a stack overflow caught on the alternate stack.
 * Nothing depends on timing: a signal sent by a child is blocked until sigsuspend lets it through,
 * so it is delivered inside sigsuspend whenever it arrives. */
#include "tt.h"
#include <signal.h>

static volatile int hits1, hits2;
static volatile sigset_t mask_in_handler;
static void on_usr1(int sig)
{
    (void)sig;
    hits1++;
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    mask_in_handler = m;
}
static void on_usr2(int sig) { (void)sig; hits2++; }

static char *alt_base;
static size_t alt_size;
static volatile int on_alt, alt_flags, alt_eperm;
static void on_stack_check(int sig)
{
    (void)sig;
    char here;
    on_alt = &here >= alt_base && &here < alt_base + alt_size;
    stack_t cur;
    sigaltstack(NULL, &cur);
    alt_flags = cur.ss_flags;
    stack_t other = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 };
    errno = 0;
    alt_eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
}

static void install(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static volatile int depth_sink;
static int recurse(int n)
{
    volatile char pad[512];
    if (depth_sink < 0) return 0;   /* never: a volatile the compiler cannot see through */
    pad[0] = (char)n;
    depth_sink = pad[0] & 0x7f;
    return recurse(n + 1) + pad[0];
}
static void on_overflow(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    (void)ctx;
    char here;
    int on_alt_stack = &here >= alt_base && &here < alt_base + alt_size;
    /* Past the stack there is nothing mapped: SEGV_MAPERR, natively and under ToyOS. */
    _exit(!on_alt_stack ? 43 : info->si_code == SEGV_MAPERR ? 42 : 44);
}

int main(void)
{
    install(SIGUSR1, on_usr1, 0);
    install(SIGUSR2, on_usr2, 0);

    /* sigpending */
    sigset_t block, old, pend;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &old);
    is_int(sigpending(&pend), 0, "sigpending with nothing pending");
    ok(!sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGUSR2), "the set is empty");
    raise(SIGUSR1);
    is_int(sigpending(&pend), 0, "sigpending after raising a blocked SIGUSR1");
    ok(sigismember(&pend, SIGUSR1), "SIGUSR1 is pending");
    ok(!sigismember(&pend, SIGUSR2), "SIGUSR2 is not");
    errno = 0;
    is_errno(sigpending(BADPTR), EFAULT, "sigpending to a bad pointer");

    /* sigsuspend with the pending signal let through: returns at once, after the handler */
    /* The temporary mask holds SIGHUP, which the caller's does not: the handler runs with it. */
    sigset_t temp;
    sigemptyset(&temp);
    sigaddset(&temp, SIGUSR2);
    sigaddset(&temp, SIGHUP);
    errno = 0;
    is_errno(sigsuspend(&temp), EINTR, "sigsuspend lets a pending SIGUSR1 through: EINTR");
    is_int(hits1, 1, "the handler ran once");
    sigset_t in_handler = mask_in_handler;
    ok(sigismember(&in_handler, SIGHUP) && sigismember(&in_handler, SIGUSR2) && sigismember(&in_handler, SIGUSR1),
       "the handler ran with the temporary mask and its own signal blocked");
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    ok(sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2) && !sigismember(&now, SIGHUP),
       "the old mask is back after sigsuspend");
    sigpending(&pend);
    ok(!sigismember(&pend, SIGUSR1), "SIGUSR1 is no longer pending");

    /* a real wait: a child sends SIGUSR2, then SIGUSR1; the temporary mask lets only SIGUSR2 through */
    hits1 = hits2 = 0;
    pid_t child = fork();
    if (child == 0) {
        kill(getppid(), SIGUSR2);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    sigemptyset(&temp);
    sigaddset(&temp, SIGUSR1);
    errno = 0;
    is_errno(sigsuspend(&temp), EINTR, "sigsuspend waits for a child's SIGUSR2: EINTR");
    is_int(hits2, 1, "SIGUSR2's handler ran");
    is_int(hits1, 0, "SIGUSR1, blocked by the temporary mask, did not run");
    int st;
    waitpid(child, &st, 0);
    sigpending(&pend);
    ok(sigismember(&pend, SIGUSR1), "SIGUSR1 stays pending (the child sent it before exiting)");
    sigemptyset(&temp);
    sigaddset(&temp, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &temp, NULL);
    is_int(hits1, 1, "and is delivered when unblocked");
    sigprocmask(SIG_BLOCK, &temp, NULL);

    /* SA_RESTART does not restart sigsuspend */
    install(SIGUSR1, on_usr1, SA_RESTART);
    raise(SIGUSR1);
    sigemptyset(&temp);
    errno = 0;
    is_errno(sigsuspend(&temp), EINTR, "sigsuspend with an SA_RESTART handler still fails with EINTR");
    is_int(hits1, 2, "after the handler ran");
    errno = 0;
    is_errno(sigsuspend(BADPTR), EFAULT, "sigsuspend with a bad mask pointer");
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* sigaltstack */
    stack_t ss, oss;
    is_int(sigaltstack(NULL, &oss), 0, "sigaltstack(NULL, &old)");
    is_int(oss.ss_flags, SS_DISABLE, "no alternate stack at first: SS_DISABLE");
    alt_size = SIGSTKSZ;
    alt_base = malloc(alt_size);
    ok(SIGSTKSZ >= MINSIGSTKSZ, "SIGSTKSZ >= MINSIGSTKSZ");
    ss.ss_sp = alt_base;
    ss.ss_size = 1024;
    ss.ss_flags = 0;
    errno = 0;
    is_errno(sigaltstack(&ss, NULL), ENOMEM, "a stack smaller than MINSIGSTKSZ: ENOMEM");
    ss.ss_size = alt_size;
    ss.ss_flags = 0x40;
    errno = 0;
    is_errno(sigaltstack(&ss, NULL), EINVAL, "an unknown flag: EINVAL");
    errno = 0;
    is_errno(sigaltstack(BADPTR, NULL), EFAULT, "a bad pointer: EFAULT");
    ss.ss_flags = 0;
    is_int(sigaltstack(&ss, &oss), 0, "set an alternate stack");
    is_int(sigaltstack(NULL, &oss), 0, "read it back");
    ok(oss.ss_sp == alt_base && oss.ss_size == alt_size && oss.ss_flags == 0, "base, size, flags 0 outside a handler");

    install(SIGUSR2, on_stack_check, 0);
    raise(SIGUSR2);
    ok(!on_alt, "a handler without SA_ONSTACK runs on the normal stack");
    is_int(alt_flags, 0, "and sees ss_flags 0");
    install(SIGUSR2, on_stack_check, SA_ONSTACK);
    raise(SIGUSR2);
    ok(on_alt, "a handler with SA_ONSTACK runs on the alternate stack");
    is_int(alt_flags, SS_ONSTACK, "and sees SS_ONSTACK");
    ok(alt_eperm, "changing the alternate stack while on it: EPERM");
    struct sigaction cur;
    sigaction(SIGUSR2, NULL, &cur);
    ok(cur.sa_flags & SA_ONSTACK, "sigaction reports SA_ONSTACK back");

    /* a stack overflow, caught on the alternate stack (as gnulib's c-stack does) */
    child = fork();
    if (child == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_overflow;
        sa.sa_flags = SA_ONSTACK | SA_SIGINFO;
        sigaction(SIGSEGV, &sa, NULL);
        recurse(0);
        _exit(1);
    }
    waitpid(child, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 42, "a stack overflow's SIGSEGV (SEGV_MAPERR) ran on the alternate stack");

    ss.ss_flags = SS_DISABLE;
    is_int(sigaltstack(&ss, NULL), 0, "SS_DISABLE");
    sigaltstack(NULL, &oss);
    is_int(oss.ss_flags, SS_DISABLE, "reported disabled");
    raise(SIGUSR2);
    ok(!on_alt, "SA_ONSTACK without an alternate stack runs on the normal stack");
    return done_testing();
}
