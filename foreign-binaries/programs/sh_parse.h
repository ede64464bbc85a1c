/* sh_parse.h - the shell's lexer and parser (part of sh.c, included once).
 *
 * Grammar (a small POSIX subset):
 *   line     := and_or ((';' | '&') and_or)* [';' | '&'] NEWLINE-or-end
 *   and_or   := pipeline (('&&' | '||') pipeline)*
 *   pipeline := ['!'] command ('|' command)*
 *   command  := (WORD | redirection)+         leading NAME=VALUE words are assignments
 *             | '(' text ')' redirection*      a subshell
 *   redirection := [N] ('<' | '>' | '>>' | '<>' | '>&' | '<&') WORD
 * Words keep their quotes: expansion (sh_expand.h) happens when the command runs. */

enum { R_IN, R_OUT, R_APPEND, R_RDWR, R_DUPOUT, R_DUPIN };
struct redir { int fd, kind; char *word; };
struct command { char **words; int nwords; struct redir *redirs; int nredirs; char *subshell; };
struct pipeline { struct command *cmds; int ncmds; bool bang; };
struct and_or { struct pipeline *pipes; int npipes; int *ops; bool background; char *text; };

/* Parse state over one complete text. */
struct parser { const char *s; const char *p; const char *err; bool incomplete; };

static void skip_blanks(struct parser *ps)
{
    for (;;) {
        while (*ps->p == ' ' || *ps->p == '\t') ps->p++;
        if (ps->p[0] == '\\' && ps->p[1] == '\n') { ps->p += 2; continue; }
        if (*ps->p == '#') { while (*ps->p && *ps->p != '\n') ps->p++; }
        return;
    }
}

static bool is_meta(char c) { return c == 0 || strchr(" \t\n|&;<>()", c) != NULL; }

/* A raw word at ps->p (quotes kept), or NULL when there is none. */
static char *lex_word(struct parser *ps)
{
    const char *start = ps->p, *s = ps->p;
    while (!is_meta(*s)) {
        if (*s == '\'') {
            const char *e = strchr(s + 1, '\'');
            if (!e) { ps->incomplete = true; ps->err = "unterminated quoted string"; return NULL; }
            s = e + 1;
        } else if (*s == '"') {
            for (s++; *s && *s != '"'; s++) {
                if (*s == '\\' && s[1]) s++;
                else if (*s == '$' && s[1] == '(') {
                    const char *e = skip_subst(s + 1);
                    if (!e) break;
                    s = e;
                }
            }
            if (!*s) { ps->incomplete = true; ps->err = "unterminated quoted string"; return NULL; }
            s++;
        } else if (*s == '\\') {
            if (!s[1]) { ps->incomplete = true; return NULL; }
            s += 2;
        } else if ((*s == '$' && (s[1] == '(' || s[1] == '{')) || *s == '`') {
            const char *e = *s == '`' ? skip_subst(s) : s[1] == '(' ? skip_subst(s + 1) : strchr(s, '}');
            if (!e) { ps->incomplete = true; ps->err = "unterminated substitution"; return NULL; }
            s = e + 1;
        } else {
            s++;
        }
    }
    if (s == start) return NULL;
    ps->p = s;
    return strndup(start, (size_t)(s - start));
}

/* A redirection operator at ps->p (after an optional fd number); 0 and the kind, or -1. */
static int lex_redir_op(struct parser *ps, int *kind)
{
    const char *p = ps->p;
    if (p[0] == '>' && p[1] == '>') { *kind = R_APPEND; ps->p += 2; }
    else if (p[0] == '>' && p[1] == '&') { *kind = R_DUPOUT; ps->p += 2; }
    else if (p[0] == '<' && p[1] == '&') { *kind = R_DUPIN; ps->p += 2; }
    else if (p[0] == '<' && p[1] == '>') { *kind = R_RDWR; ps->p += 2; }
    else if (p[0] == '>' && p[1] == '|') { *kind = R_OUT; ps->p += 2; }
    else if (p[0] == '>') { *kind = R_OUT; ps->p++; }
    else if (p[0] == '<') { *kind = R_IN; ps->p++; }
    else return -1;
    return 0;
}

