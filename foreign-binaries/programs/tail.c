/* tail - output the last part of files.
 * Options: -n [+]N, -c [+]N (GNU size suffixes; "+N" starts at line/byte N),
 * obsolete -NUM[lc] / +NUM[lc] as the only option, -q, -v, -z.
 * Not supported: -f/-F (following).  Multiple files get "==> NAME <==". */
#include "fileio.h"
#include <ctype.h>

static char delim = '\n';

static void do_tail(const char *all, size_t len, bool bytes, bool from_start,
                    unsigned long long count)
{
    size_t start;
    if (bytes) {
        if (from_start)
            start = count == 0 ? 0 : (count - 1 >= len ? len : (size_t)(count - 1));
        else
            start = count >= len ? 0 : len - (size_t)count;
    } else if (from_start) {
        unsigned long long line = 1;
        start = 0;
        while (line < count && start < len) {
            const char *nl = memchr(all + start, delim, len - start);
            if (!nl) { start = len; break; }
            start = (size_t)(nl - all) + 1;
            line++;
        }
    } else {
        size_t pos = len;
        if (count == 0) {
            start = len;
        } else {
            if (pos > 0 && all[pos - 1] == delim)
                pos--;
            unsigned long long k = 0;
            start = 0;
            while (pos > 0) {
                pos--;
                if (all[pos] == delim && ++k == count) {
                    start = pos + 1;
                    break;
                }
            }
        }
    }
    fwrite(all + start, 1, len - start, stdout);
}

int main(int argc, char **argv)
{
    prog = "tail";
    static const struct gopt_long longs[] = {
        {"bytes", 1, 'c'}, {"lines", 1, 'n'}, {"quiet", 0, 'q'}, {"silent", 0, 'q'},
        {"verbose", 0, 'v'}, {"zero-terminated", 0, 'z'}, {NULL, 0, 0}};
    bool bytes = false, from_start = false;
    unsigned long long count = 10;
    int headers = -1;
    /* Obsolete usage: tail [-+]NUM[bcl] [FILE] */
    if (argc == 2 || argc == 3) {
        const char *a = argv[1];
        if ((a[0] == '-' || a[0] == '+') && (isdigit((unsigned char)a[1]) || (a[0] == '+' && (a[1] == '\0' || strchr("bcl", a[1]))))
            && (argc == 2 || argv[2][0] != '-' || argv[2][1] == '\0')) {
            const char *p = a + 1;
            unsigned long long v = 10;
            size_t d = strspn(p, "0123456789");
            char num[32];
            bool ok = d < sizeof num;
            if (ok && d > 0) {
                memcpy(num, p, d);
                num[d] = '\0';
                ok = parse_count(num, &v);
            }
            p += d;
            bool b = false;
            unsigned long long mul = 1;
            if (ok && *p) {
                if (*p == 'c') b = true;
                else if (*p == 'b') { b = true; mul = 512; }
                else if (*p != 'l') ok = false;
                p++;
            }
            if (ok && *p == 'f') p++;
            if (ok && *p == '\0') {
                bytes = b;
                count = v * mul;
                from_start = a[0] == '+';
                argv[1] = argv[0];
                argv++;
                argc--;
            }
        }
    }
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int c;
    while ((c = gopt_next(&g, "c:n:qvz")) != -1) {
        switch (c) {
        case 'c': case 'n': {
            const char *s = g.arg;
            bytes = (c == 'c');
            from_start = false;
            if (*s == '+') { from_start = true; s++; }
            else if (*s == '-') s++;
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
    bool first = true;
    for (int i = 0; i < nfiles; i++) {
        const char *shown = strcmp(files[i], "-") == 0 ? "standard input" : files[i];
        int fd = open_input(files[i]);
        if (fd < 0) {
            warnx_("cannot open %s for reading: %s", quote(files[i]), strerror(errno));
            status = 1;
            continue;
        }
        if (show)
            printf("%s==> %s <==\n", first ? "" : "\n", shown);
        first = false;
        char *all;
        size_t len;
        if (slurp_fd(fd, &all, &len) != 0) {
            warnx_("error reading %s: %s", quote(files[i]), strerror(errno));
            status = 1;
        } else {
            do_tail(all, len, bytes, from_start, count);
            free(all);
        }
        close_input(fd);
    }
    return finish_stdout(status);
}
