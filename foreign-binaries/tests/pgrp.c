/* Process groups: getpgrp and getpgid(0), setpgid(0, 0) making a new group, kill of a whole group
 * (pid -pgid) and of the caller's group (0), ESRCH and EINVAL; tcgetpgrp and tcsetpgrp on
 * something that is not a terminal (ENOTTY). */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

static volatile int usr1;
static void on_usr1(int sig) { (void)sig; usr1++; }

int main(void)
{
    ok(getpgrp() == getpgid(0), "getpgrp() is getpgid(0)");
    ok(getpgid(getpid()) == getpgid(0), "getpgid of our own pid");

    int ready[2], done[2];
    pipe(ready);
    pipe(done);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    /* Two children in a new group led by the first. */
    pid_t leader = fork();
    if (leader == 0) {
        setpgid(0, 0);
        int r = getpgid(0) == getpid();
        write(ready[1], &r, sizeof r);
        while (!usr1) sleep(1);
        write(done[1], "1", 1);
        _exit(0);
    }
    int r = 0;
    read(ready[0], &r, sizeof r);
    ok(r, "setpgid(0, 0) made the child a group leader");
    is_int(getpgid(leader), leader, "getpgid of the child from the parent");
    pid_t member = fork();
    if (member == 0) {
        int rr = setpgid(0, leader) == 0 && getpgid(0) == leader;
        write(ready[1], &rr, sizeof rr);
        while (!usr1) sleep(1);
        write(done[1], "2", 1);
        _exit(0);
    }
    read(ready[0], &r, sizeof r);
    ok(r, "the second child joined the group");
    is_int(kill(-leader, SIGUSR1), 0, "kill(-pgid) signals the whole group");
    char c;
    int got = 0;
    got += read(done[0], &c, 1) == 1;
    got += read(done[0], &c, 1) == 1;
    is_int(got, 2, "both members got the signal");
    int st;
    waitpid(leader, &st, 0);
    waitpid(member, &st, 0);
    is_int(usr1, 0, "the parent, in another group, did not");

    /* kill(0, sig): the caller's own group. */
    is_int(kill(0, SIGUSR1), 0, "kill(0) signals the caller's group");
    is_int(usr1, 1, "including the caller");

    errno = 0;
    is_errno(getpgid(0x3fffffff), ESRCH, "getpgid of no process: ESRCH");
    errno = 0;
    is_errno(setpgid(0, -1), EINVAL, "setpgid with a negative group: EINVAL");
    errno = 0;
    is_errno(kill(-0x3fffffff, SIGUSR1), ESRCH, "kill of no group: ESRCH");

    int p[2];
    pipe(p);
    errno = 0;
    is_errno(tcgetpgrp(p[0]), ENOTTY, "tcgetpgrp of a pipe: ENOTTY");
    errno = 0;
    is_errno(tcsetpgrp(p[0], getpgrp()), ENOTTY, "tcsetpgrp of a pipe: ENOTTY");
    return done_testing();
}
