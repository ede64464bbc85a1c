/* xargs - build and run command lines from standard input, as GNU findutils' xargs.
 *   xargs [-0] [-d DELIM] [-n MAX-ARGS] [-L MAX-LINES] [-I REPLACE] [-s MAX-CHARS] [-r] [-t] [-x]
 *         [COMMAND [INITIAL-ARGS]...]
 * Items are separated by blanks and newlines, with '...', "..." and \ quoting (by NUL with -0, by
 * DELIM with -d, by lines with -I and -L). COMMAND (default echo) runs with as many items as fit
 * in MAX-CHARS (default 131072, GNU's) or -n; without input it runs once unless -r.
 * Exit status: 0; 123 when a command exited with 1-125; 124 when one exited with 255 (xargs
 * stops); 125 when one was killed by a signal; 126 cannot run; 127 not found; 1 bad input. */
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

static char **base;        /* command and initial arguments */
static int nbase;
static bool trace, no_empty;
static int status;

static int run(char **items, int n)
{
    int total = nbase + n;
    char **argv = malloc((size_t)(total + 1) * sizeof *argv);
    memcpy(argv, base, (size_t)nbase * sizeof *argv);
    memcpy(argv + nbase, items, (size_t)n * sizeof *argv);
    argv[total] = NULL;
    if (trace) {
        for (int i = 0; i < total; i++) fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fputc('\n', stderr);
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) { warnx_("cannot fork: %s", strerror(errno)); exit(125); }
    if (pid == 0) {
        execvp(argv[0], argv);
        int e = errno;
        warnx_("%s: %s", argv[0], strerror(e));
        _exit(e == ENOENT ? 127 : 126);
    }
    free(argv);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(st)) {
        warnx_("%s: terminated by signal %d", base[0], WTERMSIG(st));
        exit(125);
    }
    int code = WEXITSTATUS(st);
    if (code == 255) { warnx_("%s: exited with status 255; aborting", base[0]); exit(124); }
    if (code == 126 || code == 127) exit(code);
    if (code) status = 123;
    return code;
}

/* Replaces every occurrence of rep in s by item. */
static char *replace(const char *s, const char *rep, const char *item)
{
    size_t rl = strlen(rep), il = strlen(item), n = 0;
    for (const char *p = strstr(s, rep); p && rl; p = strstr(p + rl, rep)) n++;
    char *out = malloc(strlen(s) + n * il + 1), *o = out;
    while (*s) {
        if (rl && strncmp(s, rep, rl) == 0) { memcpy(o, item, il); o += il; s += rl; }
        else *o++ = *s++;
    }
    *o = 0;
    return out;
}

/* A quote left open: what was read before the item runs, as GNU does, then status 1. */
static _Noreturn void unmatched(int q, char **items, int n)
{
    warnx_("unmatched %s quote; by default quotes are special to xargs unless you use the -0 option",
           q == '\'' ? "single" : "double");
    if (n) run(items, n);
    exit(1);
}

