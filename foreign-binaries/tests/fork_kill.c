/* A signal sent to a child the moment fork returns is delivered, whatever the child is doing by
 * then: Burrow used to clear the child's record of pending host signals after fork, with a signal
 * that had just arrived in it (kill(child, SIGTERM) lost about every time). Nothing depends on
 * timing: a signal sent too early waits in the kernel, so each child dies by it; a lost one leaves
 * the child waiting in pause until its alarm (3 s), which ends it by SIGALRM instead. */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
    const int rounds = 8;
    int right = 0, total = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
            pid_t c = fork();
            if (c == 0) {
                alarm(3);
                for (;;) pause();
            }
            if (c < 0) break;
            kill(c, sigs[k]);
            int st = 0;
            total++;
            if (waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == sigs[k]) right++;
            else diag("child %d: status %#x, expected death by signal %d", (int)c, st, sigs[k]);
        }
    }
    is_int(total, rounds * 4, "every fork succeeded");
    is_int(right, total, "every child died by the signal sent right after fork");
    return done_testing();
}
