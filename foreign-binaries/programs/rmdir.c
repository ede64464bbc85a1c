/* rmdir - remove empty directories.  Options: -p (also remove ancestors),
 * -v, --ignore-fail-on-non-empty. */
#include "common.h"

int main(int argc, char **argv)
{
    prog = "rmdir";
    static const struct gopt_long longs[] = {
        {"parents", 0, 'p'}, {"verbose", 0, 'v'}, {"ignore-fail-on-non-empty", 0, 'I'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool parents = false, verbose = false, ignore_ne = false;
    int c;
    while ((c = gopt_next(&g, "pv")) != -1) {
        switch (c) {
        case 'p': parents = true; break;
        case 'v': verbose = true; break;
        case 'I': ignore_ne = true; break;
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        char *path = strdup(g.ops[i]);
        for (;;) {
            if (verbose)
                printf("%s: removing directory, %s\n", prog, quote(path));
            if (rmdir(path) != 0) {
                if (!(ignore_ne && (errno == ENOTEMPTY || errno == EEXIST))) {
                    warnx_("failed to remove %s: %s", quote(path), strerror(errno));
                    status = 1;
                }
                break;
            }
            if (!parents)
                break;
            size_t n = strlen(path);
            while (n > 0 && path[n - 1] == '/') n--;
            while (n > 0 && path[n - 1] != '/') n--;
            while (n > 0 && path[n - 1] == '/') n--;
            if (n == 0)
                break;
            path[n] = '\0';
        }
        free(path);
    }
    return finish_stdout(status);
}
