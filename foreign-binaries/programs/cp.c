/* cp - copy files and directories.
 * Usage: cp [-r|-R] [-p] [-f] [-P|-L] [-v] SOURCE DEST | SOURCE... DIRECTORY
 * Without -r directories are omitted.  -a means -r -p -P. */
#include "fsutil.h"

int main(int argc, char **argv)
{
    prog = "cp";
    static const struct gopt_long longs[] = {
        {"recursive", 0, 'r'}, {"archive", 0, 'a'}, {"force", 0, 'f'}, {"verbose", 0, 'v'},
        {"no-dereference", 0, 'P'}, {"dereference", 0, 'L'}, {"no-target-directory", 0, 'T'},
        {"preserve", 0, 'p'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool recursive = false, preserve = false, verbose = false, no_tdir = false;
    int deref = -1;
    int c;
    while ((c = gopt_next(&g, "rRafvPLTp")) != -1) {
        switch (c) {
        case 'r': case 'R': recursive = true; break;
        case 'a': recursive = preserve = true; deref = 0; break;
        case 'f': break;
        case 'v': verbose = true; break;
        case 'P': deref = 0; break;
        case 'L': deref = 1; break;
        case 'T': no_tdir = true; break;
        case 'p': preserve = true; break;
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
        bool d = deref < 0 ? !recursive : deref == 1;
        struct stat ss, ts;
        if ((d ? stat(src, &ss) : lstat(src, &ss)) != 0) {
            warnx_("cannot stat %s: %s", quote(src), strerror(errno));
            status = 1;
        } else if (stat(target, &ts) == 0 && ss.st_dev == ts.st_dev && ss.st_ino == ts.st_ino) {
            warnx_("%s and %s are the same file", quote(src), quote(target));
            status = 1;
        } else if (copy_tree(src, target, recursive, d, preserve) != 0) {
            status = 1;
        } else if (verbose) {
            printf("%s -> %s\n", quote(src), quote(target));
        }
        free(target);
    }
    return finish_stdout(status);
}
