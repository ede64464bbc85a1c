/* tt.h - helpers shared by the conformance tests (foreign-binaries/tests/).
 *
 * Every test is ONE program that prints TAP through toytest.h and builds twice from the same
 * source: for ToyOS (run under Burrow) and as the static Linux twin. Only the SDK's public API is
 * used here (standard POSIX names), so whatever a test asserts must hold on both targets.
 *
 *   tt_scratch("name")   creates /tmp/toytest-name-PID (removing a leftover of the same name) and
 *                        returns it; tt_path("x") is "<scratch>/x" (allocated, stays valid).
 *   tt_cleanup()         removes the scratch tree (chmods directories back to 0700 first).
 *   tt_privileged()      1 when permission bits are not enforced for us (root, CAP_DAC_OVERRIDE):
 *                        a chmod 000 file can still be opened. Tests that need EACCES skip then.
 *   tt_free_fd(n)        the lowest descriptor >= n that is free (the runner may leave some open);
 *   tt_free_run(n, k)    the first of k consecutive free descriptors >= n.
 *   tt_other_fs_dir()    a directory on another file system (EXDEV cases), or NULL.
 *   tt_write_file / tt_read_file / tt_size  small file helpers (raw read/write, no stdio).
 *   BADPTR               an address that is never mapped (first page) for EFAULT cases.
 *   is_errno_ptr(p, E)   is_errno for calls that return a pointer (NULL on failure).
 *   is_errno_val(r, bad, E)  a call that reports failure with `bad` (isatty: 0) and sets errno.
 *   tt_capture(fn, arg, &st)  runs fn(arg) (an exec) in a child with stdout into a pipe; returns
 *                        the output (static buffer) and the wait status in st; a failed exec exits
 *                        100 + errno % 100.
 *
 * Nothing here asserts anything: a helper that fails prints a diag line and the test's own
 * assertions then fail on their own.
 */
#ifndef BURROW_TESTS_TT_H
#define BURROW_TESTS_TT_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <toytest.h>
#include <unistd.h>

#define TT_UNUSED __attribute__((unused))

/* The first page is never mapped, on Linux (mmap_min_addr) or on ToyOS (images start at 0x10000).
   Read through a volatile so the compiler cannot reason about (or warn on) the constant. */
static void *volatile tt_badptr = (void *)0x10;
#define BADPTR ((void *)tt_badptr)

static char tt_dir[512];

/* "<scratch>/rel", freshly allocated (never freed: tests are short-lived, and a returned path stays
   valid for the whole test). */
static TT_UNUSED const char *tt_path(const char *rel)
{
    size_t n = strlen(tt_dir) + strlen(rel) + 2;
    char *b = malloc(n);
    if (!b) {
        diag("tt_path: out of memory");
        exit(1);
    }
    snprintf(b, n, "%s/%s", tt_dir, rel);
    return b;
}

/* Remove a tree without following symlinks. Returns 0, or -1 with errno from the first failure. */
static TT_UNUSED int tt_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    chmod(path, 0700);
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        size_t n = strlen(path);
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *child = malloc(n + strlen(e->d_name) + 2);
            if (!child)
                break;
            sprintf(child, "%s/%s", path, e->d_name);
            tt_rmtree(child);
            free(child);
        }
        closedir(d);
    }
    return rmdir(path);
}

static TT_UNUSED const char *tt_scratch(const char *name)
{
    struct stat st;
    snprintf(tt_dir, sizeof tt_dir, "/tmp/toytest-%s-%d", name, (int)getpid());
    if (lstat(tt_dir, &st) == 0)
        tt_rmtree(tt_dir);
    if (mkdir(tt_dir, 0700) != 0)
        diag("cannot create scratch directory %s: %s", tt_dir, errno_name(errno));
    return tt_dir;
}

static TT_UNUSED void tt_cleanup(void)
{
    if (tt_dir[0] && tt_rmtree(tt_dir) != 0)
        diag("cannot remove scratch directory %s: %s", tt_dir, errno_name(errno));
}

/* Create (truncate) path with exactly `len` bytes of data. 0 on success. */
static TT_UNUSED int tt_write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        diag("tt_write_file(%s): open: %s", path, errno_name(errno));
        return -1;
    }
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) {
            diag("tt_write_file(%s): write: %s", path, errno_name(errno));
            close(fd);
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return close(fd);
}

