/* system, popen and pclose: `sh -c` through the sh found by a PATH search (the programs directory,
 * the parent of this test's directory, on both targets): exit statuses, output and input through
 * the pipe, SIGINT ignored by the caller while system runs, errno untouched by a successful
 * system, no shell on PATH (system(NULL) 0,
 * status 127), a bad popen mode (EINVAL). */
#include "tt.h"
#include <signal.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    (void)argc;
    tt_scratch("system_popen");
    char progdir[600];
    snprintf(progdir, sizeof progdir, "%s", argv[0]);
    char *slash = strrchr(progdir, '/');
    if (slash) *slash = 0; else snprintf(progdir, sizeof progdir, ".");
    strcat(progdir, "/..");
    setenv("PATH", progdir, 1);

    ok(system(NULL) != 0, "system(NULL): a shell is there");
    int st = system("exit 3");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "system returns the shell's wait status");
    char cmd[1000];
    snprintf(cmd, sizeof cmd, "echo one > %s; echo two >> %s", tt_path("f"), tt_path("f"));
    st = system(cmd);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a list with redirections: status 0");
    char buf[256];
    tt_read_file(tt_path("f"), buf, sizeof buf);
    is_str(buf, "one\ntwo\n", "and its effect");
    struct sigaction sa;
    sigaction(SIGINT, NULL, &sa);
    ok(sa.sa_handler == SIG_DFL, "SIGINT is back to its action afterwards");

    /* A directory without sh first on PATH: the search fails there, but a successful system
       leaves errno alone (glibc does; Lua's os.execute reads errno after a nonzero status). */
    char path2[1400];
    snprintf(path2, sizeof path2, "%s:%s", tt_path("no-such-dir"), progdir);
    setenv("PATH", path2, 1);
    errno = 0;
    st = system("exit 3");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "system through a PATH whose first directory has no sh");
    is_int(errno, 0, "and errno is left alone");
    setenv("PATH", progdir, 1);

    FILE *f = popen("echo a; echo b c", "r");
    ok(f != NULL, "popen r");
    char line[64];
    is_str(f && fgets(line, sizeof line, f) ? line : "", "a\n", "first line from the child");
    is_str(f && fgets(line, sizeof line, f) ? line : "", "b c\n", "second line");
    ok(f && fgets(line, sizeof line, f) == NULL, "then end of file");
    st = f ? pclose(f) : -1;
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pclose: the child's status");

    snprintf(cmd, sizeof cmd, "cat > %s", tt_path("g"));
    f = popen(cmd, "w");
    ok(f != NULL, "popen w");
    if (f) fputs("to the child\n", f);
    st = f ? pclose(f) : -1;
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pclose after writing");
    tt_read_file(tt_path("g"), buf, sizeof buf);
    is_str(buf, "to the child\n", "what the child read");

    f = popen("exit 5", "r");
    st = f ? pclose(f) : -1;
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 5, "pclose reports a nonzero exit");

    errno = 0;
    is_errno_ptr(popen("true", "x"), EINVAL, "popen with a bad mode: EINVAL");

    setenv("PATH", tt_path("nothing-here"), 1);
    is_int(system(NULL), 0, "no sh on PATH: system(NULL) is 0");
    st = system("echo never");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 127, "and a command ends with status 127");
    tt_cleanup();
    return done_testing();
}
