/* canon.h - file name canonicalisation shared by readlink -f/-e/-m and realpath.
 * Implemented with lstat + readlink + getcwd only (no libc realpath). */
#ifndef BURROW_PROGRAMS_CANON_H
#define BURROW_PROGRAMS_CANON_H

#include "common.h"
#include <limits.h>
#include <sys/stat.h>

enum canon_mode {
    CANON_EXISTING,     /* every component must exist (-e) */
    CANON_ALL_BUT_LAST, /* all but the last must exist (-f, realpath default) */
    CANON_MISSING       /* nothing needs to exist (-m) */
};

/* Returns a malloc'd absolute canonical name, or NULL with errno set. */
static char *canonicalize(const char *name, enum canon_mode mode)
{
    if (*name == '\0') {
        errno = ENOENT;
        return NULL;
    }
    size_t cap = PATH_MAX * 2;
    char *res = malloc(cap);
    char *rest = malloc(cap * 2);
    if (!res || !rest) {
        errno = ENOMEM;
        return NULL;
    }
    size_t rlen = 0;
    if (name[0] == '/') {
        res[0] = '/';
        rlen = 1;
    } else {
        if (!getcwd(res, cap))
            goto fail;
        rlen = strlen(res);
    }
    res[rlen] = '\0';
    if (strlen(name) >= cap * 2) {
        errno = ENAMETOOLONG;
        goto fail;
    }
    strcpy(rest, name);
    int links = 0;
    char *p = rest;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        char *end = p;
        while (*end && *end != '/')
            end++;
        size_t clen = (size_t)(end - p);
        if (clen == 1 && p[0] == '.') {
            p = end;
            continue;
        }
        if (clen == 2 && p[0] == '.' && p[1] == '.') {
            while (rlen > 1 && res[rlen - 1] != '/')
                rlen--;
            if (rlen > 1)
                rlen--;
            res[rlen] = '\0';
            p = end;
            continue;
        }
        if (rlen + clen + 2 >= cap) {
            errno = ENAMETOOLONG;
            goto fail;
        }
        size_t saved = rlen;
        if (res[rlen - 1] != '/')
            res[rlen++] = '/';
        memcpy(res + rlen, p, clen);
        rlen += clen;
        res[rlen] = '\0';
        p = end;
        bool last = true;
        for (char *q = p; *q; q++)
            if (*q != '/') { last = false; break; }
        struct stat st;
        if (lstat(res, &st) != 0) {
            if (errno == ENOENT &&
                (mode == CANON_MISSING || (mode == CANON_ALL_BUT_LAST && last)))
                continue;
            goto fail;
        }
        if (S_ISLNK(st.st_mode)) {
            if (++links > 40) {
                errno = ELOOP;
                goto fail;
            }
            char target[PATH_MAX];
            ssize_t n = readlink(res, target, sizeof target - 1);
            if (n < 0)
                goto fail;
            target[n] = '\0';
            size_t restlen = strlen(p);
            if ((size_t)n + restlen + 2 >= cap * 2) {
                errno = ENAMETOOLONG;
                goto fail;
            }
            /* new rest = target + "/" + old rest */
            memmove(rest + n + 1, p, restlen + 1);
            memcpy(rest, target, (size_t)n);
            rest[n] = '/';
            p = rest;
            if (target[0] == '/') {
                rlen = 1;
                res[1] = '\0';
            } else {
                rlen = saved;
                res[rlen] = '\0';
            }
            continue;
        }
        if (!S_ISDIR(st.st_mode) && !last) {
            if (mode == CANON_MISSING)
                continue;
            errno = ENOTDIR;
            goto fail;
        }
    }
    free(rest);
    return res;
fail:;
    int e = errno;
    free(res);
    free(rest);
    errno = e;
    return NULL;
}

#endif
