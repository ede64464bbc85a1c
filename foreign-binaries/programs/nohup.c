/* nohup - run a command immune to hangups, as coreutils' nohup.
 *   nohup COMMAND [ARG]...
 * SIGHUP is ignored. When standard input is a terminal it is replaced by /dev/null (opened
 * write-only, so reads fail as coreutils arranges); when standard output is a terminal, output is
 * appended to nohup.out (or $HOME/nohup.out); when standard error is a terminal it goes where
 * standard output goes. Each change is reported on standard error, as coreutils words it.
 * Exit status: 125 when nohup fails, 126 when COMMAND cannot run, 127 when it is not found. */
#include "common.h"
#include <fcntl.h>
#include <signal.h>

int main(int argc, char **argv)
{
    prog = "nohup";
    struct gopt g;
    gopt_init(&g, argc, argv, NULL);
    g.stop_at_operand = true;
    int c;
    while ((c = gopt_next(&g, "")) != -1) usage_hint(125);
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(125);
    }
    bool in_tty = isatty(0), out_tty = isatty(1), err_tty = isatty(2);
    const char *out_name = NULL;
    if (in_tty) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0 && fd != 0) { dup2(fd, 0); close(fd); }
    }
    if (out_tty) {
        char *alt = NULL;
        int fd = open("nohup.out", O_WRONLY | O_CREAT | O_APPEND, 0600);
        out_name = "nohup.out";
        if (fd < 0 && getenv("HOME")) {
            size_t n = strlen(getenv("HOME")) + 12;
            alt = malloc(n);
            snprintf(alt, n, "%s/nohup.out", getenv("HOME"));
            fd = open(alt, O_WRONLY | O_CREAT | O_APPEND, 0600);
            out_name = alt;
        }
        if (fd < 0) {
            warnx_("failed to open %s: %s", quote("nohup.out"), strerror(errno));
            return 125;
        }
        dup2(fd, 1);
        close(fd);
    }
    if (in_tty && out_tty) fprintf(stderr, "nohup: ignoring input and appending output to %s\n", quote(out_name));
    else if (in_tty) fprintf(stderr, "nohup: ignoring input\n");
    else if (out_tty) fprintf(stderr, "nohup: appending output to %s\n", quote(out_name));
    if (err_tty) {
        if (!out_tty && !in_tty) fprintf(stderr, "nohup: redirecting stderr to stdout\n");
        dup2(1, 2);
    }
    signal(SIGHUP, SIG_IGN);
    execvp(g.ops[0], g.ops);
    int e = errno;
    warnx_("failed to run command %s: %s", quote(g.ops[0]), strerror(e));
    return e == ENOENT ? 127 : 126;
}
