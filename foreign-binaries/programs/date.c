/* date - print the date and time, in the time zone TZ names (the libc's zoneinfo), or UTC with -u.
 * Options: -u (UTC), -d STRING where STRING is "@SECONDS[.FRAC]",
 * "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (local time; UTC with a trailing "UTC", "Z" or "+0000")
 * or "now"; -r FILE (its mtime);
 * -R (RFC 5322); -I[date|hours|minutes|seconds|ns]; +FORMAT.
 * The default format is GNU's C-locale one: "%a %b %e %H:%M:%S %Z %Y".
 * FORMAT is interpreted here (not by libc strftime): %a %A %b %B %c %C %d %D
 * %e %F %g %G %h %H %I %j %k %l %m %M %n %N %p %P %q %r %R %s %S %t %T %u %U
 * %V %w %W %x %X %y %Y %z %:z %::z %Z %%, flags - _ 0 ^ # and a field width.
 * Setting the clock is not supported. */
#include "common.h"
#include <ctype.h>
#include <sys/stat.h>
#include <time.h>

static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"};

static char *out;
static size_t olen, ocap;
static bool utc;            /* -u: GNU date sets TZ=UTC0, so the zone is called "UTC" */

static void put(const char *s, size_t n)
{
    if (olen + n + 1 > ocap) {
        ocap = (olen + n + 1) * 2;
        out = realloc(out, ocap);
    }
    memcpy(out + olen, s, n);
    olen += n;
}

/* Emit a field: NUM digits with padding rules, or a string. */
static void field_num(long long v, int defwidth, char defpad, char flag, int width)
{
    char pad = flag == '-' ? 0 : flag == '_' ? ' ' : flag == '0' ? '0' : defpad;
    int w = width >= 0 ? width : defwidth;
    char buf[64];
    bool neg = v < 0;
    unsigned long long u = neg ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
    int n = snprintf(buf, sizeof buf, "%llu", u);
    int total = n + (neg ? 1 : 0);
    if (pad == ' ') {
        for (int k = total; k < w; k++) put(" ", 1);
        if (neg) put("-", 1);
    } else {
        if (neg) put("-", 1);
        if (pad == '0')
            for (int k = total; k < w; k++) put("0", 1);
    }
    put(buf, (size_t)n);
}

static void field_str(const char *s, char flag, int width, bool upper)
{
    size_t n = strlen(s);
    if (width > 0)
        for (size_t k = n; k < (size_t)width; k++)
            put(flag == '0' ? "0" : " ", 1);
    for (size_t k = 0; k < n; k++) {
        char c = upper ? (char)toupper((unsigned char)s[k]) : s[k];
        put(&c, 1);
    }
}

static int iso_week(const struct tm *tm, int *iso_year)
{
    int wday = (tm->tm_wday + 6) % 7; /* Monday = 0 */
    int year = tm->tm_year + 1900;
    int yday = tm->tm_yday;
    int week = (yday - wday + 10) / 7;
    if (week < 1) {
        year--;
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int pyday = yday + 365 + leap;
        week = (pyday - wday + 10) / 7;
    } else {
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int ydays = 365 + leap;
        if (yday - wday + 3 >= ydays) { /* Thursday of this week is next year */
            week = 1;
            year++;
        }
    }
    *iso_year = year;
    return week;
}

