/* seq - print a sequence of numbers.
 * Usage: seq [-s SEP] [-w] LAST | FIRST LAST | FIRST INCR LAST
 * Integers are exact (64-bit); decimal operands are printed with as many
 * fraction digits as FIRST/INCR have (like GNU seq without -f).  No -f. */
#include "common.h"
#include <ctype.h>
#include <limits.h>

static bool valid_number(const char *s)
{
    char *end;
    if (!*s || isspace((unsigned char)*s))
        return false;
    strtod(s, &end);
    return *end == '\0' && end != s;
}

static bool is_int(const char *s)
{
    if (*s == '-' || *s == '+') s++;
    return *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 18;
}

static int frac_digits(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || strpbrk(s, "eE"))
        return 0;
    return (int)strspn(dot + 1, "0123456789");
}

int main(int argc, char **argv)
{
    prog = "seq";
    const char *sep = "\n";
    bool equal_width = false;
    char **ops = calloc((size_t)argc, sizeof(char *));
    int nops = 0;
    bool done = false;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (done || a[0] != '-' || a[1] == '\0' || isdigit((unsigned char)a[1]) || a[1] == '.') {
            ops[nops++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { done = true; continue; }
        if (strncmp(a, "--separator=", 12) == 0) { sep = a + 12; continue; }
        if (strcmp(a, "--equal-width") == 0) { equal_width = true; continue; }
        if (strcmp(a, "--help") == 0 || strcmp(a, "--version") == 0) {   /* (its own parser: the same table's form) */
            static const struct gopt_long longs[] = {{"separator", 1, 's'}, {"equal-width", 0, 'w'}, {NULL, 0, 0}};
            gopt_help("s:w", longs, a[2] == 'v');
        }
        for (char *p = a + 1; *p; p++) {
            if (*p == 'w') {
                equal_width = true;
            } else if (*p == 's') {
                if (p[1]) { sep = p + 1; }
                else if (i + 1 < argc) { sep = argv[++i]; }
                else {
                    warnx_("option requires an argument -- 's'");
                    usage_hint(1);
                }
                break;
            } else {
                if (a[1] == '-')
                    warnx_("unrecognized option '%s'", a);
                else
                    warnx_("invalid option -- '%c'", *p);
                usage_hint(1);
            }
        }
    }
    if (nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    if (nops > 3) {
        warnx_("extra operand %s", quote(ops[3]));
        usage_hint(1);
    }
    for (int i = 0; i < nops; i++) {
        if (!valid_number(ops[i])) {
            warnx_("invalid floating point argument: %s", quote(ops[i]));
            usage_hint(1);
        }
    }
    const char *sfirst = nops >= 2 ? ops[0] : "1";
    const char *sincr = nops == 3 ? ops[1] : "1";
    const char *slast = ops[nops - 1];
    if (strtod(sincr, NULL) == 0) {
        warnx_("invalid Zero increment value: %s", quote(sincr));
        usage_hint(1);
    }
    bool first_out = true;
    if (is_int(sfirst) && is_int(sincr) && is_int(slast)) {
        long long f = atoll(sfirst), inc = atoll(sincr), l = atoll(slast);
        int w = 0;
        if (equal_width) {
            char b1[32], b2[32];
            int w1 = snprintf(b1, sizeof b1, "%lld", f), w2 = snprintf(b2, sizeof b2, "%lld", l);
            w = w1 > w2 ? w1 : w2;
        }
        for (long long v = f; inc > 0 ? v <= l : v >= l; v += inc) {
            if (!first_out)
                fputs(sep, stdout);
            first_out = false;
            if (equal_width)
                printf("%0*lld", w, v);
            else
                printf("%lld", v);
            if ((inc > 0 && v > LLONG_MAX - inc) || (inc < 0 && v < LLONG_MIN - inc))
                break;
        }
    } else {
        double f = strtod(sfirst, NULL), inc = strtod(sincr, NULL), l = strtod(slast, NULL);
        int p1 = frac_digits(sfirst), p2 = frac_digits(sincr);
        int prec = p1 > p2 ? p1 : p2;
        int w = 0;
        if (equal_width) {
            char b1[64], b2[64];
            int w1 = snprintf(b1, sizeof b1, "%.*f", prec, f);
            int w2 = snprintf(b2, sizeof b2, "%.*f", prec, l);
            w = w1 > w2 ? w1 : w2;
        }
        for (long long i = 0;; i++) {
            double v = f + (double)i * inc;
            if (inc > 0 ? v > l : v < l) {
                /* accept a value that only exceeds LAST by rounding error in print form */
                char b1[64], b2[64];
                snprintf(b1, sizeof b1, "%.*f", prec, v);
                snprintf(b2, sizeof b2, "%.*f", prec, l);
                if (strcmp(b1, b2) != 0)
                    break;
            }
            if (!first_out)
                fputs(sep, stdout);
            first_out = false;
            printf("%0*.*f", w, prec, v);
        }
    }
    if (!first_out)
        putchar('\n');
    return finish_stdout(0);
}
