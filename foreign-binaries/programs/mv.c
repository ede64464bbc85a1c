/* mv - move (rename) files.
 * Usage: mv [-f] [-n] [-v] [-T] SOURCE DEST | SOURCE... DIRECTORY
 * Across file systems (EXDEV) it copies then removes the source. */
#include "fsutil.h"

int main(int argc, char **argv)
{
    prog = "mv";
    static const struct gopt_long longs[] = {
        {"force", 0, 'f'}, {"no-clobber", 0, 'n'}, {"verbose", 0, 'v'},
        {"no-target-directory", 0, 'T'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool noclobber = false, verbose = false, no_tdir = false;
    int c;
    while ((c = gopt_next(&g, "fnvTi")) != -1) {
        switch (c) {
        case 'f': case 'i': noclobber = false; break;
        case 'n': noclobber = true; break;
        case 'v': verbose = true; break;
        case 'T': no_tdir = true; break;
        default: usage_hint(1);
        }
    }
    const char *dest;
    bool dest_is_dir;
    if (target_operands(&g, no_tdir, &dest, &dest_is_dir) != 0)
        return 1;
    int status = 0;
    for (int i = 0; i < g.nops - 1; i++) {
        const char *src = g.ops[i];
        char *target = target_path(src, dest, dest_is_dir);
        struct stat ss, ts;
        if (lstat(src, &ss) != 0) {
            warnx_("cannot stat %s: %s", quote(src), strerror(errno));
            status = 1;
        } else if (lstat(target, &ts) == 0 && ss.st_dev == ts.st_dev && ss.st_ino == ts.st_ino) {
            warnx_("%s and %s are the same file", quote(src), quote(target));
            status = 1;
        } else if (noclobber && lstat(target, &ts) == 0) {
            /* skip silently */
        } else if (rename(src, target) != 0) {
            if (errno == EXDEV) {
                if (copy_tree(src, target, true, false, true) != 0 || remove_tree(src, false) != 0)
                    status = 1;
                else if (verbose)
                    printf("renamed %s -> %s\n", quote(src), quote(target));
            } else {
                warnx_("cannot move %s to %s: %s", quote(src), quote(target), strerror(errno));
                status = 1;
            }
        } else if (verbose) {
            printf("renamed %s -> %s\n", quote(src), quote(target));
        }
        free(target);
    }
    return finish_stdout(status);
}
