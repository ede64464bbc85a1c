/* strptime, "C" locale: %a %A %b %B %h %c %C %d %e %D %F %H %I %j %m %M %n %t %p %r %R %s %S %T %u %w
   %y %Y %z %Z %% (and %E / %O modifiers, ignored). Numeric fields may be preceded by spaces; white
   space in the format matches any amount (also none). When year, month and day are known, tm_wday
   and tm_yday are computed, as glibc does. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const days[7] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const months[12] = { "January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December" };

static const char *number(const char *s, int lo, int hi, int digits, int *out) {
    while (*s == ' ') s++;
    int v = 0, n = 0, neg = 0;
    if (*s == '-' && lo < 0) { neg = 1; s++; }
    while (n < digits && isdigit((unsigned char)*s) && (n == 0 || v * 10 + (*s - '0') <= hi)) {
        v = v * 10 + (*s++ - '0');
        n++;
    }
    if (!n) return NULL;
    if (neg) v = -v;
    if (v < lo || v > hi) return NULL;
    *out = v;
    return s;
}

/* A full or three-letter name from list, case-insensitively. */
static const char *name(const char *s, const char *const *list, int count, int *out) {
    for (int i = 0; i < count; i++) {
        size_t full = strlen(list[i]);
        if (strncasecmp(s, list[i], full) == 0) { *out = i; return s + full; }
        if (strncasecmp(s, list[i], 3) == 0) { *out = i; return s + 3; }
    }
    return NULL;
}

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct state {
    int have_year, have_mon, have_mday, century, have_century, year2, have_year2, pm, have_pm;
    int have_wday, have_yday, want_xday;
};

