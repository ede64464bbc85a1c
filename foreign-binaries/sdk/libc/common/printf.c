/* The printf family: one format engine (__vformat) writing through a sink, and thin front ends for
   FILE streams, file descriptors and strings. */
#include "stdio_impl.h"
#include <wchar.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { F_MINUS = 1, F_PLUSF = 2, F_SPACEF = 4, F_ZERO = 8, F_HASH = 16 };
enum { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T, L_LD };

typedef struct {
    __sink *sink;
    size_t count;
} out_t;

static void emit(out_t *o, const char *s, size_t n) {
    if (n) o->sink->put(o->sink->ctx, s, n);
    o->count += n;
}

static void pad(out_t *o, char c, long n) {
    char buf[32];
    memset(buf, c, sizeof buf);
    while (n > 0) {
        size_t k = n > 32 ? 32 : (size_t)n;
        emit(o, buf, k);
        n -= (long)k;
    }
}

/* Emits prefix + zeros + body inside the field width. */
static void field(out_t *o, int flags, int width, const char *prefix, size_t plen, long zeros,
                  const char *body, size_t blen) {
    long len = (long)plen + zeros + (long)blen;
    long fill = width > len ? width - len : 0;
    if (!(flags & F_MINUS)) pad(o, ' ', fill);
    emit(o, prefix, plen);
    pad(o, '0', zeros);
    emit(o, body, blen);
    if (flags & F_MINUS) pad(o, ' ', fill);
}

static void fmt_int(out_t *o, uintmax_t v, int neg, char conv, int flags, int width, int prec) {
    char buf[72], prefix[3];
    size_t plen = 0;
    char *end = buf + sizeof buf, *p = end;
    const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
    while (v) { *--p = digits[v % base]; v /= base; }
    if (p == end && prec != 0) *--p = '0';
    if (conv == 'o' && (flags & F_HASH) && (p == end || *p != '0')) *--p = '0';
    if (neg) prefix[plen++] = '-';
    else if ((conv == 'd' || conv == 'i') && (flags & F_PLUSF)) prefix[plen++] = '+';
    else if ((conv == 'd' || conv == 'i') && (flags & F_SPACEF)) prefix[plen++] = ' ';
    if (((conv == 'x' || conv == 'X') && (flags & F_HASH) && p != end && !(p == end - 1 && *p == '0')) ||
        conv == 'p') {
        prefix[plen++] = '0';
        prefix[plen++] = conv == 'X' ? 'X' : 'x';
    }
    size_t blen = (size_t)(end - p);
    long zeros = prec > (long)blen ? prec - (long)blen : 0;
    if (prec < 0 && (flags & F_ZERO) && !(flags & F_MINUS) && width > (long)(plen + blen))
        zeros = width - (long)(plen + blen);
    field(o, flags, width, prefix, plen, zeros, p, blen);
}

static void fmt_float_any(out_t *o, int is_long, double v, long double lv, char conv, int flags, int width, int prec) {
    char small[400];
    size_t need = (is_long ? 5000 : 360) + (size_t)(prec > 0 ? prec : 0);
    char *buf = need <= sizeof small ? small : malloc(need);
    if (!buf) return;
    int fl = (flags & F_HASH ? __FMT_ALT : 0) | (flags & F_PLUSF ? __FMT_PLUS : 0) |
             (flags & F_SPACEF ? __FMT_SPACE : 0);
    int n = is_long ? __format_long_double(buf, need, lv, conv, prec, fl) : __format_double(buf, need, v, conv, prec, fl);
    size_t plen = (buf[0] == '-' || buf[0] == '+' || buf[0] == ' ') ? 1 : 0;
    long zeros = 0;
    int finite = is_long ? !__builtin_isinf(lv) && !__builtin_isnan(lv) : !__builtin_isinf(v) && !__builtin_isnan(v);
    if ((flags & F_ZERO) && !(flags & F_MINUS) && finite && width > n) zeros = width - n;
    field(o, flags, width, buf, plen, zeros, buf + plen, (size_t)n - plen);
    if (buf != small) free(buf);
}

static void fmt_float(out_t *o, double v, char conv, int flags, int width, int prec) {
    fmt_float_any(o, 0, v, 0, conv, flags, width, prec);
}

