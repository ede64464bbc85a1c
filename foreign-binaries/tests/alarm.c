/* alarm and interrupted calls: alarm's remaining seconds, an alarm that interrupts a loop making no
 * system calls, a read of an empty pipe interrupted (EINTR without SA_RESTART; restarted with it,
 * reading what the handler wrote), nanosleep interrupted even with SA_RESTART, and a blocked
 * SIGALRM that never interrupts. */
#include "tt.h"
#include <signal.h>
#include <time.h>

static volatile int fired;
static int pipe_w = -1;

static void on_alarm(int sig)
{
    (void)sig;
    fired++;
    if (pipe_w >= 0) {
        char c = 'a';
        write(pipe_w, &c, 1);
    }
}

static void set_handler(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
}

int main(void)
{
    is_int(alarm(0), 0, "no alarm pending at start");
    alarm(30);
    unsigned left = alarm(0);
    ok(left >= 29 && left <= 30, "alarm(0) cancels and returns the seconds left (rounded up)");

    set_handler(0);
    fired = 0;
    alarm(1);
    volatile unsigned long spins = 0;
    while (!fired) spins++;
    is_int(fired, 1, "the alarm interrupted a loop that makes no system calls");

    int p[2];
    pipe(p);
    char c;
    fired = 0;
    alarm(1);
    errno = 0;
    is_errno(read(p[0], &c, 1), EINTR, "read of an empty pipe: EINTR without SA_RESTART");
    is_int(fired, 1, "the handler ran");

    set_handler(SA_RESTART);
    pipe_w = p[1];
    fired = 0;
    alarm(1);
    is_int(read(p[0], &c, 1), 1, "with SA_RESTART the read is restarted and gets the handler's byte");
    is_int(c, 'a', "the byte the handler wrote");
    pipe_w = -1;

    fired = 0;
    alarm(1);
    struct timespec ts = { 30, 0 }, rem = { 0, 0 };
    errno = 0;
    is_errno(nanosleep(&ts, &rem), EINTR, "nanosleep is interrupted even with SA_RESTART");
    ok(rem.tv_sec > 20 && rem.tv_sec <= 30, "the time left is reported");

    fired = 0;
    alarm(1);
    errno = 0;
    is_errno(pause(), EINTR, "pause returns EINTR once the handler has run");
    is_int(fired, 1, "the alarm's handler ran");

    /* Blocked: the read would wait forever, so use a zero-timeout check instead. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    fired = 0;
    raise(SIGALRM);
    is_int(fired, 0, "a blocked SIGALRM waits");
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    is_int(fired, 1, "and runs once unblocked");
    return done_testing();
}
