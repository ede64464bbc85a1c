/* sort - sort lines of text files (C locale byte order).
 * Options: -r, -n (numeric: [blanks][-]digits[.digits]), -u, -f (fold lower
 * to upper), -b (ignore leading blanks), -s (stable: no last-resort compare),
 * -o FILE, -z.  Not supported: -k/-t keys, -g, -h, -M, -V, -c, -m. */
#include "fileio.h"
#include <ctype.h>

struct line { const char *s; size_t n; size_t idx; };
static bool opt_r, opt_n, opt_u, opt_f, opt_b, opt_s;
static char delim = '\n';

static int numcmp(const char *a, size_t an, const char *b, size_t bn)
{
    const char *ae = a + an, *be = b + bn;
    while (a < ae && (*a == ' ' || *a == '\t')) a++;
    while (b < be && (*b == ' ' || *b == '\t')) b++;
    bool aneg = a < ae && *a == '-', bneg = b < be && *b == '-';
    if (aneg) a++;
    if (bneg) b++;
    while (a < ae && *a == '0') a++;
    while (b < be && *b == '0') b++;
    const char *ai = a, *bi = b;
    while (a < ae && isdigit((unsigned char)*a)) a++;
    while (b < be && isdigit((unsigned char)*b)) b++;
    size_t ail = (size_t)(a - ai), bil = (size_t)(b - bi);
    const char *af = a, *bf = b;
    size_t afl = 0, bfl = 0;
    if (a < ae && *a == '.') { af = ++a; while (a < ae && isdigit((unsigned char)*a)) a++; afl = (size_t)(a - af); }
    if (b < be && *b == '.') { bf = ++b; while (b < be && isdigit((unsigned char)*b)) b++; bfl = (size_t)(b - bf); }
    while (afl > 0 && af[afl - 1] == '0') afl--;
    while (bfl > 0 && bf[bfl - 1] == '0') bfl--;
    bool azero = ail == 0 && afl == 0, bzero = bil == 0 && bfl == 0;
    if (azero) aneg = false;
    if (bzero) bneg = false;
    if (aneg != bneg)
        return aneg ? -1 : 1;
    int r;
    if (ail != bil) {
        r = ail < bil ? -1 : 1;
    } else {
        r = memcmp(ai, bi, ail);
        if (r == 0) {
            size_t m = afl < bfl ? afl : bfl;
            r = memcmp(af, bf, m);
            if (r == 0 && afl != bfl)
                r = afl < bfl ? -1 : 1;
        }
    }
    r = r < 0 ? -1 : r > 0 ? 1 : 0;
    return aneg ? -r : r;
}

static int keycmp(const struct line *x, const struct line *y)
{
    const char *a = x->s, *b = y->s;
    size_t an = x->n, bn = y->n;
    if (opt_n)
        return numcmp(a, an, b, bn);
    if (opt_b) {
        while (an && (*a == ' ' || *a == '\t')) { a++; an--; }
        while (bn && (*b == ' ' || *b == '\t')) { b++; bn--; }
    }
    size_t m = an < bn ? an : bn;
    if (opt_f) {
        for (size_t k = 0; k < m; k++) {
            int ca = toupper((unsigned char)a[k]), cb = toupper((unsigned char)b[k]);
            if (ca != cb)
                return ca < cb ? -1 : 1;
        }
    } else {
        int r = memcmp(a, b, m);
        if (r)
            return r < 0 ? -1 : 1;
    }
    return an < bn ? -1 : an > bn ? 1 : 0;
}

static int fullcmp(const struct line *x, const struct line *y)
{
    int r = keycmp(x, y);
    if (r == 0 && !opt_u && !opt_s) {
        size_t m = x->n < y->n ? x->n : y->n;
        r = memcmp(x->s, y->s, m);
        if (r == 0)
            r = x->n < y->n ? -1 : x->n > y->n ? 1 : 0;
        r = r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    return opt_r ? -r : r;
}

static int qcmp(const void *pa, const void *pb)
{
    const struct line *x = pa, *y = pb;
    int r = fullcmp(x, y);
    if (r)
        return r;
    return x->idx < y->idx ? -1 : x->idx > y->idx ? 1 : 0; /* stable */
}

int main(int argc, char **argv)
{
    prog = "sort";
    static const struct gopt_long longs[] = {
        {"reverse", 0, 'r'}, {"numeric-sort", 0, 'n'}, {"unique", 0, 'u'},
        {"ignore-case", 0, 'f'}, {"ignore-leading-blanks", 0, 'b'}, {"stable", 0, 's'},
        {"output", 1, 'o'}, {"zero-terminated", 0, 'z'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    const char *outname = NULL;
    int c;
    while ((c = gopt_next(&g, "rnufbso:z")) != -1) {
        switch (c) {
        case 'r': opt_r = true; break;
        case 'n': opt_n = true; break;
        case 'u': opt_u = true; break;
        case 'f': opt_f = true; break;
        case 'b': opt_b = true; break;
        case 's': opt_s = true; break;
        case 'o': outname = g.arg; break;
        case 'z': delim = '\0'; break;
        default: usage_hint(2);
        }
    }
    static char *dash[] = {"-"};
    char **files = g.nops ? g.ops : dash;
    int nfiles = g.nops ? g.nops : 1;
    struct line *lines = NULL;
    size_t nlines = 0, cap = 0;
    for (int i = 0; i < nfiles; i++) {
        int fd = open_input(files[i]);
        char *buf;
        size_t len;
        if (fd < 0 || slurp_fd(fd, &buf, &len) != 0) {
            warnx_("cannot read: %s: %s", quotef(files[i]), strerror(errno));
            return 2;
        }
        close_input(fd);
        size_t pos = 0;
        while (pos < len) {
            const char *nl = memchr(buf + pos, delim, len - pos);
            size_t end = nl ? (size_t)(nl - buf) : len;
            if (nlines == cap) {
                cap = cap ? cap * 2 : 1024;
                lines = realloc(lines, cap * sizeof *lines);
                if (!lines) {
                    warnx_("%s", strerror(ENOMEM));
                    return 2;
                }
            }
            lines[nlines].s = buf + pos;
            lines[nlines].n = end - pos;
            lines[nlines].idx = nlines;
            nlines++;
            pos = end + 1;
        }
    }
    if (nlines)
        qsort(lines, nlines, sizeof *lines, qcmp);
    FILE *out = stdout;
    if (outname && strcmp(outname, "-") != 0) {
        out = fopen(outname, "w");
        if (!out) {
            warnx_("open failed: %s: %s", quotef(outname), strerror(errno));
            return 2;
        }
    }
    for (size_t k = 0; k < nlines; k++) {
        if (opt_u && k > 0 && keycmp(&lines[k - 1], &lines[k]) == 0)
            continue;
        fwrite(lines[k].s, 1, lines[k].n, out);
        fputc(delim, out);
    }
    if (out != stdout && fclose(out) != 0) {
        warnx_("write failed: %s: %s", quotef(outname), strerror(errno));
        return 2;
    }
    return finish_stdout(0) ? 2 : 0;
}