/* %a/%A: lead digit, `nfrac` hex digits of fraction in frac (left-aligned in 64 bits), binary exponent.
   Without a precision, trailing zero digits are dropped; with one, the fraction is rounded half to
   even (a carry may make the lead digit 2, as glibc prints it). */
static void fmt_hexfloat(out_t *o, int neg, unsigned lead, uint64_t frac, int nfrac, long exp, char conv,
                         int flags, int width, int prec) {
    const char *digits = conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
    if (prec >= 0 && prec < nfrac) {
        int kbits = prec * 4;                       /* kept fraction bits (< 64) */
        uint64_t keep = kbits ? frac >> (64 - kbits) : 0;
        uint64_t rest = frac << kbits;              /* the dropped bits, left-aligned */
        uint64_t half = 1ull << 63;
        if (rest > half || (rest == half && ((kbits ? keep : lead) & 1))) {
            keep++;
            if (kbits == 0 || keep >> kbits) {
                keep = 0;
                if (++lead == 16) { lead = 1; exp += 4; }    /* long double 0xf.ff… rounds to 0x1p+4 */
            }
        }
        frac = kbits ? keep << (64 - kbits) : 0;
        nfrac = prec;
    } else if (prec < 0) {
        while (nfrac > 0 && !((frac >> (64 - nfrac * 4)) & 0xf)) nfrac--;
    }
    char body[64];
    int n = 0;
    body[n++] = digits[lead & 0xf];
    int total = prec > nfrac ? prec : nfrac;
    if (total > 0 || (flags & F_HASH)) body[n++] = '.';
    char *big = NULL;
    char *b = body;
    if (total > 32) {
        big = malloc((size_t)total + 40);
        if (!big) return;
        memcpy(big, body, (size_t)n);
        b = big;
    }
    for (int i = 0; i < total; i++) b[n++] = i < nfrac ? digits[(frac >> (60 - 4 * i)) & 0xf] : '0';
    n += snprintf(b + n, 24, "%c%+ld", conv == 'A' ? 'P' : 'p', exp);
    char prefix[4];
    size_t plen = 0;
    if (neg) prefix[plen++] = '-';
    else if (flags & F_PLUSF) prefix[plen++] = '+';
    else if (flags & F_SPACEF) prefix[plen++] = ' ';
    prefix[plen++] = '0';
    prefix[plen++] = conv == 'A' ? 'X' : 'x';
    long zeros = 0;
    if ((flags & F_ZERO) && !(flags & F_MINUS) && width > (long)plen + n) zeros = width - (long)plen - n;
    field(o, flags, width, prefix, plen, zeros, b, (size_t)n);
    free(big);
}

static void fmt_a(out_t *o, int is_long, double d, long double ld, char conv, int flags, int width, int prec) {
    int neg;
    if (is_long ? __builtin_isnan(ld) || __builtin_isinf(ld) : __builtin_isnan(d) || __builtin_isinf(d)) {
        fmt_float(o, is_long ? (double)ld : d, conv == 'A' ? 'E' : 'e', flags, width, prec);
        return;
    }
    if (is_long) {
        uint64_t m;
        uint16_t se;
        memcpy(&m, &ld, 8);
        memcpy(&se, (char *)&ld + 8, 2);
        neg = se >> 15;
        long e = se & 0x7fff;
        if (m == 0) { fmt_hexfloat(o, neg, 0, 0, 0, 0, conv, flags, width, prec); return; }
        if (e == 0) e = 1;                                  /* denormal: same scale as the smallest normal */
        fmt_hexfloat(o, neg, (unsigned)(m >> 60), m << 4, 15, e - 16383 - 3, conv, flags, width, prec);
        return;
    }
    uint64_t bits;
    memcpy(&bits, &d, 8);
    neg = (int)(bits >> 63);
    long e = (long)((bits >> 52) & 0x7ff);
    uint64_t m = bits & 0xfffffffffffffull;
    if (e == 0 && m == 0) { fmt_hexfloat(o, neg, 0, 0, 0, 0, conv, flags, width, prec); return; }
    if (e == 0) fmt_hexfloat(o, neg, 0, m << 12, 13, -1022, conv, flags, width, prec);
    else fmt_hexfloat(o, neg, 1, m << 12, 13, e - 1023, conv, flags, width, prec);
}

