/* The exec family of the libc: execvp and execlp search PATH in order (a directory without the
 * file, a file without an execute bit: EACCES remembered, the search goes on), an empty PATH entry
 * is the working directory, a name with '/' is not searched, a file that is no program runs as a
 * script of the sh found on PATH; ENOENT when nothing is found, EACCES when only a file without an
 * execute bit is; execl, execle (its environment exactly) and execvpe. Runs echo and sh of the
 * programs directory (the parent of this test's directory). */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

static char progdir[600];

static void do_execvp(void *name)
{
    char *argv[] = {name, "found", NULL};
    execvp(name, argv);
}
static void do_execlp(void *name) { execlp(name, name, "via", "execlp", (char *)NULL); }
static void do_execl(void *path) { execl(path, "echo", "via", "execl", (char *)NULL); }
/* The shells run with these environments report what they see in their exit status (without a
   PATH they could not find a program to print with). */
static void do_execle(void *path)
{
    char *env[] = {"ONLY=this", NULL};
    execle(path, "sh", "-c", "exit ${ONLY:+1}${PATH:+2}", (char *)NULL, env);
}
static void do_execvpe(void *name)
{
    char *argv[] = {name, "-c", "exit ${X:+4}${PATH:+5}", NULL};
    char *env[] = {"X=from-envp", NULL};
    execvpe(name, argv, env);
}

int main(int argc, char **argv)
{
    (void)argc;
    tt_scratch("execvp");
    snprintf(progdir, sizeof progdir, "%s", argv[0]);
    char *slash = strrchr(progdir, '/');
    if (slash) *slash = 0; else snprintf(progdir, sizeof progdir, ".");
    strcat(progdir, "/..");
    char *abs = realpath(progdir, NULL);      /* the test changes directory below */
    if (abs) { snprintf(progdir, sizeof progdir, "%s", abs); free(abs); }
    char echo[700], sh[700];
    snprintf(echo, sizeof echo, "%s/echo", progdir);
    snprintf(sh, sizeof sh, "%s/sh", progdir);

    /* a/ has nothing, b/ has an "echo" without execute bit, then the real one. */
    mkdir(tt_path("a"), 0755);
    mkdir(tt_path("b"), 0755);
    tt_write_str(tt_path("b/echo"), "not a program\n");
    chmod(tt_path("b/echo"), 0644);
    char path[3000];
    snprintf(path, sizeof path, "%s:%s:%s", tt_path("a"), tt_path("b"), progdir);
    setenv("PATH", path, 1);
    int st;
    is_str(tt_capture(do_execvp, "echo", &st), "found\n", "execvp searches PATH past a missing file and one without x");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and the program's status comes back");
    is_str(tt_capture(do_execlp, "echo", &st), "via execlp\n", "execlp searches PATH too");
    tt_capture(do_execvp, "no-such-program", &st);
    is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 100 + ENOENT % 100, "nothing found: ENOENT");
    snprintf(path, sizeof path, "%s:%s", tt_path("a"), tt_path("b"));
    setenv("PATH", path, 1);
    tt_capture(do_execvp, "echo", &st);
    is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 100 + EACCES % 100, "only a file without x: EACCES");
    is_str(tt_capture(do_execvp, echo, &st), "found\n", "a name with '/' is run as it is, without PATH");

    /* An empty PATH entry: the working directory. */
    symlink(echo, tt_path("myecho"));
    setenv("PATH", "/nonexistent-dir:", 1);
    chdir(tt_dir);
    is_str(tt_capture(do_execvp, "myecho", &st), "found\n", "an empty PATH entry is the working directory");
    chdir("/");

    /* A file that is no program: a script of sh. */
    snprintf(path, sizeof path, "%s:%s", tt_path("a"), progdir);
    setenv("PATH", path, 1);
    tt_write_str(tt_path("a/script"), "echo script got \"$1\"\n");
    chmod(tt_path("a/script"), 0755);
    is_str(tt_capture(do_execvp, "script", &st), "script got found\n", "a file that is no program runs as a script of sh");

    is_str(tt_capture(do_execl, echo, &st), "via execl\n", "execl: the arguments in order");
    tt_capture(do_execle, sh, &st);
    is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 1, "execle: exactly the environment given");
    tt_capture(do_execvpe, "sh", &st);
    is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 4, "execvpe: PATH search, with the environment given");

    errno = 0;
    char *eargv[] = {"x", NULL};
    is_errno(execvp("", eargv), ENOENT, "execvp of an empty name: ENOENT");
    ok(1, "still running after every failed exec");
    tt_cleanup();
    return done_testing();
}
