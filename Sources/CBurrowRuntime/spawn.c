// burrow_spawn: child processes for `burrow test` (see include/burrow_spawn.h).
#define _GNU_SOURCE
#include "burrow_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// Without a change of user, posix_spawn (vfork-like, cheap): the usual case.
static int spawn_plain(const burrow_spawn_request *r, pid_t *pid_out)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc) { posix_spawn_file_actions_destroy(&fa); return rc; }

    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (!rc) rc = posix_spawnattr_setpgroup(&attr, 0);
    if (!rc) rc = posix_spawnattr_setsigmask(&attr, &none);
    if (!rc) rc = posix_spawnattr_setsigdefault(&attr, &all);
    if (!rc) rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, r->stdout_fd, 1);
    if (!rc) rc = posix_spawn_file_actions_adddup2(&fa, r->stderr_fd, 2);
    if (!rc && r->cwd) rc = posix_spawn_file_actions_addchdir_np(&fa, r->cwd);
    if (!rc) rc = posix_spawn(pid_out, r->path, &fa, &attr, r->argv, r->envp);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

// fork + exec: the child changes user between the two. Only async-signal-safe calls in the child.
static int spawn_as_user(const burrow_spawn_request *r, pid_t *pid_out)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return errno;
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(report[0]);
        close(report[1]);
        return e;
    }
    if (pid == 0) {
        int err = 0;
        sigset_t none;
        sigemptyset(&none);
        for (int s = 1; s < 65; s++) {
            if (s == SIGKILL || s == SIGSTOP) continue;
            signal(s, SIG_DFL);   // fails harmlessly for the numbers glibc reserves
        }
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (setpgid(0, 0) != 0) err = errno;
        int null = err ? -1 : open("/dev/null", O_RDONLY);
        if (!err && null < 0) err = errno;
        if (!err && null != 0 && (dup2(null, 0) < 0 || close(null) != 0)) err = errno;
        if (!err && dup2(r->stdout_fd, 1) < 0) err = errno;
        if (!err && dup2(r->stderr_fd, 2) < 0) err = errno;
        if (!err && setgroups(0, NULL) != 0) err = errno;
        if (!err && setgid((gid_t)r->gid) != 0) err = errno;
        if (!err && setuid((uid_t)r->uid) != 0) err = errno;
        if (!err && r->cwd && chdir(r->cwd) != 0) err = errno;
        if (!err) {
            execve(r->path, r->argv, r->envp);
            err = errno;
        }
        ssize_t unused = write(report[1], &err, sizeof err);
        (void)unused;
        _exit(127);
    }
    close(report[1]);
    int child_err = 0;
    ssize_t n;
    do {
        n = read(report[0], &child_err, sizeof child_err);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_err) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        return child_err ? child_err : EIO;
    }
    *pid_out = pid;
    return 0;
}

int burrow_spawn(const burrow_spawn_request *req, pid_t *pid_out)
{
    if (req->uid < 0) return spawn_plain(req, pid_out);
    return spawn_as_user(req, pid_out);
}

int burrow_lookup_user(const char *name, int *uid, int *gid)
{
    struct passwd pw, *res = NULL;
    char buf[4096];
    if (getpwnam_r(name, &pw, buf, sizeof buf, &res) != 0 || res == NULL) return -1;
    *uid = (int)pw.pw_uid;
    *gid = (int)pw.pw_gid;
    return 0;
}

int burrow_access_as_user(int uid, int gid, const char *const *paths, const int *modes, int count,
                          int *failed, int *component)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        // Only async-signal-safe calls: the parent may have other threads.
        int out[3] = {-1, 0, 0};   // errno (-1: could not become the user), index, prefix length
        if (setgroups(0, NULL) == 0 && setgid((gid_t)gid) == 0 && setuid((uid_t)uid) == 0) {
            out[0] = 0;
            for (int i = 0; i < count; i++) {
                if (access(paths[i], modes[i]) == 0) continue;
                out[0] = errno;
                out[1] = i;
                int len = (int)strlen(paths[i]);
                out[2] = len;
                // The first directory on the way that the user cannot search, if that is why.
                char prefix[4096];
                for (int j = 1; j < len && j < (int)sizeof prefix; j++) {
                    if (paths[i][j] != '/') continue;
                    memcpy(prefix, paths[i], (size_t)j);
                    prefix[j] = 0;
                    if (access(prefix, X_OK) != 0) { out[0] = errno; out[2] = j; break; }
                }
                break;
            }
        }
        ssize_t unused = write(report[1], out, sizeof out);
        (void)unused;
        _exit(0);
    }
    close(report[1]);
    int in[3];
    ssize_t n;
    do {
        n = read(report[0], in, sizeof in);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (n != (ssize_t)sizeof in || in[0] < 0) return -1;
    *failed = in[1];
    *component = in[2];
    return in[0];
}

int burrow_pipe_cloexec(int fds[2])
{
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}
