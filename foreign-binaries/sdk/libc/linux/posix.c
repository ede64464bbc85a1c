/* Linux twin backend: the *at family, ids, ownership, umask, flock, ttyname: the kernel's own calls. */
#include "linux.h"
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    SYS_flock = 73, SYS_truncate = 76, SYS_fchdir = 81, SYS_fchmod = 91, SYS_fchown = 93,
    SYS_lchown = 94, SYS_umask = 95, SYS_getuid = 102, SYS_getgid = 104, SYS_setuid = 105,
    SYS_setgid = 106, SYS_geteuid = 107, SYS_getegid = 108, SYS_getgroups = 115, SYS_chown = 92,
    SYS_mkdirat = 258, SYS_mknodat = 259, SYS_fchownat = 260, SYS_unlinkat = 263, SYS_renameat = 264,
    SYS_linkat = 265, SYS_symlinkat = 266, SYS_readlinkat = 267, SYS_fchmodat = 268, SYS_faccessat2 = 439,
};

int openat(int dirfd, const char *path, int flags, ...) {
    unsigned mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, unsigned);
        va_end(ap);
    }
    return (int)lx_ret(sys4(SYS_openat, dirfd, path, flags, mode));
}

int unlinkat(int dirfd, const char *path, int flags) { return (int)lx_ret(sys3(SYS_unlinkat, dirfd, path, flags)); }
int mkdirat(int dirfd, const char *path, mode_t mode) { return (int)lx_ret(sys3(SYS_mkdirat, dirfd, path, mode)); }
int symlinkat(const char *target, int dirfd, const char *path) { return (int)lx_ret(sys3(SYS_symlinkat, target, dirfd, path)); }
ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf, size_t size) {
    return lx_ret(sys4(SYS_readlinkat, dirfd, path, buf, size));
}
int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags) {
    return (int)lx_ret(sys6(SYS_linkat, olddirfd, (long)oldpath, newdirfd, (long)newpath, flags, 0));
}
int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return (int)lx_ret(sys4(SYS_renameat, olddirfd, oldpath, newdirfd, newpath));
}

int faccessat(int dirfd, const char *path, int mode, int flags) {
    if (flags == 0) return (int)lx_ret(sys3(SYS_faccessat, dirfd, path, mode));
    return (int)lx_ret(sys4(SYS_faccessat2, dirfd, path, mode, flags));
}

/* fchmodat with AT_SYMLINK_NOFOLLOW: the kernel has no such flag for chmod; as glibc, refuse it for a
   symbolic link and do a plain chmod otherwise. */
int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
    if (flags & ~AT_SYMLINK_NOFOLLOW) { errno = EINVAL; return -1; }
    if (flags) {
        struct stat st;
        if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0) return -1;
        if (S_ISLNK(st.st_mode)) { errno = ENOTSUP; return -1; }
    }
    return (int)lx_ret(sys3(SYS_fchmodat, dirfd, path, mode));
}

int fchmod(int fd, mode_t mode) { return (int)lx_ret(sys2(SYS_fchmod, fd, mode)); }
int fchdir(int fd) { return (int)lx_ret(sys1(SYS_fchdir, fd)); }
int futimens(int fd, const struct timespec times[2]) { return (int)lx_ret(sys4(SYS_utimensat, fd, 0, times, 0)); }
int truncate(const char *path, off_t length) { return (int)lx_ret(sys2(SYS_truncate, path, length)); }
mode_t umask(mode_t mask) { return (mode_t)sys1(SYS_umask, mask); }

uid_t getuid(void) { return (uid_t)sys0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)sys0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)sys0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)sys0(SYS_getegid); }
int getgroups(int n, gid_t *list) { return (int)lx_ret(sys2(SYS_getgroups, n, list)); }
int setuid(uid_t uid) { return (int)lx_ret(sys1(SYS_setuid, uid)); }
int setgid(gid_t gid) { return (int)lx_ret(sys1(SYS_setgid, gid)); }
int seteuid(uid_t uid) { return (int)lx_ret(sys3(117 /* setresuid */, -1, uid, -1)); }
int setegid(gid_t gid) { return (int)lx_ret(sys3(119 /* setresgid */, -1, gid, -1)); }

int chown(const char *path, uid_t uid, gid_t gid) { return (int)lx_ret(sys3(SYS_chown, path, uid, gid)); }
int lchown(const char *path, uid_t uid, gid_t gid) { return (int)lx_ret(sys3(SYS_lchown, path, uid, gid)); }
int fchown(int fd, uid_t uid, gid_t gid) { return (int)lx_ret(sys3(SYS_fchown, fd, uid, gid)); }
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags) {
    return (int)lx_ret(sys6(SYS_fchownat, dirfd, (long)path, uid, gid, flags, 0));
}

int mknod(const char *path, mode_t mode, dev_t dev) { return (int)lx_ret(sys4(SYS_mknodat, AT_FDCWD, path, mode, dev)); }
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) { return (int)lx_ret(sys4(SYS_mknodat, dirfd, path, mode, dev)); }
int mkfifo(const char *path, mode_t mode) { return mknod(path, mode | S_IFIFO, 0); }
int mkfifoat(int dirfd, const char *path, mode_t mode) { return mknodat(dirfd, path, mode | S_IFIFO, 0); }

int flock(int fd, int op) { return (int)lx_ret(sys2(SYS_flock, fd, op)); }

/* ttyname: the terminal's name from /proc/self/fd, as glibc does (checked against the descriptor). */
int ttyname_r(int fd, char *buf, size_t n) {
    if (!isatty(fd)) return errno;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t k = readlink(link, buf, n ? n - 1 : 0);
    if (k < 0) return errno;
    if ((size_t)k >= n - 1) return ERANGE;
    buf[k] = 0;
    return 0;
}

char *ttyname(int fd) {
    static char name[PATH_MAX];
    int e = ttyname_r(fd, name, sizeof name);
    if (e) { errno = e; return NULL; }
    return name;
}
