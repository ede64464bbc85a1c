/* scandir/alphasort, glob, ftw/nftw: directory walking on top of opendir/readdir and lstat/stat. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int alphasort(const struct dirent **a, const struct dirent **b) { return strcoll((*a)->d_name, (*b)->d_name); }

int scandir(const char *path, struct dirent ***out, int (*filter)(const struct dirent *),
            int (*compar)(const struct dirent **, const struct dirent **)) {
    DIR *d = opendir(path);
    if (!d) return -1;
    struct dirent **list = NULL, *e;
    size_t n = 0, cap = 0;
    int saved = errno;
    errno = 0;
    while ((e = readdir(d))) {
        if (filter && !filter(e)) { errno = 0; continue; }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct dirent **l = realloc(list, cap * sizeof *l);
            if (!l) goto fail;
            list = l;
        }
        struct dirent *copy = malloc(sizeof *copy);
        if (!copy) goto fail;
        memcpy(copy, e, sizeof *copy);
        list[n++] = copy;
        errno = 0;
    }
    if (errno) goto fail;
    closedir(d);
    if (compar && n > 1) qsort(list, n, sizeof *list, (int (*)(const void *, const void *))compar);
    *out = list;
    errno = saved;
    return (int)n;
fail:;
    int e2 = errno;
    while (n) free(list[--n]);
    free(list);
    closedir(d);
    errno = e2;
    return -1;
}

/* ---- glob: each pattern component with wildcards is matched against a directory listing. */
static int has_magic(const char *s, int noescape) {
    for (; *s; s++) {
        if (*s == '*' || *s == '?' || *s == '[') return 1;
        if (*s == '\\' && !noescape && s[1]) s++;
    }
    return 0;
}

struct gstate {
    glob_t *g;
    int flags;
    int (*errfunc)(const char *, int);
    size_t count, cap;
    char **found;
};

static int add_match(struct gstate *st, const char *path, int isdir) {
    if (st->count == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 16;
        char **f = realloc(st->found, cap * sizeof *f);
        if (!f) return GLOB_NOSPACE;
        st->found = f;
        st->cap = cap;
    }
    size_t len = strlen(path);
    int mark = (st->flags & GLOB_MARK) && isdir && (len == 0 || path[len - 1] != '/');
    char *s = malloc(len + 1 + mark);
    if (!s) return GLOB_NOSPACE;
    memcpy(s, path, len);
    if (mark) s[len++] = '/';
    s[len] = 0;
    st->found[st->count++] = s;
    return 0;
}

/* Unescapes a literal component (backslashes) into out. */
static void unescape(char *out, const char *in, size_t n, int noescape) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '\\' && !noescape && i + 1 < n) i++;
        out[o++] = in[i];
    }
    out[o] = 0;
}

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* prefix: the path built so far ("" or ending in '/'); pat: the rest of the pattern. */
static int glob_in(struct gstate *st, const char *prefix, const char *pat) {
    int noescape = st->flags & GLOB_NOESCAPE;
    while (*pat == '/') pat++;
    const char *slash = strchr(pat, '/');
    size_t clen = slash ? (size_t)(slash - pat) : strlen(pat);
    char comp[NAME_MAX + 1];
    if (clen > NAME_MAX) return 0;
    memcpy(comp, pat, clen);
    comp[clen] = 0;
    const char *rest = slash ? slash : NULL;
    size_t plen = strlen(prefix);

    if (!has_magic(comp, noescape)) {
        char path[PATH_MAX];
        char lit[NAME_MAX + 1];
        unescape(lit, comp, clen, noescape);
        if (plen + strlen(lit) + 2 > sizeof path) return 0;
        memcpy(path, prefix, plen);
        strcpy(path + plen, lit);
        if (!rest || !rest[strspn(rest, "/")]) {
            struct stat sb;
            if (lstat(path, &sb) < 0) return 0;
            if (rest) { if (!S_ISDIR(sb.st_mode) && !is_dir(path)) return 0; strcat(path, "/"); }
            return add_match(st, path, is_dir(path));
        }
        strcat(path, "/");
        return glob_in(st, path, rest);
    }

    DIR *d = opendir(plen ? prefix : ".");
    if (!d) {
        if (errno != ENOENT && errno != ENOTDIR) {
            if ((st->errfunc && st->errfunc(plen ? prefix : ".", errno)) || (st->flags & GLOB_ERR)) return GLOB_ABORTED;
        }
        return 0;
    }
    struct dirent *e;
    int fflags = (noescape ? FNM_NOESCAPE : 0) | FNM_PERIOD;
    int r = 0;
    while ((e = readdir(d))) {
        if (fnmatch(comp, e->d_name, fflags)) continue;
        char path[PATH_MAX];
        if (plen + strlen(e->d_name) + 2 > sizeof path) continue;
        memcpy(path, prefix, plen);
        strcpy(path + plen, e->d_name);
        if (!rest || !rest[strspn(rest, "/")]) {
            if (rest) {
                if (!is_dir(path)) continue;
                strcat(path, "/");
            }
            r = add_match(st, path, is_dir(path));
        } else {
            if (!is_dir(path)) continue;
            strcat(path, "/");
            r = glob_in(st, path, rest);
        }
        if (r) break;
    }
    closedir(d);
    return r;
}

