/* More of <string.h> and <strings.h>: POSIX and common BSD/GNU additions. */
#define _GNU_SOURCE 1   /* the GNU strerror_r is defined here; the XSI one by its real name */
#include "../internal.h"
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

char *strsep(char **restrict sp, const char *restrict delim) {
    char *s = *sp;
    if (!s) return NULL;
    char *end = s + strcspn(s, delim);
    if (*end) { *end = 0; *sp = end + 1; }
    else *sp = NULL;
    return s;
}

void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen) {
    const unsigned char *h = hay, *n = needle;
    if (nlen == 0) return (void *)h;
    if (hlen < nlen) return NULL;
    for (size_t i = 0; i + nlen <= hlen; i++) {
        const unsigned char *p = memchr(h + i, n[0], hlen - nlen + 1 - i);
        if (!p) return NULL;
        i = (size_t)(p - h);
        if (memcmp(p, n, nlen) == 0) return (void *)p;
    }
    return NULL;
}

void *memccpy(void *restrict d, const void *restrict s, int c, size_t n) {
    unsigned char *dp = d;
    const unsigned char *sp = s;
    for (size_t i = 0; i < n; i++) {
        dp[i] = sp[i];
        if (sp[i] == (unsigned char)c) return dp + i + 1;
    }
    return NULL;
}

char *stpncpy(char *restrict d, const char *restrict s, size_t n) {
    size_t k = strnlen(s, n);
    memcpy(d, s, k);
    memset(d + k, 0, n - k);
    return d + k;
}

char *strchrnul(const char *s, int c) {
    while (*s && *s != (char)c) s++;
    return (char *)s;
}

char *strcasestr(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return (char *)hay;
    return n == 0 ? (char *)hay : NULL;
}

size_t strlcpy(char *restrict d, const char *restrict s, size_t n) {
    size_t len = strlen(s);
    if (n) {
        size_t k = len < n - 1 ? len : n - 1;
        memcpy(d, s, k);
        d[k] = 0;
    }
    return len;
}

size_t strlcat(char *restrict d, const char *restrict s, size_t n) {
    size_t dl = strnlen(d, n);
    if (dl == n) return n + strlen(s);
    return dl + strlcpy(d + dl, s, n - dl);
}

/* The "C" locale: collation is byte order, so the transformed string is the string. */
size_t strxfrm(char *restrict d, const char *restrict s, size_t n) {
    size_t len = strlen(s);
    if (len < n) memcpy(d, s, len + 1);
    return len;
}

/* XSI strerror_r (what glibc gives without _GNU_SOURCE): 0, or ERANGE when buf is too small. */
int __xpg_strerror_r(int err, char *buf, size_t n) {
    const char *m = __errno_message(err);
    char unknown[32];
    int r = 0;
    if (!m) {
        snprintf(unknown, sizeof unknown, "Unknown error %d", err);
        m = unknown;
        r = EINVAL;
    }
    size_t len = strlen(m);
    if (n == 0) return ERANGE;
    if (len >= n) {
        memcpy(buf, m, n - 1);
        buf[n - 1] = 0;
        return ERANGE;
    }
    memcpy(buf, m, len + 1);
    return r;
}

/* GNU strerror_r: the message; an unknown number is formatted into buf. */

char *strerror_r(int err, char *buf, size_t n) {
    const char *m = __errno_message(err);
    if (m) return (char *)m;
    if (n) snprintf(buf, n, "Unknown error %d", err);
    return buf;
}

void explicit_bzero(void *p, size_t n) {
    memset(p, 0, n);
    __asm__ volatile("" : : "r"(p) : "memory");   /* the stores may not be optimised away */
}

void bzero(void *p, size_t n) { memset(p, 0, n); }
void bcopy(const void *s, void *d, size_t n) { memmove(d, s, n); }
char *index(const char *s, int c) { return strchr(s, c); }
char *rindex(const char *s, int c) { return strrchr(s, c); }

int ffs(int i) { return __builtin_ffs(i); }
int ffsl(long i) { return __builtin_ffsl(i); }
int ffsll(long long i) { return __builtin_ffsll(i); }
