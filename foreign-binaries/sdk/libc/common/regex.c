/* POSIX regex: a parser for basic and extended expressions into a tree, and a backtracking matcher
 * that searches every way of matching at the leftmost position and keeps the longest (the first one
 * found among equally long ones, trying greedy repetitions and earlier alternatives first, which is
 * how glibc chooses subexpression matches in practice). A repeated single character (".*", "[0-9]+")
 * is matched by counting, without recursion; a search that takes more than 20 million steps from one
 * starting position, or recurses through more than 4 MiB of stack (a repeated group over a very long
 * string), fails with REG_ESPACE rather than running for ever or overflowing the stack. */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

enum { N_CHAR, N_ANY, N_SET, N_BOL, N_EOL, N_CAT, N_ALT, N_GROUP, N_REPEAT, N_BACKREF,
       N_WORDB, N_NWORDB, N_WBEG, N_WEND, N_BUFBEG, N_BUFEND, N_EMPTY };

typedef struct node {
    int type;
    int c;                      /* N_CHAR; N_GROUP/N_BACKREF: group number */
    int min, max;               /* N_REPEAT (max -1: unbounded) */
    unsigned char *set;         /* N_SET: 256 flags (already negated) */
    struct node **kids;         /* N_CAT, N_ALT: children; N_GROUP, N_REPEAT: kids[0] */
    int nkids;
} node;

typedef struct {
    node *root;
    int cflags;
    size_t ngroups;
} prog;

/* ---- parser */
struct parser {
    const unsigned char *p;
    int ere, icase, err;
    size_t ngroups;
    int depth;
};

static node *mk(int type) {
    node *n = calloc(1, sizeof *n);
    if (n) n->type = type;
    return n;
}

static int add_kid(node *n, node *k) {
    node **kids = realloc(n->kids, (size_t)(n->nkids + 1) * sizeof *kids);
    if (!kids) return -1;
    n->kids = kids;
    kids[n->nkids++] = k;
    return 0;
}

static void free_node(node *n) {
    if (!n) return;
    for (int i = 0; i < n->nkids; i++) free_node(n->kids[i]);
    free(n->kids);
    free(n->set);
    free(n);
}

