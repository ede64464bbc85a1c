/* Time zones: TZ (a zoneinfo name, a path, ":path", or a POSIX rule such as
   "CET-1CEST,M3.5.0,M10.5.0/3") and TZif files (v1, and the 64-bit data plus footer rule of v2+),
   read with ordinary open/read, so under Burrow through the guest's root. The observable choices
   follow glibc, which the oracle compares against (oracle/tz.c):
   - TZ unset reads /etc/localtime; TZ="" is "Universal" (UTC); a leading ':' is dropped;
   - a name is first tried as a file (relative names under $TZDIR or /usr/share/zoneinfo), then
     parsed as a POSIX rule; what parses neither way is UTC under whatever name could be read;
   - before a file's first transition, the first standard-time type applies; after its last, the
     footer rule (else the last type);
   - a POSIX rule's transitions are computed in the UTC year of the instant;
   - tzname/timezone/daylight come from the latest standard and daylight types of the file;
   - mktime resolves a time in a spring-forward gap, or with a tm_isdst the zone does not have then,
     with the offset of the other kind nearby, as glibc's (gnulib's) mktime does.
   Not done: leap-second ("right/") files are read without applying their corrections; a DST rule
   without dates ("ABC3DEF") uses the US rule instead of reading posixrules. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *tzname[2] = { "GMT", "GMT" };
long timezone;
int daylight;

/* A date rule of a POSIX TZ string: Jn (1-365, no Feb 29), n (0-365), or Mm.w.d. */
struct rdate { char kind; int n, m, w, d; int32_t secs; };
struct rule {
    const char *name[2];
    int32_t off[2];            /* UTC offsets (east positive) of standard and daylight time */
    int has_dst;
    int no_dates;              /* a daylight name with unusable dates: never in effect */
    struct rdate start, end;
};
struct ttype { int32_t off; int isdst; const char *abbr; };

static struct {
    int file;                  /* a TZif file is loaded */
    int64_t *trans; unsigned char *tidx; size_t ntrans;
    struct ttype *types; size_t ntypes;
    int has_rule;              /* POSIX rule: the TZ string itself, or the file's footer */
    struct rule rule;
    int32_t std_off, dst_off;  /* for timezone/daylight */
} Z;
static char *cur_tz;           /* the TZ value last loaded (NULL: never) */

/* Zone names live as long as the program (struct tm's tm_zone and tzname point at them). */
static const char *intern(const char *s, size_t n) {
    static struct name { struct name *next; char s[]; } *names;
    for (struct name *p = names; p; p = p->next)
        if (strlen(p->s) == n && !memcmp(p->s, s, n)) return p->s;
    struct name *p = malloc(sizeof *p + n + 1);
    if (!p) return "";
    memcpy(p->s, s, n);
    p->s[n] = 0;
    p->next = names;
    names = p;
    return p->s;
}

/* ---- POSIX TZ strings ---- */

