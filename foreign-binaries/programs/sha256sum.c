/* sha256sum - compute and check SHA-256 message digests (FIPS 180-4).
 * Options: -b (binary marker '*'), -t (text, default), -c (check), --quiet,
 * --status, -z.  Output: "HASH  NAME" ("-" for stdin); names containing '\\'
 * or newline are escaped and the line prefixed with '\\', like coreutils. */
#include "fileio.h"
#include "sha256.h"
#include <ctype.h>

static int digest_file(const char *name, char hex[65])
{
    int fd = open_input(name);
    if (fd < 0)
        return -1;
    static unsigned char buf[1 << 16];
    struct sha256 s;
    sha_init(&s);
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close_input(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        sha_update(&s, buf, (size_t)r);
    }
    close_input(fd);
    unsigned char d[32];
    sha_final(&s, d);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

static bool needs_escape(const char *s) { return strpbrk(s, "\\\n\r") != NULL; }

static void print_escaped(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') fputs("\\\\", stdout);
        else if (*s == '\n') fputs("\\n", stdout);
        else if (*s == '\r') fputs("\\r", stdout);
        else putchar(*s);
    }
}

static int check(const char *listname, bool quiet, bool status_only)
{
    int fd = open_input(listname);
    char *data;
    size_t len;
    if (fd < 0 || slurp_fd(fd, &data, &len) != 0) {
        warnx_("%s: %s", quotef(listname), strerror(errno));
        return 1;
    }
    close_input(fd);
    const char *shown = strcmp(listname, "-") == 0 ? "standard input" : listname;
    unsigned long bad_format = 0, failed = 0, unreadable = 0, good = 0;
    size_t pos = 0;
    while (pos < len) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        data[end] = '\0';
        char *line = data + pos;
        pos = end + 1;
        bool esc = false;
        if (*line == '\\') { esc = true; line++; }
        size_t hl = strspn(line, "0123456789abcdefABCDEF");
        if (hl != 64 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') || !line[66]) {
            bad_format++;
            continue;
        }
        char *fname = line + 66;
        if (esc) {
            char *w = fname;
            for (char *r = fname; *r; r++) {
                if (*r == '\\' && r[1]) {
                    r++;
                    *w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
                } else {
                    *w++ = *r;
                }
            }
            *w = '\0';
        }
        char hex[65];
        if (digest_file(fname, hex) != 0) {
            warnx_("%s: %s", fname, strerror(errno));
            if (!status_only)
                printf("%s: FAILED open or read\n", fname);
            unreadable++;
            continue;
        }
        bool ok = strncasecmp(hex, line, 64) == 0;
        if (ok) good++; else failed++;
        if (!status_only && (!ok || !quiet))
            printf("%s: %s\n", fname, ok ? "OK" : "FAILED");
    }
    if (!status_only) {
        fflush(stdout);
        if (bad_format)
            fprintf(stderr, "%s: WARNING: %lu line%s improperly formatted\n", prog, bad_format, bad_format == 1 ? " is" : "s are");
        if (unreadable)
            fprintf(stderr, "%s: WARNING: %lu listed file%s could not be read\n", prog, unreadable, unreadable == 1 ? "" : "s");
        if (failed)
            fprintf(stderr, "%s: WARNING: %lu computed checksum%s did NOT match\n", prog, failed, failed == 1 ? "" : "s");
    }
    if (good == 0 && failed == 0 && unreadable == 0) {
        warnx_("%s: no properly formatted checksum lines found", shown);
        return 1;
    }
    return (failed || unreadable) ? 1 : 0;
}

int main(int argc, char **argv)
{
    prog = "sha256sum";
    static const struct gopt_long longs[] = {
        {"binary", 0, 'b'}, {"check", 0, 'c'}, {"text", 0, 't'}, {"zero", 0, 'z'},
        {"quiet", 0, 'Q'}, {"status", 0, 'S'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool binary = false, do_check = false, quiet = false, status_only = false;
    char term = '\n';
    int c;
    while ((c = gopt_next(&g, "bctz")) != -1) {
        switch (c) {
        case 'b': binary = true; break;
        case 't': binary = false; break;
        case 'c': do_check = true; break;
        case 'z': term = '\0'; break;
        case 'Q': quiet = true; break;
        case 'S': status_only = true; break;
        default: usage_hint(1);
        }
    }
    static char *dash[] = {"-"};
    char **files = g.nops ? g.ops : dash;
    int nfiles = g.nops ? g.nops : 1;
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        if (do_check) {
            status |= check(files[i], quiet, status_only);
            continue;
        }
        char hex[65];
        if (digest_file(files[i], hex) != 0) {
            warnx_("%s: %s", quotef(files[i]), strerror(errno));
            status = 1;
            continue;
        }
        bool esc = term == '\n' && needs_escape(files[i]);
        if (esc)
            putchar('\\');
        printf("%s %c", hex, binary ? '*' : ' ');
        if (esc)
            print_escaped(files[i]);
        else
            fputs(files[i], stdout);
        putchar(term);
    }
    return finish_stdout(status);
}
