/* printenv - print all or part of the environment.
 * Options: -0 (NUL terminator).  Exit 1 if a named variable is not set. */
#include "common.h"

extern char **environ;

int main(int argc, char **argv)
{
    prog = "printenv";
    static const struct gopt_long longs[] = {{"null", 0, '0'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    char term = '\n';
    int c;
    while ((c = gopt_next(&g, "0")) != -1) {
        if (c == '0') term = '\0';
        else usage_hint(2);
    }
    if (g.nops == 0) {
        for (char **e = environ; e && *e; e++) {
            fputs(*e, stdout);
            putchar(term);
        }
        return finish_stdout(0);
    }
    int missing = 0;
    for (int i = 0; i < g.nops; i++) {
        const char *v = strchr(g.ops[i], '=') ? NULL : getenv(g.ops[i]);
        if (!v) {
            missing = 1;
            continue;
        }
        fputs(v, stdout);
        putchar(term);
    }
    return finish_stdout(missing);
}
