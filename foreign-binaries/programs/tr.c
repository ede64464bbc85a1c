/* tr - translate, squeeze and/or delete characters.
 * Usage: tr [-c|-C] [-d] [-s] [-t] SET1 [SET2]
 * Sets: literal chars, escapes (\\ \a \b \f \n \r \t \v \NNN), ranges a-z,
 * classes [:alnum:] [:alpha:] [:blank:] [:cntrl:] [:digit:] [:graph:]
 * [:lower:] [:print:] [:punct:] [:space:] [:upper:] [:xdigit:], [c*n], [c*].
 * SET2 is padded with its last character (unless -t). */
#include "common.h"
#include <ctype.h>

struct set { unsigned char c[4096]; size_t n; long fill_at; unsigned char fill_c; };

static bool parse_esc(const char **pp, unsigned char *out)
{
    const char *p = *pp;
    if (*p != '\\' || !p[1]) {
        *out = (unsigned char)*p;
        *pp = p + 1;
        return false;
    }
    p++;
    switch (*p) {
    case 'a': *out = '\a'; break;
    case 'b': *out = '\b'; break;
    case 'f': *out = '\f'; break;
    case 'n': *out = '\n'; break;
    case 'r': *out = '\r'; break;
    case 't': *out = '\t'; break;
    case 'v': *out = '\v'; break;
    default:
        if (*p >= '0' && *p <= '7') {
            int v = 0;
            for (int k = 0; k < 3 && *p >= '0' && *p <= '7'; k++, p++) {
                if (v * 8 + (*p - '0') > 255)
                    break;
                v = v * 8 + (*p - '0');
            }
            *out = (unsigned char)v;
            *pp = p;
            return true;
        }
        *out = (unsigned char)*p;
    }
    *pp = p + 1;
    return true;
}

static bool add(struct set *s, unsigned char c)
{
    if (s->n >= sizeof s->c)
        return false;
    s->c[s->n++] = c;
    return true;
}

static int class_match(const char *name, size_t len, int c)
{
#define CL(str, fn) if (len == strlen(str) && strncmp(name, str, len) == 0) return fn(c) ? 1 : 0
    CL("alnum", isalnum); CL("alpha", isalpha); CL("blank", isblank); CL("cntrl", iscntrl);
    CL("digit", isdigit); CL("graph", isgraph); CL("lower", islower); CL("print", isprint);
    CL("punct", ispunct); CL("space", isspace); CL("upper", isupper); CL("xdigit", isxdigit);
#undef CL
    return -1;
}

static bool parse_set(const char *p, struct set *s, bool is_set2)
{
    s->n = 0;
    s->fill_at = -1;
    while (*p) {
        if (p[0] == '[' && p[1] == ':') {
            const char *e = strstr(p + 2, ":]");
            if (e) {
                size_t l = (size_t)(e - (p + 2));
                if (class_match(p + 2, l, 'a') < 0) {
                    warnx_("invalid character class %s", quote(strndup(p + 2, l)));
                    return false;
                }
                for (int c = 0; c < 256; c++)
                    if (class_match(p + 2, l, c) == 1)
                        add(s, (unsigned char)c);
                p = e + 2;
                continue;
            }
        }
        if (p[0] == '[' && p[1] && p[1] != '*') {
            /* [c*n] or [c*] */
            const char *q = p + 1;
            unsigned char ch;
            parse_esc(&q, &ch);
            if (q[0] == '*') {
                const char *r = q + 1;
                size_t d = strspn(r, "0123456789");
                if (r[d] == ']') {
                    unsigned long long cnt = 0;
                    if (d > 0) {
                        char num[32];
                        snprintf(num, sizeof num, "%.*s", (int)d, r);
                        cnt = strtoull(num, NULL, num[0] == '0' ? 8 : 10);
                    }
                    if (!is_set2) {
                        warnx_("the [c*] repeat construct may not appear in string1");
                        return false;
                    }
                    if (cnt == 0) {
                        s->fill_at = (long)s->n;
                        s->fill_c = ch;
                    } else {
                        for (unsigned long long k = 0; k < cnt; k++)
                            if (!add(s, ch)) break;
                    }
                    p = r + d + 1;
                    continue;
                }
            }
        }
        unsigned char lo;
        parse_esc(&p, &lo);
        if (p[0] == '-' && p[1]) {
            const char *q = p + 1;
            unsigned char hi;
            parse_esc(&q, &hi);
            if (hi < lo) {
                warnx_("range-endpoints of '%c-%c' are in reverse collating sequence order", lo, hi);
                return false;
            }
            for (int c = lo; c <= hi; c++)
                add(s, (unsigned char)c);
            p = q;
            continue;
        }
        add(s, lo);
    }
    return true;
}

