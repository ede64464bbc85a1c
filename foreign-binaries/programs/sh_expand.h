/* sh_expand.h - the shell's variables and word expansion (part of sh.c, included once).
 *
 * Variables: exported ones live in the environment (setenv), the others in a small table.
 * Expansion of one raw word (as the lexer kept it, quotes included) gives zero or more fields:
 * quotes removed, ~ at the start, $NAME ${NAME} $? $$ $! $# $0-$9 $@ $*, $(CMD) and `CMD`;
 * unquoted expansions are split at blanks and newlines, and a field with unquoted * ? [ is a
 * pathname pattern (kept as it is when nothing matches, as POSIX says). */
#include <glob.h>

struct shvar { char *name, *value; };
static struct shvar *vars;
static int nvars;

static int last_status;          /* $? */
static pid_t shell_pid;          /* $$ */
static pid_t last_bg = -1;       /* $! */
static char **pos_args;          /* $1... */
static int npos;
static const char *arg0 = "sh";  /* $0 */

static int run_string(const char *text);    /* sh.c */
static char *expand_one(const char *w);

static const char *getvar(const char *name)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0) return vars[i].value;
    return getenv(name);
}

static void unset_local(const char *name)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0) {
            free(vars[i].name);
            free(vars[i].value);
            vars[i] = vars[--nvars];
            return;
        }
}

/* NAME=VALUE: in the environment when NAME is exported (or `export` asks), else shell-local. */
static void setvar(const char *name, const char *value, bool export_it)
{
    if (export_it || getenv(name)) {
        unset_local(name);
        setenv(name, value, 1);
        return;
    }
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0) {
            free(vars[i].value);
            vars[i].value = strdup(value);
            return;
        }
    vars = realloc(vars, (size_t)(nvars + 1) * sizeof *vars);
    vars[nvars].name = strdup(name);
    vars[nvars++].value = strdup(value);
}

