/* ln - make links between files.
 * Usage: ln [-s] [-f] [-n] [-v] TARGET [LINK] | TARGET... DIRECTORY
 * Hard links by default; -s symbolic. */
#include "common.h"
#include <sys/stat.h>

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/') n--;
    size_t s = n;
    while (s > 0 && name[s - 1] != '/') s--;
    size_t dl = strlen(dir);
    char *r = malloc(dl + 2 + n - s);
    memcpy(r, dir, dl);
    size_t o = dl;
    if (dl == 0 || dir[dl - 1] != '/')
        r[o++] = '/';
    memcpy(r + o, name + s, n - s);
    r[o + n - s] = '\0';
    return r;
}

int main(int argc, char **argv)
{
    prog = "ln";
    static const struct gopt_long longs[] = {
        {"symbolic", 0, 's'}, {"force", 0, 'f'}, {"no-dereference", 0, 'n'}, {"verbose", 0, 'v'},
        {"no-target-directory", 0, 'T'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool sym = false, force = false, nodef = false, verbose = false, no_tdir = false;
    int c;
    while ((c = gopt_next(&g, "sfnvT")) != -1) {
        switch (c) {
        case 's': sym = true; break;
        case 'f': force = true; break;
        case 'n': nodef = true; break;
        case 'v': verbose = true; break;
        case 'T': no_tdir = true; break;
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing file operand");
        usage_hint(1);
    }
    char *dir = NULL;
    int nsrc = g.nops;
    if (g.nops >= 2 && !no_tdir) {
        const char *last = g.ops[g.nops - 1];
        struct stat st;
        int r = nodef ? lstat(last, &st) : stat(last, &st);
        if (r == 0 && S_ISDIR(st.st_mode)) {
            dir = g.ops[g.nops - 1];
            nsrc = g.nops - 1;
        } else if (g.nops > 2) {
            warnx_("target %s is not a directory", quote(last));
            return 1;
        }
    }
    if (!dir && g.nops > 2) {
        warnx_("extra operand %s", quote(g.ops[2]));
        usage_hint(1);
    }
    int status = 0;
    int count = dir ? nsrc : 1;
    for (int i = 0; i < count; i++) {
        const char *target = g.ops[i];
        char *link_name = dir ? join(dir, target) : (g.nops == 2 ? strdup(g.ops[1]) : join(".", target));
        if (!dir && g.nops == 1) {
            /* "ln TARGET" links into the current directory under the same base name */
            char *base = join("", target);
            free(link_name);
            link_name = strdup(base + 1);
            free(base);
        }
        if (force) {
            struct stat st;
            if (lstat(link_name, &st) == 0 && !S_ISDIR(st.st_mode))
                unlink(link_name);
        }
        int r = sym ? symlink(target, link_name) : link(target, link_name);
        if (r != 0) {
            int e = errno;
            if (sym)
                warnx_("failed to create symbolic link %s: %s", quote(link_name), strerror(e));
            else if (e == ENOENT && access(target, F_OK) != 0)
                warnx_("failed to access %s: %s", quote(target), strerror(e));
            else
                warnx_("failed to create hard link %s: %s", quote(link_name), strerror(e));
            status = 1;
        } else if (verbose) {
            printf("%s -> %s\n", quote(link_name), quote(target));
        }
        free(link_name);
    }
    return finish_stdout(status);
}