/* Positional arguments (POSIX `%N$`, `*N$`: translated formats reorder them). A first pass finds
   each argument's class from the conversions that use it; the arguments are then read in order
   (va_arg cannot skip) and each conversion takes its own. On x86-64 every integer and pointer
   argument fills one 8-byte slot, so three classes suffice. */
#define POS_MAX 64
enum { A_NONE, A_INT, A_DOUBLE, A_LDOUBLE };
typedef union { uintmax_t i; double d; long double ld; } argval;

/* "N$" at *pp: N (1..POS_MAX) with *pp moved past it; 0, nothing moved, when it is not there; -1
   (moved) for a number out of range. */
static int pos_index(const char **pp) {
    const char *p = *pp;
    int n = 0;
    while (*p >= '0' && *p <= '9') { if (n < 10000) n = n * 10 + (*p - '0'); p++; }
    if (p == *pp || *p != '$') return 0;
    *pp = p + 1;
    return n >= 1 && n <= POS_MAX ? n : -1;
}

/* The length modifier at *p, moved past, as the formatting loop reads it: one of h hh l ll z j t L q. */
static int length_modifier(const char **pp) {
    const char *p = *pp;
    int len = L_NONE;
    switch (*p) {
    case 'h': len = L_H; if (*++p == 'h') { len = L_HH; p++; } break;
    case 'l': len = L_L; if (*++p == 'l') { len = L_LL; p++; } break;
    case 'z': len = L_Z; p++; break;
    case 'j': len = L_J; p++; break;
    case 't': len = L_T; p++; break;
    case 'L': len = L_LD; p++; break;
    case 'q': len = L_LL; p++; break;
    }
    *pp = p;
    return len;
}

/* The classes of the positional arguments of fmt into cls[0..]; their count (*numbered: whether fmt
   numbers its conversions at all), -1 when it does and also a conversion or `*` without a number, or a
   number out of 1..POS_MAX (glibc would print such mixtures; the SDK refuses them, EINVAL). The
   grammar is the formatting loop's, token for token. */
static int pos_scan(const char *fmt, unsigned char *cls, int *numbered) {
    int max = 0, any = 0, bad = 0;
    memset(cls, 0, POS_MAX);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        p++;
        if (*p == '%') continue;
        int n = pos_index(&p);
        any |= n != 0;
        bad |= n < 0;
        while (*p == '-' || *p == '+' || *p == ' ' || *p == '0' || *p == '#' || *p == '\'') p++;
        for (int part = 0; part < 2; part++) {          /* the width, then the precision */
            if (part == 1) { if (*p != '.') break; p++; }
            if (*p == '*') {
                p++;
                int m = pos_index(&p);
                if (m <= 0) { bad = 1; continue; }
                cls[m - 1] = A_INT;
                if (m > max) max = m;
            } else {
                while (*p >= '0' && *p <= '9') p++;
            }
        }
        int ld = length_modifier(&p) == L_LD;
        if (!*p) break;
        char c = *p;
        if (c == 'm' || c == '%') continue;              /* take no argument */
        if (n <= 0) { bad = 1; continue; }
        cls[n - 1] = strchr("fFeEgGaA", c) ? (ld ? A_LDOUBLE : A_DOUBLE) : A_INT;
        if (n > max) max = n;
    }
    *numbered = any;
    if (!any) return 0;
    return bad ? -1 : max;
}