static int isalpha_(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static int isdigit_(int c) { return c >= '0' && c <= '9'; }

static int parse_name(const char **p, const char **out) {
    const char *s = *p, *b;
    size_t n;
    if (*s == '<') {
        b = ++s;
        while (isalpha_(*s) || isdigit_(*s) || *s == '+' || *s == '-') s++;
        if (*s != '>') return 0;
        n = (size_t)(s - b);
        s++;
    } else {
        b = s;
        while (isalpha_(*s)) s++;
        n = (size_t)(s - b);
    }
    if (n < 3) return 0;
    *out = intern(b, n);
    *p = s;
    return 1;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to max_h. */
static int parse_hms(const char **p, int32_t *secs, int max_h) {
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-') sign = *s++ == '-' ? -1 : 1;
    if (!isdigit_(*s)) return 0;
    int32_t v[3] = { 0, 0, 0 };
    for (int i = 0; i < 3; i++) {
        if (i && (*s != ':' || !isdigit_(s[1]))) break;
        if (i) s++;
        int32_t x = 0;
        while (isdigit_(*s)) { if (x < 100000) x = x * 10 + (*s - '0'); s++; }
        v[i] = x;
    }
    if (max_h > 24 && v[0] > max_h) return 0;         /* a rule's time: at most 167 hours */
    /* An offset's fields are clamped (hours to 24, the others to 59), as glibc does. */
    if (v[0] > max_h) v[0] = max_h;
    if (v[1] > 59) v[1] = 59;
    if (v[2] > 59) v[2] = 59;
    *secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
    *p = s;
    return 1;
}

static int parse_rdate(const char **p, struct rdate *r) {
    const char *s = *p;
    char *e;
    if (*s == 'J') {
        r->kind = 'J';
        r->n = (int)strtol(s + 1, &e, 10);
        if (e == s + 1 || r->n < 1 || r->n > 365) return 0;
    } else if (*s == 'M') {
        r->kind = 'M';
        r->m = (int)strtol(s + 1, &e, 10);
        if (e == s + 1 || *e != '.' || r->m < 1 || r->m > 12) return 0;
        r->w = (int)strtol(e + 1, &e, 10);
        if (*e != '.' || r->w < 1 || r->w > 5) return 0;
        r->d = (int)strtol(e + 1, &e, 10);
        if (r->d < 0 || r->d > 6) return 0;
    } else if (isdigit_(*s)) {
        r->kind = 'D';
        r->n = (int)strtol(s, &e, 10);
        if (r->n > 365) return 0;
    } else {
        return 0;
    }
    s = e;
    r->secs = 7200;
    if (*s == '/') {
        s++;
        if (!parse_hms(&s, &r->secs, 167)) return 0;
    }
    *p = s;
    return 1;
}

/* Parses a POSIX TZ string into *r. Returns 0 if not even the standard name could be read,
   1 if only the name could (the zone is then UTC under that name), 2 if it parsed. */
static int parse_rule(const char *s, struct rule *r) {
    memset(r, 0, sizeof *r);
    r->name[0] = r->name[1] = "";
    if (!parse_name(&s, &r->name[0])) return 0;
    int32_t o;
    if (!parse_hms(&s, &o, 24)) return 1;     /* tzname[1] stays "", as glibc leaves it */
    r->name[1] = r->name[0];
    r->off[0] = r->off[1] = -o;
    if (!*s || !parse_name(&s, &r->name[1])) { r->name[1] = r->name[0]; return 2; }
    r->has_dst = 1;
    r->off[1] = r->off[0] + 3600;
    if (*s && *s != ',' && parse_hms(&s, &o, 24)) r->off[1] = -o;
    if (*s == ',') {
        s++;
        if (parse_rdate(&s, &r->start) && *s == ',') {
            s++;
            if (parse_rdate(&s, &r->end)) return 2;
        }
        r->no_dates = 1;          /* malformed dates: standard time throughout, as glibc */
        return 2;
    }
    /* No dates: the US rule (glibc would take posixrules' transitions). */
    r->start = (struct rdate){ 'M', 0, 3, 2, 0, 7200 };
    r->end = (struct rdate){ 'M', 0, 11, 1, 0, 7200 };
    return 2;
}

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int64_t fdiv(int64_t a, int64_t b) { return a / b - (a % b < 0); }
static int64_t leaps_through(int64_t y) { return fdiv(y, 4) - fdiv(y, 100) + fdiv(y, 400); }

/* Days from 1970-01-01 to January 1st of year y. */
static int64_t year_days(int64_t y) { return (y - 1970) * 365 + leaps_through(y - 1) - leaps_through(1969); }

/* UTC seconds of the rule date in year y, given the UTC offset in force before it. */
static int64_t rule_time(const struct rdate *r, int64_t y, int32_t off) {
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    /* glibc counts days from 1970-01-01 for every year up to 1970 (with that year's calendar), so
       rules put transitions of earlier years on 1970's dates; so do we, to print what it prints. */
    int64_t day = year_days(y > 1970 ? y : 1970);
    if (r->kind == 'J') {
        day += r->n - 1 + (is_leap(y) && r->n >= 60);
    } else if (r->kind == 'D') {
        day += r->n;
    } else {
        for (int i = 0; i < r->m - 1; i++) day += mdays[i] + (i == 1 && is_leap(y));
        int dim = mdays[r->m - 1] + (r->m == 2 && is_leap(y));
        int64_t first = year_days(y) + (day - year_days(y > 1970 ? y : 1970));
        int wd1 = (int)(((first % 7) + 11) % 7);      /* weekday of the 1st (1970-01-01: Thursday) */
        int d = (r->d - wd1 + 7) % 7 + (r->w - 1) * 7;
        while (d >= dim) d -= 7;
        day += d;
    }
    return day * 86400 + r->secs - off;
}

/* UTC year of t. */
static int64_t utc_year(int64_t t) {
    int64_t days = t / 86400 - (t % 86400 < 0);
    int64_t y = 1970 + (int64_t)((double)days / 365.2425);
    while (year_days(y + 1) <= days) y++;
    while (year_days(y) > days) y--;
    return y;
}

static int rule_isdst(const struct rule *r, int64_t t) {
    if (!r->has_dst || r->no_dates) return 0;
    int64_t y = utc_year(t);
    int64_t start = rule_time(&r->start, y, r->off[0]), end = rule_time(&r->end, y, r->off[1]);
    if (start < end) return t >= start && t < end;
    return !(t >= end && t < start);
}

/* ---- TZif files ---- */

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static int64_t be64(const unsigned char *p) { return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4)); }