int main(int argc, char **argv)
{
    prog = "xargs";
    static const struct gopt_long longs[] = {
        {"null", 0, '0'}, {"delimiter", 1, 'd'}, {"max-args", 1, 'n'}, {"max-lines", 1, 'L'},
        {"replace", 1, 'I'}, {"max-chars", 1, 's'}, {"no-run-if-empty", 0, 'r'}, {"verbose", 0, 't'},
        {"exit", 0, 'x'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    g.stop_at_operand = true;
    int c, max_args = 0, max_lines = 0;
    long max_chars = 131072;
    char delim = 0;
    bool nul = false, by_delim = false;
    const char *rep = NULL;
    while ((c = gopt_next(&g, "0d:n:L:I:s:rtx")) != -1) {
        switch (c) {
        case '0': nul = true; break;
        case 'd':
            by_delim = true;
            delim = g.arg[0] == '\\' && g.arg[1] == 'n' ? '\n' : g.arg[0] == '\\' && g.arg[1] == 't' ? '\t' : g.arg[0];
            break;
        case 'n': max_args = atoi(g.arg); if (max_args < 1) { warnx_("value %s for -n option should be >= 1", g.arg); exit(1); } break;
        case 'L': max_lines = atoi(g.arg); if (max_lines < 1) { warnx_("value %s for -L option should be >= 1", g.arg); exit(1); } break;
        case 'I': rep = g.arg; max_lines = 1; break;
        case 's': max_chars = atol(g.arg); if (max_chars < 1) { warnx_("value %s for -s option should be >= 1", g.arg); exit(1); } break;
        case 'r': no_empty = true; break;
        case 't': trace = true; break;
        case 'x': break;
        default: usage_hint(1);
        }
    }
    static char *echo_cmd[] = {"echo", NULL};
    base = g.nops ? g.ops : echo_cmd;
    nbase = g.nops ? g.nops : 1;
    long base_chars = 0;
    for (int i = 0; i < nbase; i++) base_chars += (long)strlen(base[i]) + 1;

    char **items = NULL;
    int nitems = 0, cap = 0, lines = 0;
    long chars = base_chars;
    bool ran = false;
    struct { char *s; size_t n, cap; } cur = {0};
    int ch, quote_ch = 0;
    bool in_item = false, escaped = false;
    for (;;) {
        ch = getchar();
        bool end_item = false, end_line = false;
        if (ch == EOF) {
            if (quote_ch) unmatched(quote_ch, items, nitems);
            end_item = in_item;
        } else if (nul || by_delim) {
            if (ch == (nul ? 0 : delim)) { end_item = true; end_line = true; in_item = true; }
            else in_item = true;
        } else if (escaped) {
            escaped = false;
            in_item = true;
        } else if (quote_ch) {
            if (ch == quote_ch) { quote_ch = 0; continue; }
            if (ch == '\n') unmatched(quote_ch, items, nitems);
        } else if (ch == '\\') {
            escaped = true;
            in_item = true;
            continue;
        } else if (ch == '\'' || ch == '"') {
            quote_ch = ch;
            in_item = true;
            continue;
        } else if (ch == '\n' || ((ch == ' ' || ch == '\t') && !rep)) {
            end_item = in_item;
            end_line = ch == '\n';
            if (!in_item && !end_line) continue;
        } else if ((ch == ' ' || ch == '\t') && rep && !in_item) {
            continue;                                  /* -I: leading blanks are dropped */
        } else {
            in_item = true;
        }
        if (!end_item && !end_line && ch != EOF) {
            if (cur.n + 2 > cur.cap) { cur.cap = cur.cap ? cur.cap * 2 : 64; cur.s = realloc(cur.s, cur.cap); }
            cur.s[cur.n++] = (char)ch;
            continue;
        }
        if (end_item) {
            if (cur.n + 1 > cur.cap) { cur.cap = cur.cap ? cur.cap * 2 : 64; cur.s = realloc(cur.s, cur.cap); }
            cur.s[cur.n] = 0;
            long need = (long)cur.n + 1;
            if (!rep && nitems > 0 && chars + need > max_chars) {
                run(items, nitems);
                ran = true;
                for (int i = 0; i < nitems; i++) free(items[i]);
                nitems = 0;
                chars = base_chars;
            }
            if (nitems == cap) { cap = cap ? cap * 2 : 64; items = realloc(items, (size_t)cap * sizeof *items); }
            items[nitems++] = strdup(cur.s);
            chars += need;
            cur.n = 0;
            in_item = false;
        }
        if (end_line && nitems) lines++;
        bool full = (max_args && nitems >= max_args) || (max_lines && end_line && lines >= max_lines);
        if (full || (ch == EOF && nitems)) {
            if (rep) {
                /* -I: one command per item, REPLACE substituted in the initial arguments. */
                char **saved = base;
                char **args = malloc((size_t)nbase * sizeof *args);
                for (int i = 0; i < nbase; i++) args[i] = replace(saved[i], rep, items[0]);
                base = args;
                run(NULL, 0);
                for (int i = 0; i < nbase; i++) free(args[i]);
                free(args);
                base = saved;
            } else {
                run(items, nitems);
            }
            ran = true;
            for (int i = 0; i < nitems; i++) free(items[i]);
            nitems = 0;
            lines = 0;
            chars = base_chars;
        }
        if (ch == EOF) break;
    }
    if (!ran && !no_empty && !rep) run(NULL, 0);
    return status;
}
