/* The process API built on fork, exec and waitpid, the same on both targets: the exec family with
 * a PATH search (execvp, execvpe, execlp, execl, execle), system, popen/pclose.
 *
 * The command processor of system and popen is `sh` found by a PATH search, never a fixed
 * /bin/sh: on ToyOS, PATH holds ToyOS program directories (Burrow's default PATH is the program's
 * own directory, or /bin under --root), and /bin/sh on the host is a Linux program a ToyOS process
 * cannot run. The twin does the same search, so a twin finds the twin shell next to itself when
 * PATH says so, and the host's /bin/sh on an ordinary PATH. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include "../internal.h"

extern char **environ;

/* glibc's default when PATH is unset. */
#define DEFAULT_PATH "/bin:/usr/bin"

/* Runs `file` (no '/') in each directory of PATH; returns on failure only, errno as execvp's. A
   file that is no program (ENOEXEC) is run as a script of `sh`, as execvp does. */
static int exec_search(const char *file, char *const argv[], char *const envp[], int in_path)
{
    if (!*file) { errno = ENOENT; return -1; }
    if (!in_path || strchr(file, '/')) {
        execve(file, argv, envp);
        if (errno == ENOEXEC) {
            size_t n = 0;
            while (argv[n]) n++;
            char **sargv = malloc((n + 2) * sizeof *sargv);
            char sh[4096];
            if (sargv && __sdk_find_program("sh", sh, sizeof sh) == 0) {
                sargv[0] = "sh";
                sargv[1] = (char *)file;
                for (size_t i = 1; i <= n; i++) sargv[i + 1] = argv[i];
                execve(sh, sargv, envp);
            }
            free(sargv);
            errno = ENOEXEC;
        }
        return -1;
    }
    const char *path = getenv("PATH");
    if (!path) path = DEFAULT_PATH;
    size_t flen = strlen(file);
    int saw_eacces = 0;
    for (const char *p = path;; ) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        char buf[4096];
        if (dlen + flen + 2 <= sizeof buf) {
            if (dlen) { memcpy(buf, p, dlen); buf[dlen] = '/'; dlen++; }
            memcpy(buf + dlen, file, flen + 1);       /* an empty entry is the working directory */
            exec_search(buf, argv, envp, 0);
            switch (errno) {
            case EACCES: saw_eacces = 1; break;
            case ENOENT: case ENOTDIR: case ENAMETOOLONG: case ELOOP: break;
            default: return -1;                       /* found, but it cannot run: stop here */
            }
        }
        if (!end) break;
        p = end + 1;
    }
    errno = saw_eacces ? EACCES : ENOENT;
    return -1;
}

hidden int __sdk_find_program(const char *name, char *out, size_t size)
{
    const char *path = getenv("PATH");
    if (!path) path = DEFAULT_PATH;
    size_t nlen = strlen(name);
    for (const char *p = path;; ) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        if (dlen + nlen + 2 <= size) {
            size_t o = 0;
            if (dlen) { memcpy(out, p, dlen); out[dlen] = '/'; o = dlen + 1; }
            memcpy(out + o, name, nlen + 1);
            if (access(out, X_OK) == 0) return 0;
        }
        if (!end) break;
        p = end + 1;
    }
    errno = ENOENT;
    return -1;
}

int execvp(const char *file, char *const argv[]) { return exec_search(file, argv, environ, 1); }
int execvpe(const char *file, char *const argv[], char *const envp[]) { return exec_search(file, argv, envp, 1); }

/* The variadic forms: the list after `arg` (at most 4095 arguments, then NULL) is collected into
   an array on the stack, then executed as `how` says; execle's environment follows the NULL. */
enum exec_list_kind { EXEC_L, EXEC_LP, EXEC_LE };

static int exec_list(const char *file, const char *arg, va_list ap, enum exec_list_kind how)
{
    char *argv[4096];
    int n = 1;
    argv[0] = (char *)arg;
    if (arg)
        while (n < 4095 && (argv[n] = va_arg(ap, char *))) n++;
    argv[n] = NULL;
    switch (how) {
    case EXEC_LP: return exec_search(file, argv, environ, 1);
    case EXEC_LE: return execve(file, argv, va_arg(ap, char *const *));
    default: return execve(file, argv, environ);
    }
}

