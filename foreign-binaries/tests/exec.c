/* exec (execve): the new program gets argv and envp exactly, keeps the pid, the descriptors without
 * FD_CLOEXEC (at the same numbers), the signal mask and pending signals; ignored signals stay ignored and caught
 * ones are reset to SIG_DFL. `#!` scripts run their interpreter with the script's path. Failures
 * leave the caller running: ENOENT, EACCES (no execute bit; a directory), ENOEXEC (a file that is
 * no program). /proc/self/exe is the program itself. The test runs itself again in "check" mode as the new program, and runs echo (the
 * programs directory next to the tests) for scripts. */
#include "tt.h"
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

static void dflt(int sig) { (void)sig; }

/* Check mode: argv = [name, "check", pid, FOO expected]; exit status: a bit per failed check. */
static int check(int argc, char **argv)
{
    int bad = 0;
    if (argc != 4) bad |= 1;
    if (strcmp(argv[0], "renamed") != 0) bad |= 2;
    if (atoi(argv[2]) != getpid()) bad |= 4;
    const char *foo = getenv("FOO");
    if (!foo || strcmp(foo, argv[3]) != 0 || getenv("PATH") != NULL) bad |= 8;
    if (fcntl(5, F_GETFD) != 0) bad |= 16;    /* kept, and not close-on-exec */
    if (fcntl(6, F_GETFD) != -1) bad |= 32;   /* closed by exec */
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    if (!sigismember(&m, SIGUSR1)) bad |= 64;
    struct sigaction sa;
    sigaction(SIGUSR2, NULL, &sa);
    if (sa.sa_handler != SIG_IGN) bad |= 128;
    sigaction(SIGTERM, NULL, &sa);
    if (sa.sa_handler != SIG_DFL) bad |= 256 >> 1;   /* folded into 128: exit statuses are 8 bits */
    return bad;
}

/* An execve for tt_capture. */
struct exec_args { const char *path; char *const *argv; char *const *envp; };
static void do_execve(void *p)
{
    const struct exec_args *a = p;
    execve(a->path, a->argv, a->envp);
}

/* Runs execve in a child with stdout into a pipe; returns the output, the status in *st. */
static char *run_child(const char *path, char *const argv[], char *const envp[], int *st)
{
    struct exec_args a = { path, argv, envp };
    return tt_capture(do_execve, &a, st);
}

static volatile int usr1_seen;
static void on_usr1(int sig) { (void)sig; usr1_seen = 1; }

/* Pending mode: SIGUSR1 was blocked and pending across exec; catch it, unblock it: exit 0 when
   it is delivered. */
static int pending_check(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    return usr1_seen ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "check") == 0) return check(argc, argv);
    if (argc > 1 && strcmp(argv[1], "pending") == 0) return pending_check();
    if (argc > 1 && strcmp(argv[1], "again") == 0) return 7;
    tt_scratch("exec");

    /* The programs directory: <dir of this test>/.. */
    char dir[512];
    snprintf(dir, sizeof dir, "%s", argv[0]);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0; else snprintf(dir, sizeof dir, ".");
    char echo[600];
    snprintf(echo, sizeof echo, "%s/../echo", dir);

    int st;
    char *eargv[] = {"echo", "hello", "world", NULL};
    char *empty_env[] = {NULL};
    is_str(run_child(echo, eargv, empty_env, &st), "hello world\n", "exec echo: its output");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and its exit status");

    /* Everything exec keeps, checked by this program run again. */
    pid_t pid = fork();
    if (pid == 0) {
        int a = open("/dev/null", O_RDONLY), b = open("/dev/null", O_RDONLY);
        dup2(a, 5);
        dup2(b, 6);
        fcntl(6, F_SETFD, FD_CLOEXEC);
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, SIGUSR1);
        sigprocmask(SIG_BLOCK, &m, NULL);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_IGN;
        sigaction(SIGUSR2, &sa, NULL);
        sa.sa_handler = dflt;
        sigaction(SIGTERM, &sa, NULL);
        char pidbuf[16];
        snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
        char *cargv[] = {"renamed", "check", pidbuf, "bar baz", NULL};
        char *cenv[] = {"FOO=bar baz", NULL};
        execve(argv[0], cargv, cenv);
        _exit(255);
    }
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st), "the new program ran and exited");
    int bad = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
    ok(!(bad & 1) && !(bad & 2), "argv exactly as given (argv[0] included)");
    ok(!(bad & 4), "the pid is kept");
    ok(!(bad & 8), "the environment exactly as given");
    ok(!(bad & 16), "a descriptor without FD_CLOEXEC is kept");
    ok(!(bad & 32), "a descriptor with FD_CLOEXEC is closed");
    ok(!(bad & 64), "the signal mask is kept");
    ok(!(bad & 128), "ignored stays ignored, caught is reset to SIG_DFL");

    /* A blocked, pending signal stays pending across exec. */
    pid = fork();
    if (pid == 0) {
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, SIGUSR1);
        sigprocmask(SIG_BLOCK, &m, NULL);
        raise(SIGUSR1);
        char *pargv[] = {"exec", "pending", NULL};
        execve(argv[0], pargv, empty_env);
        _exit(255);
    }
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a blocked signal pending at exec is delivered in the new program");

    /* /proc/self/exe is this program (not whatever runs it). */
    pid = fork();
    if (pid == 0) {
        char *aargv[] = {"exec", "again", NULL};
        execve("/proc/self/exe", aargv, empty_env);
        _exit(255);
    }
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 7, "exec of /proc/self/exe runs this program again");

    /* A #! script. */
    const char *script = tt_path("script");
    char text[700];
    snprintf(text, sizeof text, "#!%s from-the-line\nignored\n", echo);
    tt_write_file(script, text, strlen(text));
    chmod(script, 0755);
    char *sargv[] = {"script", "one", NULL};
    char expect[800];
    snprintf(expect, sizeof expect, "from-the-line %s one\n", script);
    is_str(run_child(script, sargv, empty_env, &st), expect, "a #! script runs its interpreter with the line's argument and its path");

    /* Failures: the caller carries on. */
    errno = 0;
    is_errno(execve(tt_path("missing"), eargv, empty_env), ENOENT, "a missing file: ENOENT");
    const char *noexec = tt_path("noexec");
    tt_write_file(noexec, "#!/bin/sh\n", 10);
    chmod(noexec, 0644);
    errno = 0;
    is_errno(execve(noexec, eargv, empty_env), EACCES, "no execute bit: EACCES");
    errno = 0;
    is_errno(execve(dir, eargv, empty_env), EACCES, "a directory: EACCES");
    const char *junk = tt_path("junk");
    tt_write_file(junk, "\x01\x02not a program\n", 16);
    chmod(junk, 0755);
    errno = 0;
    is_errno(execve(junk, eargv, empty_env), ENOEXEC, "a file that is no program: ENOEXEC");
    ok(1, "still running after every failed exec");
    tt_cleanup();
    return done_testing();
}
