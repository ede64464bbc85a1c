/* basename - strip directory and suffix from file names.
 * Usage: basename NAME [SUFFIX] | basename -a [-s SUFFIX] [-z] NAME... */
#include "common.h"

static void print_base(const char *name, const char *suffix, char term)
{
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && name[start - 1] != '/')
        start--;
    if (n == 1 && name[0] == '/') {
        start = 0;
    } else if (suffix && *suffix) {
        size_t sl = strlen(suffix);
        if (n - start > sl && memcmp(name + n - sl, suffix, sl) == 0)
            n -= sl;
    }
    fwrite(name + start, 1, n - start, stdout);
    putchar(term);
}

int main(int argc, char **argv)
{
    prog = "basename";
    static const struct gopt_long longs[] = {
        {"multiple", 0, 'a'}, {"suffix", 1, 's'}, {"zero", 0, 'z'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool multiple = false;
    const char *suffix = NULL;
    char term = '\n';
    int c;
    while ((c = gopt_next(&g, "as:z")) != -1) {
        switch (c) {
        case 'a': multiple = true; break;
        case 's': suffix = g.arg; multiple = true; break;
        case 'z': term = '\0'; break;
        default: usage_hint(1);
        }
    }
    if (g.nops < 1) {
        warnx_("missing operand");
        usage_hint(1);
    }
    if (multiple) {
        for (int i = 0; i < g.nops; i++)
            print_base(g.ops[i], suffix, term);
    } else {
        if (g.nops > 2) {
            warnx_("extra operand %s", quote(g.ops[2]));
            usage_hint(1);
        }
        print_base(g.ops[0], g.nops == 2 ? g.ops[1] : NULL, term);
    }
    return finish_stdout(0);
}