static bool parse_command(struct parser *ps, struct command *c)
{
    memset(c, 0, sizeof *c);
    for (;;) {
        skip_blanks(ps);
        int fd = -1, kind;
        const char *save = ps->p;
        if (*ps->p >= '0' && *ps->p <= '9') {
            const char *d = ps->p;
            while (*d >= '0' && *d <= '9') d++;
            if (*d == '<' || *d == '>') { fd = atoi(ps->p); ps->p = d; }
        }
        if (lex_redir_op(ps, &kind) == 0) {
            if (fd < 0) fd = (kind == R_IN || kind == R_DUPIN || kind == R_RDWR) ? 0 : 1;
            skip_blanks(ps);
            char *w = lex_word(ps);
            if (!w) { if (!ps->err) ps->err = "missing file name after redirection"; return false; }
            c->redirs = realloc(c->redirs, (size_t)(c->nredirs + 1) * sizeof *c->redirs);
            c->redirs[c->nredirs++] = (struct redir){fd, kind, w};
            continue;
        }
        ps->p = save;
        if (*ps->p == '(' && c->nwords == 0 && !c->subshell) {
            /* ( LIST ): run by a child shell. */
            const char *e = skip_subst(ps->p);
            if (!e) { ps->incomplete = true; ps->err = "unterminated ("; return false; }
            c->subshell = strndup(ps->p + 1, (size_t)(e - ps->p - 1));
            ps->p = e + 1;
            continue;
        }
        char *w = lex_word(ps);
        if (!w) break;
        c->words = realloc(c->words, (size_t)(c->nwords + 2) * sizeof *c->words);
        c->words[c->nwords++] = w;
        c->words[c->nwords] = NULL;
    }
    if (ps->incomplete || ps->err) return false;
    if (c->nwords == 0 && c->nredirs == 0 && !c->subshell) {
        ps->err = *ps->p ? "syntax error" : "syntax error: unexpected end of input";
        if (!*ps->p) ps->incomplete = true;
        return false;
    }
    return true;
}

static bool parse_pipeline(struct parser *ps, struct pipeline *pl)
{
    memset(pl, 0, sizeof *pl);
    skip_blanks(ps);
    if (ps->p[0] == '!' && is_meta(ps->p[1])) { pl->bang = true; ps->p++; }
    for (;;) {
        pl->cmds = realloc(pl->cmds, (size_t)(pl->ncmds + 1) * sizeof *pl->cmds);
        if (!parse_command(ps, &pl->cmds[pl->ncmds])) return false;
        pl->ncmds++;
        skip_blanks(ps);
        if (ps->p[0] == '|' && ps->p[1] != '|') {
            ps->p++;
            while (skip_blanks(ps), *ps->p == '\n') ps->p++;   /* a pipe may continue on the next line */
            continue;
        }
        return true;
    }
}

/* Parses one and_or; false with ps->err (or ps->incomplete) on failure. */
static bool parse_and_or(struct parser *ps, struct and_or *a)
{
    memset(a, 0, sizeof *a);
    skip_blanks(ps);
    const char *start = ps->p;
    for (;;) {
        a->pipes = realloc(a->pipes, (size_t)(a->npipes + 1) * sizeof *a->pipes);
        a->ops = realloc(a->ops, (size_t)(a->npipes + 1) * sizeof *a->ops);
        if (!parse_pipeline(ps, &a->pipes[a->npipes])) return false;
        a->npipes++;
        skip_blanks(ps);
        if ((ps->p[0] == '&' && ps->p[1] == '&') || (ps->p[0] == '|' && ps->p[1] == '|')) {
            a->ops[a->npipes - 1] = ps->p[0];
            ps->p += 2;
            while (skip_blanks(ps), *ps->p == '\n') ps->p++;
            continue;
        }
        break;
    }
    const char *end = ps->p;
    while (end > start && (end[-1] == ' ' || end[-1] == '\t')) end--;
    a->text = strndup(start, (size_t)(end - start));
    if (ps->p[0] == '&') { a->background = true; ps->p++; }
    else if (ps->p[0] == ';' && ps->p[1] != ';') ps->p++;
    else if (ps->p[0] && ps->p[0] != '\n') { ps->err = "syntax error"; return false; }
    return true;
}

static void free_and_or(struct and_or *a)
{
    for (int i = 0; i < a->npipes; i++) {
        struct pipeline *pl = &a->pipes[i];
        for (int j = 0; j < pl->ncmds; j++) {
            struct command *c = &pl->cmds[j];
            for (int k = 0; k < c->nwords; k++) free(c->words[k]);
            for (int k = 0; k < c->nredirs; k++) free(c->redirs[k].word);
            free(c->words);
            free(c->redirs);
            free(c->subshell);
        }
        free(pl->cmds);
    }
    free(a->pipes);
    free(a->ops);
    free(a->text);
}
