/* Linux twin backend: the file system. */
#include "linux.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* struct stat of the x86-64 kernel (newfstatat). */
struct kstat {
    unsigned long dev, ino, nlink;
    unsigned mode, uid, gid, pad0;
    unsigned long rdev;
    long size, blksize, blocks;
    unsigned long atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
    long reserved[3];
};

static int do_stat(int dirfd, const char *path, struct stat *st, int flags) {
    struct kstat k;
    if (lx_ret(sys4(SYS_newfstatat, dirfd, path, &k, flags)) < 0) return -1;
    st->st_dev = k.dev;
    st->st_ino = k.ino;
    st->st_mode = k.mode;
    st->st_nlink = k.nlink;
    st->st_uid = k.uid;
    st->st_gid = k.gid;
    st->st_rdev = k.rdev;
    st->st_size = k.size;
    st->st_blksize = k.blksize;
    st->st_blocks = k.blocks;
    st->st_atim = (struct timespec){ (time_t)k.atime, (long)k.atime_ns };
    st->st_mtim = (struct timespec){ (time_t)k.mtime, (long)k.mtime_ns };
    st->st_ctim = (struct timespec){ (time_t)k.ctime, (long)k.ctime_ns };
    return 0;
}


int stat(const char *restrict path, struct stat *restrict st) { return do_stat(AT_FDCWD, path, st, 0); }
int lstat(const char *restrict path, struct stat *restrict st) {
    return do_stat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}
int fstat(int fd, struct stat *st) { return do_stat(fd, "", st, AT_EMPTY_PATH); }

int mkdir(const char *path, mode_t mode) { return (int)lx_ret(sys2(SYS_mkdir, path, mode)); }
int chmod(const char *path, mode_t mode) { return (int)lx_ret(sys2(SYS_chmod, path, mode)); }
int rmdir(const char *path) { return (int)lx_ret(sys1(SYS_rmdir, path)); }
int unlink(const char *path) { return (int)lx_ret(sys1(SYS_unlink, path)); }
int rename(const char *a, const char *b) { return (int)lx_ret(sys2(SYS_rename, a, b)); }
int link(const char *a, const char *b) { return (int)lx_ret(sys2(SYS_link, a, b)); }
int symlink(const char *target, const char *path) { return (int)lx_ret(sys2(SYS_symlink, target, path)); }
int chdir(const char *path) { return (int)lx_ret(sys1(SYS_chdir, path)); }
int access(const char *path, int mode) { return (int)lx_ret(sys3(SYS_faccessat, AT_FDCWD, path, mode)); }

ssize_t readlink(const char *restrict path, char *restrict buf, size_t size) {
    return lx_ret(sys3(SYS_readlink, path, buf, size));
}

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
    if (lx_ret(sys2(SYS_getcwd, buf, size)) < 0) {
        free(mine);
        return NULL;
    }
    return buf;
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags) {
    return (int)lx_ret(sys4(SYS_utimensat, dirfd, path, times, flags));
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags) {
    return do_stat(dirfd, path, st, flags);
}

/* Directory records for common/dirent.c: linux_dirent64. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

long __dir_read(int fd, void *buf, size_t size) { return lx_ret(sys3(SYS_getdents64, fd, buf, size)); }

size_t __dir_decode(const char *rec, struct dirent *out) {
    const struct linux_dirent64 *d = (const struct linux_dirent64 *)rec;
    out->d_ino = d->d_ino;
    out->d_type = d->d_type;
    size_t n = strnlen(d->d_name, sizeof out->d_name - 1);
    memcpy(out->d_name, d->d_name, n);
    out->d_name[n] = 0;
    return d->d_reclen;
}
