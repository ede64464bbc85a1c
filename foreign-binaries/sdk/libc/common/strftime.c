/* strftime for the C locale, with glibc's conventions (checked by oracle/strftime.c): every
   C99/POSIX conversion plus GNU's %k %l %P %s; the flags _ - 0 (padding) ^ (upper case) and #
   (swapped case: names upper, %p and %Z lower); a field width; the E and O modifiers, which the C
   locale ignores, on the conversions that allow them. A malformed conversion is copied as written.
   %Z and %z come from tm_zone and tm_gmtoff (nothing for %z when tm_isdst < 0). */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const wday_name[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
                                         "Friday", "Saturday" };
static const char *const mon_name[] = { "January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December" };

typedef struct { char *s; size_t max, n; } out_t;

/* One conversion's flags: pad is 0 (the conversion's default), '_', '-' or '0'; width -1 if none. */
typedef struct { char pad; int upper, swap, width; } spec_t;

static void put(out_t *o, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (o->n + 1 < o->max) o->s[o->n] = s[i];
        o->n++;
    }
}

static void fill(out_t *o, char c, int n) { while (n-- > 0) put(o, &c, 1); }

/* A string field: case changed (case_: 1 upper, -1 lower), then padded on the left to the width
   (with zeros for the 0 flag, else spaces). */
static void field(out_t *o, const spec_t *sp, const char *s, size_t len, int case_) {
    if (sp->width > 0 && (size_t)sp->width > len) fill(o, sp->pad == '0' ? '0' : ' ', sp->width - (int)len);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (case_ > 0 && c >= 'a' && c <= 'z') c = (char)(c - 32);
        if (case_ < 0 && c >= 'A' && c <= 'Z') c = (char)(c + 32);
        put(o, &c, 1);
    }
}

/* A number of at least `digits` digits: padded with defpad ('0' or '_') unless the flags say
   otherwise; '-' pads only to an explicit width (with spaces), as glibc does. */
static void number(out_t *o, const spec_t *sp, long long v, int digits, char defpad) {
    char pad = sp->pad ? sp->pad : defpad;
    int neg = v < 0;
    unsigned long long a = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;
    char num[24];
    int len = snprintf(num, sizeof num, "%llu", a);
    int w = sp->width >= 0 ? sp->width : digits;
    int shortage = w - neg - len, padding = pad == '-' || shortage <= 0 ? 0 : shortage;
    char buf[80];
    int n = 0;
    if (neg && pad == '_') {
        while (padding-- > 0 && n < 40) buf[n++] = ' ';
        buf[n++] = '-';
    } else {
        if (neg) buf[n++] = '-';
        while (padding-- > 0 && n < 40) buf[n++] = pad == '_' ? ' ' : '0';
    }
    memcpy(buf + n, num, (size_t)len);
    n += len;
    spec_t outer = *sp;
    if (outer.pad != '0') outer.pad = ' ';
    field(o, &outer, buf, (size_t)n, 0);
}

