/* tee - copy standard input to standard output and files.
 * Options: -a (append), -i (accepted; signals are not used), -p (accepted). */
#include "common.h"
#include <fcntl.h>

int main(int argc, char **argv)
{
    prog = "tee";
    static const struct gopt_long longs[] = {
        {"append", 0, 'a'}, {"ignore-interrupts", 0, 'i'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool append = false;
    int c;
    while ((c = gopt_next(&g, "aip")) != -1) {
        if (c == 'a') append = true;
        else if (c == 'i' || c == 'p') ;
        else usage_hint(1);
    }
    int *fds = calloc((size_t)g.nops + 1, sizeof(int));
    int status = 0;
    fds[0] = STDOUT_FILENO;
    for (int i = 0; i < g.nops; i++) {
        if (strcmp(g.ops[i], "-") == 0) {
            fds[i + 1] = STDOUT_FILENO;
            continue;
        }
        fds[i + 1] = open(g.ops[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
        if (fds[i + 1] < 0) {
            warnx_("%s: %s", quotef(g.ops[i]), strerror(errno));
            status = 1;
        }
    }
    static char buf[65536];
    for (;;) {
        ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            warnx_("read error: %s", strerror(errno));
            status = 1;
            break;
        }
        if (r == 0)
            break;
        for (int i = 0; i <= g.nops; i++) {
            if (fds[i] < 0)
                continue;
            if (write_all(fds[i], buf, (size_t)r) != 0) {
                warnx_("%s: %s", i == 0 ? "standard output" : quotef(g.ops[i - 1]), strerror(errno));
                fds[i] = -1;
                status = 1;
            }
        }
    }
    for (int i = 1; i <= g.nops; i++) {
        if (fds[i] > STDERR_FILENO && close(fds[i]) != 0) {
            warnx_("%s: %s", quotef(g.ops[i - 1]), strerror(errno));
            status = 1;
        }
    }
    return status;
}
