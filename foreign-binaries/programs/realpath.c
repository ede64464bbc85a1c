/* realpath - print the resolved absolute file name.
 * Options: -e (all components must exist), -m (none need exist), default -E
 * (all but the last must exist), -q (quiet), -z (NUL terminator),
 * -s is not supported (symlinks are always resolved). */
#include "canon.h"

int main(int argc, char **argv)
{
    prog = "realpath";
    static const struct gopt_long longs[] = {
        {"canonicalize-existing", 0, 'e'}, {"canonicalize-missing", 0, 'm'},
        {"quiet", 0, 'q'}, {"zero", 0, 'z'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    enum canon_mode mode = CANON_ALL_BUT_LAST;
    bool quiet = false;
    char term = '\n';
    int c;
    while ((c = gopt_next(&g, "EemqzL")) != -1) {
        switch (c) {
        case 'E': mode = CANON_ALL_BUT_LAST; break;
        case 'e': mode = CANON_EXISTING; break;
        case 'm': mode = CANON_MISSING; break;
        case 'q': quiet = true; break;
        case 'z': term = '\0'; break;
        case 'L': break;
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        char *val = canonicalize(g.ops[i], mode);
        if (!val) {
            if (!quiet)
                warnx_("%s: %s", quotef(g.ops[i]), strerror(errno));
            status = 1;
            continue;
        }
        fputs(val, stdout);
        putchar(term);
        free(val);
    }
    return finish_stdout(status);
}
