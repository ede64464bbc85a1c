/* cat - concatenate files and print on the standard output.
 * Options: -A -b -e -E -n -s -t -T -u -v (as GNU cat).  "-" is stdin. */
#include "fileio.h"

static bool opt_b, opt_E, opt_n, opt_s, opt_T, opt_v;
static unsigned long long lineno;
static bool at_bol = true;   /* at the beginning of an output line */
static int blank_run;        /* consecutive empty lines seen */

static void emit(const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (at_bol) {
            if (c == '\n') {
                blank_run++;
                if (opt_s && blank_run > 1)
                    continue;
            } else {
                blank_run = 0;
            }
            if (opt_n && (!opt_b || c != '\n'))
                printf("%6llu\t", ++lineno);
            at_bol = false;
        }
        if (c == '\n') {
            if (opt_E)
                putchar('$');
            putchar('\n');
            at_bol = true;
            continue;
        }
        if (c == '\t' && opt_T) {
            fputs("^I", stdout);
        } else if (opt_v && c != '\t') {
            if (c >= 128) {
                fputs("M-", stdout);
                c -= 128;
            }
            if (c < 32) {
                putchar('^');
                putchar(c + 64);
            } else if (c == 127) {
                fputs("^?", stdout);
            } else {
                putchar(c);
            }
        } else {
            putchar(c);
        }
    }
}

int main(int argc, char **argv)
{
    prog = "cat";
    static const struct gopt_long longs[] = {
        {"show-all", 0, 'A'}, {"number-nonblank", 0, 'b'}, {"show-ends", 0, 'E'},
        {"number", 0, 'n'}, {"squeeze-blank", 0, 's'}, {"show-tabs", 0, 'T'},
        {"show-nonprinting", 0, 'v'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int c;
    while ((c = gopt_next(&g, "AbeEnstTuv")) != -1) {
        switch (c) {
        case 'A': opt_v = opt_E = opt_T = true; break;
        case 'b': opt_b = opt_n = true; break;
        case 'e': opt_v = opt_E = true; break;
        case 'E': opt_E = true; break;
        case 'n': opt_n = true; break;
        case 's': opt_s = true; break;
        case 't': opt_v = opt_T = true; break;
        case 'T': opt_T = true; break;
        case 'u': break;
        case 'v': opt_v = true; break;
        default: usage_hint(1);
        }
    }
    static char *dash[] = {"-"};
    char **files = g.nops ? g.ops : dash;
    int nfiles = g.nops ? g.nops : 1;
    bool plain = !(opt_b || opt_E || opt_n || opt_s || opt_T || opt_v);
    static char buf[1 << 17];
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        int fd = open_input(files[i]);
        if (fd < 0) {
            warnx_("%s: %s", quotef(files[i]), strerror(errno));
            status = 1;
            continue;
        }
        for (;;) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                warnx_("%s: %s", quotef(files[i]), strerror(errno));
                status = 1;
                break;
            }
            if (r == 0)
                break;
            if (plain) {
                if (fflush(stdout) != 0 || write_all(STDOUT_FILENO, buf, (size_t)r) != 0) {
                    warnx_("write error: %s", strerror(errno));
                    return 1;
                }
            } else {
                emit(buf, (size_t)r);
            }
        }
        close_input(fd);
    }
    return finish_stdout(status);
}
