/* touch - change file timestamps, creating missing files.
 * Options: -a, -m, -c (no create), -d DATE ("@SECONDS[.FRAC]" or
 * "YYYY-MM-DD[ HH:MM[:SS]]", UTC), -t [[CC]YY]MMDDhhmm[.ss] (UTC),
 * -r FILE (use its times). */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

static bool num(const char *s, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (!isdigit((unsigned char)s[k]))
            return false;
        v = v * 10 + (s[k] - '0');
    }
    *out = v;
    return true;
}

static bool parse_d(const char *s, struct timespec *ts)
{
    if (*s == '@') {
        char *end;
        long long v = strtoll(s + 1, &end, 10);
        long ns = 0;
        if (end == s + 1)
            return false;
        if (*end == '.') {
            int d = 0;
            for (end++; isdigit((unsigned char)*end); end++)
                if (d < 9) { ns = ns * 10 + (*end - '0'); d++; }
            while (d++ < 9) ns *= 10;
        }
        if (*end)
            return false;
        ts->tv_sec = (time_t)v;
        ts->tv_nsec = ns;
        return true;
    }
    int Y, M, D, h = 0, m = 0, sec = 0;
    size_t len = strlen(s);
    if (len < 10 || !num(s, 4, &Y) || s[4] != '-' || !num(s + 5, 2, &M) || s[7] != '-' || !num(s + 8, 2, &D))
        return false;
    const char *p = s + 10;
    long ns = 0;
    if (*p == ' ' || *p == 'T') {
        p++;
        if (!num(p, 2, &h) || p[2] != ':' || !num(p + 3, 2, &m))
            return false;
        p += 5;
        if (*p == ':') {
            if (!num(p + 1, 2, &sec))
                return false;
            p += 3;
            if (*p == '.') {
                int d = 0;
                for (p++; isdigit((unsigned char)*p); p++)
                    if (d < 9) { ns = ns * 10 + (*p - '0'); d++; }
                while (d++ < 9) ns *= 10;
            }
        }
    }
    if (*p && strcmp(p, " UTC") != 0 && strcmp(p, "Z") != 0)
        return false;
    ts->tv_sec = utc_seconds(Y, M, D, h, m, sec);
    ts->tv_nsec = ns;
    return true;
}

static bool parse_t(const char *s, struct timespec *ts)
{
    const char *dot = strchr(s, '.');
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    int Y, M, D, h, m, sec = 0;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    time_t nt = now.tv_sec;
    struct tm cur;
    gmtime_r(&nt, &cur);
    const char *p = s;
    if (n == 12) { if (!num(p, 4, &Y)) return false; p += 4; }
    else if (n == 10) { int yy; if (!num(p, 2, &yy)) return false; Y = yy < 69 ? 2000 + yy : 1900 + yy; p += 2; }
    else if (n == 8) Y = cur.tm_year + 1900;
    else return false;
    if (!num(p, 2, &M) || !num(p + 2, 2, &D) || !num(p + 4, 2, &h) || !num(p + 6, 2, &m))
        return false;
    if (dot && (strlen(dot) != 3 || !num(dot + 1, 2, &sec)))
        return false;
    ts->tv_sec = utc_seconds(Y, M, D, h, m, sec);
    ts->tv_nsec = 0;
    return M >= 1 && M <= 12 && D >= 1 && D <= 31 && h < 24 && m < 60 && sec <= 60;
}

int main(int argc, char **argv)
{
    prog = "touch";
    static const struct gopt_long longs[] = {
        {"no-create", 0, 'c'}, {"date", 1, 'd'}, {"reference", 1, 'r'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool only_a = false, only_m = false, nocreate = false, given = false;
    struct timespec times[2];
    int c;
    while ((c = gopt_next(&g, "acd:fmr:t:h")) != -1) {
        switch (c) {
        case 'a': only_a = true; break;
        case 'm': only_m = true; break;
        case 'c': nocreate = true; break;
        case 'f': case 'h': break;
        case 'd':
            if (!parse_d(g.arg, &times[0])) {
                warnx_("invalid date format %s", quote(g.arg));
                return 1;
            }
            times[1] = times[0];
            given = true;
            break;
        case 't':
            if (!parse_t(g.arg, &times[0])) {
                warnx_("invalid date format %s", quote(g.arg));
                return 1;
            }
            times[1] = times[0];
            given = true;
            break;
        case 'r': {
            struct stat st;
            if (stat(g.arg, &st) != 0) {
                warnx_("failed to get attributes of %s: %s", quote(g.arg), strerror(errno));
                return 1;
            }
            times[0] = st.st_atim;
            times[1] = st.st_mtim;
            given = true;
            break;
        }
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing file operand");
        usage_hint(1);
    }
    if (!given) {
        times[0].tv_sec = times[1].tv_sec = 0;
        times[0].tv_nsec = times[1].tv_nsec = UTIME_NOW;
    }
    if (only_a && !only_m)
        times[1].tv_nsec = UTIME_OMIT;
    if (only_m && !only_a)
        times[0].tv_nsec = UTIME_OMIT;
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        const char *f = g.ops[i];
        if (strcmp(f, "-") == 0)
            continue; /* would need futimens on stdout */
        int open_err = 0;
        if (!nocreate) {
            int fd = open(f, O_WRONLY | O_CREAT | O_NONBLOCK | O_NOCTTY, 0666);
            if (fd >= 0)
                close(fd);
            else
                open_err = errno;
        }
        if (utimensat(AT_FDCWD, f, times, 0) != 0) {
            int e = errno;
            if (nocreate && e == ENOENT)
                continue;
            if (open_err && open_err != EISDIR)
                e = open_err;
            warnx_("%s %s: %s", open_err && open_err != EISDIR ? "cannot touch" : "setting times of", quote(f), strerror(e));
            status = 1;
        }
    }
    return status;
}