static int isleap(long long y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

/* Days since the start of the ISO week-based year's first week (negative: an earlier year's). */
static int iso_week_days(int yday, int wday) {
    const int big = (366 / 7 + 2) * 7;
    return yday - (yday - wday + 4 + big) % 7 + 4 - 1;
}

static void format(out_t *o, const char *fmt, const struct tm *tm, int upper_all);

static void sub(out_t *o, const spec_t *sp, const char *subfmt, const struct tm *tm) {
    char buf[128];
    out_t inner = { buf, sizeof buf, 0 };
    format(&inner, subfmt, tm, sp->upper);
    size_t n = inner.n < sizeof buf ? inner.n : sizeof buf - 1;
    spec_t outer = *sp;
    field(o, &outer, buf, n, 0);
}

static void format(out_t *o, const char *fmt, const struct tm *tm, int upper_all) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') { put(o, fmt, 1); continue; }
        const char *start = fmt;
        spec_t sp = { 0, upper_all, 0, -1 };
        for (;; fmt++) {
            char f = fmt[1];
            if (f == '_' || f == '-' || f == '0') sp.pad = f;
            else if (f == '^') sp.upper = 1;
            else if (f == '#') sp.swap = 1;
            else break;
        }
        fmt++;
        if (*fmt >= '1' && *fmt <= '9') {
            sp.width = 0;
            while (*fmt >= '0' && *fmt <= '9') { if (sp.width < 1024) sp.width = sp.width * 10 + (*fmt - '0'); fmt++; }
        }
        char mod = 0;
        if (*fmt == 'E' || *fmt == 'O') mod = *fmt++;
        char c = *fmt;
        int up = sp.upper ? 1 : 0;
        long long year = tm->tm_year + 1900LL;
        /* Which modifiers each conversion accepts (glibc's table); others are malformed. */
        const char *e_bad = "aAbBhDFdeGgVjkHIlmMSUwW", *o_bad = "aADFcxXY";
        if (c == 0 || (mod == 'E' && strchr(e_bad, c)) || (mod == 'O' && strchr(o_bad, c)) ||
            !strchr("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%", c)) {
            size_t len = c ? (size_t)(fmt - start + 1) : (size_t)(fmt - start);
            field(o, &sp, start, len, 0);              /* copied as written */
            if (!c) fmt--;
            continue;
        }
        switch (c) {
        case 'a': case 'A': {
            const char *s = tm->tm_wday >= 0 && tm->tm_wday < 7 ? wday_name[tm->tm_wday] : "?";
            field(o, &sp, s, c == 'a' && strlen(s) > 3 ? 3 : strlen(s), up || sp.swap);
            break;
        }
        case 'b': case 'h': case 'B': {
            const char *s = tm->tm_mon >= 0 && tm->tm_mon < 12 ? mon_name[tm->tm_mon] : "?";
            field(o, &sp, s, c != 'B' && strlen(s) > 3 ? 3 : strlen(s), up || sp.swap);
            break;
        }
        case 'p': field(o, &sp, tm->tm_hour < 12 ? "AM" : "PM", 2, sp.swap ? -1 : up); break;
        case 'P': field(o, &sp, tm->tm_hour < 12 ? "am" : "pm", 2, -1); break;
        case 'Z': {
            const char *z = tm->tm_zone;
            if ((!z || !*z) && tm->tm_isdst >= 0) {     /* glibc: tzset, then tzname */
                tzset();
                z = tm->tm_isdst <= 1 ? tzname[tm->tm_isdst] : "?";
            }
            if (!z) z = "";
            field(o, &sp, z, strlen(z), sp.swap ? -1 : up);
            break;
        }
        case 'z': {                        /* glibc: the sign, then hhmm as a 4-digit number */
            if (tm->tm_isdst < 0) break;
            long off = tm->tm_gmtoff, a = off < 0 ? -off : off;
            field(o, &sp, off < 0 ? "-" : "+", 1, 0);
            number(o, &sp, a / 3600 * 100 + a / 60 % 60, 4, '0');
            break;
        }
        case 'C': {
            long long cent = year / 100 - (year % 100 < 0);
            number(o, &sp, cent, 1, '0');         /* (one digit for the first centuries, as glibc) */
            break;
        }
        case 'y': number(o, &sp, (year % 100 + 100) % 100, 2, '0'); break;
        case 'Y': number(o, &sp, year, 1, '0'); break;
        case 'G': case 'g': case 'V': {
            long long y = year;
            int days = iso_week_days(tm->tm_yday, tm->tm_wday);
            if (days < 0) {
                y--;
                days = iso_week_days(tm->tm_yday + 365 + isleap(y), tm->tm_wday);
            } else {
                int d = iso_week_days(tm->tm_yday - (365 + isleap(y)), tm->tm_wday);
                if (d >= 0) { y++; days = d; }
            }
            if (c == 'G') number(o, &sp, y, 1, '0');
            else if (c == 'g') number(o, &sp, (y % 100 + 100) % 100, 2, '0');
            else number(o, &sp, days / 7 + 1, 2, '0');
            break;
        }
        case 'm': number(o, &sp, tm->tm_mon + 1, 2, '0'); break;
        case 'd': number(o, &sp, tm->tm_mday, 2, '0'); break;
        case 'e': number(o, &sp, tm->tm_mday, 2, '_'); break;
        case 'H': number(o, &sp, tm->tm_hour, 2, '0'); break;
        case 'k': number(o, &sp, tm->tm_hour, 2, '_'); break;
        case 'I': number(o, &sp, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, '0'); break;
        case 'l': number(o, &sp, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, '_'); break;
        case 'M': number(o, &sp, tm->tm_min, 2, '0'); break;
        case 'S': number(o, &sp, tm->tm_sec, 2, '0'); break;
        case 'j': number(o, &sp, tm->tm_yday + 1, 3, '0'); break;
        case 'u': number(o, &sp, (tm->tm_wday + 6) % 7 + 1, 1, '0'); break;
        case 'w': number(o, &sp, tm->tm_wday, 1, '0'); break;
        case 'U': number(o, &sp, (tm->tm_yday - tm->tm_wday + 7) / 7, 2, '0'); break;
        case 'W': number(o, &sp, (tm->tm_yday - (tm->tm_wday + 6) % 7 + 7) / 7, 2, '0'); break;
        case 's': {                        /* the local time as an instant, through mktime; padded as a string */
            struct tm copy = *tm;
            char num[24];
            int n = snprintf(num, sizeof num, "%lld", (long long)mktime(&copy));
            field(o, &sp, num, (size_t)n, 0);
            break;
        }
        case 'n': field(o, &sp, "\n", 1, 0); break;
        case 't': field(o, &sp, "\t", 1, 0); break;
        case '%': field(o, &sp, "%", 1, 0); break;
        case 'c': sub(o, &sp, "%a %b %e %H:%M:%S %Y", tm); break;
        case 'D': case 'x': sub(o, &sp, "%m/%d/%y", tm); break;
        case 'F': sub(o, &sp, "%Y-%m-%d", tm); break;
        case 'T': case 'X': sub(o, &sp, "%H:%M:%S", tm); break;
        case 'R': sub(o, &sp, "%H:%M", tm); break;
        case 'r': sub(o, &sp, "%I:%M:%S %p", tm); break;
        }
    }
}

size_t strftime(char *restrict s, size_t max, const char *restrict fmt, const struct tm *restrict tm) {
    out_t o = { s, max, 0 };
    format(&o, fmt, tm, 0);
    if (o.n >= max) {              /* did not fit: C says return 0, contents indeterminate */
        if (max) s[0] = 0;
        return 0;
    }
    s[o.n] = 0;
    return o.n;
}
