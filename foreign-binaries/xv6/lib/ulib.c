// The C half of the test programs' user library: strings, a small printf(fd, fmt, ...) (%d %u %x
// %p %s %c), stat() through open/fstat, and TAP lines. Freestanding: no libc at all.
#include "user.h"
#include <stdarg.h>

uint strlen(const char *s) { uint n = 0; while (s[n]) n++; return n; }
char *strcpy(char *d, const char *s) { char *r = d; while ((*d++ = *s++)) {} return r; }
int strcmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
int strncmp(const char *a, const char *b, uint n) {
    while (n > 0 && *a && *a == *b) { n--; a++; b++; }
    return n == 0 ? 0 : (unsigned char)*a - (unsigned char)*b;
}
char *strchr(const char *s, char c) { for (; *s; s++) if (*s == c) return (char *)s; return 0; }
void *memset(void *d, int c, uint n) { char *p = d; while (n--) *p++ = (char)c; return d; }
void *memmove(void *d, const void *s, int n) {
    char *dp = d; const char *sp = s;
    if (sp < dp && sp + n > dp) { sp += n; dp += n; while (n-- > 0) *--dp = *--sp; }
    else while (n-- > 0) *dp++ = *sp++;
    return d;
}
void *memcpy(void *d, const void *s, unsigned long n) { return memmove(d, s, (int)n); }
int atoi(const char *s) { int n = 0; while (*s >= '0' && *s <= '9') n = n * 10 + *s++ - '0'; return n; }

int stat(const char *n, struct stat *st) {
    int fd = open(n, O_RDONLY);
    if (fd < 0) return -1;
    int r = fstat(fd, st);
    close(fd);
    return r;
}

static void putn(char *buf, int *len, unsigned long x, int base, int neg) {
    char tmp[24]; int i = 0;
    do { tmp[i++] = "0123456789abcdef"[x % base]; x /= base; } while (x);
    if (neg) tmp[i++] = '-';
    while (i > 0) buf[(*len)++] = tmp[--i];
}

void printf(int fd, const char *fmt, ...) {
    char buf[512]; int len = 0;
    va_list ap; va_start(ap, fmt);
    for (; *fmt && len < 400; fmt++) {
        if (*fmt != '%') { buf[len++] = *fmt; continue; }
        fmt++;
        if (*fmt == 'd') { int v = va_arg(ap, int); putn(buf, &len, v < 0 ? -(long)v : v, 10, v < 0); }
        else if (*fmt == 'u') putn(buf, &len, va_arg(ap, uint), 10, 0);
        else if (*fmt == 'x') putn(buf, &len, va_arg(ap, uint), 16, 0);
        else if (*fmt == 'p') { buf[len++] = '0'; buf[len++] = 'x'; putn(buf, &len, va_arg(ap, uint64), 16, 0); }
        else if (*fmt == 's') { const char *s = va_arg(ap, const char *); if (!s) s = "(null)"; while (*s && len < 500) buf[len++] = *s++; }
        else if (*fmt == 'c') buf[len++] = (char)va_arg(ap, int);
        else { buf[len++] = '%'; if (*fmt) buf[len++] = *fmt; else break; }
    }
    va_end(ap);
    write(fd, buf, len);
}

static int tests;
void ok(int cond, const char *what) {
    tests++;
    printf(1, "%sok %d - %s\n", cond ? "" : "not ", tests, what);
}
void done(void) {
    printf(1, "1..%d\n", tests);
    exit();
}