static void format(const char *fmt, const struct tm *tm, long long secs, long nsec)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(p, 1);
            continue;
        }
        const char *start = p;
        p++;
        char flag = 0;
        bool upper = false;
        while (*p == '-' || *p == '_' || *p == '0' || *p == '^' || *p == '#') {
            if (*p == '^' || *p == '#') upper = true;
            else flag = *p;
            p++;
        }
        int width = -1;
        if (isdigit((unsigned char)*p)) {
            width = 0;
            while (isdigit((unsigned char)*p))
                width = width * 10 + (*p++ - '0');
        }
        int colons = 0;
        while (*p == ':') { colons++; p++; }
        char tmp[128];
        int iy;
        switch (*p) {
        case 'a': snprintf(tmp, sizeof tmp, "%.3s", days[tm->tm_wday]); field_str(tmp, flag, width, upper); break;
        case 'A': field_str(days[tm->tm_wday], flag, width, upper); break;
        case 'b': case 'h': snprintf(tmp, sizeof tmp, "%.3s", months[tm->tm_mon]); field_str(tmp, flag, width, upper); break;
        case 'B': field_str(months[tm->tm_mon], flag, width, upper); break;
        case 'c':
            snprintf(tmp, sizeof tmp, "%.3s %.3s %2d %02d:%02d:%02d %d", days[tm->tm_wday], months[tm->tm_mon],
                     tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900);
            field_str(tmp, flag, width, upper);
            break;
        case 'C': field_num((tm->tm_year + 1900) / 100, 2, '0', flag, width); break;
        case 'd': field_num(tm->tm_mday, 2, '0', flag, width); break;
        case 'D': snprintf(tmp, sizeof tmp, "%02d/%02d/%02d", tm->tm_mon + 1, tm->tm_mday, (tm->tm_year + 1900) % 100); field_str(tmp, flag, width, upper); break;
        case 'e': field_num(tm->tm_mday, 2, ' ', flag, width); break;
        case 'F': snprintf(tmp, sizeof tmp, "%d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday); field_str(tmp, flag, width, upper); break;
        case 'g': iso_week(tm, &iy); field_num(((iy % 100) + 100) % 100, 2, '0', flag, width); break;
        case 'G': iso_week(tm, &iy); field_num(iy, 1, '0', flag, width); break;
        case 'H': field_num(tm->tm_hour, 2, '0', flag, width); break;
        case 'I': field_num((tm->tm_hour + 11) % 12 + 1, 2, '0', flag, width); break;
        case 'j': field_num(tm->tm_yday + 1, 3, '0', flag, width); break;
        case 'k': field_num(tm->tm_hour, 2, ' ', flag, width); break;
        case 'l': field_num((tm->tm_hour + 11) % 12 + 1, 2, ' ', flag, width); break;
        case 'm': field_num(tm->tm_mon + 1, 2, '0', flag, width); break;
        case 'M': field_num(tm->tm_min, 2, '0', flag, width); break;
        case 'n': put("\n", 1); break;
        case 'N': {
            snprintf(tmp, sizeof tmp, "%09ld", nsec);
            int w = width > 0 ? width : 9;
            if (w > 9) w = 9;
            tmp[w] = '\0';
            put(tmp, (size_t)w);
            break;
        }
        case 'p': field_str(tm->tm_hour < 12 ? "AM" : "PM", flag, width, false); break;
        case 'P': field_str(tm->tm_hour < 12 ? "am" : "pm", flag, width, false); break;
        case 'q': field_num(tm->tm_mon / 3 + 1, 1, '0', flag, width); break;
        case 'r':
            snprintf(tmp, sizeof tmp, "%02d:%02d:%02d %s", (tm->tm_hour + 11) % 12 + 1, tm->tm_min, tm->tm_sec, tm->tm_hour < 12 ? "AM" : "PM");
            field_str(tmp, flag, width, upper);
            break;
        case 'R': snprintf(tmp, sizeof tmp, "%02d:%02d", tm->tm_hour, tm->tm_min); field_str(tmp, flag, width, upper); break;
        case 's': field_num(secs, 1, '0', flag, width); break;
        case 'S': field_num(tm->tm_sec, 2, '0', flag, width); break;
        case 't': put("\t", 1); break;
        case 'T': case 'X':
            snprintf(tmp, sizeof tmp, "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec);
            field_str(tmp, flag, width, upper);
            break;
        case 'u': field_num(tm->tm_wday == 0 ? 7 : tm->tm_wday, 1, '0', flag, width); break;
        case 'U': field_num((tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0', flag, width); break;
        case 'V': field_num(iso_week(tm, &iy), 2, '0', flag, width); break;
        case 'w': field_num(tm->tm_wday, 1, '0', flag, width); break;
        case 'W': field_num((tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0', flag, width); break;
        case 'x': snprintf(tmp, sizeof tmp, "%02d/%02d/%02d", tm->tm_mon + 1, tm->tm_mday, (tm->tm_year + 1900) % 100); field_str(tmp, flag, width, upper); break;
        case 'y': field_num(((tm->tm_year + 1900) % 100 + 100) % 100, 2, '0', flag, width); break;
        case 'Y': field_num(tm->tm_year + 1900, 1, '0', flag, width); break;
        case 'z': {              /* +hhmm, +hh:mm, +hh:mm:ss, or (%:::z) as few fields as suffice */
            long off = tm->tm_gmtoff, a = off < 0 ? -off : off;
            int hh = (int)(a / 3600), mm = (int)(a / 60 % 60), ss = (int)(a % 60);
            char sign = off < 0 ? '-' : '+';
            if (colons == 0) snprintf(tmp, sizeof tmp, "%c%02d%02d", sign, hh, mm);
            else if (colons == 1) snprintf(tmp, sizeof tmp, "%c%02d:%02d", sign, hh, mm);
            else if (colons == 2 || ss) snprintf(tmp, sizeof tmp, "%c%02d:%02d:%02d", sign, hh, mm, ss);
            else if (mm) snprintf(tmp, sizeof tmp, "%c%02d:%02d", sign, hh, mm);
            else snprintf(tmp, sizeof tmp, "%c%02d", sign, hh);
            field_str(tmp, flag, width, false);
            break;
        }
        case 'Z': field_str(tm->tm_zone ? tm->tm_zone : "", flag, width, upper); break;
        case '%': put("%", 1); break;
        case '\0':
            p--;
            put(start, strlen(start));
            break;
        default:
            put(start, (size_t)(p - start + 1));
            break;
        }
    }
}

/* Read an unsigned decimal of 1..maxd digits. */
static bool rd_num(const char **pp, int maxd, int *out)
{
    const char *p = *pp;
    int v = 0, d = 0;
    while (d < maxd && isdigit((unsigned char)*p)) {
        v = v * 10 + (*p++ - '0');
        d++;
    }
    if (d == 0)
        return false;
    *out = v;
    *pp = p;
    return true;
}

/* "YYYY-MM-DD[( |T)HH:MM[:SS]]" with optional trailing "UTC"/"Z"/"+0000". */
static bool parse_ymd(const char *s, int *Y, int *M, int *D, int *h, int *m, int *sec, bool *is_utc)
{
    if (!rd_num(&s, 9, Y) || *s++ != '-' || !rd_num(&s, 2, M) || *s++ != '-' || !rd_num(&s, 2, D))
        return false;
    if (*s == ' ' || *s == 'T') {
        const char *q = s + 1;
        while (*q == ' ') q++;
        if (isdigit((unsigned char)*q)) {
            s = q;
            if (!rd_num(&s, 2, h) || *s++ != ':' || !rd_num(&s, 2, m))
                return false;
            if (*s == ':') {
                s++;
                if (!rd_num(&s, 2, sec))
                    return false;
            }
        }
    }
    while (*s == ' ') s++;
    *is_utc = utc;
    if (strcmp(s, "UTC") == 0 || strcmp(s, "Z") == 0 || strcmp(s, "+0000") == 0 || strcmp(s, "+00:00") == 0) {
        s += strlen(s);
        *is_utc = true;
    }
    if (*s)
        return false;
    return *M >= 1 && *M <= 12 && *D >= 1 && *D <= 31 && *h < 24 && *m < 60 && *sec <= 60;
}

static bool parse_date(const char *s, long long *secs, long *nsec)
{
    while (isspace((unsigned char)*s)) s++;
    if (*s == '@') {
        char *end;
        errno = 0;
        long long v = strtoll(s + 1, &end, 10);
        if (end == s + 1 || errno)
            return false;
        long ns = 0;
        if (*end == '.' || *end == ',') {
            end++;
            int digits = 0;
            while (isdigit((unsigned char)*end)) {
                if (digits < 9) { ns = ns * 10 + (*end - '0'); digits++; }
                end++;
            }
            while (digits++ < 9) ns *= 10;
            if (s[1] == '-' && ns) { v--; ns = 1000000000L - ns; }
        }
        while (isspace((unsigned char)*end)) end++;
        if (*end)
            return false;
        *secs = v;
        *nsec = ns;
        return true;
    }
    if (strcmp(s, "now") == 0 || *s == '\0') {
        if (*s == '\0') {
            /* GNU: empty string means midnight today (local time) */
            time_t now = time(NULL);
            struct tm tm;
            if (!(utc ? gmtime_r(&now, &tm) : localtime_r(&now, &tm)))
                return false;
            tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
            tm.tm_isdst = -1;
            *secs = utc ? (long long)timegm(&tm) : (long long)mktime(&tm);
            *nsec = 0;
            return true;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        *secs = ts.tv_sec;
        *nsec = ts.tv_nsec;
        return true;
    }
    int Y, M, D, h = 0, m = 0, sec = 0;
    bool is_utc;
    if (!parse_ymd(s, &Y, &M, &D, &h, &m, &sec, &is_utc))
        return false;
    if (is_utc) {
        *secs = utc_seconds(Y, M, D, h, m, sec);
    } else {
        struct tm tm = {0};
        tm.tm_year = Y - 1900; tm.tm_mon = M - 1; tm.tm_mday = D;
        tm.tm_hour = h; tm.tm_min = m; tm.tm_sec = sec; tm.tm_isdst = -1;
        *secs = (long long)mktime(&tm);
    }
    *nsec = 0;
    return true;
}

int main(int argc, char **argv)
{
    prog = "date";
    static const struct gopt_long longs[] = {
        {"date", 1, 'd'}, {"reference", 1, 'r'}, {"utc", 0, 'u'}, {"universal", 0, 'u'},
        {"rfc-email", 0, 'R'}, {"iso-8601", 2, 'I'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    const char *dstr = NULL, *rfile = NULL, *fmt = NULL;
    const char *iso = NULL;
    bool rfc = false;
    int nfmt = 0;
    int c;
    while ((c = gopt_next(&g, "d:r:uRI")) != -1) {
        switch (c) {
        case 'd': dstr = g.arg; break;
        case 'r': rfile = g.arg; break;
        case 'u': utc = true; break;
        case 'R': rfc = true; nfmt++; break;
        case 'I': {
            /* -I takes an optional attached argument: -Iseconds */
            char *a = g.argv[g.i - 1];
            iso = "date";
            if (g.j == 0 && a[0] == '-' && a[1] == 'I' && a[2]) {
                iso = a + 2;
            }
            nfmt++;
            break;
        }
        default: usage_hint(1);
        }
        if (c == 'I' && g.j != 0) {
            /* remaining cluster characters are the -I argument */
            iso = g.argv[g.i] + g.j;
            g.i++;
            g.j = 0;
        }
    }
    for (int i = 0; i < g.nops; i++) {
        if (g.ops[i][0] == '+' && !fmt) {
            fmt = g.ops[i] + 1;
            nfmt++;
        } else {
            if (g.ops[i][0] == '+' || fmt || dstr || rfile) {
                warnx_("extra operand %s", quote(g.ops[i]));
                usage_hint(1);
            }
            warnx_("cannot set date: %s", strerror(EPERM));
            return 1;
        }
    }
    if (nfmt > 1) {
        warnx_("multiple output formats specified");
        usage_hint(1);
    }
    if (dstr && rfile) {
        warnx_("the options to specify dates for printing are mutually exclusive");
        usage_hint(1);
    }
    long long secs;
    long nsec;
    if (dstr) {
        if (!parse_date(dstr, &secs, &nsec)) {
            warnx_("invalid date %s", quote(dstr));
            return 1;
        }
    } else if (rfile) {
        struct stat st;
        if (stat(rfile, &st) != 0) {
            warnx_("%s: %s", quotef(rfile), strerror(errno));
            return 1;
        }
        secs = st.st_mtim.tv_sec;
        nsec = st.st_mtim.tv_nsec;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        secs = ts.tv_sec;
        nsec = ts.tv_nsec;
    }
    if (iso) {
        static const char *const names[] = {"date", "hours", "minutes", "seconds", "ns", NULL};
        static const char *const fmts[] = {"%Y-%m-%d", "%Y-%m-%dT%H%:z", "%Y-%m-%dT%H:%M%:z",
                                           "%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S,%N%:z"};
        int k, hit = -1, nhit = 0;
        for (k = 0; names[k]; k++)
            if (strncmp(names[k], iso, strlen(iso)) == 0) { hit = k; nhit++; }
        if (*iso == '\0') hit = 0, nhit = 1;
        if (nhit != 1) {
            warnx_("invalid argument %s for '--iso-8601'", quote(iso));
            fprintf(stderr, "Valid arguments are:\n  - 'hours'\n  - 'minutes'\n  - 'date'\n  - 'seconds'\n  - 'ns'\n");
            usage_hint(1);
        }
        fmt = fmts[hit];
    } else if (rfc) {
        fmt = "%a, %d %b %Y %H:%M:%S %z";
    } else if (!fmt) {
        fmt = "%a %b %e %H:%M:%S %Z %Y";
    }
    time_t t = (time_t)secs;
    struct tm tm;
    if (!(utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm))) {
        warnx_("time %lld is out of range", secs);
        return 1;
    }
    if (utc)
        tm.tm_zone = "UTC";
    format(fmt, &tm, secs, nsec);
    put("\n", 1);
    fwrite(out, 1, olen, stdout);
    return finish_stdout(0);
}