int main(int argc, char **argv)
{
    prog = "tr";
    static const struct gopt_long longs[] = {
        {"complement", 0, 'c'}, {"delete", 0, 'd'}, {"squeeze-repeats", 0, 's'},
        {"truncate-set1", 0, 't'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool comp = false, del = false, sq = false, trunc = false;
    int c;
    while ((c = gopt_next(&g, "cCdst")) != -1) {
        switch (c) {
        case 'c': case 'C': comp = true; break;
        case 'd': del = true; break;
        case 's': sq = true; break;
        case 't': trunc = true; break;
        default: usage_hint(1);
        }
    }
    bool translating = !del && g.nops >= 2;
    int need = (del && sq) || translating ? 2 : 1;
    if (g.nops < 1) {
        warnx_("missing operand");
        usage_hint(1);
    }
    if (g.nops < need || (!del && !sq && g.nops < 2)) {
        warnx_("missing operand after %s", quote(g.ops[g.nops - 1]));
        if (!del && !sq)
            fprintf(stderr, "Two strings must be given when translating.\n");
        else
            fprintf(stderr, "Two strings must be given when both deleting and squeezing repeats.\n");
        usage_hint(1);
    }
    if (g.nops > need) {
        warnx_("extra operand %s", quote(g.ops[need]));
        if (del && !sq)
            fprintf(stderr, "Only one string may be given when deleting without squeezing repeats.\n");
        usage_hint(1);
    }
    static struct set s1, s2;
    if (!parse_set(g.ops[0], &s1, false))
        return 1;
    if (need == 2 && !parse_set(g.ops[1], &s2, true))
        return 1;
    bool in1[256] = {false};
    for (size_t k = 0; k < s1.n; k++)
        in1[s1.c[k]] = true;
    if (comp) {
        s1.n = 0;
        for (int k = 0; k < 256; k++) {
            in1[k] = !in1[k];
            if (in1[k])
                add(&s1, (unsigned char)k);
        }
    }
    unsigned char map[256];
    for (int k = 0; k < 256; k++)
        map[k] = (unsigned char)k;
    bool insq[256] = {false};
    if (translating) {
        if (s2.fill_at >= 0 && s1.n > s2.n) {
            size_t extra = s1.n - s2.n;
            memmove(s2.c + s2.fill_at + extra, s2.c + s2.fill_at, s2.n - (size_t)s2.fill_at);
            memset(s2.c + s2.fill_at, s2.fill_c, extra);
            s2.n += extra;
        }
        if (s2.n == 0 && s1.n > 0 && !trunc) {
            warnx_("when not truncating set1, string2 must be non-empty");
            return 1;
        }
        for (size_t k = 0; k < s1.n; k++) {
            unsigned char to;
            if (k < s2.n) to = s2.c[k];
            else if (trunc) break;
            else to = s2.c[s2.n - 1];
            map[s1.c[k]] = to;
        }
        for (size_t k = 0; k < s2.n; k++)
            insq[s2.c[k]] = true;
    } else if (del && sq) {
        for (size_t k = 0; k < s2.n; k++)
            insq[s2.c[k]] = true;
    } else if (sq) {
        for (int k = 0; k < 256; k++)
            insq[k] = in1[k];
    }
    static unsigned char in[65536], out[65536];
    int last = -1;
    for (;;) {
        ssize_t r = read(STDIN_FILENO, in, sizeof in);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            warnx_("read error: %s", strerror(errno));
            return 1;
        }
        if (r == 0)
            break;
        size_t o = 0;
        for (ssize_t k = 0; k < r; k++) {
            unsigned char ch = in[k];
            if (del && in1[ch])
                continue;
            ch = map[ch];
            if (sq && insq[ch] && last == ch)
                continue;
            last = ch;
            out[o++] = ch;
        }
        if (write_all(STDOUT_FILENO, out, o) != 0) {
            warnx_("write error: %s", strerror(errno));
            return 1;
        }
    }
    return 0;
}