static const char *parse(const char *s, const char *fmt, struct tm *tm, struct state *st) {
    while (*fmt) {
        if (isspace((unsigned char)*fmt)) {
            while (isspace((unsigned char)*s)) s++;
            fmt++;
            continue;
        }
        if (*fmt != '%') {
            if (*s != *fmt) return NULL;
            s++;
            fmt++;
            continue;
        }
        fmt++;
        if (*fmt == 'E' || *fmt == 'O') fmt++;
        int v;
        switch (*fmt++) {
        case '%': if (*s++ != '%') return NULL; break;
        case 'n': case 't': while (isspace((unsigned char)*s)) s++; break;
        case 'a': case 'A': if (!(s = name(s, days, 7, &tm->tm_wday))) return NULL; st->have_wday = 1; break;
        case 'b': case 'B': case 'h':
            if (!(s = name(s, months, 12, &tm->tm_mon))) return NULL;
            st->have_mon = st->want_xday = 1;
            break;
        case 'c': if (!(s = parse(s, "%a %b %e %H:%M:%S %Y", tm, st))) return NULL; break;
        case 'C': if (!(s = number(s, 0, 99, 2, &st->century))) return NULL; st->have_century = st->want_xday = 1; break;
        case 'd': case 'e':
            if (!(s = number(s, 1, 31, 2, &tm->tm_mday))) return NULL;
            st->have_mday = st->want_xday = 1;
            break;
        case 'D': if (!(s = parse(s, "%m/%d/%y", tm, st))) return NULL; break;
        case 'F': if (!(s = parse(s, "%Y-%m-%d", tm, st))) return NULL; break;
        case 'H': case 'k': if (!(s = number(s, 0, 23, 2, &tm->tm_hour))) return NULL; st->have_pm = 0; break;
        case 'I': case 'l': if (!(s = number(s, 1, 12, 2, &v))) return NULL; tm->tm_hour = v % 12; st->have_pm = 1; break;
        case 'j':
            if (!(s = number(s, 1, 366, 3, &v))) return NULL;
            tm->tm_yday = v - 1;
            st->have_yday = st->want_xday = 1;
            break;
        case 'm':
            if (!(s = number(s, 1, 12, 2, &v))) return NULL;
            tm->tm_mon = v - 1;
            st->have_mon = st->want_xday = 1;
            break;
        case 'M': if (!(s = number(s, 0, 59, 2, &tm->tm_min))) return NULL; break;
        case 'p': case 'P':
            if (strncasecmp(s, "AM", 2) == 0) st->pm = 0;
            else if (strncasecmp(s, "PM", 2) == 0) st->pm = 1;
            else return NULL;
            s += 2;
            break;
        case 'r': if (!(s = parse(s, "%I:%M:%S %p", tm, st))) return NULL; break;
        case 'R': if (!(s = parse(s, "%H:%M", tm, st))) return NULL; break;
        case 'T': if (!(s = parse(s, "%H:%M:%S", tm, st))) return NULL; break;
        case 'S': if (!(s = number(s, 0, 61, 2, &tm->tm_sec))) return NULL; break;
        case 's': {
            while (*s == ' ') s++;
            char *end;
            long long secs = strtoll(s, &end, 10);
            if (end == s) return NULL;
            s = end;
            time_t t = (time_t)secs;
            gmtime_r(&t, tm);
            break;
        }
        case 'u': if (!(s = number(s, 1, 7, 1, &v))) return NULL; tm->tm_wday = v % 7; st->have_wday = 1; break;
        case 'w': if (!(s = number(s, 0, 6, 1, &tm->tm_wday))) return NULL; st->have_wday = 1; break;
        case 'U': case 'W': case 'V': if (!(s = number(s, 0, 53, 2, &v))) return NULL; break;
        case 'g': if (!(s = number(s, 0, 99, 2, &v))) return NULL; break;
        case 'G': if (!(s = number(s, 0, 9999, 4, &v))) return NULL; break;
        case 'y':
            if (!(s = number(s, 0, 99, 2, &st->year2))) return NULL;
            st->have_year2 = 1;
            st->have_year = st->want_xday = 1;
            break;
        case 'Y':
            if (!(s = number(s, -9999, 9999, 4, &v))) return NULL;
            tm->tm_year = v - 1900;
            st->have_year = st->want_xday = 1;
            st->have_year2 = st->have_century = 0;
            break;
        case 'z': {
            while (*s == ' ') s++;
            if (*s == 'Z') { s++; tm->tm_gmtoff = 0; break; }
            int sign = *s == '-' ? -1 : *s == '+' ? 1 : 0;
            if (!sign) return NULL;
            s++;
            int hh, mm = 0;
            if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return NULL;
            hh = (s[0] - '0') * 10 + (s[1] - '0');
            s += 2;
            if (*s == ':') s++;
            if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])) {
                mm = (s[0] - '0') * 10 + (s[1] - '0');
                s += 2;
            }
            if (hh > 12 || mm > 59) return NULL;
            tm->tm_gmtoff = sign * (hh * 3600L + mm * 60L);
            break;
        }
        case 'Z': while (isalpha((unsigned char)*s)) s++; break;
        default: return NULL;
        }
    }
    return s;
}

char *strptime(const char *restrict s, const char *restrict fmt, struct tm *restrict tm) {
    struct state st = { 0 };
    const char *end = parse(s, fmt, tm, &st);
    if (!end) return NULL;
    if (st.have_pm && st.pm) tm->tm_hour += 12;
    if (st.have_year2) {
        int century = st.have_century ? st.century : (st.year2 < 69 ? 20 : 19);
        tm->tm_year = century * 100 + st.year2 - 1900;
    } else if (st.have_century && !st.have_year) {
        tm->tm_year = st.century * 100 - 1900;
    }
    if (st.want_xday && tm->tm_mon >= 0 && tm->tm_mon < 12) {
        static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
        long y = tm->tm_year + 1900L;
        if (!st.have_yday) tm->tm_yday = before[tm->tm_mon] + tm->tm_mday - 1 + (tm->tm_mon > 1 && is_leap(y));
        if (st.have_wday) return (char *)end;
        /* Day of the week: days since 1970-01-01 (a Thursday). */
        long yy = y - (tm->tm_mon < 2), era = (yy >= 0 ? yy : yy - 399) / 400;
        long yoe = yy - era * 400, mp = (tm->tm_mon + 10) % 12;   /* months from March */
        long doy = (153 * mp + 2) / 5 + tm->tm_mday - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146097 + doe - 719468;
        tm->tm_wday = (int)(((days % 7) + 11) % 7);
    }
    return (char *)end;
}