static int cmp_str(const void *a, const void *b) { return strcoll(*(char *const *)a, *(char *const *)b); }

int glob(const char *restrict pattern, int flags, int (*errfunc)(const char *, int), glob_t *restrict g) {
    struct gstate st = { g, flags, errfunc, 0, 0, NULL };
    if (!(flags & GLOB_APPEND)) {
        g->gl_pathc = 0;
        g->gl_pathv = NULL;
        if (!(flags & GLOB_DOOFFS)) g->gl_offs = 0;
    }
    int r = pattern[0] == '/' ? glob_in(&st, "/", pattern + 1) : glob_in(&st, "", pattern);
    if (r == 0 && st.count == 0) {
        if (flags & GLOB_NOCHECK) r = add_match(&st, pattern, 0);
        else r = GLOB_NOMATCH;
    }
    if (r == 0 || r == GLOB_ABORTED) {
        if (!(flags & GLOB_NOSORT) && st.count > 1) qsort(st.found, st.count, sizeof *st.found, cmp_str);
        size_t offs = (flags & GLOB_DOOFFS) ? g->gl_offs : 0;
        size_t old = g->gl_pathc;
        char **v = realloc(g->gl_pathv, (offs + old + st.count + 1) * sizeof *v);
        if (!v) { r = GLOB_NOSPACE; goto done; }
        if (!old) for (size_t i = 0; i < offs; i++) v[i] = NULL;
        memcpy(v + offs + old, st.found, st.count * sizeof *v);
        v[offs + old + st.count] = NULL;
        g->gl_pathv = v;
        g->gl_pathc = old + st.count;
        free(st.found);
        return r;
    }
done:
    while (st.count) free(st.found[--st.count]);
    free(st.found);
    return r;
}

void globfree(glob_t *g) {
    if (!g->gl_pathv) return;
    for (size_t i = 0; i < g->gl_pathc; i++) free(g->gl_pathv[g->gl_offs + i]);
    free(g->gl_pathv);
    g->gl_pathv = NULL;
    g->gl_pathc = 0;
}

/* ---- nftw / ftw: depth-first, directory entries in readdir order, as glibc. */
struct walk {
    int (*fn)(const char *, const struct stat *, int, struct FTW *);
    int flags;
    int cwd;             /* FTW_CHDIR: the starting directory, returned to after each call */
    dev_t dev;
    char path[PATH_MAX];
};

/* Calls fn; with FTW_CHDIR, in the directory holding the entry (base: where its name starts in the
   path), going back to the starting directory afterwards so the walk's paths stay valid. */
