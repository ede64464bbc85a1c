/* rm - remove files or directories.
 * Options: -f (ignore missing, never prompt), -r/-R (recursive), -d (empty
 * directories), -v, -i is not supported (no prompting). */
#include "fsutil.h"

int main(int argc, char **argv)
{
    prog = "rm";
    static const struct gopt_long longs[] = {
        {"force", 0, 'f'}, {"recursive", 0, 'r'}, {"dir", 0, 'd'}, {"verbose", 0, 'v'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool force = false, recursive = false, dirs = false, verbose = false;
    int c;
    while ((c = gopt_next(&g, "frRdv")) != -1) {
        switch (c) {
        case 'f': force = true; break;
        case 'r': case 'R': recursive = true; break;
        case 'd': dirs = true; break;
        case 'v': verbose = true; break;
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        if (force)
            return 0;
        warnx_("missing operand");
        usage_hint(1);
    }
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        const char *p = g.ops[i];
        char *base = base_name(p);
        bool dots = strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
        free(base);
        if (dots) {
            warnx_("refusing to remove '.' or '..' directory: skipping %s", quote(p));
            status = 1;
            continue;
        }
        struct stat st;
        if (lstat(p, &st) != 0) {
            if (!(force && errno == ENOENT)) {
                warnx_("cannot remove %s: %s", quote(p), strerror(errno));
                status = 1;
            }
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (recursive) {
                if (remove_tree(p, force) != 0)
                    status = 1;
                else if (verbose)
                    printf("removed directory %s\n", quote(p));
            } else if (dirs) {
                if (rmdir(p) != 0) {
                    warnx_("cannot remove %s: %s", quote(p), strerror(errno));
                    status = 1;
                } else if (verbose) {
                    printf("removed directory %s\n", quote(p));
                }
            } else {
                warnx_("cannot remove %s: %s", quote(p), strerror(EISDIR));
                status = 1;
            }
            continue;
        }
        if (unlink(p) != 0) {
            warnx_("cannot remove %s: %s", quote(p), strerror(errno));
            status = 1;
        } else if (verbose) {
            printf("removed %s\n", quote(p));
        }
    }
    return finish_stdout(status);
}
