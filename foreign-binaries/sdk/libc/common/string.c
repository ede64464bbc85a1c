/* <string.h>: byte-wise implementations. The SDK builds libc with -ffreestanding, which keeps the
   compiler from turning these loops back into calls to themselves. */
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

void *memcpy(void *restrict d, const void *restrict s, size_t n) {
    unsigned char *dp = d;
    const unsigned char *sp = s;
    /* Word copies for the bulk: memcpy is hot in stdio and realloc. */
    while (n >= 8) {
        uint64_t w;
        __builtin_memcpy(&w, sp, 8);   /* an unaligned 8-byte load, not a call */
        __builtin_memcpy(dp, &w, 8);
        dp += 8; sp += 8; n -= 8;
    }
    while (n--) *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n) {
    unsigned char *dp = d;
    const unsigned char *sp = s;
    if (dp == sp || n == 0) return d;
    if (dp < sp || dp >= sp + n) return memcpy(d, s, n);
    while (n--) dp[n] = sp[n];    /* overlapping, destination above: copy backwards */
    return d;
}

void *memset(void *d, int c, size_t n) {
    unsigned char *dp = d;
    uint64_t w = (unsigned char)c * 0x0101010101010101ull;
    while (n >= 8) { __builtin_memcpy(dp, &w, 8); dp += 8; n -= 8; }
    while (n--) *dp++ = (unsigned char)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

int bcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }

void *memchr(const void *s, int c, size_t n) {
    const unsigned char *p = s;
    for (; n; n--, p++)
        if (*p == (unsigned char)c) return (void *)p;
    return NULL;
}

void *memrchr(const void *s, int c, size_t n) {
    const unsigned char *p = s;
    while (n--)
        if (p[n] == (unsigned char)c) return (void *)(p + n);
    return NULL;
}

void *mempcpy(void *restrict d, const void *restrict s, size_t n) {
    return (char *)memcpy(d, s, n) + n;
}

size_t strlen(const char *s) {
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max) {
    size_t n = 0;
    while (n < max && s[n]) n++;
    return n;
}

char *stpcpy(char *restrict d, const char *restrict s) {
    while ((*d = *s)) d++, s++;
    return d;
}

char *strcpy(char *restrict d, const char *restrict s) {
    stpcpy(d, s);
    return d;
}

char *strncpy(char *restrict d, const char *restrict s, size_t n) {
    size_t i = 0;
    for (; i < n && s[i]; i++) d[i] = s[i];
    for (; i < n; i++) d[i] = 0;
    return d;
}

char *strcat(char *restrict d, const char *restrict s) {
    strcpy(d + strlen(d), s);
    return d;
}

char *strncat(char *restrict d, const char *restrict s, size_t n) {
    char *p = d + strlen(d);
    while (n-- && *s) *p++ = *s++;
    *p = 0;
    return d;
}

int strcmp(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
    for (; n; n--, a++, b++) {
        if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
        if (!*a) return 0;
    }
    return 0;
}

/* The C locale collates by byte value. */
int strcoll(const char *a, const char *b) { return strcmp(a, b); }

char *strchr(const char *s, int c) {
    for (;; s++) {
        if (*s == (char)c) return (char *)s;
        if (!*s) return NULL;
    }
}

char *strrchr(const char *s, int c) {
    const char *last = NULL;
    for (;; s++) {
        if (*s == (char)c) last = s;
        if (!*s) return (char *)last;
    }
}

char *strstr(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    if (n == 0) return (char *)hay;
    for (; (hay = strchr(hay, *needle)); hay++)
        if (strncmp(hay, needle, n) == 0) return (char *)hay;
    return NULL;
}

char *strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

char *strndup(const char *s, size_t n) {
    n = strnlen(s, n);
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* A 256-bit set of the bytes in `chars`, for strspn/strcspn/strpbrk/strtok. */
static void byteset(uint64_t set[4], const char *chars) {
    set[0] = set[1] = set[2] = set[3] = 0;
    for (; *chars; chars++) {
        unsigned char c = (unsigned char)*chars;
        set[c >> 6] |= 1ull << (c & 63);
    }
}
#define INSET(set, c) ((set)[(unsigned char)(c) >> 6] >> ((unsigned char)(c) & 63) & 1)

size_t strspn(const char *s, const char *accept) {
    uint64_t set[4];
    byteset(set, accept);
    size_t n = 0;
    while (s[n] && INSET(set, s[n])) n++;
    return n;
}

size_t strcspn(const char *s, const char *reject) {
    uint64_t set[4];
    byteset(set, reject);
    size_t n = 0;
    while (s[n] && !INSET(set, s[n])) n++;
    return n;
}

char *strpbrk(const char *s, const char *accept) {
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save) {
    if (!s) s = *save;
    if (!s) return NULL;
    s += strspn(s, delim);
    if (!*s) { *save = NULL; return NULL; }
    char *end = s + strcspn(s, delim);
    if (*end) { *end = 0; *save = end + 1; }
    else *save = NULL;
    return s;
}

char *strtok(char *restrict s, const char *restrict delim) {
    static char *save;
    return strtok_r(s, delim, &save);
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

int strcasecmp(const char *a, const char *b) {
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) a++, b++;
    return lower((unsigned char)*a) - lower((unsigned char)*b);
}

int strncasecmp(const char *a, const char *b, size_t n) {
    for (; n; n--, a++, b++) {
        int x = lower((unsigned char)*a), y = lower((unsigned char)*b);
        if (x != y) return x - y;
        if (!x) return 0;
    }
    return 0;
}
