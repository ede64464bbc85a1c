/* mkdir - make directories.  Options: -p (parents, no error if existing),
 * -m MODE (octal only), -v. */
#include "common.h"
#include <sys/stat.h>

static bool verbose;

static int make_one(const char *path, mode_t mode, bool explicit_mode)
{
    if (mkdir(path, mode) != 0)
        return -1;
    if (explicit_mode && chmod(path, mode) != 0)
        return -1;
    if (verbose)
        printf("%s: created directory %s\n", prog, quote(path));
    return 0;
}

int main(int argc, char **argv)
{
    prog = "mkdir";
    static const struct gopt_long longs[] = {
        {"parents", 0, 'p'}, {"mode", 1, 'm'}, {"verbose", 0, 'v'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool parents = false;
    mode_t mode = S_IRWXU | S_IRWXG | S_IRWXO;
    bool explicit_mode = false;
    int c;
    while ((c = gopt_next(&g, "pm:v")) != -1) {
        switch (c) {
        case 'p': parents = true; break;
        case 'v': verbose = true; break;
        case 'm': {
            char *end;
            unsigned long v = strtoul(g.arg, &end, 8);
            if (*end || end == g.arg || v > 07777) {
                warnx_("invalid mode %s", quote(g.arg));
                return 1;
            }
            mode = (mode_t)v;
            explicit_mode = true;
            break;
        }
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        const char *path = g.ops[i];
        if (parents) {
            char *buf = strdup(path);
            size_t n = strlen(buf);
            bool failed = false;
            for (size_t k = 1; k <= n && !failed; k++) {
                if (k < n && buf[k] != '/')
                    continue;
                if (k < n && buf[k - 1] == '/')
                    continue;
                char save = buf[k];
                buf[k] = '\0';
                struct stat st;
                bool last = k == n || strspn(buf + k + 1, "/") == strlen(buf + k + 1);
                if (stat(buf, &st) == 0) {
                    if (!S_ISDIR(st.st_mode)) {
                        warnx_("%s: %s", quote(buf), strerror(last ? EEXIST : ENOTDIR));
                        failed = true;
                    }
                } else if (make_one(buf, last ? mode : (S_IRWXU | S_IRWXG | S_IRWXO), last && explicit_mode) != 0 &&
                           errno != EEXIST) {
                    warnx_("cannot create directory %s: %s", quote(buf), strerror(errno));
                    failed = true;
                }
                buf[k] = save;
                if (last)
                    break;
            }
            free(buf);
            if (failed)
                status = 1;
        } else if (make_one(path, mode, explicit_mode) != 0) {
            warnx_("cannot create directory %s: %s", quote(path), strerror(errno));
            status = 1;
        }
    }
    return finish_stdout(status);
}
