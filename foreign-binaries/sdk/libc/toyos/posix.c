/* ToyOS backend: POSIX calls ToyOS has no system call for, emulated in the libc as the SDK README
 * documents, or failing with ENOSYS where only an ABI extension could provide them.
 *   - the *at family, fchmod, fchdir, futimens: through the descriptor-path table (fdpath.c);
 *   - umask: kept by the libc and applied by open/mkdir (the system applies its own too);
 *   - user and group ids: ToyOS has none; the ids reported are the owner of a new pipe, i.e. the
 *     identity under which the system creates the program's files;
 *   - chown and friends: allowed when they change nothing, else EPERM (as for an unprivileged user);
 *   - mknod, mkfifo, flock, ttyname: no ToyOS call can do them: -1 with ENOSYS.
 */
#include "toyos.h"
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define AT(dirfd, path, call)                                   \
    do {                                                        \
        char *owned_;                                           \
        const char *p_ = __fdpath_at(dirfd, path, &owned_);     \
        if (!p_) return -1;                                     \
        int r_ = (call);                                        \
        int e_ = errno;                                         \
        free(owned_);                                           \
        errno = e_;                                             \
        return r_;                                              \
    } while (0)
#define P p_

int openat(int dirfd, const char *path, int flags, ...) {
    unsigned mode = 0;
    if (flags & O_CREAT) {
        __builtin_va_list ap;
        __builtin_va_start(ap, flags);
        mode = __builtin_va_arg(ap, unsigned);
        __builtin_va_end(ap);
    }
    AT(dirfd, path, open(P, flags, mode));
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags) {
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) { errno = EINVAL; return -1; }
    if (!*path) {
        if (flags & AT_EMPTY_PATH) return dirfd == AT_FDCWD ? stat(".", st) : fstat(dirfd, st);
        errno = ENOENT;
        return -1;
    }
    AT(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? lstat(P, st) : stat(P, st));
}

int unlinkat(int dirfd, const char *path, int flags) {
    if (flags & ~AT_REMOVEDIR) { errno = EINVAL; return -1; }
    AT(dirfd, path, (flags & AT_REMOVEDIR) ? rmdir(P) : unlink(P));
}

int mkdirat(int dirfd, const char *path, mode_t mode) { AT(dirfd, path, mkdir(P, mode)); }
int symlinkat(const char *target, int dirfd, const char *path) { AT(dirfd, path, symlink(target, P)); }

ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf, size_t size) {
    char *owned;
    const char *p = __fdpath_at(dirfd, path, &owned);
    if (!p) return -1;
    ssize_t r = readlink(p, buf, size);
    int e = errno;
    free(owned);
    errno = e;
    return r;
}

/* AT_EACCESS: the effective ids are the real ones (there is no setuid), so it changes nothing. */
int faccessat(int dirfd, const char *path, int mode, int flags) {
    if (flags & ~AT_EACCESS) { errno = flags & AT_SYMLINK_NOFOLLOW ? ENOTSUP : EINVAL; return -1; }
    AT(dirfd, path, access(P, mode));
}

/* ToyOS's chmod follows symbolic links; a link's own mode cannot be set (as on Linux). */
int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
    if (flags & ~AT_SYMLINK_NOFOLLOW) { errno = EINVAL; return -1; }
    if (flags & AT_SYMLINK_NOFOLLOW) {
        struct stat st;
        int r;
        AT(dirfd, path, (r = lstat(P, &st)) < 0 ? -1 : S_ISLNK(st.st_mode) ? (errno = ENOTSUP, -1) : chmod(P, mode));
    }
    AT(dirfd, path, chmod(P, mode));
}

/* linkat: ToyOS's link does not follow a symbolic link oldpath (as Linux's without AT_SYMLINK_FOLLOW);
   with the flag, the libc resolves it first. */
int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags) {
    if (flags & ~AT_SYMLINK_FOLLOW) { errno = EINVAL; return -1; }
    char *o1, *o2;
    const char *a = __fdpath_at(olddirfd, oldpath, &o1);
    if (!a) return -1;
    const char *b = __fdpath_at(newdirfd, newpath, &o2);
    if (!b) { free(o1); return -1; }
    int r;
    if (flags & AT_SYMLINK_FOLLOW) {
        char *real = realpath(a, NULL);
        r = real ? link(real, b) : -1;
        free(real);
    } else {
        r = link(a, b);
    }
    int e = errno;
    free(o1);
    free(o2);
    errno = e;
    return r;
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    char *o1, *o2;
    const char *a = __fdpath_at(olddirfd, oldpath, &o1);
    if (!a) return -1;
    const char *b = __fdpath_at(newdirfd, newpath, &o2);
    if (!b) { free(o1); return -1; }
    int r = rename(a, b);
    int e = errno;
    free(o1);
    free(o2);
    errno = e;
    return r;
}

int fchmod(int fd, mode_t mode) {
    const char *p = __fdpath_get(fd);
    return p ? chmod(p, mode) : -1;
}

int fchdir(int fd) {
    const char *p = __fdpath_get(fd);
    return p ? chdir(p) : -1;
}

