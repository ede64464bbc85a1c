/* head - output the first part of files.
 * Options: -n [-]N, -c [-]N (with GNU size suffixes; a leading '-' prints all
 * but the last N), -NUM (obsolete form as first argument), -q, -v, -z.
 * Multiple files get "==> NAME <==" headers. */
#include "fileio.h"
#include <ctype.h>

static char delim = '\n';

static int out(const char *p, size_t n)
{
    return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}

/* Returns 0 on success, -1 on a read error (errno set). */
static int do_head(int fd, bool bytes, bool elide, unsigned long long count)
{
    static char buf[65536];
    if (elide) {
        char *all;
        size_t len;
        if (slurp_fd(fd, &all, &len) != 0)
            return -1;
        size_t end = len;
        if (bytes) {
            end = count >= len ? 0 : len - (size_t)count;
        } else {
            /* drop the last COUNT lines; an unterminated last line counts */
            unsigned long long k = 0;
            size_t pos = len;
            if (count == 0) {
                end = len;
            } else {
                if (pos > 0 && all[pos - 1] == delim)
                    pos--;
                end = 0;
                while (pos > 0) {
                    pos--;
                    if (all[pos] == delim && ++k == count) {
                        end = pos + 1;
                        break;
                    }
                }
            }
        }
        out(all, end);
        free(all);
        return 0;
    }
    unsigned long long left = count;
    while (left > 0) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        size_t n = (size_t)r;
        if (bytes) {
            if (n > left)
                n = (size_t)left;
            left -= n;
        } else {
            size_t i;
            for (i = 0; i < n && left > 0; i++)
                if (buf[i] == delim)
                    left--;
            n = i;
        }
        out(buf, n);
    }
    return 0;
}

int main(int argc, char **argv)
{
    prog = "head";
    static const struct gopt_long longs[] = {
        {"bytes", 1, 'c'}, {"lines", 1, 'n'}, {"quiet", 0, 'q'}, {"silent", 0, 'q'},
        {"verbose", 0, 'v'}, {"zero-terminated", 0, 'z'}, {NULL, 0, 0}};
    bool bytes = false, elide = false;
    unsigned long long count = 10;
    int headers = -1; /* -1 auto, 0 never, 1 always */
    char obsolete[64];
    /* Obsolete "-NUM[bkmlcqv]" as the first argument. */
    if (argc > 1 && argv[1][0] == '-' && isdigit((unsigned char)argv[1][1])) {
        const char *a = argv[1] + 1;
        size_t d = strspn(a, "0123456789");
        if (d < sizeof obsolete - 8) {
            memcpy(obsolete, a, d);
            obsolete[d] = '\0';
            const char *rest = a + d;
            bool ok = true;
            for (; *rest; rest++) {
                if (*rest == 'c') bytes = true;
                else if (*rest == 'l') bytes = false;
                else if (*rest == 'b' || *rest == 'k' || *rest == 'm') strncat(obsolete, *rest == 'b' ? "b" : *rest == 'k' ? "K" : "M", 2);
                else if (*rest == 'q') headers = 0;
                else if (*rest == 'v') headers = 1;
                else { ok = false; break; }
            }
            if (ok && parse_size(obsolete, &count)) {
                argv[1] = argv[0];
                argv++;
                argc--;
            }
        }
    }
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int c;
    while ((c = gopt_next(&g, "c:n:qvz0123456789")) != -1) {
        switch (c) {
        case 'c': case 'n': {
            const char *s = g.arg;
            bytes = (c == 'c');
            elide = false;
            if (*s == '-') { elide = true; s++; }
            else if (*s == '+') s++;
            if (!parse_size(s, &count)) {
                warnx_("invalid number of %s: %s", bytes ? "bytes" : "lines", quote(g.arg));
                return 1;
            }
            break;
        }
        case 'q': headers = 0; break;
        case 'v': headers = 1; break;
        case 'z': delim = '\0'; break;
        default: usage_hint(1);
        }
    }
    static char *dash[] = {"-"};
    char **files = g.nops ? g.ops : dash;
    int nfiles = g.nops ? g.nops : 1;
    bool show = headers == 1 || (headers == -1 && nfiles > 1);
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *shown = strcmp(files[i], "-") == 0 ? "standard input" : files[i];
        int fd = open_input(files[i]);
        if (fd < 0) {
            warnx_("cannot open %s for reading: %s", quote(files[i]), strerror(errno));
            status = 1;
            continue;
        }
        if (show)
            printf("%s==> %s <==\n", i > 0 ? "\n" : "", shown);
        if (do_head(fd, bytes, elide, count) != 0) {
            warnx_("error reading %s: %s", quote(files[i]), strerror(errno));
            status = 1;
        }
        close_input(fd);
    }
    return finish_stdout(status);
}
