/* posix_spawn and posix_spawnp: file actions (adddup2 onto stdout, addclose, addopen), a new
 * process group (POSIX_SPAWN_SETPGROUP), a PATH search, and the errors of the exec returned as the
 * function's value (ENOENT) with no child left behind. */
#include "tt.h"
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
    (void)argc;
    tt_scratch("spawn");
    char progdir[600], echo[700], cat[700];
    snprintf(progdir, sizeof progdir, "%s", argv[0]);
    char *slash = strrchr(progdir, '/');
    if (slash) *slash = 0; else snprintf(progdir, sizeof progdir, ".");
    strcat(progdir, "/..");
    snprintf(echo, sizeof echo, "%s/echo", progdir);
    snprintf(cat, sizeof cat, "%s/cat", progdir);

    int p[2];
    pipe(p);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    pid_t pid = 0;
    char *eargv[] = {"echo", "spawned", NULL};
    is_int(posix_spawn(&pid, echo, &fa, NULL, eargv, environ), 0, "posix_spawn");
    close(p[1]);
    char buf[256];
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    is_str(buf, "spawned\n", "its output through the dup2'ed pipe");
    int st;
    is_int(waitpid(pid, &st, 0), pid, "the pid it reported is our child");
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0");
    posix_spawn_file_actions_destroy(&fa);
    close(p[0]);

    /* addopen: the program's stdout is a file. */
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, tt_path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char *e2[] = {"echo", "into", "a", "file", NULL};
    setenv("PATH", progdir, 1);
    is_int(posix_spawnp(&pid, "echo", &fa, NULL, e2, environ), 0, "posix_spawnp finds echo on PATH");
    waitpid(pid, &st, 0);
    tt_read_file(tt_path("out"), buf, sizeof buf);
    is_str(buf, "into a file\n", "addopen made its stdout a file");
    posix_spawn_file_actions_destroy(&fa);

    /* A new process group: cat waits on a pipe we hold, so it is alive when we ask. */
    pipe(p);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[0], 0);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&at, 0);
    char *cargv[] = {"cat", NULL};
    is_int(posix_spawn(&pid, cat, &fa, &at, cargv, environ), 0, "posix_spawn with POSIX_SPAWN_SETPGROUP");
    is_int(getpgid(pid), pid, "the child leads a new group");
    close(p[0]);
    close(p[1]);
    waitpid(pid, &st, 0);
    ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and ends when its input does");
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);

    is_int(posix_spawn(&pid, tt_path("missing"), NULL, NULL, eargv, environ), ENOENT, "a missing program: the error is the value");
    is_int(posix_spawnp(&pid, "no-such-program", NULL, NULL, eargv, environ), ENOENT, "posix_spawnp: ENOENT");
    /* A dup2 onto any descriptor (also one the implementation may hold for itself in the child)
       leaves the exec's error the value. */
    int wrong = 0;
    for (int fd = 3; fd < 12; fd++) {
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, 2, fd);
        if (posix_spawn(&pid, tt_path("missing"), &fa, NULL, eargv, environ) != ENOENT) wrong++;
        posix_spawn_file_actions_destroy(&fa);
    }
    is_int(wrong, 0, "dup2 onto descriptors 3-11: ENOENT for a missing program each time");
    is_errno(waitpid(-1, NULL, WNOHANG), ECHILD, "no child is left behind");
    short fl;
    posix_spawnattr_init(&at);
    is_int(posix_spawnattr_setflags(&at, 0x4000), EINVAL, "an unknown flag: EINVAL");
    posix_spawnattr_getflags(&at, &fl);
    is_int(fl, 0, "and the flags stay");
    tt_cleanup();
    return done_testing();
}
