/* sh_parse.h - the shell's lexer and parser (part of sh.c, included once).
 *
 * Grammar (a small POSIX subset):
 *   line     := and_or ((';' | '&') and_or)* [';' | '&'] NEWLINE-or-end
 *   and_or   := pipeline (('&&' | '||') pipeline)*
 *   pipeline := ['!'] command ('|' command)*
 *   command  := (WORD | redirection)+         leading NAME=VALUE words are assignments
 *             | '(' text ')' redirection*      a subshell
 *             | if LIST then LIST (elif LIST then LIST)* [else LIST] fi   redirection*
 *             | (while | until) LIST do LIST done                         redirection*
 *             | for NAME [in WORD...] (';' | NEWLINE) do LIST done        redirection*
 *   redirection := [N] ('<' | '>' | '>>' | '<>' | '>&' | '<&') WORD
 * Words keep their quotes: expansion (sh_expand.h) happens when the command runs. */

enum { R_IN, R_OUT, R_APPEND, R_RDWR, R_DUPOUT, R_DUPIN };
struct redir { int fd, kind; char *word; };
enum { C_SIMPLE, C_IF, C_WHILE, C_UNTIL, C_FOR };
struct list;
/* A compound command: if (conds[i] then bodies[i])... else elsepart; while/until conds[0] do
   bodies[0]; for var in forwords (all of "$@" without `in`) do bodies[0]. */
struct compound {
    struct list *conds, *bodies, *elsepart;
    int n;
    char *var;
    char **forwords;
    int nforwords;
    bool has_in;
};
struct command { char **words; int nwords; struct redir *redirs; int nredirs; char *subshell; int kind; struct compound *comp; };
struct pipeline { struct command *cmds; int ncmds; bool bang; };
struct and_or { struct pipeline *pipes; int npipes; int *ops; bool background; char *text; };
struct list { struct and_or *items; int n; };

/* Parse state over one complete text. */
struct parser { const char *s; const char *p; const char *err; bool incomplete; };

static bool parse_and_or(struct parser *ps, struct and_or *a);
static void free_and_or(struct and_or *a);

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

/* The unquoted word at ps->p when it is one of `words` (a reserved word); NULL otherwise. */
static const char *reserved_at(struct parser *ps, const char *const *words)
{
    for (int i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (strncmp(ps->p, words[i], n) == 0 && is_meta(ps->p[n])) return words[i];
    }
    return NULL;
}

static const char *const terminators[] = {"then", "elif", "else", "fi", "do", "done", NULL};

/* Commands up to one of `terms` (a reserved word at a command's start), which is consumed and
   returned in *which. */
static bool parse_list(struct parser *ps, struct list *l, const char *const *terms, const char **which)
{
    memset(l, 0, sizeof *l);
    for (;;) {
        while (skip_blanks(ps), *ps->p == '\n' || *ps->p == ';') ps->p++;
        if (!*ps->p) { ps->incomplete = true; ps->err = "syntax error: unexpected end of input"; return false; }
        const char *t = reserved_at(ps, terms);
        if (t) {
            if (l->n == 0) {
                ps->err = "syntax error: empty command list";
                return false;
            }
            ps->p += strlen(t);
            *which = t;
            return true;
        }
        l->items = realloc(l->items, (size_t)(l->n + 1) * sizeof *l->items);
        if (!parse_and_or(ps, &l->items[l->n])) return false;
        l->n++;
    }
}

static void free_list(struct list *l)
{
    for (int i = 0; l && i < l->n; i++) free_and_or(&l->items[i]);
    if (l) free(l->items);
}

