/* A signal sent to a child the moment fork returns is delivered, whatever the child is doing by
 * then: Burrow used to clear the child's record of pending host signals after fork, with a signal
 * that had just arrived in it (kill(child, SIGTERM) lost about every time). Nothing depends on
 * timing: a signal sent too early waits in the kernel, so each child dies by it. A lost one leaves
 * the child in pause until its alarm (20 s, far beyond any scheduling delay between fork and kill),
 * which ends it by SIGALRM instead; the loop stops at the first, so a regression costs one alarm. */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
    const int children = 32;
    int lost = 0, forked = 0;
    for (int i = 0; i < children && !lost; i++) {
        int sig = sigs[i % 4];
        pid_t c = fork();
        if (c == 0) {
            alarm(20);
            for (;;) pause();
        }
        if (c < 0) {
            diag("fork: %s", strerror(errno));
            break;
        }
        forked++;
        kill(c, sig);
        int st = 0;
        if (!(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == sig)) {
            diag("child %d: status %#x, expected death by signal %d", (int)c, st, sig);
            lost = 1;
        }
    }
    is_int(lost, 0, "every child died by the signal sent right after fork");
    is_int(forked, children, "all 32 children forked and were checked");
    return done_testing();
}