static unsigned char *read_file(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *b = malloc(cap);
    for (;;) {
        if (!b) break;
        if (n == cap) {
            if (cap >= (1u << 20)) { free(b); b = NULL; break; }   /* no zone file is that big */
            unsigned char *nb = realloc(b, cap *= 2);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
        }
        ssize_t r = read(fd, b + n, cap - n);
        if (r < 0) { if (errno == EINTR) continue; free(b); b = NULL; break; }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    *len = n;
    return b;
}

static void unload(void) {
    free(Z.trans); free(Z.tidx); free(Z.types);
    Z.trans = NULL; Z.tidx = NULL; Z.types = NULL;
    Z.ntrans = Z.ntypes = 0;
    Z.file = Z.has_rule = 0;
}

/* Loads a TZif file into Z; 0 if it is missing or malformed. */
static int load_file(const char *name) {
    char path[1024];
    if (name[0] == '/') {
        if (strlen(name) >= sizeof path) return 0;
        strcpy(path, name);
    } else {
        const char *dir = getenv("TZDIR");
        if (!dir || !*dir) dir = "/usr/share/zoneinfo";
        if (strlen(dir) + strlen(name) + 2 > sizeof path) return 0;
        strcpy(path, dir);
        strcat(path, "/");
        strcat(path, name);
    }
    size_t len;
    unsigned char *b = read_file(path, &len);
    if (!b) return 0;
    const unsigned char *p = b, *end = b + len;
    int ok = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (end - p < 44 || memcmp(p, "TZif", 4)) break;
        int v2 = p[4] >= '2';
        uint32_t isut = be32(p + 20), isstd = be32(p + 24), leap = be32(p + 28), timecnt = be32(p + 32),
                 typecnt = be32(p + 36), charcnt = be32(p + 40);
        size_t tsz = pass ? 8 : 4;
        size_t need = timecnt * tsz + timecnt + typecnt * 6 + charcnt + leap * (tsz + 4) + isstd + isut;
        p += 44;
        if (typecnt == 0 || typecnt > 256 || timecnt > 100000 || charcnt > 4096 || (size_t)(end - p) < need) break;
        if (pass == 0 && v2) { p += need; continue; }    /* skip the 32-bit data for the 64-bit one */
        unload();
        Z.trans = malloc((timecnt ? timecnt : 1) * sizeof *Z.trans);
        Z.tidx = malloc(timecnt ? timecnt : 1);
        Z.types = malloc(typecnt * sizeof *Z.types);
        if (!Z.trans || !Z.tidx || !Z.types) break;
        for (uint32_t i = 0; i < timecnt; i++) Z.trans[i] = tsz == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
        p += timecnt * tsz;
        for (uint32_t i = 0; i < timecnt; i++) if ((Z.tidx[i] = p[i]) >= typecnt) goto out;
        p += timecnt;
        const unsigned char *chars = p + typecnt * 6;
        for (uint32_t i = 0; i < typecnt; i++, p += 6) {
            Z.types[i].off = (int32_t)be32(p);
            Z.types[i].isdst = p[4] != 0;
            unsigned a = p[5];
            if (a >= charcnt) goto out;
            Z.types[i].abbr = intern((const char *)chars + a, strnlen((const char *)chars + a, charcnt - a));
        }
        p = chars + charcnt + leap * (tsz + 4) + isstd + isut;
        Z.ntrans = timecnt;
        Z.ntypes = typecnt;
        Z.file = 1;
        ok = 1;
        if (pass == 1 && p < end && *p == '\n') {           /* the footer: a POSIX rule for later times */
            const unsigned char *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
            if (nl && nl > p + 1 && nl - p < 256) {
                char spec[256];
                memcpy(spec, p + 1, (size_t)(nl - p - 1));
                spec[nl - p - 1] = 0;
                Z.has_rule = parse_rule(spec, &Z.rule) == 2;
            }
        }
        break;
    }
out:
    free(b);
    if (!ok) unload();
    return ok;
}

