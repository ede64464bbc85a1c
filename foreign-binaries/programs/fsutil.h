/* fsutil.h - recursive removal and copying shared by rm, cp and mv. */
#ifndef BURROW_PROGRAMS_FSUTIL_H
#define BURROW_PROGRAMS_FSUTIL_H

#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

__attribute__((unused))
static char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *r = malloc(dl + nl + 2);
    memcpy(r, dir, dl);
    size_t o = dl;
    if (dl == 0 || dir[dl - 1] != '/')
        r[o++] = '/';
    memcpy(r + o, name, nl + 1);
    return r;
}

/* Last component of NAME without trailing slashes (malloc'd). */
__attribute__((unused))
static char *base_name(const char *name)
{
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/') n--;
    size_t s = n;
    while (s > 0 && name[s - 1] != '/') s--;
    return strndup(name + s, n - s);
}

/* Remove PATH recursively; messages like GNU rm.  Returns 0 or -1. */
__attribute__((unused))
static int remove_tree(const char *path, bool force)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (force && errno == ENOENT)
            return 0;
        warnx_("cannot remove %s: %s", quote(path), strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0) {
            warnx_("cannot remove %s: %s", quote(path), strerror(errno));
            return -1;
        }
        return 0;
    }
    DIR *d = opendir(path);
    int status = 0;
    if (!d) {
        warnx_("cannot remove %s: %s", quote(path), strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = path_join(path, e->d_name);
    }
    closedir(d);
    for (size_t k = 0; k < n; k++) {
        if (remove_tree(names[k], force) != 0)
            status = -1;
        free(names[k]);
    }
    free(names);
    if (status == 0 && rmdir(path) != 0) {
        warnx_("cannot remove %s: %s", quote(path), strerror(errno));
        return -1;
    }
    return status;
}

/* Copy the contents of regular file SRC to DST (created with SRC's mode). */
__attribute__((unused))
static int copy_file(const char *src, const char *dst, const struct stat *sst, bool preserve)
{
    int in = open(src, O_RDONLY);
    if (in < 0) {
        warnx_("cannot open %s for reading: %s", quote(src), strerror(errno));
        return -1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, sst->st_mode & 07777);
    if (out < 0) {
        warnx_("cannot create regular file %s: %s", quote(dst), strerror(errno));
        close(in);
        return -1;
    }
    static char buf[1 << 16];
    int status = 0;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            warnx_("error reading %s: %s", quote(src), strerror(errno));
            status = -1;
            break;
        }
        if (r == 0)
            break;
        if (write_all(out, buf, (size_t)r) != 0) {
            warnx_("error writing %s: %s", quote(dst), strerror(errno));
            status = -1;
            break;
        }
    }
    close(in);
    if (close(out) != 0 && status == 0) {
        warnx_("error writing %s: %s", quote(dst), strerror(errno));
        status = -1;
    }
    if (status == 0 && preserve) {
        struct timespec t[2] = {sst->st_atim, sst->st_mtim};
        utimensat(AT_FDCWD, dst, t, 0);
        chmod(dst, sst->st_mode & 07777);
    }
    return status;
}

/* Copy SRC to DST: files, symlinks (as links when !deref), directories if
 * recursive. */
__attribute__((unused))
static int copy_tree(const char *src, const char *dst, bool recursive, bool deref, bool preserve)
{
    struct stat st;
    if ((deref ? stat(src, &st) : lstat(src, &st)) != 0) {
        warnx_("cannot stat %s: %s", quote(src), strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            warnx_("-r not specified; omitting directory %s", quote(src));
            return -1;
        }
        struct stat dst_st;
        if (stat(dst, &dst_st) != 0) {
            if (mkdir(dst, (st.st_mode & 07777) | S_IRWXU) != 0) {
                warnx_("cannot create directory %s: %s", quote(dst), strerror(errno));
                return -1;
            }
        } else if (!S_ISDIR(dst_st.st_mode)) {
            warnx_("cannot overwrite non-directory %s with directory %s", quote(dst), quote(src));
            return -1;
        }
        DIR *d = opendir(src);
        if (!d) {
            warnx_("cannot access %s: %s", quote(src), strerror(errno));
            return -1;
        }
        int status = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *s = path_join(src, e->d_name), *t = path_join(dst, e->d_name);
            if (copy_tree(s, t, recursive, false, preserve) != 0)
                status = -1;
            free(s);
            free(t);
        }
        closedir(d);
        chmod(dst, st.st_mode & 07777);
        if (preserve) {
            struct timespec t[2] = {st.st_atim, st.st_mtim};
            utimensat(AT_FDCWD, dst, t, 0);
        }
        return status;
    }
    if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0) {
            warnx_("cannot read symbolic link %s: %s", quote(src), strerror(errno));
            return -1;
        }
        target[n] = '\0';
        unlink(dst);
        if (symlink(target, dst) != 0) {
            warnx_("cannot create symbolic link %s: %s", quote(dst), strerror(errno));
            return -1;
        }
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        warnx_("cannot copy special file %s", quote(src));
        return -1;
    }
    return copy_file(src, dst, &st, preserve);
}

/* The operand rules cp and mv share (as GNU's): a source and a destination at least; several
   sources need a directory destination; each source lands at DEST/basename(SRC) when DEST is a
   directory (and -T was not given), else at DEST. Exits with the usage status on a missing operand;
   returns 0, or 1 after a "not a directory" error. */
__attribute__((unused))
static int target_operands(const struct gopt *g, bool no_tdir, const char **dest, bool *dest_is_dir)
{
    if (g->nops == 0) {
        warnx_("missing file operand");
        usage_hint(1);
    }
    if (g->nops == 1) {
        warnx_("missing destination file operand after %s", quote(g->ops[0]));
        usage_hint(1);
    }
    *dest = g->ops[g->nops - 1];
    struct stat dst;
    int found = stat(*dest, &dst) == 0;
    int err = errno;
    *dest_is_dir = !no_tdir && found && S_ISDIR(dst.st_mode);
    if (!*dest_is_dir && g->nops > 2) {
        warnx_("target %s: %s", quote(*dest), strerror(found ? ENOTDIR : err));
        return 1;
    }
    return 0;
}

/* Where one source goes (see target_operands); freshly allocated. */
__attribute__((unused))
static char *target_path(const char *src, const char *dest, bool dest_is_dir)
{
    if (!dest_is_dir)
        return strdup(dest);
    char *base = base_name(src);
    char *target = path_join(dest, base);
    free(base);
    return target;
}

#endif
