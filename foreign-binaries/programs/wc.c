/* wc - print newline, word, and byte counts for each file.
 * Options: -l -w -c -m (same as -c: C locale) -L, plus a "total" line for
 * several files.  Column widths follow GNU wc: computed from the sum of the
 * regular files' sizes, at least 7 when some input is not a regular file, and
 * 1 when a single file is counted for a single item. */
#include "fileio.h"
#include <ctype.h>
#include <sys/stat.h>

struct counts { unsigned long long lines, words, chars, bytes, maxlen; };
static bool pl, pw, pc, pm, pL;
static int width;

static int count_fd(int fd, struct counts *ct)
{
    static unsigned char buf[65536];
    bool in_word = false;
    unsigned long long linepos = 0;
    memset(ct, 0, sizeof *ct);
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        ct->bytes += (unsigned long long)r;
        for (ssize_t i = 0; i < r; i++) {
            unsigned char c = buf[i];
            switch (c) {
            case '\n':
                ct->lines++;
                /* fall through */
            case '\r':
            case '\f':
                if (linepos > ct->maxlen)
                    ct->maxlen = linepos;
                linepos = 0;
                ct->words += in_word;
                in_word = false;
                break;
            case '\t':
                linepos += 8 - (linepos % 8);
                ct->words += in_word;
                in_word = false;
                break;
            case ' ':
                linepos++;
                /* fall through */
            case '\v':
                ct->words += in_word;
                in_word = false;
                break;
            default:
                if (isprint(c)) {
                    linepos++;
                    in_word = true;
                }
                break;
            }
        }
    }
    if (linepos > ct->maxlen)
        ct->maxlen = linepos;
    ct->words += in_word;
    ct->chars = ct->bytes;
    return 0;
}

static void print_counts(const struct counts *ct, const char *name)
{
    const char *sep = "";
    if (pl) { printf("%s%*llu", sep, width, ct->lines); sep = " "; }
    if (pw) { printf("%s%*llu", sep, width, ct->words); sep = " "; }
    if (pm) { printf("%s%*llu", sep, width, ct->chars); sep = " "; }
    if (pc) { printf("%s%*llu", sep, width, ct->bytes); sep = " "; }
    if (pL) { printf("%s%*llu", sep, width, ct->maxlen); sep = " "; }
    if (name)
        printf(" %s", name);
    putchar('\n');
}

int main(int argc, char **argv)
{
    prog = "wc";
    static const struct gopt_long longs[] = {
        {"bytes", 0, 'c'}, {"chars", 0, 'm'}, {"lines", 0, 'l'}, {"words", 0, 'w'},
        {"max-line-length", 0, 'L'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int c;
    while ((c = gopt_next(&g, "clmwL")) != -1) {
        switch (c) {
        case 'c': pc = true; break;
        case 'l': pl = true; break;
        case 'm': pm = true; break;
        case 'w': pw = true; break;
        case 'L': pL = true; break;
        default: usage_hint(1);
        }
    }
    if (!(pc || pl || pm || pw || pL))
        pl = pw = pc = true;
    int nfiles = g.nops ? g.nops : 1;
    char **files = g.ops;
    /* width computation (GNU compute_number_width) */
    int nitems = pc + pl + pm + pw + pL;
    width = 1;
    if (!(nfiles == 1 && nitems == 1)) {
        int minw = 1;
        unsigned long long total = 0;
        bool first_failed = false;
        for (int i = 0; i < nfiles; i++) {
            struct stat st;
            int r = (g.nops == 0 || strcmp(files[i], "-") == 0) ? fstat(STDIN_FILENO, &st)
                                                                 : stat(files[i], &st);
            if (r != 0) {
                if (i == 0) first_failed = false;
                continue;
            }
            if (S_ISREG(st.st_mode))
                total += (unsigned long long)st.st_size;
            else
                minw = 7;
        }
        (void)first_failed;
        for (; total >= 10; total /= 10)
            width++;
        if (width < minw)
            width = minw;
    }
    struct counts tot = {0, 0, 0, 0, 0};
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *name = g.nops ? files[i] : NULL;
        int fd = open_input(name ? name : "-");
        if (fd < 0) {
            warnx_("%s: %s", quotef(name), strerror(errno));
            status = 1;
            continue;
        }
        struct counts ct;
        if (count_fd(fd, &ct) != 0) {
            warnx_("%s: %s", quotef(name ? name : "-"), strerror(errno));
            status = 1;
        }
        print_counts(&ct, name);
        tot.lines += ct.lines;
        tot.words += ct.words;
        tot.chars += ct.chars;
        tot.bytes += ct.bytes;
        if (ct.maxlen > tot.maxlen)
            tot.maxlen = ct.maxlen;
        close_input(fd);
    }
    if (nfiles > 1)
        print_counts(&tot, "total");
    return finish_stdout(status);
}