/* tzname, timezone and daylight of a loaded file: the latest standard and daylight types. */
static void file_vars(void) {
    const char *nm[2] = { NULL, NULL };
    for (size_t i = Z.ntrans; i > 0;) {
        const struct ttype *ty = &Z.types[Z.tidx[--i]];
        if (!nm[ty->isdst]) { nm[ty->isdst] = ty->abbr; if (nm[!ty->isdst]) break; }
    }
    if (!nm[0]) nm[0] = Z.types[0].abbr;
    if (!nm[1]) nm[1] = nm[0];
    tzname[0] = (char *)nm[0];
    tzname[1] = (char *)nm[1];
    int have[2] = { 0, 0 };
    int32_t off[2] = { 0, 0 };
    if (Z.ntrans == 0) {
        off[0] = off[1] = Z.types[0].off;
    } else {
        for (size_t i = Z.ntrans; i > 0 && !(have[0] && have[1]);) {
            const struct ttype *ty = &Z.types[Z.tidx[--i]];
            if (!have[ty->isdst]) { have[ty->isdst] = 1; off[ty->isdst] = ty->off; }
        }
        if (!have[1]) off[1] = off[0];
    }
    Z.std_off = off[0];
    Z.dst_off = off[1];
}

static void rule_vars(const struct rule *r) {
    tzname[0] = (char *)r->name[0];
    tzname[1] = (char *)r->name[1];
    Z.std_off = r->off[0];
    Z.dst_off = r->has_dst ? r->off[1] : r->off[0];
}

