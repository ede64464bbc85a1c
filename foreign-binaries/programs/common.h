/* common.h - small helpers shared by the Burrow test programs.
 *
 * Every program in this directory is built twice: for ToyOS with the ToyOS SDK
 * libc, and as a static Linux executable (the "native twin") with the same libc's
 * Linux backend.  Only the API promised by the SDK is used (no getopt_long, no
 * locale, no passwd/group lookup).
 *
 * Option parsing uses our own GNU-style parser (gopt_next) instead of libc
 * getopt, so both builds permute arguments like GNU getopt (options may follow
 * operands, "--" ends options) and print the same diagnostics.
 */
#ifndef BURROW_PROGRAMS_COMMON_H
#define BURROW_PROGRAMS_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *prog = "?";

/* "PROG: message\n" on stderr. */
__attribute__((format(printf, 1, 2), unused))
static void warnx_(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Usage error tail, like GNU: "Try 'PROG --help' for more information." */
__attribute__((noreturn, unused))
static void usage_hint(int status)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", prog);
    exit(status);
}

/* --- quoting: a simplified gnulib quotearg (shell-escape style) ------------
 * quote():  always quoted, like coreutils' quoteaf()/quote() in the C locale.
 * quotef(): quoted only when needed, like coreutils' quotef() used in
 *           "PROG: FILE: error" messages (a colon also forces quoting).
 * Results live in a small ring of heap buffers (valid for a few calls). */
static bool q_special_(const char *s, bool colon)
{
    if (*s == '\0' || *s == '#' || *s == '~')
        return true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || strchr(" !\"$&'()*;<=>?[\\]^`{|}", *p))
            return true;
        if (colon && *p == ':')
            return true;
    }
    return false;
}

static const char *quote_style_(const char *s, bool always, bool colon)
{
    static char *ring[4];
    static int slot;
    if (!always && !q_special_(s, colon))
        return s;
    size_t n = strlen(s);
    char *out = malloc(4 * n + 3);
    if (!out)
        return s;
    char *o = out;
    bool has_sq = strchr(s, '\'') != NULL;
    if (has_sq && !strpbrk(s, "\"$`\\!")) {
        *o++ = '"';
        memcpy(o, s, n);
        o += n;
        *o++ = '"';
    } else {
        *o++ = '\'';
        for (const char *p = s; *p; p++) {
            if (*p == '\'') {
                memcpy(o, "'\\''", 4);
                o += 4;
            } else {
                *o++ = *p;
            }
        }
        *o++ = '\'';
    }
    *o = '\0';
    free(ring[slot]);
    ring[slot] = out;
    slot = (slot + 1) % 4;
    return out;
}

__attribute__((unused)) static const char *quote(const char *s) { return quote_style_(s, true, false); }
__attribute__((unused)) static const char *quotef(const char *s) { return quote_style_(s, false, true); }

/* --- GNU-style option parser ------------------------------------------------
 * spec: like getopt ("n:c:v").  Long options: table of {name, has_arg, val}.
 * Operands are collected in g->ops (in order).  Errors print GNU getopt's
 * messages and return '?'. */
struct gopt_long { const char *name; int has_arg; int val; };

struct gopt {
    int argc;
    char **argv;
    int i;          /* index of the argument being scanned */
    int j;          /* position inside a cluster of short options (0 = none) */
    bool done;      /* saw "--" */
    char *arg;      /* option argument */
    char **ops;     /* operands */
    int nops;
    const struct gopt_long *longs;
    bool stop_at_operand; /* like a leading '+' in getopt: first operand ends options */
};

__attribute__((unused))
static void gopt_init(struct gopt *g, int argc, char **argv, const struct gopt_long *longs)
{
    memset(g, 0, sizeof *g);
    g->argc = argc;
    g->argv = argv;
    g->i = 1;
    g->ops = calloc((size_t)argc + 1, sizeof(char *));
    g->longs = longs;
}

/* --help and --version for a program that does not define them itself: the usage is made from
 * the same option table the parser reads (spec and longs), so it lists exactly what the program
 * takes; GNU's error hint ("Try 'PROG --help'") then leads somewhere. Exits 0. */
__attribute__((noreturn, unused))
static void gopt_help(const char *spec, const struct gopt_long *longs, bool version)
{
    if (version) {
        printf("%s (one of Burrow's test programs; '%s --help' lists its options)\n", prog, prog);
        exit(0);
    }
    printf("Usage: %s [OPTION]... [OPERAND]...\nOptions:", prog);
    for (const char *c = spec; *c; c++) {
        if (*c == ':' || *c == '+') continue;
        printf(" -%c%s", *c, c[1] == ':' ? " ARG" : "");
    }
    for (const struct gopt_long *l = longs; l && l->name; l++)
        printf(" --%s%s", l->name, l->has_arg ? "=ARG" : "");
    printf(" --help --version\n");
    exit(0);
}

