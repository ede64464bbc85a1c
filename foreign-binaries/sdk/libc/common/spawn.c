/* posix_spawn(p): fork, then in the child the attributes (process group, session, signal mask,
   signals back to SIG_DFL) and the file actions in order, then exec. A failure in the child is
   written to a close-on-exec pipe as an errno and the child exits 127; the parent reads the pipe
   (end of file: the exec succeeded) and returns that errno, as glibc does. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct __spawn_action {
    enum { A_OPEN, A_CLOSE, A_DUP2, A_CHDIR, A_FCHDIR } kind;
    int fd, newfd, oflag;
    mode_t mode;
    char *path;
};

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *a) { memset(a, 0, sizeof *a); return 0; }

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *a)
{
    for (int i = 0; i < a->count; i++) free(a->actions[i].path);
    free(a->actions);
    memset(a, 0, sizeof *a);
    return 0;
}

static int add(posix_spawn_file_actions_t *a, struct __spawn_action act)
{
    if (act.fd < 0 || act.newfd < 0) return EBADF;
    if (a->count == a->cap) {
        int cap = a->cap ? 2 * a->cap : 4;
        struct __spawn_action *n = realloc(a->actions, (size_t)cap * sizeof *n);
        if (!n) return ENOMEM;
        a->actions = n;
        a->cap = cap;
    }
    a->actions[a->count++] = act;
    return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict a, int fd, const char *restrict path, int oflag, mode_t mode)
{
    char *copy = strdup(path);
    if (!copy) return ENOMEM;
    int r = add(a, (struct __spawn_action){A_OPEN, fd, 0, oflag, mode, copy});
    if (r) free(copy);
    return r;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *a, int fd)
{
    return add(a, (struct __spawn_action){A_CLOSE, fd, 0, 0, 0, NULL});
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *a, int fd, int newfd)
{
    return add(a, (struct __spawn_action){A_DUP2, fd, newfd, 0, 0, NULL});
}

int posix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *restrict a, const char *restrict path)
{
    char *copy = strdup(path);
    if (!copy) return ENOMEM;
    int r = add(a, (struct __spawn_action){A_CHDIR, 0, 0, 0, 0, copy});
    if (r) free(copy);
    return r;
}

int posix_spawn_file_actions_addfchdir(posix_spawn_file_actions_t *a, int fd)
{
    return add(a, (struct __spawn_action){A_FCHDIR, fd, 0, 0, 0, NULL});
}

int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *restrict a, const char *restrict path)
{
    return posix_spawn_file_actions_addchdir(a, path);
}

int posix_spawn_file_actions_addfchdir_np(posix_spawn_file_actions_t *a, int fd)
{
    return posix_spawn_file_actions_addfchdir(a, fd);
}

int posix_spawnattr_init(posix_spawnattr_t *a) { memset(a, 0, sizeof *a); return 0; }
int posix_spawnattr_destroy(posix_spawnattr_t *a) { (void)a; return 0; }
int posix_spawnattr_setflags(posix_spawnattr_t *a, short flags)
{
    if (flags & ~(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID))
        return EINVAL;
    a->flags = flags;
    return 0;
}
int posix_spawnattr_getflags(const posix_spawnattr_t *restrict a, short *restrict f) { *f = a->flags; return 0; }
int posix_spawnattr_setpgroup(posix_spawnattr_t *a, pid_t g) { a->pgroup = g; return 0; }
int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict a, pid_t *restrict g) { *g = a->pgroup; return 0; }
int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict a, const sigset_t *restrict m) { a->sigmask = *m; return 0; }
int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict a, sigset_t *restrict m) { *m = a->sigmask; return 0; }
int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict a, const sigset_t *restrict s) { a->sigdefault = *s; return 0; }
int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict a, sigset_t *restrict s) { *s = a->sigdefault; return 0; }

static _Noreturn void child(int report, const char *file, int search, const posix_spawn_file_actions_t *fa,
                            const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    short flags = attr ? attr->flags : 0;
    if ((flags & POSIX_SPAWN_SETSID) && setsid() < 0) goto fail;
    if ((flags & POSIX_SPAWN_SETPGROUP) && setpgid(0, attr->pgroup) != 0) goto fail;
    if (flags & POSIX_SPAWN_SETSIGDEF) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        for (int s = 1; s < NSIG; s++)
            if (sigismember(&attr->sigdefault, s) == 1) sigaction(s, &dfl, NULL);
    }
    if (flags & POSIX_SPAWN_SETSIGMASK) sigprocmask(SIG_SETMASK, &attr->sigmask, NULL);
    for (int i = 0; fa && i < fa->count; i++) {
        const struct __spawn_action *a = &fa->actions[i];
        if ((a->kind != A_CHDIR && a->fd == report) || (a->kind == A_DUP2 && a->newfd == report)) {
            /* The program's descriptor wins: move the report pipe out of its way (a dup2 onto it
               would otherwise replace it, and the exec's error would go to the program's file). */
            int moved = fcntl(report, F_DUPFD_CLOEXEC, 3);
            if (moved < 0) goto fail;
            close(report);
            report = moved;
        }
        if (a->kind == A_CLOSE) {
            close(a->fd);
        } else if (a->kind == A_CHDIR) {
            if (chdir(a->path) < 0) goto fail;
        } else if (a->kind == A_FCHDIR) {
            if (fchdir(a->fd) < 0) goto fail;
        } else if (a->kind == A_DUP2) {
            if (a->fd == a->newfd) {
                int fl = fcntl(a->fd, F_GETFD);
                if (fl < 0 || fcntl(a->fd, F_SETFD, fl & ~FD_CLOEXEC) < 0) goto fail;
            } else if (dup2(a->fd, a->newfd) < 0) {
                goto fail;
            }
        } else {
            int fd = open(a->path, a->oflag, a->mode);
            if (fd < 0) goto fail;
            if (fd != a->fd) {
                if (dup2(fd, a->fd) < 0) goto fail;
                close(fd);
            }
        }
    }
    if (search) execvpe(file, argv, envp ? envp : environ);
    else execve(file, argv, envp ? envp : environ);
fail:;
    int e = errno;
    write(report, &e, sizeof e);
    _exit(127);
}

static int spawn(pid_t *pid, const char *file, int search, const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    int p[2];
    if (pipe(p) != 0) return errno;
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    pid_t c = fork();
    if (c < 0) {
        int e = errno;
        close(p[0]);
        close(p[1]);
        return e;
    }
    if (c == 0) {
        close(p[0]);
        child(p[1], file, search, fa, attr, argv, envp);
    }
    close(p[1]);
    int e = 0;
    ssize_t n;
    while ((n = read(p[0], &e, sizeof e)) < 0 && errno == EINTR) {}
    close(p[0]);
    if (n == (ssize_t)sizeof e) {
        /* The child failed before its exec: reap it, and report why. */
        while (waitpid(c, NULL, 0) < 0 && errno == EINTR) {}
        return e;
    }
    if (pid) *pid = c;
    return 0;
}

int posix_spawn(pid_t *restrict pid, const char *restrict path, const posix_spawn_file_actions_t *fa,
                const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict])
{
    return spawn(pid, path, 0, fa, attr, argv, envp);
}

int posix_spawnp(pid_t *restrict pid, const char *restrict file, const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict])
{
    return spawn(pid, file, 1, fa, attr, argv, envp);
}