static TT_UNUSED int tt_write_str(const char *path, const char *s)
{
    return tt_write_file(path, s, strlen(s));
}

/* Read up to cap-1 bytes of path into buf, NUL-terminate. Returns the length or -1. */
static TT_UNUSED long tt_read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t got = 0;
    while (got + 1 < cap) {
        ssize_t n = read(fd, buf + got, cap - 1 - got);
        if (n < 0) {
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    buf[got] = 0;
    close(fd);
    return (long)got;
}

/* st_size of path (following symlinks), or -1. */
static TT_UNUSED long tt_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static TT_UNUSED int tt_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* 1 when a file with mode 000 can still be opened for reading: permission checks do not apply to
   us (root), so EACCES cannot be provoked. Cached. */
static TT_UNUSED int tt_privileged(void)
{
    static int cached = -1;
    if (cached >= 0)
        return cached;
    char probe[600];
    snprintf(probe, sizeof probe, "%s/.privilege-probe", tt_dir);
    tt_write_str(probe, "x");
    chmod(probe, 0);
    int fd = open(probe, O_RDONLY);
    cached = fd >= 0;
    if (fd >= 0)
        close(fd);
    unlink(probe);
    return cached;
}

/* The lowest descriptor >= from that is not open (the runner may pass extra open descriptors, so
   tests never assume which numbers are free). Then a number starting a run of `count` free ones. */
static TT_UNUSED int tt_free_fd(int from)
{
    int e = errno;
    while (fcntl(from, F_GETFD) != -1)
        from++;
    errno = e;
    return from;
}

static TT_UNUSED int tt_free_run(int from, int count)
{
    for (;;) {
        int n = tt_free_fd(from), i;
        for (i = 1; i < count; i++)
            if (tt_free_fd(n + i) != n + i)
                break;
        if (i == count)
            return n;
        from = n + i;
    }
}

/* A directory on another file system than the scratch directory (st_dev differs), for EXDEV;
   NULL when none of the usual candidates qualifies. */
static TT_UNUSED const char *tt_other_fs_dir(void)
{
    static const char *const candidates[] = {"/dev/shm", "/proc", "/dev", "/run", "/sys"};
    struct stat here, there;
    if (stat(tt_dir, &here) != 0)
        return NULL;
    for (unsigned i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (stat(candidates[i], &there) == 0 && S_ISDIR(there.st_mode) && there.st_dev != here.st_dev)
            return candidates[i];
    return NULL;
}

#define TT_SKIP_ROOT "needs an unprivileged user"

/* is_errno for calls returning a pointer (NULL on failure). */
static TT_UNUSED int is_errno_ptr(const void *p, int want, const char *name)
{
    return is_errno(p ? 0 : -1, want, name);
}

/* For calls that signal failure with a value other than -1 (isatty: 0). */
static TT_UNUSED int is_errno_val(long long ret, long long failval, int want, const char *name)
{
    return is_errno(ret == failval ? -1 : (ret == -1 ? -2 : ret), want, name);
}

/* A string of n copies of c (n < 8192), in one of 2 rotating buffers. */
static TT_UNUSED const char *tt_repeat(char c, size_t n)
{
    static char bufs[2][8192];
    static int next;
    char *b = bufs[next++ & 1];
    if (n >= sizeof bufs[0])
        n = sizeof bufs[0] - 1;
    memset(b, c, n);
    b[n] = 0;
    return b;
}

/* Runs fn(arg) in a child with stdout into a pipe; returns the output, the wait status in *st. */
static TT_UNUSED char *tt_capture(void (*fn)(void *), void *arg, int *st)
{
    static char out[4096];
    int p[2];
    if (pipe(p) != 0) {
        diag("tt_capture: pipe failed");
        out[0] = 0;
        return out;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        fn(arg);
        _exit(100 + errno % 100);      /* the exec failed: report its errno */
    }
    close(p[1]);
    size_t n = 0;
    ssize_t r;
    while (n < sizeof out - 1 && (r = read(p[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)r;
    out[n] = 0;
    close(p[0]);
    waitpid(pid, st, 0);
    return out;
}

#endif
