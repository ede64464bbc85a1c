/* Integer conversions: strtol and friends, atoi. One unsigned core with overflow detection. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

/* Parses [space][sign][0x|0]digits. Returns the magnitude clamped to `limit` (setting ERANGE);
   *neg tells the sign; *end the first unparsed character (s itself if there were no digits). */
static unsigned long long parse(const char *s, char **end, int base, unsigned long long limit,
                                int *neg) {
    const char *p = s;
    unsigned long long v = 0;
    int overflow = 0, any = 0;
    *neg = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end) *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p)) p++;
    if (*p == '+' || *p == '-') *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' && isxdigit((unsigned char)p[2])) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    for (;; p++) {
        int d;
        unsigned char c = (unsigned char)*p;
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') d = (c | 0x20) - 'a' + 10;
        else break;
        if (d >= base) break;
        any = 1;
        if (overflow) continue;
        if (v > (limit - (unsigned)d) / (unsigned)base) overflow = 1;
        else v = v * (unsigned)base + (unsigned)d;
    }
    if (end) *end = (char *)(any ? p : s);
    if (overflow) { errno = ERANGE; return limit; }
    return v;
}

long long strtoll(const char *restrict s, char **restrict end, int base) {
    int neg;
    /* The magnitude may reach LLONG_MAX + 1 for a negative number. */
    unsigned long long v = parse(s, end, base, (unsigned long long)LLONG_MAX + 1, &neg);
    if (!neg && v > LLONG_MAX) { errno = ERANGE; return LLONG_MAX; }
    if (neg && v == (unsigned long long)LLONG_MAX + 1) return LLONG_MIN;
    return neg ? -(long long)v : (long long)v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base) {
    int neg;
    unsigned long long v = parse(s, end, base, ULLONG_MAX, &neg);
    if (v == ULLONG_MAX && errno == ERANGE) return v;
    return neg ? -v : v;       /* C: the negation happens in the unsigned type */
}

long strtol(const char *restrict s, char **restrict end, int base) { return strtoll(s, end, base); }
unsigned long strtoul(const char *restrict s, char **restrict end, int base) { return strtoull(s, end, base); }
intmax_t strtoimax(const char *restrict s, char **restrict end, int base) { return strtoll(s, end, base); }
uintmax_t strtoumax(const char *restrict s, char **restrict end, int base) { return strtoull(s, end, base); }

int atoi(const char *s) { return (int)strtol(s, NULL, 10); }
long atol(const char *s) { return strtol(s, NULL, 10); }
long long atoll(const char *s) { return strtoll(s, NULL, 10); }

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
div_t div(int a, int b) { return (div_t){ a / b, a % b }; }
ldiv_t ldiv(long a, long b) { return (ldiv_t){ a / b, a % b }; }

intmax_t imaxabs(intmax_t x) { return x < 0 ? -x : x; }
imaxdiv_t imaxdiv(intmax_t a, intmax_t b) { return (imaxdiv_t){ a / b, a % b }; }