/* Reloads the zone when TZ changed since the last call. */
static void tz_update(void) {
    const char *tz = getenv("TZ");
    if (tz && !*tz) tz = "Universal";
    if (tz && *tz == ':') tz++;
    if (tz && !*tz) tz = NULL;                  /* ":" alone: the system default, as glibc */
    if (cur_tz && tz && !strcmp(tz, cur_tz)) return;
    int deflt = !tz;
    if (!tz) tz = "/etc/localtime";
    if (cur_tz && deflt && !strcmp(cur_tz, tz)) return;
    free(cur_tz);
    cur_tz = strdup(tz);
    unload();
    if (load_file(tz)) {
        file_vars();
    } else if (deflt) {
        memset(&Z.rule, 0, sizeof Z.rule);
        Z.rule.name[0] = Z.rule.name[1] = "UTC";
        rule_vars(&Z.rule);
    } else {
        parse_rule(tz, &Z.rule);        /* whatever was parsed; UTC otherwise */
        Z.has_rule = 1;
        rule_vars(&Z.rule);
    }
    timezone = -Z.std_off;
    daylight = Z.std_off != Z.dst_off;
}

void tzset(void) { tz_update(); }

/* The offset, DST flag and name in force at instant t. */
static void zone_at(int64_t t, int32_t *off, int *isdst, const char **abbr) {
    if (Z.file && !(Z.ntrans && t >= Z.trans[Z.ntrans - 1] && Z.has_rule)) {
        const struct ttype *ty;
        if (Z.ntrans == 0 || t < Z.trans[0]) {
            size_t i = 0;
            while (i < Z.ntypes && Z.types[i].isdst) i++;
            ty = &Z.types[i == Z.ntypes ? 0 : i];
        } else {
            size_t lo = 0, hi = Z.ntrans;              /* the last transition <= t */
            while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (Z.trans[mid] <= t) lo = mid; else hi = mid;
            }
            ty = &Z.types[Z.tidx[lo]];
        }
        *off = ty->off;
        *isdst = ty->isdst;
        *abbr = ty->abbr;
        return;
    }
    int d = rule_isdst(&Z.rule, t);
    *off = Z.rule.off[d];
    *isdst = d;
    *abbr = Z.rule.name[d];
}

/* glibc's localtime also sets tzname (and, past a file's last transition, daylight and timezone)
   to the names in force around t: the name of t's type, and the nearest later (for a time before
   the first transition: the first) name of the other kind. Programs print tzname after
   localtime, so this follows it. */
static void names_at(int64_t t) {
    if (!Z.file) return;                                /* a POSIX rule: tzset's names stand */
    const char *nm[2] = { NULL, NULL };
    if (Z.ntrans && t >= Z.trans[Z.ntrans - 1] && Z.has_rule) {
        rule_vars(&Z.rule);
        timezone = -Z.rule.off[0];
        daylight = Z.rule.has_dst && Z.rule.off[0] != Z.rule.off[1];
        return;
    }
    if (Z.ntrans == 0 || t < Z.trans[0]) {
        size_t i = 0;
        for (; i < Z.ntypes && Z.types[i].isdst; i++) if (!nm[1]) nm[1] = Z.types[i].abbr;
        if (i == Z.ntypes) i = 0;
        nm[0] = Z.types[i].abbr;
        for (size_t j = i; !nm[1] && j < Z.ntypes; j++) if (Z.types[j].isdst) nm[1] = Z.types[j].abbr;
    } else {
        size_t lo = 0, hi = Z.ntrans;                  /* the last transition <= t */
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (Z.trans[mid] <= t) lo = mid; else hi = mid;
        }
        const struct ttype *ty = &Z.types[Z.tidx[lo]];
        nm[ty->isdst] = ty->abbr;
        for (size_t j = lo + 1; j < Z.ntrans; j++) {
            const struct ttype *n = &Z.types[Z.tidx[j]];
            if (!nm[n->isdst]) { nm[n->isdst] = n->abbr; if (nm[!n->isdst]) break; }
        }
        if (!nm[0]) nm[0] = nm[1];
    }
    if (!nm[1]) nm[1] = nm[0];
    tzname[0] = (char *)nm[0];
    tzname[1] = (char *)nm[1];
}

/* localtime_r reads TZ only the first time (later changes need tzset), as glibc's does;
   localtime, mktime, ctime and tzset read it every time. */