static bool parse_compound(struct parser *ps, struct command *c, const char *kw)
{
    struct compound *k = calloc(1, sizeof *k);
    c->comp = k;
    const char *which = NULL;
    static const char *const then_[] = {"then", NULL}, *const after_then[] = {"elif", "else", "fi", NULL};
    static const char *const fi_[] = {"fi", NULL}, *const do_[] = {"do", NULL}, *const done_[] = {"done", NULL};
    if (strcmp(kw, "if") == 0) {
        c->kind = C_IF;
        do {
            k->conds = realloc(k->conds, (size_t)(k->n + 1) * sizeof *k->conds);
            k->bodies = realloc(k->bodies, (size_t)(k->n + 1) * sizeof *k->bodies);
            memset(&k->bodies[k->n], 0, sizeof k->bodies[k->n]);
            if (!parse_list(ps, &k->conds[k->n], then_, &which)) { k->n++; return false; }
            k->n++;
            if (!parse_list(ps, &k->bodies[k->n - 1], after_then, &which)) return false;
        } while (strcmp(which, "elif") == 0);
        if (strcmp(which, "else") == 0) {
            k->elsepart = calloc(1, sizeof *k->elsepart);
            if (!parse_list(ps, k->elsepart, fi_, &which)) return false;
        }
        return true;
    }
    if (strcmp(kw, "for") == 0) {
        c->kind = C_FOR;
        skip_blanks(ps);
        k->var = lex_word(ps);
        bool name_ok = k->var && is_name_start((unsigned char)k->var[0]);
        for (const char *q = k->var; name_ok && *q; q++) name_ok = is_name_char((unsigned char)*q);
        if (!name_ok) {
            ps->err = "syntax error: bad for loop variable";
            return false;
        }
        skip_blanks(ps);
        if (reserved_at(ps, (const char *const[]){"in", NULL})) {
            ps->p += 2;
            k->has_in = true;
            for (;;) {
                skip_blanks(ps);
                if (*ps->p == ';' || *ps->p == '\n') break;
                char *w = lex_word(ps);
                if (!w) { if (!ps->err) ps->err = "syntax error in for"; if (!*ps->p) ps->incomplete = true; return false; }
                k->forwords = realloc(k->forwords, (size_t)(k->nforwords + 1) * sizeof *k->forwords);
                k->forwords[k->nforwords++] = w;
            }
        }
        while (skip_blanks(ps), *ps->p == ';' || *ps->p == '\n') ps->p++;
        if (!*ps->p) { ps->incomplete = true; ps->err = "syntax error: unexpected end of input"; return false; }
        if (!reserved_at(ps, do_)) { ps->err = "syntax error: for without do"; return false; }
        ps->p += 2;
        k->n = 1;
        k->bodies = calloc(1, sizeof *k->bodies);
        return parse_list(ps, &k->bodies[0], done_, &which);
    }
    c->kind = strcmp(kw, "while") == 0 ? C_WHILE : C_UNTIL;
    k->n = 1;
    k->conds = calloc(1, sizeof *k->conds);
    k->bodies = calloc(1, sizeof *k->bodies);
    if (!parse_list(ps, &k->conds[0], do_, &which)) return false;
    return parse_list(ps, &k->bodies[0], done_, &which);
}

static bool parse_command(struct parser *ps, struct command *c)
{
    memset(c, 0, sizeof *c);
    skip_blanks(ps);
    static const char *const openers[] = {"if", "while", "until", "for", NULL};
    const char *kw = reserved_at(ps, openers);
    if (kw) {
        ps->p += strlen(kw);
        if (!parse_compound(ps, c, kw)) return false;
    } else if (reserved_at(ps, terminators)) {
        ps->err = "syntax error near a reserved word";
        return false;
    }
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
        if (c->kind != C_SIMPLE && fd < 0 && !is_meta(*ps->p)) { ps->err = "syntax error after a compound command"; return false; }
        if (*ps->p == '(' && c->nwords == 0 && !c->subshell && c->kind == C_SIMPLE) {
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
    if (c->nwords == 0 && c->nredirs == 0 && !c->subshell && c->kind == C_SIMPLE) {
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
            if (c->comp) {
                struct compound *k = c->comp;
                for (int m = 0; m < k->n; m++) { if (k->conds) free_list(&k->conds[m]); free_list(&k->bodies[m]); }
                free_list(k->elsepart);
                free(k->conds); free(k->bodies); free(k->elsepart); free(k->var);
                for (int m = 0; m < k->nforwords; m++) free(k->forwords[m]);
                free(k->forwords);
                free(k);
            }
        }
        free(pl->cmds);
    }
    free(a->pipes);
    free(a->ops);
    free(a->text);
}
