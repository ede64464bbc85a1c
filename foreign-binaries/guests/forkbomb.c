/* A fork bomb for `burrow run --max-procs N`: forks in a loop until fork fails, then reports how
 * many children it made and the error, and lets them go.
 *
 *   forkbomb hold       children wait on a pipe until the parent has seen fork fail (so exactly
 *                       N-1 are alive then: deterministic), then exit; the parent reaps them all
 *   forkbomb sleep MS   each child sleeps MS milliseconds and exits (the classic shape); the
 *                       parent reaps what it can while forking, and gives up after 100000 forks
 *   forkbomb orphan     as hold, but the parent exits at once without waiting (its children end
 *                       as orphans when the pipe closes)
 *   forkbomb killed N   N times: a child that kills itself with SIGKILL (it cannot give its slot
 *                       back), reaped before the next fork; prints how many forks succeeded
 *
 * It leads a process group of its own first, so a test can ask whether anything of it remains.
 * Prints "pgid P", "children N", "fork: MESSAGE" (or "no failure"), and "reaped N". */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "hold";
    long ms = argc > 2 ? atol(argv[2]) : 100;
    setpgid(0, 0);
    if (strcmp(mode, "killed") == 0) {
        long ok = 0;
        for (long i = 0; i < ms; i++) {
            pid_t pid = fork();
            if (pid < 0) { printf("fork %ld: %s\n", i, strerror(errno)); break; }
            if (pid == 0) { kill(getpid(), SIGKILL); _exit(1); }
            int st;
            waitpid(pid, &st, 0);
            if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) ok++;
        }
        printf("killed %ld\n", ok);
        return 0;
    }
    printf("pgid %d\n", (int)getpgrp());
    fflush(stdout);
    int p[2];
    pipe(p);
    long children = 0, reaped = 0;
    int err = 0;
    while (children < 100000) {
        pid_t pid = fork();
        if (pid < 0) { err = errno; break; }
        if (pid == 0) {
            close(p[1]);
            if (strcmp(mode, "sleep") == 0) {
                struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
                nanosleep(&ts, NULL);
            } else {
                char c;
                read(p[0], &c, 1);        /* end of file: the parent closed its end */
            }
            _exit(0);
        }
        children++;
        if (strcmp(mode, "sleep") == 0)
            while (waitpid(-1, NULL, WNOHANG) > 0) reaped++;
    }
    printf("children %ld\n", children);
    if (err) printf("fork: %s\n", strerror(err));
    else printf("no failure\n");
    fflush(stdout);
    close(p[1]);
    if (strcmp(mode, "orphan") == 0) return 0;
    while (waitpid(-1, NULL, 0) > 0) reaped++;
    printf("reaped %ld\n", reaped);
    return 0;
}
