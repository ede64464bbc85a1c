/* ToyOS backend: the file system (paths, stat, directories, times). */
#include "toyos.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* toy_stat -> struct stat. The mode is ToyOS's (type bits 16-19 | 07777), which is exactly what the
   public S_IF* values describe under __TOYOS__. */
static void from_toy(const struct toy_stat *t, struct stat *st) {
    st->st_dev = t->dev;
    st->st_ino = t->ino;
    st->st_mode = t->mode;
    st->st_nlink = t->nlink;
    st->st_uid = t->uid;
    st->st_gid = t->gid;
    st->st_rdev = t->rdev;
    st->st_size = t->size;
    st->st_blksize = t->blksize;
    st->st_blocks = (blkcnt_t)t->blocks;
    /* Floor division, so times before 1970 keep 0 <= tv_nsec < 1e9. */
    int64_t ns[3] = { t->atime_ns, t->mtime_ns, t->ctime_ns };
    struct timespec *ts[3] = { &st->st_atim, &st->st_mtim, &st->st_ctim };
    for (int i = 0; i < 3; i++) {
        int64_t s = ns[i] / 1000000000, r = ns[i] % 1000000000;
        if (r < 0) { r += 1000000000; s--; }
        ts[i]->tv_sec = s;
        ts[i]->tv_nsec = r;
    }
}

int stat(const char *restrict path, struct stat *restrict st) {
    struct toy_stat t;
    if (toy_ret(toy_sys_stat(path, &t)) < 0) return -1;
    from_toy(&t, st);
    return 0;
}

int lstat(const char *restrict path, struct stat *restrict st) {
    struct toy_stat t;
    if (toy_ret(toy_sys_lstat(path, &t)) < 0) return -1;
    from_toy(&t, st);
    return 0;
}

int fstat(int fd, struct stat *st) {
    struct toy_stat t;
    if (toy_ret(toy_sys_fstat(fd, &t)) < 0) return -1;
    from_toy(&t, st);
    return 0;
}

int mkdir(const char *path, mode_t mode) { return (int)toy_ret(toy_sys_mkdir(path, __toy_umask_apply(mode))); }
int chmod(const char *path, mode_t mode) { return (int)toy_ret(toy_sys_chmod(path, mode)); }
int rmdir(const char *path) { return (int)toy_ret(toy_sys_rmdir(path)); }
int unlink(const char *path) { return (int)toy_ret(toy_sys_unlink(path)); }
int rename(const char *a, const char *b) { return (int)toy_ret(toy_sys_rename(a, b)); }
int link(const char *a, const char *b) { return (int)toy_ret(toy_sys_link(a, b)); }
int symlink(const char *target, const char *path) { return (int)toy_ret(toy_sys_symlink(target, path)); }
int chdir(const char *path) {
    int r = (int)toy_ret(toy_sys_chdir(path));
    if (r == 0) __fdpath_cwd_changed();
    return r;
}
int access(const char *path, int mode) { return (int)toy_ret(toy_sys_access(path, (unsigned)mode)); }

ssize_t readlink(const char *restrict path, char *restrict buf, size_t size) {
    return toy_ret(toy_sys_readlink(path, buf, size));
}

/* getcwd(NULL, 0) allocates, as glibc's does (programs rely on it). */
char *getcwd(char *buf, size_t size) {
    char *mine = NULL;
    if (!buf) {
        size = size ? size : PATH_MAX;
        buf = mine = malloc(size);
        if (!buf) return NULL;
    } else if (size == 0) {
        errno = EINVAL;
        return NULL;
    }
    if (toy_ret(toy_sys_getcwd(buf, size)) < 0) {
        free(mine);
        return NULL;
    }
    return buf;
}

/* ToyOS has only path-based utimens: dirfd goes through the descriptor-path table (fdpath.c). */
int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags) {
    if (flags & ~AT_SYMLINK_NOFOLLOW) { errno = EINVAL; return -1; }
    uint64_t t[2] = { TOY_UTIME_NOW, TOY_UTIME_NOW };
    if (times) {
        for (int i = 0; i < 2; i++) {
            long ns = times[i].tv_nsec;
            if (ns == UTIME_NOW) t[i] = TOY_UTIME_NOW;
            else if (ns == UTIME_OMIT) t[i] = TOY_UTIME_OMIT;
            else if (ns < 0 || ns >= 1000000000) { errno = EINVAL; return -1; }
            else t[i] = (uint64_t)(times[i].tv_sec * 1000000000 + ns);
        }
    }
    char *owned;
    const char *p = __fdpath_at(dirfd, path, &owned);
    if (!p) return -1;
    int r = (int)toy_ret(toy_sys_utimens(p, t, (unsigned)flags));
    free(owned);
    return r;
}

/* Directory records for common/dirent.c: ToyOS's toy_dirent. */
long __dir_read(int fd, void *buf, size_t size) { return toy_ret(toy_sys_readdir(fd, buf, size)); }

size_t __dir_decode(const char *rec, struct dirent *out) {
    const struct toy_dirent *d = (const struct toy_dirent *)rec;
    out->d_ino = d->ino;
    out->d_type = d->type;
    memcpy(out->d_name, d->name, d->namelen);
    out->d_name[d->namelen] = 0;
    return d->reclen;
}
