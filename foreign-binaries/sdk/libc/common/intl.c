/* <libintl.h> without catalogs: see the header. The bindings live in a short list (a program binds
   one or two domains); nothing here touches errno but a failed allocation (ENOMEM). */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

char *gettext(const char *msgid) { return (char *)msgid; }
char *dgettext(const char *domainname, const char *msgid) { (void)domainname; return (char *)msgid; }
char *dcgettext(const char *domainname, const char *msgid, int category) {
    (void)domainname;
    (void)category;
    return (char *)msgid;
}
char *ngettext(const char *msgid1, const char *msgid2, unsigned long n) { return (char *)(n == 1 ? msgid1 : msgid2); }
char *dngettext(const char *domainname, const char *msgid1, const char *msgid2, unsigned long n) {
    (void)domainname;
    return ngettext(msgid1, msgid2, n);
}
char *dcngettext(const char *domainname, const char *msgid1, const char *msgid2, unsigned long n, int category) {
    (void)domainname;
    (void)category;
    return ngettext(msgid1, msgid2, n);
}

static char default_domain[] = "messages";
static char *current = default_domain;

char *textdomain(const char *domainname) {
    if (!domainname) return current;
    if (!*domainname || strcmp(domainname, default_domain) == 0) {
        if (current != default_domain) free(current);
        current = default_domain;
        return current;
    }
    if (strcmp(domainname, current) == 0) return current;
    char *copy = strdup(domainname);
    if (!copy) return NULL;
    if (current != default_domain) free(current);
    current = copy;
    return current;
}

struct binding {
    struct binding *next;
    char *dirname, *codeset;
    char domain[];
};
static struct binding *bindings;
static char default_dirname[] = "/usr/share/locale";

static struct binding *find(const char *domainname, int create) {
    for (struct binding *b = bindings; b; b = b->next)
        if (strcmp(b->domain, domainname) == 0) return b;
    if (!create) return NULL;
    size_t n = strlen(domainname) + 1;
    struct binding *b = malloc(sizeof *b + n);
    if (!b) return NULL;
    memcpy(b->domain, domainname, n);
    b->dirname = b->codeset = NULL;
    b->next = bindings;
    bindings = b;
    return b;
}

/* Replaces *slot with a copy of value (the old one is freed): the copy, or NULL on ENOMEM. */
static char *keep(char **slot, const char *value) {
    char *copy = strdup(value);
    if (!copy) return NULL;
    free(*slot);
    *slot = copy;
    return copy;
}

char *bindtextdomain(const char *domainname, const char *dirname) {
    if (!domainname || !*domainname) return NULL;
    struct binding *b = find(domainname, dirname != NULL);
    if (!dirname) return b && b->dirname ? b->dirname : default_dirname;
    return b ? keep(&b->dirname, dirname) : NULL;
}

char *bind_textdomain_codeset(const char *domainname, const char *codeset) {
    if (!domainname || !*domainname) return NULL;
    struct binding *b = find(domainname, codeset != NULL);
    if (!codeset) return b ? b->codeset : NULL;
    return b ? keep(&b->codeset, codeset) : NULL;
}