int execl(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int r = exec_list(path, arg, ap, EXEC_L);
    va_end(ap);
    return r;
}

int execlp(const char *file, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int r = exec_list(file, arg, ap, EXEC_LP);
    va_end(ap);
    return r;
}

int execle(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    int r = exec_list(path, arg, ap, EXEC_LE);
    va_end(ap);
    return r;
}

/* ---- system: sh -c COMMAND, with SIGINT and SIGQUIT ignored and SIGCHLD blocked while it runs
   (POSIX). system(NULL) says whether a shell is there to be found. errno is left as it was unless
   system fails, as glibc leaves it: callers such as Lua's os.execute read errno after a nonzero
   status, and the PATH search for sh sets it on every directory without one. */
int system(const char *command)
{
    char sh[4096];
    int entry_errno = errno;
    if (!command) { int r = __sdk_find_program("sh", sh, sizeof sh) == 0; errno = entry_errno; return r; }
    int have_sh = __sdk_find_program("sh", sh, sizeof sh) == 0;
    struct sigaction ign, old_int, old_quit;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    sigset_t chld, old_mask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old_mask);
    fflush(NULL);
    pid_t pid = fork();
    int status = -1;
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        if (have_sh) {
            char *argv[] = {"sh", "-c", (char *)command, NULL};
            execve(sh, argv, environ);
        }
        _exit(127);
    }
    int saved = entry_errno;
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) { saved = errno; status = -1; break; }
        }
    } else {
        saved = errno;                      /* fork failed */
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    errno = saved;
    return status;
}

/* ---- popen/pclose: a child `sh -c COMMAND` with its stdin or stdout on a pipe. The children of
   streams still open are remembered (pclose waits for its own), and a new child closes the other
   streams' descriptors, as POSIX asks. */
struct popen_child { FILE *f; pid_t pid; struct popen_child *next; };
static struct popen_child *children;

FILE *popen(const char *command, const char *mode)
{
    int reading = mode[0] == 'r', cloexec = strchr(mode, 'e') != NULL;
    if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] && mode[1] != 'e')) { errno = EINVAL; return NULL; }
    char sh[4096];
    int have_sh = __sdk_find_program("sh", sh, sizeof sh) == 0;
    struct popen_child *c = malloc(sizeof *c);
    if (!c) return NULL;
    int p[2];
    if (pipe(p) != 0) { free(c); return NULL; }
    int mine = reading ? p[0] : p[1], theirs = reading ? p[1] : p[0];
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(p[0]);
        close(p[1]);
        free(c);
        errno = e;
        return NULL;
    }
    if (pid == 0) {
        for (struct popen_child *o = children; o; o = o->next) close(fileno(o->f));
        close(mine);
        int target = reading ? 1 : 0;
        if (theirs != target) {
            dup2(theirs, target);
            close(theirs);
        }
        if (have_sh) {
            char *argv[] = {"sh", "-c", (char *)command, NULL};
            execve(sh, argv, environ);
        }
        _exit(127);
    }
    close(theirs);
    if (cloexec) fcntl(mine, F_SETFD, FD_CLOEXEC);
    FILE *f = fdopen(mine, reading ? "r" : "w");
    if (!f) {
        int e = errno;
        close(mine);
        waitpid(pid, NULL, 0);
        free(c);
        errno = e;
        return NULL;
    }
    c->f = f;
    c->pid = pid;
    c->next = children;
    children = c;
    return f;
}

int pclose(FILE *f)
{
    struct popen_child **pp = &children;
    while (*pp && (*pp)->f != f) pp = &(*pp)->next;
    if (!*pp) { errno = ECHILD; return -1; }
    struct popen_child *c = *pp;
    *pp = c->next;
    pid_t pid = c->pid;
    free(c);
    fclose(f);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return status;
}
