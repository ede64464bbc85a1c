/* uniq - report or omit repeated lines.
 * Usage: uniq [-c] [-d|-u] [-i] [-f N] [-s N] [-w N] [-z] [INPUT [OUTPUT]] */
#include "fileio.h"
#include <ctype.h>

static bool opt_i;
static unsigned long long skip_fields, skip_chars, check_chars = ~0ULL;

static void key_of(const char *s, size_t n, const char **ks, size_t *kn)
{
    size_t p = 0;
    for (unsigned long long f = 0; f < skip_fields && p < n; f++) {
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        while (p < n && !(s[p] == ' ' || s[p] == '\t')) p++;
    }
    p = (skip_chars > n - p) ? n : p + (size_t)skip_chars;
    *ks = s + p;
    *kn = n - p;
    if (check_chars < *kn)
        *kn = (size_t)check_chars;
}

static bool same(const char *a, size_t an, const char *b, size_t bn)
{
    const char *ka, *kb;
    size_t kan, kbn;
    key_of(a, an, &ka, &kan);
    key_of(b, bn, &kb, &kbn);
    if (kan != kbn)
        return false;
    if (!opt_i)
        return memcmp(ka, kb, kan) == 0;
    for (size_t k = 0; k < kan; k++)
        if (tolower((unsigned char)ka[k]) != tolower((unsigned char)kb[k]))
            return false;
    return true;
}

static bool num_arg(const char *s, unsigned long long *v, const char *what)
{
    if (!parse_count(s, v)) {
        warnx_("%s: %s", s, what);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    prog = "uniq";
    static const struct gopt_long longs[] = {
        {"count", 0, 'c'}, {"repeated", 0, 'd'}, {"unique", 0, 'u'}, {"ignore-case", 0, 'i'},
        {"skip-fields", 1, 'f'}, {"skip-chars", 1, 's'}, {"check-chars", 1, 'w'},
        {"zero-terminated", 0, 'z'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool opt_c = false, opt_d = false, opt_u = false;
    char delim = '\n';
    int c;
    while ((c = gopt_next(&g, "cduif:s:w:z")) != -1) {
        switch (c) {
        case 'c': opt_c = true; break;
        case 'd': opt_d = true; break;
        case 'u': opt_u = true; break;
        case 'i': opt_i = true; break;
        case 'f': if (!num_arg(g.arg, &skip_fields, "invalid number of fields to skip")) usage_hint(1); break;
        case 's': if (!num_arg(g.arg, &skip_chars, "invalid number of bytes to skip")) usage_hint(1); break;
        case 'w': if (!num_arg(g.arg, &check_chars, "invalid number of bytes to compare")) usage_hint(1); break;
        case 'z': delim = '\0'; break;
        default: usage_hint(1);
        }
    }
    if (g.nops > 2) {
        warnx_("extra operand %s", quote(g.ops[2]));
        usage_hint(1);
    }
    const char *in = g.nops >= 1 ? g.ops[0] : "-";
    int fd = open_input(in);
    char *buf;
    size_t len;
    if (fd < 0 || slurp_fd(fd, &buf, &len) != 0) {
        warnx_("%s: %s", quotef(in), strerror(errno));
        return 1;
    }
    close_input(fd);
    FILE *out = stdout;
    if (g.nops == 2 && strcmp(g.ops[1], "-") != 0) {
        out = fopen(g.ops[1], "w");
        if (!out) {
            warnx_("%s: %s", quotef(g.ops[1]), strerror(errno));
            return 1;
        }
    }
    const char *prev = NULL;
    size_t prevn = 0;
    unsigned long long count = 0;
    size_t pos = 0;
    for (;;) {
        const char *cur = NULL;
        size_t curn = 0;
        if (pos < len) {
            const char *nl = memchr(buf + pos, delim, len - pos);
            size_t end = nl ? (size_t)(nl - buf) : len;
            cur = buf + pos;
            curn = end - pos;
            pos = end + 1;
        }
        if (prev && cur && same(prev, prevn, cur, curn)) {
            count++;
            continue;
        }
        if (prev) {
            bool show = (count > 1) ? !opt_u : !opt_d;
            if (show) {
                if (opt_c)
                    fprintf(out, "%7llu ", count);
                fwrite(prev, 1, prevn, out);
                fputc(delim, out);
            }
        }
        if (!cur)
            break;
        prev = cur;
        prevn = curn;
        count = 1;
    }
    if (out != stdout && fclose(out) != 0) {
        warnx_("%s: %s", quotef(g.ops[1]), strerror(errno));
        return 1;
    }
    return finish_stdout(0);
}
