/* fnmatch: shell wildcard matching (POSIX), with FNM_NOESCAPE, FNM_PATHNAME, FNM_PERIOD,
   FNM_LEADING_DIR and FNM_CASEFOLD. Bracket expressions take ranges, '!' or '^' negation and the
   [:class:] names of the C locale. '*' is matched by backtracking to the last star only, which is
   enough because a later star can absorb whatever an earlier one would have. */
#include <ctype.h>
#include <fnmatch.h>
#include <string.h>

static int fold(int c, int flags) { return (flags & FNM_CASEFOLD) ? tolower(c) : c; }

static int class_match(const char *name, size_t len, int c) {
    static const struct { const char *name; int (*fn)(int); } classes[] = {
        { "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
        { "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
        { "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
    };
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strlen(classes[i].name) == len && memcmp(classes[i].name, name, len) == 0)
            return classes[i].fn(c) != 0;
    return -1;
}

/* Matches the bracket expression at p (just after '[') against c. Returns the pattern position after
   the ']' and sets *matched (-1: the pattern cannot match at all), or NULL if the expression is not
   terminated (then '[' is literal). */
static const char *bracket(const char *p, int c, int flags, int *matched) {
    int negate = 0, ok = 0;
    if (*p == '!' || *p == '^') { negate = 1; p++; }
    const char *start = p;
    c = fold(c, flags);
    while (*p && (*p != ']' || p == start)) {
        if (p[0] == '[' && p[1] == ':') {
            const char *end = strstr(p + 2, ":]");
            if (end) {
                int r = class_match(p + 2, (size_t)(end - p - 2), (unsigned char)c);
                if (r < 0) return NULL;
                if (r) ok = 1;     /* (with FNM_CASEFOLD, c is already lower case: glibc's rule) */
                p = end + 2;
                continue;
            }
        }
        int lo = (unsigned char)*p;
        if (lo == '\\' && !(flags & FNM_NOESCAPE) && p[1]) lo = (unsigned char)*++p;
        p++;
        int hi = lo;
        if (p[0] == '-' && !p[1]) { *matched = -1; return p; }   /* "[a-" at the end: no match (glibc) */
        if (p[0] == '-' && p[1] && p[1] != ']') {
            hi = (unsigned char)p[1];
            p += 2;
            if (hi == '\\' && !(flags & FNM_NOESCAPE) && *p) hi = (unsigned char)*p++;
        }
        if (flags & FNM_CASEFOLD) {
            for (int ch = lo; ch <= hi; ch++)
                if (tolower(ch) == c) { ok = 1; break; }
        } else if (c >= lo && c <= hi) {
            ok = 1;
        }
    }
    if (*p != ']') return NULL;
    *matched = ok != negate;
    return p + 1;
}

static int leading_period(const char *s, const char *string, int flags) {
    if (!(flags & FNM_PERIOD) || *s != '.') return 0;
    return s == string || ((flags & FNM_PATHNAME) && s[-1] == '/');
}

int fnmatch(const char *pattern, const char *string, int flags) {
    const char *p = pattern, *s = string;
    const char *star_p = NULL, *star_s = NULL;
    for (;;) {
        if (!*p) {
            if (!*s || ((flags & FNM_LEADING_DIR) && *s == '/')) return 0;
            goto backtrack;
        }
        if (*p == '*') {
            while (*p == '*') p++;
            if (leading_period(s, string, flags)) return FNM_NOMATCH;
            if (!*p) {
                if (!(flags & FNM_PATHNAME) || (flags & FNM_LEADING_DIR)) return 0;
                return strchr(s, '/') ? FNM_NOMATCH : 0;
            }
            star_p = p;
            star_s = s;
            continue;
        }
        if (!*s) return FNM_NOMATCH;
        if (*s == '/' && (flags & FNM_PATHNAME)) {
            /* A '/' is matched only by a '/' in the pattern; a star cannot cross it. */
            if (*p != '/') {
                if (star_p) return FNM_NOMATCH;
                return FNM_NOMATCH;
            }
            p++;
            s++;
            star_p = NULL;
            continue;
        }
        if (*p == '?') {
            if (leading_period(s, string, flags)) return FNM_NOMATCH;
            p++;
            s++;
            continue;
        }
        if (*p == '[') {
            int matched;
            const char *after = bracket(p + 1, (unsigned char)*s, flags, &matched);
            if (after) {
                if (matched < 0) return FNM_NOMATCH;
                if (leading_period(s, string, flags)) return FNM_NOMATCH;
                if (!matched) goto backtrack;
                p = after;
                s++;
                continue;
            }
            /* Unterminated: a literal '['. */
        }
        {
            int pc = (unsigned char)*p;
            if (pc == '\\' && !(flags & FNM_NOESCAPE) && p[1]) pc = (unsigned char)*++p;
            if (fold(pc, flags) != fold((unsigned char)*s, flags)) goto backtrack;
            p++;
            s++;
            continue;
        }
    backtrack:
        if (!star_p || !*star_s) return FNM_NOMATCH;
        if ((flags & FNM_PATHNAME) && *star_s == '/') return FNM_NOMATCH;
        p = star_p;
        s = ++star_s;
    }
}