static struct tm *convert(const time_t *restrict t, struct tm *restrict tm);

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm) {
    if (!cur_tz) tz_update();
    return convert(t, tm);
}

struct tm *localtime(const time_t *t) {
    static struct tm tm;
    tz_update();
    return convert(t, &tm);
}

static struct tm *convert(const time_t *restrict t, struct tm *restrict tm) {
    /* Far beyond any year an int holds (gmtime_r says EOVERFLOW there): keep t + offset defined. */
    if (*t > ((time_t)1 << 60) || *t < -((time_t)1 << 60)) { errno = EOVERFLOW; return NULL; }
    int32_t off;
    int isdst;
    const char *abbr;
    zone_at(*t, &off, &isdst, &abbr);
    names_at(*t);
    time_t lt = *t + off;
    if (!gmtime_r(&lt, tm)) return NULL;
    tm->tm_isdst = isdst;
    tm->tm_gmtoff = off;
    tm->tm_zone = abbr;
    return tm;
}


/* mktime: local fields (normalised) to an instant. The offsets in play are those around the
   local time read as UTC; an offset o fits when the zone's offset at local - o is o. Two fit in
   a fall-back hour: like glibc, which starts from the offset of its previous result, the one the
   previous offset leads to wins. None fits in a spring-forward gap: the result is the other side
   of the gap, of the kind tm_isdst did not ask for (daylight time when it asked nothing). A
   tm_isdst of 0 or 1 that no fitting offset has takes the offset of the nearest instant of that
   kind within about a year, else is taken as one hour of daylight saving, as glibc does. */
static int32_t last_off;

time_t mktime(struct tm *tm) {
    tz_update();
    struct tm u = *tm;
    int want = tm->tm_isdst;
    int64_t local = timegm(&u);
    if (local > ((int64_t)1 << 60) || local < -((int64_t)1 << 60)) { errno = EOVERFLOW; return (time_t)-1; }
    int32_t offs[3], o, guess;
    int kinds[3], fits[3], d;
    const char *ab;
    int n = 0;
    for (int i = -1; i <= 1; i++) {
        zone_at(local + i * 172800, &o, &d, &ab);
        int dup = 0;
        for (int j = 0; j < n; j++) dup |= offs[j] == o;
        if (dup) continue;
        offs[n] = o;
        kinds[n] = d;
        zone_at(local - o, &o, &d, &ab);
        fits[n] = o == offs[n];
        n++;
    }
    zone_at(local - last_off, &guess, &d, &ab);
    int pick = -1;
    for (int j = 0; j < n; j++)                     /* fitting, of the requested kind, guessed first */
        if (fits[j] && (want < 0 || kinds[j] == (want != 0)) && (pick < 0 || offs[j] == guess)) pick = j;
    int64_t t;
    if (pick >= 0) {
        t = local - offs[pick];
    } else {
        int anyfit = -1;
        for (int j = 0; j < n; j++) if (fits[j] && (anyfit < 0 || offs[j] == guess)) anyfit = j;
        if (anyfit < 0) {                           /* a gap */
            int kind = want < 0 ? 0 : want != 0;
            pick = 0;
            for (int j = 0; j < n; j++) if (kinds[j] == kind) { pick = j; break; }
            t = local - offs[pick];
        } else {
            t = local - offs[anyfit];
            static const int64_t step = 601200;    /* probe a week at a time, both ways */
            for (int64_t k = 1; k * step < 536454000 / 2 + step; k++)
                for (int s = -1; s <= 1; s += 2) {
                    zone_at(t + s * k * step, &o, &d, &ab);
                    if (d == (want != 0)) { t = local - o; goto found; }
                }
            t += 3600 * ((want == 0) - (kinds[anyfit] == 0));
        }
    }
found:;
    time_t r = (time_t)t;
    if (!convert(&r, tm)) { errno = EOVERFLOW; return (time_t)-1; }
    last_off = (int32_t)tm->tm_gmtoff;
    return r;
}