int __vformat(__sink *sink, const char *fmt, va_list ap) {
    out_t o = { sink, 0 };
    va_list args;
    va_copy(args, ap);
    unsigned char cls[POS_MAX];
    argval pv[POS_MAX];
    int numbered = 0;
    int npos = strchr(fmt, '$') ? pos_scan(fmt, cls, &numbered) : 0;
    if (npos < 0) { va_end(args); errno = EINVAL; return -1; }   /* mixed numbered and plain */
    for (int i = 0; i < npos; i++) {
        if (cls[i] == A_DOUBLE) pv[i].d = va_arg(args, double);
        else if (cls[i] == A_LDOUBLE) pv[i].ld = va_arg(args, long double);
        else pv[i].i = va_arg(args, uintmax_t);   /* A_INT, or a gap: one slot */
    }
    int argi = 0;   /* positional: the argument of the conversion being read */
/* The next argument of type T: the conversion's own when the format numbers them. */
#define ARG(T) (numbered ? (T)pv[argi].i : va_arg(args, T))
#define ARGP(T) (numbered ? (T)(uintptr_t)pv[argi].i : va_arg(args, T))
#define ARGD() (numbered ? pv[argi].d : va_arg(args, double))
#define ARGLD() (numbered ? pv[argi].ld : va_arg(args, long double))
    while (*fmt) {
        if (*fmt != '%') {
            const char *s = fmt;
            while (*fmt && *fmt != '%') fmt++;
            emit(&o, s, (size_t)(fmt - s));
            continue;
        }
        fmt++;
        if (numbered && *fmt != '%') argi = pos_index(&fmt) - 1;   /* -1 or less: none (refused below) */
        int flags = 0;
        for (;; fmt++) {
            if (*fmt == '-') flags |= F_MINUS;
            else if (*fmt == '+') flags |= F_PLUSF;
            else if (*fmt == ' ') flags |= F_SPACEF;
            else if (*fmt == '0') flags |= F_ZERO;
            else if (*fmt == '#') flags |= F_HASH;
            /* POSIX's grouping flag: the locale's thousands separator between digit groups. The SDK's
               locales (C, POSIX, C.UTF-8) have none (localeconv: thousands_sep ""), so it adds nothing. */
            else if (*fmt == '\'') continue;
            else break;
        }
        int width = 0;
        if (*fmt == '*') {
            fmt++;
            if (numbered) {
                int m = pos_index(&fmt);
                if (m <= 0) goto refused;   /* (pos_scan refused the format already) */
                width = (int)pv[m - 1].i;
            } else {
                width = va_arg(args, int);
            }
            if (width < 0) { flags |= F_MINUS; width = -width; }
        } else {
            while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        }
        int prec = -1;
        if (*fmt == '.') {
            fmt++;
            if (*fmt == '*') {
                fmt++;
                if (numbered) {
                    int m = pos_index(&fmt);
                    if (m <= 0) goto refused;
                    prec = (int)pv[m - 1].i;
                } else {
                    prec = va_arg(args, int);
                }
                if (prec < 0) prec = -1;           /* a negative precision is "none" */
            } else {
                prec = 0;
                while (*fmt >= '0' && *fmt <= '9') prec = prec * 10 + (*fmt++ - '0');
            }
        }
        int len = length_modifier(&fmt);
        char conv = *fmt;
        if (!conv) break;
        fmt++;
        if (numbered && argi < 0 && conv != '%' && conv != 'm') goto refused;
        switch (conv) {
        case 'd': case 'i': {
            intmax_t v;
            switch (len) {
            case L_HH: v = (signed char)ARG(int); break;
            case L_H: v = (short)ARG(int); break;
            case L_L: v = ARG(long); break;
            case L_LL: case L_LD: v = ARG(long long); break;
            case L_Z: case L_T: v = ARG(long); break;
            case L_J: v = ARG(intmax_t); break;
            default: v = ARG(int);
            }
            uintmax_t u = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
            fmt_int(&o, u, v < 0, conv, flags, width, prec);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            uintmax_t v;
            switch (len) {
            case L_HH: v = (unsigned char)ARG(unsigned); break;
            case L_H: v = (unsigned short)ARG(unsigned); break;
            case L_L: v = ARG(unsigned long); break;
            case L_LL: case L_LD: v = ARG(unsigned long long); break;
            case L_Z: case L_T: v = ARG(unsigned long); break;
            case L_J: v = ARG(uintmax_t); break;
            default: v = ARG(unsigned);
            }
            fmt_int(&o, v, 0, conv, flags, width, prec);
            break;
        }
        case 'p': {
            void *p = ARGP(void *);
            if (!p) field(&o, flags, width, "", 0, 0, "(nil)", 5);   /* glibc's spelling */
            else fmt_int(&o, (uintptr_t)p, 0, 'p', flags & ~F_ZERO, width, prec);
            break;
        }
        case 'c': {
            if (len == L_L) {                       /* %lc: a wide character, as wcrtomb writes it */
                wchar_t wc = (wchar_t)ARG(unsigned);
                char mb[8];
                size_t k = wcrtomb(mb, wc, NULL);
                if (k == (size_t)-1) { va_end(args); return -1; }
                field(&o, flags, width, "", 0, 0, mb, k);
                break;
            }
            char c = (char)ARG(int);
            field(&o, flags, width, "", 0, 0, &c, 1);
            break;
        }
        case 's': {
            if (len == L_L) {                       /* %ls: a wide string; the precision counts bytes */
                const wchar_t *ws = ARGP(const wchar_t *);
                if (!ws) { field(&o, flags, width, "", 0, 0, "(null)", (prec < 0 || prec >= 6) ? 6 : 0); break; }
                size_t n = 0, cap = 256;
                char small[256], *b = small;
                for (; *ws; ws++) {
                    char mb[8];
                    size_t k = wcrtomb(mb, *ws, NULL);
                    if (k == (size_t)-1) { if (b != small) free(b); va_end(args); return -1; }
                    if (prec >= 0 && n + k > (size_t)prec) break;   /* never a partial character */
                    if (n + k > cap) {
                        char *nb = malloc(cap *= 2);
                        if (!nb) { if (b != small) free(b); va_end(args); return -1; }
                        memcpy(nb, b, n);
                        if (b != small) free(b);
                        b = nb;
                    }
                    memcpy(b + n, mb, k);
                    n += k;
                }
                field(&o, flags, width, "", 0, 0, b, n);
                if (b != small) free(b);
                break;
            }
            const char *s = ARGP(const char *);
            if (!s) s = (prec < 0 || prec >= 6) ? "(null)" : "";
            size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
            field(&o, flags, width, "", 0, 0, s, n);
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
            if (len == L_LD) fmt_float_any(&o, 1, 0, ARGLD(), conv, flags, width, prec);
            else fmt_float(&o, ARGD(), conv, flags, width, prec);
            break;
        }
        case 'a': case 'A': {
            if (len == L_LD) fmt_a(&o, 1, 0, ARGLD(), conv, flags, width, prec);
            else fmt_a(&o, 0, ARGD(), 0, conv, flags, width, prec);
            break;
        }
        case 'n': {
            void *p = ARGP(void *);
            switch (len) {
            case L_HH: *(signed char *)p = (signed char)o.count; break;
            case L_H: *(short *)p = (short)o.count; break;
            case L_L: case L_Z: case L_T: *(long *)p = (long)o.count; break;
            case L_LL: case L_J: *(long long *)p = (long long)o.count; break;
            default: *(int *)p = (int)o.count;
            }
            break;
        }
        case 'm': {                                   /* glibc extension: strerror(errno) */
            const char *s = strerror(errno);
            field(&o, flags, width, "", 0, 0, s, strlen(s));
            break;
        }
        case '%':
            emit(&o, "%", 1);
            break;
        default:
            /* An unknown conversion is printed as written, which makes the mistake visible. */
            emit(&o, "%", 1);
            emit(&o, &conv, 1);
        }
    }
#undef ARG
#undef ARGP
#undef ARGD
#undef ARGLD
    va_end(args);
    if (o.count > INT_MAX) { errno = EOVERFLOW; return -1; }
    return (int)o.count;
refused:
    va_end(args);
    errno = EINVAL;
    return -1;
}

