/* A signal the program ignores (SIGWINCH and SIGCHLD by default, or SIG_IGN) never interrupts a
 * call: a 1 MiB write into a pipe that blocks while another process sends the writer SIGWINCH,
 * SIGCHLD and SIGUSR1 (ignored) many times still writes everything, and a read that waits for data
 * still returns it. */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

#define BIG (1 << 20)
static char buf[BIG];

int main(void)
{
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGUSR1, &ign, NULL);

    int p[2];
    pipe(p);
    pid_t writer = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        /* While the writer is blocked on the full pipe: signals it ignores, then drain it. */
        for (int i = 0; i < 300; i++) {
            kill(writer, i % 3 == 0 ? SIGWINCH : i % 3 == 1 ? SIGCHLD : SIGUSR1);
            if (i % 30 == 0) usleep(1000);
        }
        static char sink[65536];
        long total = 0;
        ssize_t n;
        while ((n = read(p[0], sink, sizeof sink)) > 0) total += n;
        _exit(total == BIG ? 0 : 1);
    }
    close(p[0]);
    memset(buf, 'w', sizeof buf);
    ssize_t w = write(p[1], buf, sizeof buf);
    is_int(w, BIG, "a 1 MiB write into a pipe is not cut short by ignored signals");
    close(p[1]);
    int st;
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the reader got every byte");

    /* A read that waits, with ignored signals arriving meanwhile. */
    int q[2];
    pipe(q);
    pid = fork();
    if (pid == 0) {
        close(q[0]);
        for (int i = 0; i < 100; i++) kill(writer, SIGWINCH);
        usleep(20000);
        write(q[1], "late", 4);
        _exit(0);
    }
    close(q[1]);
    char got[8] = {0};
    is_int(read(q[0], got, sizeof got), 4, "a waiting read is not interrupted by ignored signals");
    is_str(got, "late", "and returns the data");
    waitpid(pid, &st, 0);
    return done_testing();
}
