/* strftime for the C locale; %Z and %z are the struct's tm_zone and tm_gmtoff, as in glibc. */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const wday_name[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
                                         "Friday", "Saturday" };
static const char *const mon_name[] = { "January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December" };

typedef struct { char *s; size_t max, n; } out_t;

static void put(out_t *o, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (o->n + 1 < o->max) o->s[o->n] = s[i];
        o->n++;
    }
}

static void putnum(out_t *o, long v, int width, char padc) {
    char buf[24];
    int n = padc ? snprintf(buf, sizeof buf, padc == '0' ? "%0*ld" : "%*ld", width, v)
                 : snprintf(buf, sizeof buf, "%ld", v);
    put(o, buf, (size_t)n);
}

static const char *safe(const char *const *names, int i, int n) {
    return i >= 0 && i < n ? names[i] : "?";
}

static void format(out_t *o, const char *fmt, const struct tm *tm) {
    for (; *fmt; fmt++) {
        if (*fmt != '%') { put(o, fmt, 1); continue; }
        char c = *++fmt;
        /* glibc flags we accept: '-' (no padding) and '0'/'_' (pad with zero/space). */
        char padflag = 0;
        if (c == '-' || c == '_' || c == '0') { padflag = c; c = *++fmt; }
        char zpad = padflag == '-' ? 0 : padflag == '_' ? ' ' : '0';
        char spad = padflag == '-' ? 0 : padflag == '0' ? '0' : ' ';
        switch (c) {
        case 'Y': putnum(o, tm->tm_year + 1900L, 1, 0); break;
        case 'C': putnum(o, (tm->tm_year + 1900L) / 100, 2, zpad); break;
        case 'y': putnum(o, ((tm->tm_year + 1900L) % 100 + 100) % 100, 2, zpad); break;
        case 'm': putnum(o, tm->tm_mon + 1, 2, zpad); break;
        case 'd': putnum(o, tm->tm_mday, 2, zpad); break;
        case 'e': putnum(o, tm->tm_mday, 2, spad); break;
        case 'H': putnum(o, tm->tm_hour, 2, zpad); break;
        case 'I': putnum(o, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, zpad); break;
        case 'M': putnum(o, tm->tm_min, 2, zpad); break;
        case 'S': putnum(o, tm->tm_sec, 2, zpad); break;
        case 'j': putnum(o, tm->tm_yday + 1, 3, zpad); break;
        case 'u': putnum(o, tm->tm_wday ? tm->tm_wday : 7, 1, 0); break;
        case 'w': putnum(o, tm->tm_wday, 1, 0); break;
        case 'a': put(o, safe(wday_name, tm->tm_wday, 7), 3); break;
        case 'A': { const char *s = safe(wday_name, tm->tm_wday, 7); put(o, s, strlen(s)); break; }
        case 'b': case 'h': put(o, safe(mon_name, tm->tm_mon, 12), 3); break;
        case 'B': { const char *s = safe(mon_name, tm->tm_mon, 12); put(o, s, strlen(s)); break; }
        case 'p': put(o, tm->tm_hour < 12 ? "AM" : "PM", 2); break;
        case 'P': put(o, tm->tm_hour < 12 ? "am" : "pm", 2); break;
        case 'Z': if (tm->tm_zone) put(o, tm->tm_zone, strlen(tm->tm_zone)); break;
        case 'z': {                        /* +hhmm from tm_gmtoff (seconds are dropped, as glibc) */
            long off = tm->tm_gmtoff, a = off < 0 ? -off : off;
            put(o, off < 0 ? "-" : "+", 1);
            putnum(o, a / 3600 * 100 + a / 60 % 60, 4, '0');
            break;
        }
        case 's': {                        /* the local time as an instant, through mktime */
            struct tm copy = *tm;
            putnum(o, (long)mktime(&copy), 1, 0);
            break;
        }
        case 'F': format(o, "%Y-%m-%d", tm); break;
        case 'T': format(o, "%H:%M:%S", tm); break;
        case 'R': format(o, "%H:%M", tm); break;
        case 'r': format(o, "%I:%M:%S %p", tm); break;
        case 'D': format(o, "%m/%d/%y", tm); break;
        case 'c': format(o, "%a %b %e %H:%M:%S %Y", tm); break;
        case 'x': format(o, "%m/%d/%y", tm); break;
        case 'X': format(o, "%H:%M:%S", tm); break;
        case 'n': put(o, "\n", 1); break;
        case 't': put(o, "\t", 1); break;
        case '%': put(o, "%", 1); break;
        case 0: fmt--; break;              /* lone '%' at the end */
        default: put(o, fmt - 1, 2);       /* unknown: copied as written, like glibc */
        }
    }
}

size_t strftime(char *restrict s, size_t max, const char *restrict fmt, const struct tm *restrict tm) {
    tzset();                       /* POSIX: as if tzset() had been called (glibc does) */
    out_t o = { s, max, 0 };
    format(&o, fmt, tm);
    if (o.n >= max) {              /* did not fit: C says return 0, contents indeterminate */
        if (max) s[0] = 0;
        return 0;
    }
    s[o.n] = 0;
    return o.n;
}