static bool is_name_start(int c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_name_char(int c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

/* The length of NAME in a NAME=VALUE word (unquoted name), or 0. */
static size_t assignment_name(const char *w)
{
    if (!is_name_start((unsigned char)w[0])) return 0;
    size_t i = 1;
    while (is_name_char((unsigned char)w[i])) i++;
    return w[i] == '=' ? i : 0;
}

/* A growing string. */
struct buf { char *s; size_t n, cap; };
static void bput(struct buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}
static void bputc(struct buf *b, char c) { bput(b, &c, 1); }

/* Where the construct starting at s ends: s points at the opening "(" of $( or at "`". */
static const char *skip_subst(const char *s)
{
    char close = *s == '`' ? '`' : ')';
    int depth = 1;
    for (s++; *s; s++) {
        if (*s == '\\' && s[1]) { s++; continue; }
        if (close == ')' && *s == '\'') { const char *q = strchr(s + 1, '\''); if (!q) return NULL; s = q; continue; }
        if (close == ')' && *s == '(') depth++;
        else if (*s == close && --depth == 0) return s;
    }
    return NULL;
}

/* $(CMD): the output of CMD in a child shell, trailing newlines removed; sets $?. */
static char *command_output(const char *cmd, size_t len)
{
    char *text = strndup(cmd, len);
    int p[2];
    struct buf out = {0};
    bput(&out, "", 0);
    if (pipe(p) != 0) { free(text); return out.s; }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        _exit(run_string(text));
    }
    close(p[1]);
    char chunk[4096];
    ssize_t n;
    while ((n = read(p[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) bput(&out, chunk, (size_t)n);
    close(p[0]);
    int st = 0;
    while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    last_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    while (out.n && out.s[out.n - 1] == '\n') out.s[--out.n] = 0;
    free(text);
    return out.s;
}

/* Fields under construction: the text, a pattern copy with quoted glob characters escaped, and
   whether the field exists even when empty (it had quotes). */
struct fields {
    char **v;
    int n;
    struct buf cur, pat;
    bool have, glob;
};

static void field_end(struct fields *f)
{
    if (!f->have && f->cur.n == 0) return;
    bput(&f->cur, "", 0);
    bput(&f->pat, "", 0);
    glob_t g;
    if (f->glob && glob(f->pat.s, 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            f->v = realloc(f->v, (size_t)(f->n + 2) * sizeof *f->v);
            f->v[f->n++] = strdup(g.gl_pathv[i]);
        }
        globfree(&g);
        free(f->cur.s);
    } else {
        f->v = realloc(f->v, (size_t)(f->n + 2) * sizeof *f->v);
        f->v[f->n++] = f->cur.s;
    }
    free(f->pat.s);
    f->cur = (struct buf){0};
    f->pat = (struct buf){0};
    f->have = f->glob = false;
}

/* Adds text: quoted (no splitting, no globbing) or not. */
static void field_add(struct fields *f, const char *s, size_t n, bool quoted, bool split)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (split && (c == ' ' || c == '\t' || c == '\n')) { field_end(f); continue; }
        bputc(&f->cur, c);
        if (quoted && strchr("*?[]\\", c)) bputc(&f->pat, '\\');
        else if (!quoted && strchr("*?[", c)) f->glob = true;
        bputc(&f->pat, c);
        if (quoted) f->have = true;
    }
    if (quoted) f->have = true;
}

/* A $ expansion at s (after the '$'); returns the position after it. */
static const char *dollar(struct fields *f, const char *s, bool quoted)
{
    char tmp[32];
    const char *val = NULL;
    char *owned = NULL;
    if (*s == '(') {
        const char *e = skip_subst(s);
        if (!e) { field_add(f, "$", 1, quoted, false); return s; }
        owned = command_output(s + 1, (size_t)(e - s - 1));
        field_add(f, owned, strlen(owned), quoted, !quoted);
        free(owned);
        return e + 1;
    }
    if (*s == '{') {
        const char *e = strchr(s, '}');
        if (!e) { field_add(f, "$", 1, quoted, false); return s; }
        /* ${NAME}, ${#NAME}, ${NAME-WORD} ${NAME:-WORD} ${NAME+WORD} ${NAME:+WORD} */
        const char *n = s + 1;
        bool length = *n == '#' && n + 1 < e;
        if (length) n++;
        const char *ne = n;
        if (*ne >= '0' && *ne <= '9') ne++;
        else while (ne < e && is_name_char((unsigned char)*ne)) ne++;
        char *name = strndup(n, (size_t)(ne - n));
        val = getvar(name);
        if (name[0] >= '0' && name[0] <= '9') { int k = atoi(name); val = k == 0 ? arg0 : k <= npos ? pos_args[k - 1] : NULL; }
        free(name);
        bool colon = *ne == ':';
        const char *op = colon ? ne + 1 : ne;
        if (op < e && (*op == '-' || *op == '+')) {
            bool set = val && (!colon || *val);
            if ((*op == '-' && !set) || (*op == '+' && set)) {
                owned = strndup(op + 1, (size_t)(e - op - 1));
                char *w = expand_one(owned);
                free(owned);
                field_add(f, w, strlen(w), quoted, !quoted);
                free(w);
            } else if (*op == '-') {
                field_add(f, val, strlen(val), quoted, !quoted);
            }
            return e + 1;
        }
        if (length) { snprintf(tmp, sizeof tmp, "%zu", val ? strlen(val) : 0); val = tmp; }
        s = e + 1;
    } else if (is_name_start((unsigned char)*s)) {
        const char *e = s;
        while (is_name_char((unsigned char)*e)) e++;
        char *name = strndup(s, (size_t)(e - s));
        val = getvar(name);
        free(name);
        s = e;
    } else if (*s == '?') { snprintf(tmp, sizeof tmp, "%d", last_status); val = tmp; s++; }
    else if (*s == '$') { snprintf(tmp, sizeof tmp, "%d", (int)shell_pid); val = tmp; s++; }
    else if (*s == '!') { if (last_bg > 0) { snprintf(tmp, sizeof tmp, "%d", (int)last_bg); val = tmp; } else val = ""; s++; }
    else if (*s == '#') { snprintf(tmp, sizeof tmp, "%d", npos); val = tmp; s++; }
    else if (*s >= '0' && *s <= '9') { int k = *s - '0'; val = k == 0 ? arg0 : k <= npos ? pos_args[k - 1] : NULL; s++; }
    else if (*s == '@' || *s == '*') {
        /* "$@": one field per argument; otherwise the arguments joined by spaces. */
        for (int i = 0; i < npos; i++) {
            if (i > 0) {
                if (quoted && *s == '@') field_end(f);
                else field_add(f, " ", 1, quoted, !quoted);
            }
            field_add(f, pos_args[i], strlen(pos_args[i]), quoted, !quoted);
        }
        return s + 1;
    } else {
        field_add(f, "$", 1, quoted, false);
        return s;
    }
    if (val) field_add(f, val, strlen(val), quoted, !quoted);
    return s;
}

/* Expands a raw word into fields (appended to *out, NULL-terminated). */
static void expand_word(const char *w, char ***out, int *nout)
{
    struct fields f = {0};
    f.v = *out;
    f.n = *nout;
    const char *s = w;
    if (*s == '~' && (s[1] == 0 || s[1] == '/')) {
        const char *home = getvar("HOME");
        field_add(&f, home ? home : "~", strlen(home ? home : "~"), true, false);
        s++;
    }
    while (*s) {
        if (*s == '\'') {
            const char *e = strchr(s + 1, '\'');
            if (!e) e = s + strlen(s);
            field_add(&f, s + 1, (size_t)(e - s - 1), true, false);
            s = *e ? e + 1 : e;
        } else if (*s == '"') {
            f.have = true;
            for (s++; *s && *s != '"'; ) {
                if (*s == '\\' && s[1] && strchr("$`\"\\\n", s[1])) {
                    if (s[1] != '\n') field_add(&f, s + 1, 1, true, false);
                    s += 2;
                } else if (*s == '$') s = dollar(&f, s + 1, true);
                else if (*s == '`') {
                    const char *e = skip_subst(s);
                    if (!e) { field_add(&f, s, 1, true, false); s++; continue; }
                    char *o = command_output(s + 1, (size_t)(e - s - 1));
                    field_add(&f, o, strlen(o), true, false);
                    free(o);
                    s = e + 1;
                } else { field_add(&f, s, 1, true, false); s++; }
            }
            if (*s) s++;
        } else if (*s == '\\') {
            if (s[1] == '\n') { s += 2; continue; }
            if (s[1]) { field_add(&f, s + 1, 1, true, false); s += 2; } else s++;
        } else if (*s == '$') {
            s = dollar(&f, s + 1, false);
        } else if (*s == '`') {
            const char *e = skip_subst(s);
            if (!e) { field_add(&f, s, 1, false, false); s++; continue; }
            char *o = command_output(s + 1, (size_t)(e - s - 1));
            field_add(&f, o, strlen(o), false, true);
            free(o);
            s = e + 1;
        } else {
            field_add(&f, s, 1, false, false);
            s++;
        }
    }
    field_end(&f);
    if (!f.v) f.v = malloc(sizeof *f.v);
    f.v[f.n] = NULL;
    *out = f.v;
    *nout = f.n;
}

/* One word to exactly one string (redirection targets, assignment values): fields joined. */
static char *expand_one(const char *w)
{
    char **v = NULL;
    int n = 0;
    expand_word(w, &v, &n);
    struct buf b = {0};
    bput(&b, "", 0);
    for (int i = 0; i < n; i++) {
        if (i) bputc(&b, ' ');
        bput(&b, v[i], strlen(v[i]));
        free(v[i]);
    }
    free(v);
    return b.s;
}