/* ---- sinks ---- */

typedef struct { char *p; size_t room; } strbuf;

static void put_str(void *ctx, const char *s, size_t n) {
    strbuf *b = ctx;
    size_t k = n < b->room ? n : b->room;
    memcpy(b->p, s, k);
    b->p += k;
    b->room -= k;
}

int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap) {
    char dummy;
    strbuf b = { n ? s : &dummy, n ? n - 1 : 0 };
    __sink sink = { put_str, &b };
    int r = __vformat(&sink, fmt, ap);
    if (n) *b.p = 0;
    return r;
}

int vsprintf(char *restrict s, const char *restrict fmt, va_list ap) {
    return vsnprintf(s, (size_t)INT_MAX + 1, fmt, ap);
}

/* Unbuffered streams (stderr) and dprintf format into a local buffer first, so one printf call
   becomes one write() instead of one per piece. */
typedef struct { FILE *f; int fd; char buf[1024]; size_t len; int err; } stage;

static void stage_flush(stage *st) {
    if (!st->len) return;
    if (st->f) {
        if (fwrite(st->buf, 1, st->len, st->f) != st->len) st->err = 1;
    } else {
        const char *p = st->buf;
        size_t n = st->len;
        while (n) {
            ssize_t w = write(st->fd, p, n);
            if (w < 0) { if (errno == EINTR) continue; st->err = 1; break; }
            p += w;
            n -= (size_t)w;
        }
    }
    st->len = 0;
}

