/* cmp - compare two files byte by byte (like GNU diffutils cmp).
 * Options: -s (silent), -n LIMIT.  Messages: "A B differ: char N, line L" (the C-locale wording),
 * "cmp: EOF on A after byte N, line L" / "..., in line L" / "which is empty".
 * Exit 0 same, 1 different, 2 trouble. */
#include "fileio.h"

int main(int argc, char **argv)
{
    prog = "cmp";
    static const struct gopt_long longs[] = {
        {"silent", 0, 's'}, {"quiet", 0, 's'}, {"bytes", 1, 'n'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool silent = false;
    unsigned long long limit = ~0ULL;
    int c;
    while ((c = gopt_next(&g, "sn:")) != -1) {
        if (c == 's') silent = true;
        else if (c == 'n') {
            if (!parse_size(g.arg, &limit)) {
                warnx_("invalid --bytes value %s", quote(g.arg));
                fprintf(stderr, "%s: Try '%s --help' for more information.\n", prog, prog);
                return 2;
            }
        } else {
            fprintf(stderr, "%s: Try '%s --help' for more information.\n", prog, prog);
            return 2;
        }
    }
    if (g.nops == 0) {
        warnx_("missing operand after '%s'", prog);
        fprintf(stderr, "%s: Try '%s --help' for more information.\n", prog, prog);
        return 2;
    }
    if (g.nops > 2) {
        warnx_("invalid --ignore-initial value %s", quote(g.ops[2]));
        fprintf(stderr, "%s: Try '%s --help' for more information.\n", prog, prog);
        return 2;
    }
    const char *name[2] = {g.ops[0], g.nops == 2 ? g.ops[1] : "-"};
    char *data[2];
    size_t len[2];
    for (int k = 0; k < 2; k++) {
        int fd = open_input(name[k]);
        if (fd < 0 || slurp_fd(fd, &data[k], &len[k]) != 0) {
            warnx_("%s: %s", name[k], strerror(errno));
            return 2;
        }
        close_input(fd);
    }
    size_t n = len[0] < len[1] ? len[0] : len[1];
    if (n > limit)
        n = (size_t)limit;
    unsigned long long lines = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (data[0][i] != data[1][i]) {
            if (!silent)
                printf("%s %s differ: char %zu, line %llu\n", name[0], name[1], i + 1, lines + 1);
            return finish_stdout(1);
        }
        if (data[0][i] == '\n')
            lines++;
    }
    if (len[0] == len[1] || (limit != ~0ULL && n == limit))
        return 0;
    if (!silent) {
        const char *shorter = len[0] < len[1] ? name[0] : name[1];
        fflush(stdout);
        if (n == 0)
            fprintf(stderr, "%s: EOF on %s which is empty\n", prog, shorter);
        else if (data[0][n - 1] == '\n')
            fprintf(stderr, "%s: EOF on %s after byte %zu, line %llu\n", prog, shorter, n, lines);
        else
            fprintf(stderr, "%s: EOF on %s after byte %zu, in line %llu\n", prog, shorter, n, lines + 1);
    }
    return 1;
}