int futimens(int fd, const struct timespec times[2]) {
    const char *p = __fdpath_get(fd);
    return p ? utimensat(AT_FDCWD, p, times, 0) : -1;
}

int truncate(const char *path, off_t length) {
    int fd = (int)toy_ret(toy_sys_open(path, TOY_O_WRONLY, 0));
    if (fd < 0) return -1;
    int r = ftruncate(fd, length);
    int e = errno;
    toy_sys_close(fd);
    errno = e;
    return r;
}

/* ---- umask. The first value is the one the system applies (Burrow: the host process's umask),
   learnt once by creating a directory with mode 0777 in /tmp and reading its mode back. */
static unsigned cur_umask;
static int umask_known;

static void learn_umask(void) {
    if (umask_known) return;
    umask_known = 1;
    cur_umask = 022;
    char path[64];
    unsigned long long tag = (unsigned long long)getpid() * 1000003ull ^ (unsigned long long)(uintptr_t)path;
    snprintf(path, sizeof path, "/tmp/.toyos-umask-%llx", tag);
    if (toy_sys_mkdir(path, 0777).error) return;
    struct toy_stat st;
    if (!toy_sys_stat(path, &st).error) cur_umask = ~st.mode & 0777;
    toy_sys_rmdir(path);
}

mode_t umask(mode_t mask) {
    learn_umask();
    unsigned old = cur_umask;
    cur_umask = mask & 0777;
    return old;
}

unsigned __toy_umask_apply(unsigned mode) {
    /* Until the program sets a umask, the system's own applies (nothing to add). */
    return umask_known ? mode & ~cur_umask : mode;
}

/* ---- ids */
static int ids_known;
static uid_t the_uid;
static gid_t the_gid;

static void learn_ids(void) {
    if (ids_known) return;
    int fds[2];
    struct toy_stat st;
    if (!toy_sys_pipe(fds, 0).error) {
        if (!toy_sys_fstat(fds[0], &st).error) {
            the_uid = st.uid;
            the_gid = st.gid;
            ids_known = 1;
        }
        toy_sys_close(fds[0]);
        toy_sys_close(fds[1]);
    }
}

uid_t getuid(void) { learn_ids(); return the_uid; }
uid_t geteuid(void) { learn_ids(); return the_uid; }
gid_t getgid(void) { learn_ids(); return the_gid; }
gid_t getegid(void) { learn_ids(); return the_gid; }

/* No supplementary groups. */
int getgroups(int n, gid_t *list) {
    (void)list;
    if (n < 0) { errno = EINVAL; return -1; }
    return 0;
}

/* No setuid: setting the id one already has succeeds, anything else is EPERM. */
int setuid(uid_t uid) { if (uid != getuid()) { errno = EPERM; return -1; } return 0; }
int setgid(gid_t gid) { if (gid != getgid()) { errno = EPERM; return -1; } return 0; }
int seteuid(uid_t uid) { return setuid(uid); }
int setegid(gid_t gid) { return setgid(gid); }

/* ---- ownership: only a change to nothing (-1, or the current owner) is allowed. */
static int own_check(const struct stat *st, uid_t uid, gid_t gid) {
    if ((uid != (uid_t)-1 && uid != st->st_uid) || (gid != (gid_t)-1 && gid != st->st_gid)) {
        errno = EPERM;
        return -1;
    }
    return 0;
}

int chown(const char *path, uid_t uid, gid_t gid) {
    struct stat st;
    return stat(path, &st) < 0 ? -1 : own_check(&st, uid, gid);
}

int lchown(const char *path, uid_t uid, gid_t gid) {
    struct stat st;
    return lstat(path, &st) < 0 ? -1 : own_check(&st, uid, gid);
}

int fchown(int fd, uid_t uid, gid_t gid) {
    struct stat st;
    return fstat(fd, &st) < 0 ? -1 : own_check(&st, uid, gid);
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags) {
    struct stat st;
    if (fstatat(dirfd, path, &st, flags) < 0) return -1;
    return own_check(&st, uid, gid);
}

/* ---- what only an ABI extension could provide. */
int mknod(const char *path, mode_t mode, dev_t dev) { (void)path; (void)mode; (void)dev; errno = ENOSYS; return -1; }
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) { (void)dirfd; return mknod(path, mode, dev); }
int mkfifo(const char *path, mode_t mode) { (void)path; (void)mode; errno = ENOSYS; return -1; }
int mkfifoat(int dirfd, const char *path, mode_t mode) { (void)dirfd; return mkfifo(path, mode); }

int flock(int fd, int op) {
    struct toy_stat st;
    if (toy_sys_fstat(fd, &st).error) { errno = EBADF; return -1; }
    if (op != LOCK_UN && (op & ~LOCK_NB) != LOCK_SH && (op & ~LOCK_NB) != LOCK_EX) { errno = EINVAL; return -1; }
    errno = ENOSYS;
    return -1;
}

char *ttyname(int fd) {
    if (!isatty(fd)) return NULL;     /* errno: ENOTTY or EBADF */
    errno = ENOSYS;
    return NULL;
}

int ttyname_r(int fd, char *buf, size_t n) {
    (void)buf; (void)n;
    if (!isatty(fd)) return errno;
    return ENOSYS;
}
