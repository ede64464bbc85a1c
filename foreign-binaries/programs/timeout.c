/* timeout - run a command with a time limit, as coreutils' timeout.
 *   timeout [-s SIGNAL] [-k DURATION] [--preserve-status] [--foreground] [-v] DURATION COMMAND [ARG]...
 * DURATION: a number with an optional s/m/h/d suffix (fractions allowed; 0: no limit). When the
 * limit passes, COMMAND gets SIGNAL (TERM) and, with -k, KILL that long after. Signals timeout
 * itself receives (HUP INT QUIT TERM) are passed on.
 * Exit status: 124 when the time ran out (unless --preserve-status), 125 when timeout fails,
 * 126 when COMMAND cannot run, 127 when it is not found, else COMMAND's; a command killed by a
 * signal makes timeout die by the same signal (or, after a timeout, 128 + the signal number).
 * Unless --foreground, timeout leads a process group of its own and signals all of it (the
 * command's children too), as coreutils does; KILL (-s KILL, or -k) then ends timeout itself. */
#include "common.h"
#include <signal.h>
#include <strings.h>
#include <sys/wait.h>

static volatile sig_atomic_t received;
static void on_signal(int sig) { received = sig; }
static void on_chld(int sig) { (void)sig; }

static double duration(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    double mul = 1;
    if (end != s && *end && !end[1]) {
        switch (*end) {
        case 's': end++; break;
        case 'm': mul = 60; end++; break;
        case 'h': mul = 3600; end++; break;
        case 'd': mul = 86400; end++; break;
        }
    }
    if (end == s || *end || !(v >= 0)) {
        warnx_("invalid time interval %s", quote(s));
        usage_hint(125);
    }
    return v * mul;
}

static int signal_number(const char *s)
{
    static const struct { const char *name; int sig; } names[] = {
        {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
        {"USR2", SIGUSR2}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CONT", SIGCONT}, {"STOP", SIGSTOP},
        {"PIPE", SIGPIPE}, {"CHLD", SIGCHLD}, {"ABRT", SIGABRT}, {"SEGV", SIGSEGV}};
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end && n > 0 && n < NSIG) return (int)n;
    const char *name = strncasecmp(s, "SIG", 3) == 0 ? s + 3 : s;
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) return names[i].sig;
    warnx_("%s: invalid signal", s);
    usage_hint(125);
}

static bool foreground;

/* Sends sig to the command and, unless --foreground, to timeout's whole process group (the
   command's own children too), as coreutils does: timeout ignores it meanwhile, except KILL,
   which ends timeout as well. */
static void send(pid_t pid, int sig)
{
    kill(pid, sig);
    if (foreground) return;
    struct sigaction ign, old;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    bool catchable = sig != SIGKILL && sig != SIGSTOP;
    if (catchable) sigaction(sig, &ign, &old);
    if (sig == SIGKILL) fflush(NULL);
    kill(0, sig);
    if (catchable) sigaction(sig, &old, NULL);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    prog = "timeout";
    static const struct gopt_long longs[] = {
        {"signal", 1, 's'}, {"kill-after", 1, 'k'}, {"preserve-status", 0, 'p'}, {"foreground", 0, 'f'},
        {"verbose", 0, 'v'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    g.stop_at_operand = true;
    int sig = SIGTERM, c;
    double kill_after = 0;
    bool preserve = false, verbose = false;
    while ((c = gopt_next(&g, "s:k:v")) != -1) {
        if (c == 's') sig = signal_number(g.arg);
        else if (c == 'k') kill_after = duration(g.arg);
        else if (c == 'p') preserve = true;
        else if (c == 'v') verbose = true;
        else if (c == 'f') foreground = true;
        else usage_hint(125);
    }
    if (g.nops < 2) usage_hint(125);
    double limit = duration(g.ops[0]);
    char **cmd = g.ops + 1;

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    int passed[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGALRM};
    for (unsigned i = 0; i < sizeof passed / sizeof *passed; i++) sigaction(passed[i], &sa, NULL);
    sa.sa_handler = on_chld;                      /* no SA_RESTART: ends the sleep below */
    sigaction(SIGCHLD, &sa, NULL);

    if (!foreground) setpgid(0, 0);        /* a group of our own, to signal as a whole */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) { warnx_("fork system call failed: %s", strerror(errno)); return 125; }
    if (pid == 0) {
        sa.sa_handler = SIG_DFL;
        for (unsigned i = 0; i < sizeof passed / sizeof *passed; i++) sigaction(passed[i], &sa, NULL);
        sigaction(SIGCHLD, &sa, NULL);
        execvp(cmd[0], cmd);
        int e = errno;
        warnx_("failed to run command %s: %s", quote(cmd[0]), strerror(e));
        _exit(e == ENOENT ? 127 : 126);
    }
    double deadline = limit > 0 ? now() + limit : 0;
    bool timed_out = false, killed = false;
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (received) {
            if (received == SIGALRM) timed_out = true;
            send(pid, received == SIGALRM ? sig : received);
            received = 0;
        }
        double left = deadline > 0 ? deadline - now() : 1.0;
        if (deadline > 0 && left <= 0) {
            if (!timed_out) {
                timed_out = true;
                if (verbose) fprintf(stderr, "timeout: sending signal %s to command %s\n", sig == SIGKILL ? "KILL" : "TERM", quote(cmd[0]));
                send(pid, sig);
                if (sig != SIGKILL && sig != SIGCONT) send(pid, SIGCONT);
                deadline = kill_after > 0 ? now() + kill_after : 0;
            } else if (!killed) {
                killed = true;
                if (verbose) fprintf(stderr, "timeout: sending signal KILL to command %s\n", quote(cmd[0]));
                send(pid, SIGKILL);
                deadline = 0;
            }
            continue;
        }
        /* Sleep in short steps: a SIGCHLD that came just before the sleep cannot delay us long. */
        if (left > 0.05) left = 0.05;
        struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
        nanosleep(&ts, NULL);
    }
    if (WIFSIGNALED(status)) {
        int s = WTERMSIG(status);
        if (timed_out && !preserve) return s == SIGKILL ? 128 + s : 124;
        if (!timed_out) {
            /* Die the way the command did. */
            sa.sa_handler = SIG_DFL;
            sigaction(s, &sa, NULL);
            fflush(NULL);
            raise(s);
        }
        return 128 + s;
    }
    if (timed_out && !preserve) return 124;
    return WEXITSTATUS(status);
}