/* Returns the option character, -1 at the end, '?' after printing an error. */
__attribute__((unused))
static int gopt_next(struct gopt *g, const char *spec)
{
    g->arg = NULL;
    for (;;) {
        if (g->j == 0) {
            if (g->i >= g->argc)
                return -1;
            char *a = g->argv[g->i];
            if (g->done || a[0] != '-' || a[1] == '\0') {
                if (g->stop_at_operand)
                    g->done = true;
                g->ops[g->nops++] = a;
                g->i++;
                continue;
            }
            if (a[1] == '-') {
                if (a[2] == '\0') {
                    g->done = true;
                    g->i++;
                    continue;
                }
                /* long option: exact or unique-prefix match */
                char *name = a + 2;
                char *eq = strchr(name, '=');
                size_t len = eq ? (size_t)(eq - name) : strlen(name);
                const struct gopt_long *hit = NULL;
                int nhits = 0;
                for (const struct gopt_long *l = g->longs; l && l->name; l++) {
                    if (strncmp(l->name, name, len) == 0) {
                        if (strlen(l->name) == len) { hit = l; nhits = 1; break; }
                        hit = l;
                        nhits++;
                    }
                }
                g->i++;
                bool exact = nhits == 1 && strlen(hit->name) == len;   /* (sort's --version-sort is no --version) */
                /* --help and --version, which every program takes, by a unique prefix too
                 * (GNU's --he, --vers), unless a table option matches exactly. */
                bool help = len > 0 && len <= 4 && strncmp("help", name, len) == 0;
                bool version = len > 0 && len <= 7 && strncmp("version", name, len) == 0;
                bool whole = (help && len == 4) || (version && len == 7);   /* (an exact name wins) */
                if (!exact && (help || version) && (whole || nhits + help + version == 1)) {
                    if (eq) {
                        fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n", prog, help ? "help" : "version");
                        return '?';
                    }
                    gopt_help(spec, g->longs, version);
                }
                if (!exact && (help || version))
                    nhits += help + version;   /* (--ver with --verbose: ambiguous, as in GNU) */
                if (nhits == 0) {
                    fprintf(stderr, "%s: unrecognized option '%s'\n", prog, a);
                    return '?';
                }
                if (nhits > 1) {
                    fprintf(stderr, "%s: option '%.*s' is ambiguous\n", prog, (int)(len + 2), a);
                    return '?';
                }
                if (hit->has_arg) {
                    if (eq) {
                        g->arg = eq + 1;
                    } else if (g->i < g->argc) {
                        g->arg = g->argv[g->i++];
                    } else {
                        fprintf(stderr, "%s: option '--%s' requires an argument\n", prog, hit->name);
                        return '?';
                    }
                } else if (eq) {
                    fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n", prog, hit->name);
                    return '?';
                }
                return hit->val;
            }
            g->j = 1;
        }
        char *a = g->argv[g->i];
        int c = (unsigned char)a[g->j++];
        const char *s = (c != ':' && c != 0) ? strchr(spec, c) : NULL;
        bool last = a[g->j] == '\0';
        if (!s) {
            if (last) { g->i++; g->j = 0; }
            fprintf(stderr, "%s: invalid option -- '%c'\n", prog, c);
            return '?';
        }
        if (s[1] == ':') {
            if (!last) {
                g->arg = a + g->j;
            } else if (g->i + 1 < g->argc) {
                g->arg = g->argv[++g->i];
            } else {
                g->i++;
                g->j = 0;
                fprintf(stderr, "%s: option requires an argument -- '%c'\n", prog, c);
                return '?';
            }
            g->i++;
            g->j = 0;
            return c;
        }
        if (last) { g->i++; g->j = 0; }
        return c;
    }
}

/* --- output helpers ---------------------------------------------------------- */

/* write(2) everything or fail. */
__attribute__((unused))
static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Like coreutils' close_stdout: report a failed flush of stdout. */
__attribute__((unused))
static int finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno;
        if (e == EPIPE)
            return status ? status : 1;
        fprintf(stderr, "%s: write error: %s\n", prog, strerror(e));
        return 1;
    }
    return status;
}

/* Parse a non-negative decimal count; false if invalid/overflow. */
__attribute__((unused))
static bool parse_count(const char *s, unsigned long long *out)
{
    if (!*s)
        return false;
    unsigned long long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (~0ULL - d) / 10)
            v = ~0ULL; /* saturate like GNU (treated as "infinite") */
        else
            v = v * 10 + d;
    }
    *out = v;
    return true;
}


/* Seconds since the epoch of a broken-down UTC date and time (date -d, touch -d/-t). */
__attribute__((unused))
static long long utc_seconds(int year, int month, int day, int hour, int min, int sec)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    return (long long)timegm(&tm);
}

#endif
