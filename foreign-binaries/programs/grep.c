/* grep - print lines that contain a fixed string (-F is implied: patterns are
 * never regular expressions).
 * Options: -e PAT, -f FILE, -F, -i/-y, -v, -n, -c, -q, -l, -L, -H, -h, -s,
 * -x, -w, -m NUM.  Several patterns (newline-separated or repeated -e) match
 * if any matches.  Exit 0 if a line was selected, 1 if none, 2 on error
 * (unless -q found a match).  Files containing NUL bytes are binary:
 * "grep: NAME: binary file matches" (on stdout, like grep 3.8). */
#include "fileio.h"
#include <ctype.h>
#include <sys/stat.h>

static char **pats;
static size_t *patlen;
static int npats;
static bool opt_i, opt_v, opt_n, opt_c, opt_q, opt_l, opt_L, opt_s, opt_x, opt_w;
static int with_name = -1;
static long long max_count = -1;

static void add_patterns(const char *s, size_t len)
{
    const char *end = s + len;
    for (;;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);
        pats = realloc(pats, sizeof(char *) * (size_t)(npats + 1));
        patlen = realloc(patlen, sizeof(size_t) * (size_t)(npats + 1));
        pats[npats] = strndup(s, l);
        patlen[npats] = l;
        npats++;
        if (!nl)
            break;
        s = nl + 1;
    }
}

static bool eq_at(const char *line, const char *pat, size_t n)
{
    if (!opt_i)
        return memcmp(line, pat, n) == 0;
    for (size_t k = 0; k < n; k++)
        if (tolower((unsigned char)line[k]) != tolower((unsigned char)pat[k]))
            return false;
    return true;
}

static bool is_word(unsigned char c) { return isalnum(c) || c == '_'; }

static bool line_matches(const char *line, size_t len)
{
    for (int p = 0; p < npats; p++) {
        size_t pl = patlen[p];
        if (opt_x) {
            if (pl == len && eq_at(line, pats[p], pl))
                return true;
            continue;
        }
        if (pl > len)
            continue;
        for (size_t s = 0; s + pl <= len; s++) {
            if (!eq_at(line + s, pats[p], pl))
                continue;
            if (!opt_w)
                return true;
            bool left = s == 0 || !is_word((unsigned char)line[s - 1]);
            bool right = s + pl == len || !is_word((unsigned char)line[s + pl]);
            if (left && right && pl > 0)
                return true;
        }
    }
    return false;
}

/* Returns the number of selected lines. */
static long long grep_buf(const char *buf, size_t len, const char *name)
{
    bool binary = memchr(buf, '\0', len) != NULL;
    long long count = 0;
    unsigned long long lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        if (max_count >= 0 && count >= max_count)
            break;
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        lineno++;
        bool m = line_matches(buf + pos, end - pos) != opt_v;
        if (m) {
            count++;
            if (opt_q)
                return count;
            if (opt_l || opt_L)
                return count;
            if (!opt_c) {
                if (binary) {
                    fflush(stdout);
                    printf("%s: %s: binary file matches\n", prog, name);
                    return count;
                }
                if (with_name)
                    printf("%s:", name);
                if (opt_n)
                    printf("%llu:", lineno);
                fwrite(buf + pos, 1, end - pos, stdout);
                putchar('\n');
            }
        }
        pos = end + 1;
    }
    return count;
}

int main(int argc, char **argv)
{
    prog = "grep";
    static const struct gopt_long longs[] = {
        {"regexp", 1, 'e'}, {"file", 1, 'f'}, {"fixed-strings", 0, 'F'},
        {"ignore-case", 0, 'i'}, {"invert-match", 0, 'v'}, {"line-number", 0, 'n'},
        {"count", 0, 'c'}, {"quiet", 0, 'q'}, {"silent", 0, 'q'},
        {"files-with-matches", 0, 'l'}, {"files-without-match", 0, 'L'},
        {"with-filename", 0, 'H'}, {"no-filename", 0, 'h'}, {"no-messages", 0, 's'},
        {"line-regexp", 0, 'x'}, {"word-regexp", 0, 'w'}, {"max-count", 1, 'm'},
        {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    bool have_pat = false;
    int c;
    while ((c = gopt_next(&g, "e:f:FGiyvncqlLHhsxwm:")) != -1) {
        switch (c) {
        case 'e': add_patterns(g.arg, strlen(g.arg)); have_pat = true; break;
        case 'f': {
            int fd = open_input(g.arg);
            char *data;
            size_t len;
            if (fd < 0 || slurp_fd(fd, &data, &len) != 0) {
                warnx_("%s: %s", quotef(g.arg), strerror(errno));
                return 2;
            }
            close_input(fd);
            if (len > 0 && data[len - 1] == '\n')
                len--;
            if (len > 0 || data[0] == '\n')
                add_patterns(data, len);
            have_pat = true;
            break;
        }
        case 'F': case 'G': break;
        case 'i': case 'y': opt_i = true; break;
        case 'v': opt_v = true; break;
        case 'n': opt_n = true; break;
        case 'c': opt_c = true; break;
        case 'q': opt_q = true; break;
        case 'l': opt_l = true; opt_L = false; break;
        case 'L': opt_L = true; opt_l = false; break;
        case 'H': with_name = 1; break;
        case 'h': with_name = 0; break;
        case 's': opt_s = true; break;
        case 'x': opt_x = true; break;
        case 'w': opt_w = true; break;
        case 'm': {
            char *end;
            max_count = strtoll(g.arg, &end, 10);
            if (*end || end == g.arg) {
                warnx_("invalid max count");
                return 2;
            }
            break;
        }
        default:
            fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
            usage_hint(2);
        }
    }
    int first = 0;
    if (!have_pat) {
        if (g.nops == 0) {
            fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
            usage_hint(2);
        }
        add_patterns(g.ops[0], strlen(g.ops[0]));
        first = 1;
    }
    static char *dash[] = {"-"};
    char **files = g.nops > first ? g.ops + first : dash;
    int nfiles = g.nops > first ? g.nops - first : 1;
    if (with_name < 0)
        with_name = nfiles > 1;
    bool any = false, error = false;
    for (int i = 0; i < nfiles; i++) {
        const char *name = strcmp(files[i], "-") == 0 ? "(standard input)" : files[i];
        int fd = open_input(files[i]);
        if (fd < 0) {
            if (!opt_s)
                warnx_("%s: %s", files[i], strerror(errno));
            error = true;
            continue;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (!opt_s)
                warnx_("%s: Is a directory", files[i]);
            error = true;
            close_input(fd);
            continue;
        }
        char *buf;
        size_t len;
        if (slurp_fd(fd, &buf, &len) != 0) {
            if (!opt_s)
                warnx_("%s: %s", files[i], strerror(errno));
            error = true;
            close_input(fd);
            continue;
        }
        close_input(fd);
        long long n = grep_buf(buf, len, name);
        free(buf);
        if (n > 0)
            any = true;
        if (opt_q && any)
            return 0;
        if (opt_c) {
            if (with_name)
                printf("%s:", name);
            printf("%lld\n", n);
        }
        if ((opt_l && n > 0) || (opt_L && n == 0))
            printf("%s\n", name);
    }
    int status = error ? 2 : any ? 0 : 1;
    return finish_stdout(status);
}
