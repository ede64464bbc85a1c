// burrow_spawn: start a child process for `burrow test` with its standard descriptors redirected,
// in a process group of its own, optionally as another user. Swift cannot call fork() safely and
// posix_spawn cannot change user ids, so this lives in C.
#ifndef BURROW_SPAWN_H
#define BURROW_SPAWN_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What to start. argv and envp are NULL-terminated. stdout_fd / stderr_fd are the write ends the
/// child gets as 1 and 2 (stdin is /dev/null). cwd may be NULL. uid/gid < 0: keep the caller's ids;
/// otherwise the child drops supplementary groups, then sets gid, then uid, before exec.
typedef struct burrow_spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int stdout_fd;
    int stderr_fd;
    int uid;
    int gid;
} burrow_spawn_request;

/// Starts the child as the leader of a new process group (so a timeout can kill everything it
/// started with kill(-pid, SIGKILL)). Returns 0 and stores the pid, or an errno value: the errno of
/// fork/posix_spawn, or of the failed set-up step / execve in the child (reported through a
/// close-on-exec pipe, so a missing or unexecutable program is an error here, not a child status).
int burrow_spawn(const burrow_spawn_request *req, pid_t *pid_out);

/// pipe2(fds, O_CLOEXEC) (not visible to Swift through Glibc). 0, or an errno value.
int burrow_pipe_cloexec(int fds[2]);

/// The uid and gid of a user name, or -1 when there is no such user.
int burrow_lookup_user(const char *name, int *uid, int *gid);

/// Whether user uid/gid (without supplementary groups, as burrow_spawn's child runs) may use each
/// paths[i] as modes[i] asks (access(2) R_OK/X_OK bits), checked in a forked child that becomes
/// that user. 0 when every check passes; otherwise the errno of the first that fails, with
/// *failed its index and *component the length of its shortest prefix the user cannot search
/// (access X_OK fails: that errno is returned), or of the whole path. -1: the check itself could not run.
int burrow_access_as_user(int uid, int gid, const char *const *paths, const int *modes, int count,
                          int *failed, int *component);

#ifdef __cplusplus
}
#endif

#endif