static int class_test(const char *name, size_t len, int c) {
    static const struct { const char *name; int (*fn)(int); } cls[] = {
        { "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
        { "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
        { "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
    };
    for (size_t i = 0; i < sizeof cls / sizeof cls[0]; i++)
        if (strlen(cls[i].name) == len && !memcmp(cls[i].name, name, len)) return cls[i].fn(c) != 0;
    return -1;
}

static node *parse_bracket(struct parser *ps) {
    unsigned char set[256] = { 0 };
    int negate = 0;
    if (*ps->p == '^') { negate = 1; ps->p++; }
    const unsigned char *start = ps->p;
    for (;;) {
        int c = *ps->p;
        if (!c) { ps->err = REG_EBRACK; return NULL; }
        if (c == ']' && ps->p != start) { ps->p++; break; }
        int lo;
        if (c == '[' && (ps->p[1] == ':' || ps->p[1] == '=' || ps->p[1] == '.')) {
            int kind = ps->p[1];
            const unsigned char *end = ps->p + 2;
            while (*end && !(end[0] == kind && end[1] == ']')) end++;
            if (!*end) { ps->err = REG_EBRACK; return NULL; }
            size_t len = (size_t)(end - ps->p - 2);
            if (kind == ':') {
                if (class_test((const char *)ps->p + 2, len, 'a') < 0) { ps->err = REG_ECTYPE; return NULL; }
                for (int ch = 0; ch < 256; ch++)
                    if (class_test((const char *)ps->p + 2, len, ch) > 0) set[ch] = 1;
                ps->p = end + 2;
                continue;
            }
            if (len != 1) { ps->err = REG_ECOLLATE; return NULL; }
            lo = ps->p[2];                      /* [=x=] and [.x.]: the character itself */
            ps->p = end + 2;
        } else {
            lo = c;
            ps->p++;
        }
        int hi = lo;
        if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
            hi = ps->p[1];
            ps->p += 2;
            if (hi == '[' && *ps->p == '.') {
                const unsigned char *end = ps->p + 1;
                while (*end && !(end[0] == '.' && end[1] == ']')) end++;
                if (!*end || end - ps->p != 2) { ps->err = REG_ECOLLATE; return NULL; }
                hi = ps->p[1];
                ps->p = end + 2;
            }
            if (hi < lo) { ps->err = REG_ERANGE; return NULL; }
        }
        for (int ch = lo; ch <= hi; ch++) set[ch] = 1;
    }
    if (ps->icase)
        for (int ch = 0; ch < 256; ch++)
            if (set[ch]) set[tolower(ch)] = set[toupper(ch)] = 1;
    node *n = mk(N_SET);
    if (!n || !(n->set = malloc(256))) { free(n); ps->err = REG_ESPACE; return NULL; }
    for (int ch = 0; ch < 256; ch++) n->set[ch] = (unsigned char)(set[ch] != negate);
    n->c = negate;                              /* a negated set never matches '\n' with REG_NEWLINE */
    return n;
}

static node *parse_alt(struct parser *ps);

/* Is p at the end of a branch (for BRE '$' and the start of a BRE piece)? */
static int at_branch_end(struct parser *ps, const unsigned char *p) {
    if (!*p) return 1;
    if (ps->ere) return *p == '|' || (*p == ')' && ps->depth > 0);   /* (glibc: a lone ')' is literal) */
    return p[0] == '\\' && (p[1] == ')' || p[1] == '|');
}

static node *parse_atom(struct parser *ps, int first) {
    const unsigned char *p = ps->p;
    int c = *p;
    node *n;
    if (ps->ere) {
        switch (c) {
        case '(': {
            ps->p++;
            size_t g = ++ps->ngroups;
            ps->depth++;
            node *inner = parse_alt(ps);
            ps->depth--;
            if (!inner) return NULL;
            if (*ps->p != ')') { free_node(inner); ps->err = REG_EPAREN; return NULL; }
            ps->p++;
            n = mk(N_GROUP);
            if (!n || add_kid(n, inner)) { ps->err = REG_ESPACE; return NULL; }
            n->c = (int)g;
            return n;
        }
        case '*': case '+': case '?':
            ps->err = REG_BADRPT;
            return NULL;
        case '{':
            if (isdigit(p[1])) { ps->err = REG_BADRPT; return NULL; }
            break;
        case '^': ps->p++; return mk(N_BOL);
        case '$': ps->p++; return mk(N_EOL);
        }
    } else {
        if (c == '^' && first) { ps->p++; return mk(N_BOL); }
        if (c == '$' && at_branch_end(ps, p + 1)) { ps->p++; return mk(N_EOL); }
        if (c == '*' && first) { ps->p++; n = mk(N_CHAR); if (n) n->c = '*'; return n; }
        if (c == '\\' && p[1] == '(') {
            ps->p += 2;
            size_t g = ++ps->ngroups;
            ps->depth++;
            node *inner = parse_alt(ps);
            ps->depth--;
            if (!inner) return NULL;
            if (!(ps->p[0] == '\\' && ps->p[1] == ')')) { free_node(inner); ps->err = REG_EPAREN; return NULL; }
            ps->p += 2;
            n = mk(N_GROUP);
            if (!n || add_kid(n, inner)) { ps->err = REG_ESPACE; return NULL; }
            n->c = (int)g;
            return n;
        }
        if (c == '\\' && p[1] == '{' && first) { ps->err = REG_BADRPT; return NULL; }
    }
    if (c == '.') { ps->p++; return mk(N_ANY); }
    if (c == '[') { ps->p++; return parse_bracket(ps); }
    if (c == '\\') {
        int e = p[1];
        if (!e) { ps->err = REG_EESCAPE; return NULL; }
        ps->p += 2;
        if (e >= '1' && e <= '9') {
            if ((size_t)(e - '0') > ps->ngroups) { ps->err = REG_ESUBREG; return NULL; }
            n = mk(N_BACKREF);
            if (n) n->c = e - '0';
            return n;
        }
        int t = -1;
        switch (e) {
        case 'b': t = N_WORDB; break;
        case 'B': t = N_NWORDB; break;
        case '<': t = N_WBEG; break;
        case '>': t = N_WEND; break;
        case '`': t = N_BUFBEG; break;
        case '\'': t = N_BUFEND; break;
        case 'w': case 'W': case 's': case 'S': {
            n = mk(N_SET);
            if (!n || !(n->set = malloc(256))) { free(n); ps->err = REG_ESPACE; return NULL; }
            int neg = e == 'W' || e == 'S';
            for (int ch = 0; ch < 256; ch++) {
                int in = (e == 'w' || e == 'W') ? (isalnum(ch) || ch == '_') : isspace(ch) != 0;
                n->set[ch] = (unsigned char)(in != neg);
            }
            n->c = neg;
            return n;
        }
        }
        if (t >= 0) return mk(t);
        c = e;
    } else {
        ps->p++;
    }
    n = mk(N_CHAR);
    if (n) n->c = c;
    return n;
}

/* Repetition suffixes. Returns 1 and fills min/max, 0 if there is none, -1 on error. */
static int parse_repeat(struct parser *ps, int *min, int *max) {
    const unsigned char *p = ps->p;
    int brace = 0;
    if (ps->ere) {
        if (*p == '*') { ps->p++; *min = 0; *max = -1; return 1; }
        if (*p == '+') { ps->p++; *min = 1; *max = -1; return 1; }
        if (*p == '?') { ps->p++; *min = 0; *max = 1; return 1; }
        if (*p == '{') { brace = 1; p++; }
    } else {
        if (*p == '*') { ps->p++; *min = 0; *max = -1; return 1; }
        if (p[0] == '\\' && p[1] == '+') { ps->p += 2; *min = 1; *max = -1; return 1; }
        if (p[0] == '\\' && p[1] == '?') { ps->p += 2; *min = 0; *max = 1; return 1; }
        if (p[0] == '\\' && p[1] == '{') { brace = 1; p += 2; }
    }
    if (!brace) return 0;
    int lo = 0, hi;
    if (!*p || (!ps->ere && p[0] == '\\' && !p[1])) { ps->err = REG_EBRACE; return -1; }
    if (!isdigit(*p) && *p != ',') { ps->err = REG_BADBR; return -1; }
    while (isdigit(*p)) { lo = lo * 10 + (*p++ - '0'); if (lo > 0x7fff) { ps->err = REG_BADBR; return -1; } }
    hi = lo;
    if (*p == ',') {
        p++;
        if (isdigit(*p)) {
            hi = 0;
            while (isdigit(*p)) { hi = hi * 10 + (*p++ - '0'); if (hi > 0x7fff) { ps->err = REG_BADBR; return -1; } }
        } else {
            hi = -1;
        }
    }
    if (ps->ere) {
        if (*p != '}') { ps->err = *p ? REG_BADBR : REG_EBRACE; return -1; }
        p++;
    } else {
        if (!(p[0] == '\\' && p[1] == '}')) { ps->err = *p ? REG_BADBR : REG_EBRACE; return -1; }
        p += 2;
    }
    if (hi >= 0 && hi < lo) { ps->err = REG_BADBR; return -1; }
    ps->p = p;
    *min = lo;
    *max = hi;
    return 1;
}

static node *parse_branch(struct parser *ps) {
    node *cat = mk(N_CAT);
    if (!cat) { ps->err = REG_ESPACE; return NULL; }
    int first = 1;
    while (!at_branch_end(ps, ps->p)) {
        node *a = parse_atom(ps, first);
        if (!a) { if (!ps->err) ps->err = REG_ESPACE; free_node(cat); return NULL; }
        int was_bol = a->type == N_BOL;
        int min, max, r = 0;
        /* BRE: nothing repeats a leading '^' (a '*' after it is literal). */
        while (!(was_bol && !ps->ere) && (r = parse_repeat(ps, &min, &max)) == 1) {
            if (a->type == N_BOL || a->type == N_EOL) {
                if (ps->ere) { ps->err = REG_BADRPT; free_node(a); free_node(cat); return NULL; }
            }
            node *rep = mk(N_REPEAT);
            if (!rep || add_kid(rep, a)) { ps->err = REG_ESPACE; free_node(cat); return NULL; }
            rep->min = min;
            rep->max = max;
            a = rep;
        }
        if (r < 0) { free_node(a); free_node(cat); return NULL; }
        if (add_kid(cat, a)) { ps->err = REG_ESPACE; free_node(cat); return NULL; }
        /* BRE: a '*' right after a leading '^' is literal too. */
        first = !ps->ere && was_bol;
    }
    return cat;
}

static node *parse_alt(struct parser *ps) {
    node *alt = mk(N_ALT);
    if (!alt) { ps->err = REG_ESPACE; return NULL; }
    for (;;) {
        node *b = parse_branch(ps);
        if (!b) { free_node(alt); return NULL; }
        if (add_kid(alt, b)) { ps->err = REG_ESPACE; free_node(alt); return NULL; }
        if (ps->ere && *ps->p == '|') { ps->p++; continue; }
        if (!ps->ere && ps->p[0] == '\\' && ps->p[1] == '|') { ps->p += 2; continue; }
        break;
    }
    return alt;
}

int regcomp(regex_t *restrict re, const char *restrict pattern, int cflags) {
    struct parser ps = { (const unsigned char *)pattern, cflags & REG_EXTENDED, cflags & REG_ICASE, 0, 0, 0 };
    node *root = parse_alt(&ps);
    if (root && *ps.p) {
        /* What the branch parser stopped at: an unmatched "\)" (glibc reports it as REG_EPAREN). */
        ps.err = REG_EPAREN;
        free_node(root);
        root = NULL;
    }
    if (!root) return ps.err ? ps.err : REG_ESPACE;
    prog *pg = malloc(sizeof *pg);
    if (!pg) { free_node(root); return REG_ESPACE; }
    pg->root = root;
    pg->cflags = cflags;
    pg->ngroups = ps.ngroups;
    re->__prog = pg;
    re->__cflags = cflags;
    re->re_nsub = ps.ngroups;
    return 0;
}

void regfree(regex_t *re) {
    prog *pg = re->__prog;
    if (!pg) return;
    free_node(pg->root);
    free(pg);
    re->__prog = NULL;
}

/* ---- matcher */
enum { K_SEQ, K_GROUP_END, K_REPEAT, K_FINAL };

typedef struct cont {
    int kind;
    node *n;
    int idx;                /* K_SEQ: next child; K_REPEAT: iterations done */
    int start;              /* K_REPEAT: where this iteration began */
    struct cont *next;
} cont;

struct mstate {
    const unsigned char *s;
    int len;
    int cflags, eflags;
    int (*cap)[2];          /* current captures, [group][start/end] */
    int (*best)[2];
    size_t ncap;
    int best_end;
    int want_longest;
    long steps;
    int overflow;
    char *stack_top;        /* the matcher's recursion stops (REG_ESPACE) 4 MiB below this */
};

#define STEP_LIMIT 20000000L

static int m(struct mstate *st, node *n, int i, cont *k);

static int is_word(int c) { return isalnum(c) || c == '_'; }

static int run(struct mstate *st, cont *k, int i);

static int seq(struct mstate *st, node *n, int idx, int i, cont *k) {
    if (idx == n->nkids) return run(st, k, i);
    cont c = { K_SEQ, n, idx + 1, 0, k };
    return m(st, n->kids[idx], i, &c);
}

/* Does the single-character node n match s[i]? */
static int one(struct mstate *st, node *n, int i) {
    const unsigned char *s = st->s;
    int nl = st->cflags & REG_NEWLINE;
    if (i >= st->len) return 0;
    switch (n->type) {
    case N_CHAR: return s[i] == n->c || ((st->cflags & REG_ICASE) && tolower(s[i]) == tolower(n->c));
    case N_ANY: return s[i] != 0 && !(nl && s[i] == '\n');
    case N_SET: return n->set[s[i]] && !(nl && n->c && s[i] == '\n');
    }
    return 0;
}

static int rep(struct mstate *st, node *n, int count, int i, cont *k) {
    int t = n->kids[0]->type;
    if (count == 0 && (t == N_CHAR || t == N_ANY || t == N_SET)) {
        /* A repeated single character: count the run, then try the longest first, without recursion. */
        int most = 0;
        while ((n->max < 0 || most < n->max) && one(st, n->kids[0], i + most)) most++;
        for (int c = most; c >= n->min; c--) {
            if (++st->steps > STEP_LIMIT) { st->overflow = 1; return 0; }
            if (run(st, k, i + c)) return 1;
            if (st->overflow) return 0;
        }
        return 0;
    }
    if (n->max < 0 || count < n->max) {
        cont c = { K_REPEAT, n, count + 1, i, k };
        if (m(st, n->kids[0], i, &c)) return 1;
        if (st->overflow) return 0;
    }
    if (count >= n->min) return run(st, k, i);
    return 0;
}

static int run(struct mstate *st, cont *k, int i) {
    switch (k->kind) {
    case K_SEQ: return seq(st, k->n, k->idx, i, k->next);
    case K_GROUP_END: {
        int g = k->n->c, old = st->cap[g][1];
        st->cap[g][1] = i;
        if (run(st, k->next, i)) return 1;
        st->cap[g][1] = old;
        return 0;
    }
    case K_REPEAT:
        /* An iteration that matched nothing, beyond the minimum, cannot help: stop looping. */
        if (i == k->start && k->idx > k->n->min) return 0;
        return rep(st, k->n, k->idx, i, k->next);
    case K_FINAL:
        if (!st->want_longest) { st->best_end = i; memcpy(st->best, st->cap, st->ncap * sizeof *st->cap); return 1; }
        if (i > st->best_end) {
            st->best_end = i;
            memcpy(st->best, st->cap, st->ncap * sizeof *st->cap);
        }
        return i == st->len;    /* nothing can be longer than the whole rest */
    }
    return 0;
}

static int eq(struct mstate *st, int a, int b) {
    if (a == b) return 1;
    return (st->cflags & REG_ICASE) && tolower(a) == tolower(b);
}

static int m(struct mstate *st, node *n, int i, cont *k) {
    if (++st->steps > STEP_LIMIT || st->stack_top - (char *)__builtin_frame_address(0) > (4l << 20)) {
        st->overflow = 1;
        return 0;
    }
    const unsigned char *s = st->s;
    int nl = st->cflags & REG_NEWLINE;
    switch (n->type) {
    case N_CHAR:
        return i < st->len && eq(st, s[i], n->c) && run(st, k, i + 1);
    case N_ANY:
        return i < st->len && s[i] != 0 && !(nl && s[i] == '\n') && run(st, k, i + 1);
    case N_SET:
        return i < st->len && n->set[s[i]] && !(nl && n->c && s[i] == '\n') && run(st, k, i + 1);
    case N_BOL:
        if ((i == 0 && !(st->eflags & REG_NOTBOL)) || (nl && i > 0 && s[i - 1] == '\n')) return run(st, k, i);
        return 0;
    case N_EOL:
        if ((i == st->len && !(st->eflags & REG_NOTEOL)) || (nl && i < st->len && s[i] == '\n')) return run(st, k, i);
        return 0;
    case N_BUFBEG: return i == 0 && run(st, k, i);
    case N_BUFEND: return i == st->len && run(st, k, i);
    case N_WORDB: case N_NWORDB: case N_WBEG: case N_WEND: {
        int before = i > 0 && is_word(s[i - 1]), after = i < st->len && is_word(s[i]);
        int ok = n->type == N_WORDB ? before != after : n->type == N_NWORDB ? before == after
               : n->type == N_WBEG ? !before && after : before && !after;
        return ok && run(st, k, i);
    }
    case N_CAT: return seq(st, n, 0, i, k);
    case N_ALT:
        for (int a = 0; a < n->nkids; a++) {
            if (m(st, n->kids[a], i, k)) return 1;
            if (st->overflow) return 0;
        }
        return 0;
    case N_GROUP: {
        int g = n->c, old0 = st->cap[g][0], old1 = st->cap[g][1];
        st->cap[g][0] = i;
        cont c = { K_GROUP_END, n, 0, 0, k };
        if (m(st, n->kids[0], i, &c)) return 1;
        st->cap[g][0] = old0;
        st->cap[g][1] = old1;
        return 0;
    }
    case N_REPEAT: return rep(st, n, 0, i, k);
    case N_BACKREF: {
        int g = n->c, a = st->cap[g][0], b = st->cap[g][1];
        if (a < 0 || b < 0) return 0;
        int len = b - a;
        if (i + len > st->len) return 0;
        for (int j = 0; j < len; j++) if (!eq(st, s[a + j], s[i + j])) return 0;
        return run(st, k, i + len);
    }
    }
    return 0;
}

int regexec(const regex_t *restrict re, const char *restrict str, size_t nmatch, regmatch_t *restrict pm, int eflags) {
    const prog *pg = re->__prog;
    if (!pg) return REG_BADPAT;
    if (pg->cflags & REG_NOSUB) nmatch = 0;
    int base = 0, len;
    if (eflags & REG_STARTEND) { base = pm[0].rm_so; len = pm[0].rm_eo; }
    else len = (int)strlen(str);
    size_t ncap = pg->ngroups + 1;
    int (*cap)[2] = malloc(2 * ncap * sizeof *cap);
    if (!cap) return REG_ESPACE;
    struct mstate st = { (const unsigned char *)str, len, pg->cflags, eflags, cap, cap + ncap, ncap, -1,
                         nmatch > 0, 0, 0, __builtin_frame_address(0) };
    cont final = { K_FINAL, NULL, 0, 0, NULL };
    int found = -1;
    int first_char = -1;
    node *r0 = pg->root;
    if (!(pg->cflags & REG_ICASE) && r0->nkids == 1 && r0->kids[0]->nkids > 0 && r0->kids[0]->kids[0]->type == N_CHAR)
        first_char = r0->kids[0]->kids[0]->c;
    for (int start = base; start <= len; start++) {
        /* A pattern that must start with a given character (case-sensitive): skip to it. */
        if (first_char >= 0) {
            const unsigned char *q = memchr(str + start, first_char, (size_t)(len - start));
            if (!q) break;
            start = (int)(q - (const unsigned char *)str);
        }
        for (size_t g = 0; g < ncap; g++) cap[g][0] = cap[g][1] = -1;
        st.best_end = -1;
        st.steps = 0;                         /* the step limit is per starting position */
        m(&st, pg->root, start, &final);
        if (st.overflow) { free(cap); return REG_ESPACE; }
        if (st.best_end >= 0) { found = start; break; }
    }
    if (found < 0) { free(cap); return REG_NOMATCH; }
    for (size_t g = 0; g < nmatch; g++) {
        if (g == 0) { pm[0].rm_so = found; pm[0].rm_eo = st.best_end; }
        else if (g < ncap && st.best[g][0] >= 0 && st.best[g][1] >= 0) { pm[g].rm_so = st.best[g][0]; pm[g].rm_eo = st.best[g][1]; }
        else pm[g].rm_so = pm[g].rm_eo = -1;
    }
    free(cap);
    return 0;
}

size_t regerror(int err, const regex_t *restrict re, char *restrict buf, size_t size) {
    (void)re;
    static const char *const msgs[] = {
        "Success", "No match", "Invalid regular expression", "Invalid collation character",
        "Invalid character class name", "Trailing backslash", "Invalid back reference",
        "Unmatched [, [^, [:, [., or [=", "Unmatched ( or \\(", "Unmatched \\{", "Invalid content of \\{\\}",
        "Invalid range end", "Memory exhausted", "Invalid preceding regular expression",
        "Premature end of regular expression", "Regular expression too big", "Unmatched ) or \\)",
    };
    const char *msg = err >= 0 && err < (int)(sizeof msgs / sizeof msgs[0]) ? msgs[err] : "Unknown error";
    size_t n = strlen(msg) + 1;
    if (size) {
        size_t k = n < size ? n : size;
        memcpy(buf, msg, k - 1);
        buf[k - 1] = 0;
    }
    return n;
}
