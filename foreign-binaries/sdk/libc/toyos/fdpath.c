/* ToyOS has no descriptor-relative calls (openat, fstatat, fchmod, fchdir, futimens, ...): every
 * path call takes a path. The SDK emulates them with a table, kept by the libc, of the absolute path
 * each descriptor was opened with (open records it, close forgets it, dup/dup2/F_DUPFD copy it), so
 * that openat(dirfd, "x") becomes open("<dirfd's path>/x") and fchmod(fd) chmod("<fd's path>").
 * Limits (documented in the SDK README): a file or directory renamed or removed after it was opened
 * is still found by its old path; descriptors the program did not open itself (0, 1, 2, pipes) have
 * no path, and the emulated calls fail on them with ENOTSUP (EBADF if closed, ENOTDIR for a
 * directory-relative call on a non-directory). */
#include "toyos.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **table;
static int cap;
static char *cwd;          /* the working directory, cached; NULL: ask the system */

hidden void __fdpath_cwd_changed(void) {
    free(cwd);
    cwd = NULL;
}

/* Absolute form of path (not normalised beyond joining). Returns a malloc'd string or NULL. */
hidden char *__fdpath_absolute(const char *path) {
    if (path[0] == '/') return strdup(path);
    if (!cwd) {
        char buf[PATH_MAX];
        struct toy_result r = toy_sys_getcwd(buf, sizeof buf);
        if (r.error) return NULL;
        cwd = strdup(buf);
        if (!cwd) return NULL;
    }
    size_t a = strlen(cwd), b = strlen(path);
    char *out = malloc(a + b + 2);
    if (!out) return NULL;
    memcpy(out, cwd, a);
    out[a] = '/';
    memcpy(out + a + 1, path, b + 1);
    if (a == 1) memmove(out + 1, out + 2, b + 1);     /* cwd "/" */
    return out;
}

static int reserve(int fd) {
    if (fd < cap) return 0;
    int n = cap ? cap : 64;
    while (n <= fd) n *= 2;
    char **t = realloc(table, (size_t)n * sizeof *t);
    if (!t) return -1;
    memset(t + cap, 0, (size_t)(n - cap) * sizeof *t);
    table = t;
    cap = n;
    return 0;
}

hidden void __fdpath_drop(int fd) {
    if (fd >= 0 && fd < cap) {
        free(table[fd]);
        table[fd] = NULL;
    }
}

/* Records the path fd was opened with (silently nothing when memory is short: the emulated calls
   then fail with ENOTSUP on fd, they never use a wrong path). */
hidden void __fdpath_opened(int fd, const char *path) {
    if (fd < 0 || reserve(fd) < 0) return;
    free(table[fd]);
    table[fd] = __fdpath_absolute(path);
}

hidden void __fdpath_dup(int oldfd, int newfd) {
    if (newfd < 0 || oldfd == newfd) return;
    __fdpath_drop(newfd);
    if (oldfd >= 0 && oldfd < cap && table[oldfd] && reserve(newfd) == 0)
        table[newfd] = strdup(table[oldfd]);
}

/* The path of fd, or NULL with errno set (EBADF, or ENOTSUP for a descriptor without a path). */
hidden const char *__fdpath_get(int fd) {
    if (fd >= 0 && fd < cap && table[fd]) return table[fd];
    struct toy_stat st;
    struct toy_result r = toy_sys_fstat(fd, &st);
    errno = r.error ? (int)r.value : ENOTSUP;
    return NULL;
}

/* The path a *at call means: path itself when it is absolute or dirfd is AT_FDCWD, else dirfd's path
   joined with it. *owned receives a malloc'd string to free (or NULL). */
hidden const char *__fdpath_at(int dirfd, const char *path, char **owned) {
    *owned = NULL;
    if (!path) { errno = EFAULT; return NULL; }
    if (path[0] == '/' || dirfd == AT_FDCWD) return path;
    const char *dir = __fdpath_get(dirfd);
    if (!dir) {
        if (errno == ENOTSUP) {
            struct toy_stat st;
            if (!toy_sys_fstat(dirfd, &st).error && (st.mode & TOY_S_IFMT) != TOY_S_IFDIR) errno = ENOTDIR;
        }
        return NULL;
    }
    struct toy_stat st;
    struct toy_result r = toy_sys_stat(dir, &st);
    if (!r.error && (st.mode & TOY_S_IFMT) != TOY_S_IFDIR) { errno = ENOTDIR; return NULL; }
    if (!*path) return dir;            /* AT_EMPTY_PATH-style use; callers check their flags */
    size_t a = strlen(dir), b = strlen(path);
    char *out = malloc(a + b + 2);
    if (!out) return NULL;
    memcpy(out, dir, a);
    out[a] = '/';
    memcpy(out + a + 1, path, b + 1);
    *owned = out;
    return out;
}
