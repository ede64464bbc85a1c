/* fork and waitpid: 0 in the child and the child's pid in the parent; memory copied (a change in
 * the child is not seen by the parent); descriptors shared (a pipe between them); getppid; exit
 * statuses; a child killed by a signal (sent by itself, by its parent, SIGPIPE from a pipe with no
 * reader); WNOHANG; a stopped and continued child (WUNTRACED, WCONTINUED; SIGSTOP, and SIGTSTP's
 * default action); SIGCHLD; ECHILD and
 * EINVAL; EINTR while waiting. */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

static int shared_value = 1;
static volatile int chld, alarms;
static void on_chld(int sig) { (void)sig; chld++; }
static void on_alarm(int sig) { (void)sig; alarms++; }

int main(void)
{
    int p[2];
    pipe(p);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        shared_value = 2;
        pid_t pp = getppid();
        write(p[1], &pp, sizeof pp);
        _exit(7);
    }
    ok(pid > 0, "fork returns the child's pid in the parent");
    pid_t seen = 0;
    is_int(read(p[0], &seen, sizeof seen), sizeof seen, "the child wrote through the inherited pipe");
    ok(seen == parent, "getppid in the child is the parent's pid");
    int st = -1;
    is_int(waitpid(pid, &st, 0), pid, "waitpid returns the child");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 7, "it exited with 7");
    is_int(shared_value, 1, "the child's change to memory is its own");

    pid = fork();
    if (pid == 0) { raise(SIGTERM); _exit(1); }
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "a child that raised SIGTERM: killed by SIGTERM");

    int block[2];
    pipe(block);
    pid = fork();
    if (pid == 0) { char c; close(block[1]); read(block[0], &c, 1); _exit(3); }
    is_int(waitpid(pid, &st, WNOHANG), 0, "WNOHANG while the child runs: 0");
    close(block[1]);
    is_int(waitpid(pid, &st, 0), pid, "the child ends when its pipe closes");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "and exits with 3");
    close(block[0]);

    pid = fork();
    if (pid == 0) { for (;;) sleep(10); }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by its parent with SIGKILL");

    /* The child writes only after the parent has closed the read end (end of file on `after`):
       before that, the pipe still has a reader and the write would succeed. */
    int nr[2], after[2];
    pipe(nr);
    pipe(after);
    pid = fork();
    if (pid == 0) {
        char c;
        close(nr[0]);
        close(after[1]);
        read(after[0], &c, 1);
        write(nr[1], "x", 1);   /* no reader: SIGPIPE */
        _exit(0);
    }
    close(nr[0]);
    close(nr[1]);
    close(after[0]);
    close(after[1]);
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writing to a pipe with no reader: SIGPIPE");

    /* The child waits on a pipe after it is continued, so that it cannot end before the parent
       has seen the continuation (an ended child is reported as ended instead). */
    int gate[2];
    pipe(gate);
    pid = fork();
    if (pid == 0) {
        char c;
        close(gate[1]);
        raise(SIGSTOP);
        read(gate[0], &c, 1);
        _exit(5);
    }
    close(gate[0]);
    is_int(waitpid(pid, &st, WUNTRACED), pid, "WUNTRACED reports the stopped child");
    ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stopped by SIGSTOP");
    kill(pid, SIGCONT);
    is_int(waitpid(pid, &st, WCONTINUED), pid, "WCONTINUED reports it continued");
    ok(WIFCONTINUED(st), "continued");
    close(gate[1]);
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 5, "then it exits with 5");

    /* With SIGPIPE ignored, the write fails with EPIPE instead. */
    pipe(nr);
    close(nr[0]);
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, NULL);
    errno = 0;
    is_errno(write(nr[1], "x", 1), EPIPE, "SIGPIPE ignored: EPIPE");
    close(nr[1]);
    ign.sa_handler = SIG_DFL;
    sigaction(SIGPIPE, &ign, NULL);

    /* The child inherits the mask and the actions, but no pending alarm. */
    sigset_t m, old;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_BLOCK, &m, &old);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGUSR2, &ign, NULL);
    alarm(100);
    pid = fork();
    if (pid == 0) {
        sigset_t cm;
        sigprocmask(SIG_BLOCK, NULL, &cm);
        struct sigaction ca;
        sigaction(SIGUSR2, NULL, &ca);
        int bad = (!sigismember(&cm, SIGUSR1)) | (ca.sa_handler != SIG_IGN) << 1 | (alarm(0) != 0) << 2;
        _exit(bad);
    }
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 1), "the child inherits the signal mask");
    ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 2), "the child inherits an ignored signal");
    ok(WIFEXITED(st) && !(WEXITSTATUS(st) & 4), "the child has no alarm pending");
    alarm(0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    ign.sa_handler = SIG_DFL;
    sigaction(SIGUSR2, &ign, NULL);

    /* SIGTSTP's default action stops the process, reported with SIGTSTP. */
    pid = fork();
    if (pid == 0) {
        raise(SIGTSTP);
        _exit(6);
    }
    is_int(waitpid(pid, &st, WUNTRACED), pid, "a child that raised SIGTSTP is reported stopped");
    ok(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "stopped by SIGTSTP");
    kill(pid, SIGCONT);
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 6, "continued, it exits with 6");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);
    pid = fork();
    if (pid == 0) _exit(0);
    waitpid(pid, &st, 0);
    ok(chld >= 1, "SIGCHLD reached its handler");
    sa.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &sa, NULL);

    /* EINTR: a handler without SA_RESTART interrupts the wait for a child that never ends. */
    int hold[2];
    pipe(hold);
    pid = fork();
    if (pid == 0) { char c; close(hold[1]); read(hold[0], &c, 1); _exit(0); }
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    errno = 0;
    is_errno(waitpid(pid, &st, 0), EINTR, "waitpid interrupted by a caught signal: EINTR");
    close(hold[1]);
    is_int(waitpid(pid, &st, 0), pid, "the child is still there to reap");

    errno = 0;
    is_errno(waitpid(-1, &st, 0), ECHILD, "no children left: ECHILD");
    errno = 0;
    is_errno(waitpid(-1, &st, 0x100), EINVAL, "an unknown option: EINVAL");
    return done_testing();
}