static int call(struct walk *w, const struct stat *st, int type, struct FTW *f) {
    if (!(w->flags & FTW_CHDIR) || f->base == 0) return w->fn(w->path, st, type, f);
    char dir[PATH_MAX];
    memcpy(dir, w->path, (size_t)f->base);
    dir[f->base] = 0;
    if (chdir(dir) < 0) return -1;
    int r = w->fn(w->path, st, type, f);
    int e = errno;
    if (fchdir(w->cwd) < 0) return -1;
    errno = e;
    return r;
}

static int walk(struct walk *w, size_t len, int level, int base) {
    struct stat st;
    int type;
    int r = (w->flags & FTW_PHYS) ? lstat(w->path, &st) : stat(w->path, &st);
    if (r < 0) {
        if (!(w->flags & FTW_PHYS) && errno == ENOENT && lstat(w->path, &st) == 0 && S_ISLNK(st.st_mode)) type = FTW_SLN;
        else type = FTW_NS;
    }
    if (r < 0 && level == 0 && type == FTW_NS) return -1;   /* the root itself: an error, as glibc */
    if (r < 0) {
    } else if (S_ISDIR(st.st_mode)) {
        type = (w->flags & FTW_DEPTH) ? FTW_DP : FTW_D;
    } else if (S_ISLNK(st.st_mode)) {
        type = FTW_SL;
    } else {
        type = FTW_F;
    }
    if (level == 0 && type != FTW_NS) w->dev = st.st_dev;
    if ((w->flags & FTW_MOUNT) && type != FTW_NS && st.st_dev != w->dev) return 0;
    struct FTW f = { base, level };
    if (type == FTW_D || type == FTW_DP) {
        DIR *d = opendir(w->path);
        if (!d) {
            type = FTW_DNR;
        } else if (type == FTW_D && (r = call(w, &st, type, &f))) {
            closedir(d);
            return r;
        }
        if (d) {
            struct dirent *e;
            if (len > 0 && w->path[len - 1] != '/') w->path[len++] = '/';
            while ((e = readdir(d))) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                size_t n = strlen(e->d_name);
                if (len + n + 1 > sizeof w->path) { closedir(d); errno = ENAMETOOLONG; return -1; }
                memcpy(w->path + len, e->d_name, n + 1);
                if ((r = walk(w, len + n, level + 1, (int)len))) { closedir(d); return r; }
            }
            closedir(d);
            if (len > 1 && w->path[len - 1] == '/') len--;
            w->path[len] = 0;
            if (type == FTW_D) return 0;
        }
    }
    return call(w, &st, type, &f);
}

int nftw(const char *path, int (*fn)(const char *, const struct stat *, int, struct FTW *), int fdlimit, int flags) {
    (void)fdlimit;
    struct walk *wp = malloc(sizeof *wp);
    if (!wp) return -1;
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/') len--;       /* "t/" is walked as "t", as glibc */
    if (len >= sizeof wp->path) { free(wp); errno = ENAMETOOLONG; return -1; }
    memcpy(wp->path, path, len);
    wp->path[len] = 0;
    wp->fn = fn;
    wp->flags = flags;
    const char *slash = strrchr(wp->path, '/');
    int base = slash && slash[1] ? (int)(slash - wp->path + 1) : 0;
    wp->cwd = -1;
    if ((flags & FTW_CHDIR) && (wp->cwd = open(".", O_RDONLY | O_DIRECTORY)) < 0) {
        free(wp);
        return -1;
    }
    int r = walk(wp, len, 0, base);
    if (wp->cwd >= 0) {
        int e = errno;
        close(wp->cwd);
        errno = e;
    }
    free(wp);
    return r;
}

static int (*ftw_fn)(const char *, const struct stat *, int);
static int ftw_adapter(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)f;
    return ftw_fn(p, s, t == FTW_DP ? FTW_D : t == FTW_SLN ? FTW_NS : t);
}

int ftw(const char *path, int (*fn)(const char *, const struct stat *, int), int fdlimit) {
    int (*saved)(const char *, const struct stat *, int) = ftw_fn;
    ftw_fn = fn;
    int r = nftw(path, ftw_adapter, fdlimit, 0);
    ftw_fn = saved;
    return r;
}