static void put_stage(void *ctx, const char *s, size_t n) {
    stage *st = ctx;
    while (n) {
        if (st->len == sizeof st->buf) stage_flush(st);
        size_t k = sizeof st->buf - st->len;
        if (k > n) k = n;
        memcpy(st->buf + st->len, s, k);
        st->len += k;
        s += k;
        n -= k;
    }
}

static void put_file(void *ctx, const char *s, size_t n) {
    fwrite(s, 1, n, ctx);
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) {
    if (f->orient > 0) return -1;          /* glibc: no byte printf on a wide-oriented stream */
    return __vfprintf_any(f, fmt, ap);
}

int __vfprintf_any(FILE *restrict f, const char *restrict fmt, va_list ap) {
    int r, had_error = ferror(f);
    __stdio_prepare(f);
    if (f->bufmode == _IONBF) {
        stage st = { .f = f };
        __sink sink = { put_stage, &st };
        r = __vformat(&sink, fmt, ap);
        stage_flush(&st);
    } else {
        __sink sink = { put_file, f };
        r = __vformat(&sink, fmt, ap);
    }
    return !had_error && ferror(f) ? -1 : r;   /* only this call's failure counts */
}

int vdprintf(int fd, const char *restrict fmt, va_list ap) {
    stage st = { .fd = fd };
    __sink sink = { put_stage, &st };
    int r = __vformat(&sink, fmt, ap);
    stage_flush(&st);
    return st.err ? -1 : r;
}

int vprintf(const char *restrict fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *restrict fmt, ...) {
    va_list ap; va_start(ap, fmt);
    int r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...) {
    va_list ap; va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int sprintf(char *restrict s, const char *restrict fmt, ...) {
    va_list ap; va_start(ap, fmt);
    int r = vsprintf(s, fmt, ap);
    va_end(ap);
    return r;
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...) {
    va_list ap; va_start(ap, fmt);
    int r = vsnprintf(s, n, fmt, ap);
    va_end(ap);
    return r;
}

int dprintf(int fd, const char *restrict fmt, ...) {
    va_list ap; va_start(ap, fmt);
    int r = vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

/* ---- asprintf: a growing heap buffer. */
typedef struct { char *p; size_t len, cap; int failed; } growbuf;

static void put_grow(void *ctx, const char *s, size_t n) {
    growbuf *g = ctx;
    if (g->failed) return;
    if (g->len + n + 1 > g->cap) {
        size_t cap = g->cap ? g->cap : 64;
        while (cap < g->len + n + 1) cap *= 2;
        char *p = realloc(g->p, cap);
        if (!p) { g->failed = 1; return; }
        g->p = p;
        g->cap = cap;
    }
    memcpy(g->p + g->len, s, n);
    g->len += n;
}

int vasprintf(char **restrict out, const char *restrict fmt, va_list ap) {
    growbuf g = { NULL, 0, 0, 0 };
    __sink sink = { put_grow, &g };
    int r = __vformat(&sink, fmt, ap);
    put_grow(&g, "", 0);
    if (r < 0 || g.failed || !g.p) {
        free(g.p);
        *out = NULL;       /* glibc leaves it undefined; NULL is the safe choice */
        return -1;
    }
    g.p[g.len] = 0;
    *out = g.p;
    return r;
}

int asprintf(char **restrict out, const char *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vasprintf(out, fmt, ap);
    va_end(ap);
    return r;
}
