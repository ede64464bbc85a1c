/* dirname - strip the last component from file names.  Options: -z. */
#include "common.h"

static void print_dir(const char *name, char term)
{
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/')
        n--;
    while (n > 0 && name[n - 1] != '/')
        n--;
    while (n > 1 && name[n - 1] == '/')
        n--;
    if (n == 0) {
        putchar(name[0] == '/' ? '/' : '.');
    } else {
        fwrite(name, 1, n, stdout);
    }
    putchar(term);
}

int main(int argc, char **argv)
{
    prog = "dirname";
    static const struct gopt_long longs[] = {{"zero", 0, 'z'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    char term = '\n';
    int c;
    while ((c = gopt_next(&g, "z")) != -1) {
        if (c == 'z') term = '\0';
        else usage_hint(1);
    }
    if (g.nops < 1) {
        warnx_("missing operand");
        usage_hint(1);
    }
    for (int i = 0; i < g.nops; i++)
        print_dir(g.ops[i], term);
    return finish_stdout(0);
}
