/* readlink - print the value of a symbolic link or a canonical file name.
 * Options: -f (all but last component must exist), -e (all must exist),
 * -m (none need exist), -n (no newline), -s/-q (quiet, default),
 * -v (report errors), -z (NUL terminator). */
#include "canon.h"

int main(int argc, char **argv)
{
    prog = "readlink";
    static const struct gopt_long longs[] = {
        {"canonicalize", 0, 'f'}, {"canonicalize-existing", 0, 'e'},
        {"canonicalize-missing", 0, 'm'}, {"no-newline", 0, 'n'}, {"quiet", 0, 'q'},
        {"silent", 0, 's'}, {"verbose", 0, 'v'}, {"zero", 0, 'z'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int canon = -1;
    bool newline = true, verbose = false;
    char term = '\n';
    int c;
    while ((c = gopt_next(&g, "femnqsvz")) != -1) {
        switch (c) {
        case 'f': canon = CANON_ALL_BUT_LAST; break;
        case 'e': canon = CANON_EXISTING; break;
        case 'm': canon = CANON_MISSING; break;
        case 'n': newline = false; break;
        case 'q': case 's': verbose = false; break;
        case 'v': verbose = true; break;
        case 'z': term = '\0'; break;
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    if (!newline && g.nops > 1) {
        warnx_("ignoring --no-newline with multiple arguments");
        newline = true;
    }
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        char *val;
        if (canon >= 0) {
            val = canonicalize(g.ops[i], (enum canon_mode)canon);
        } else {
            char buf[PATH_MAX];
            ssize_t n = readlink(g.ops[i], buf, sizeof buf - 1);
            if (n >= 0) {
                buf[n] = '\0';
                val = strdup(buf);
            } else {
                val = NULL;
            }
        }
        if (!val) {
            if (verbose)
                warnx_("%s: %s", quotef(g.ops[i]), strerror(errno));
            status = 1;
            continue;
        }
        fputs(val, stdout);
        if (newline)
            putchar(term);
        free(val);
    }
    return finish_stdout(status);
}
