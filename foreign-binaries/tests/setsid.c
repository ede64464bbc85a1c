/* setsid (ToyOS ABI 1.3): a child that is no group leader starts a session and a group whose ids
 * are its pid; again, now a group leader: EPERM. Its parent's group is untouched. */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        int r[3];
        pid_t sid = setsid();
        r[0] = sid == getpid();
        r[1] = getpgrp() == getpid();
        errno = 0;
        r[2] = setsid() == -1 && errno == EPERM;
        write(p[1], r, sizeof r);
        _exit(0);
    }
    int r[3] = {0, 0, 0};
    read(p[0], r, sizeof r);
    int st;
    waitpid(pid, &st, 0);
    ok(r[0], "setsid returns the new session id: the caller's pid");
    ok(r[1], "the caller leads a new process group");
    ok(r[2], "a group leader cannot: EPERM");
    ok(getpgid(pid) == -1 || getpgid(0) != pid, "the parent's group is its own");
    is_int(getpgid(0), getpgrp(), "the parent kept its group");
    return done_testing();
}
