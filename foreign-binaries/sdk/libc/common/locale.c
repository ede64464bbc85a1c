/* setlocale, localeconv, nl_langinfo, MB_CUR_MAX. Two locales exist, "C" (alias "POSIX") and
   "C.UTF-8", per category, with glibc's names: setlocale returns the name as given ("C.utf8"
   stays "C.utf8"; "POSIX" becomes "C"), LC_ALL reads back as one name when every category agrees
   and as glibc's "LC_CTYPE=…;LC_NUMERIC=…;…" list (which setlocale also accepts) otherwise. Only
   LC_CTYPE changes behaviour; the other categories of C.UTF-8 are the C locale's, as in glibc. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "locale_impl.h"

int __sdk_utf8;

#define NCAT 13
static const char *const cat_names[NCAT] = {
    "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES", "LC_ALL",
    "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION",
};
static char names[NCAT][32] = { "C", "C", "C", "C", "C", "C", "C", "C", "C", "C", "C", "C", "C" };

/* Is name one of ours? "C", "POSIX", or "C." and a codeset glibc normalises to "utf8". */
static int valid(const char *name) {
    if (!strcmp(name, "C") || !strcmp(name, "POSIX")) return 1;
    if (strncmp(name, "C.", 2) != 0 || strlen(name) >= sizeof names[0]) return 0;
    char norm[32];
    size_t n = 0;
    for (const char *p = name + 2; *p && n < sizeof norm - 1; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) norm[n++] = c;
    }
    norm[n] = 0;
    return !strcmp(norm, "utf8");
}

static const char *canonical(const char *name) { return strcmp(name, "POSIX") ? name : "C"; }

/* The name "" stands for in category cat: LC_ALL, then LC_<cat>, then LANG, then "C". */
static const char *from_env(int cat) {
    const char *v = getenv("LC_ALL");
    if (!v || !*v) v = getenv(cat_names[cat]);
    if (!v || !*v) v = getenv("LANG");
    return v && *v ? v : "C";
}

static void commit(char newnames[NCAT][32]) {
    memcpy(names, newnames, sizeof names);
    __sdk_utf8 = strcmp(names[LC_CTYPE], "C") != 0;
}

/* LC_ALL's name: one name, or the list of every category's. */
static char *all_name(void) {
    static char buf[NCAT * 48];
    int same = 1;
    for (int c = 0; c < NCAT; c++) if (c != LC_ALL && strcmp(names[c], names[0])) same = 0;
    if (same) return strcpy(buf, names[0]);
    buf[0] = 0;
    for (int c = 0; c < NCAT; c++) {
        if (c == LC_ALL) continue;
        if (buf[0]) strcat(buf, ";");
        strcat(buf, cat_names[c]);
        strcat(buf, "=");
        strcat(buf, names[c]);
    }
    return buf;
}

char *setlocale(int category, const char *name) {
    if (category < 0 || category >= NCAT) { errno = EINVAL; return NULL; }
    if (!name) return category == LC_ALL ? all_name() : names[category];
    char next[NCAT][32];
    memcpy(next, names, sizeof next);
    if (category == LC_ALL && strchr(name, '=')) {          /* "LC_CTYPE=C.UTF-8;LC_NUMERIC=C;…" */
        const char *p = name;
        while (*p) {
            const char *eq = strchr(p, '='), *end = strchr(p, ';');
            if (!end) end = p + strlen(p);
            if (!eq || eq > end) return NULL;
            int c = 0;
            while (c < NCAT && (c == LC_ALL || strlen(cat_names[c]) != (size_t)(eq - p) ||
                                strncmp(cat_names[c], p, (size_t)(eq - p))))
                c++;
            char v[32];
            if (c == NCAT || (size_t)(end - eq - 1) >= sizeof v) return NULL;
            memcpy(v, eq + 1, (size_t)(end - eq - 1));
            v[end - eq - 1] = 0;
            if (!valid(v)) return NULL;
            strcpy(next[c], canonical(v));
            p = *end ? end + 1 : end;
        }
    } else {
        for (int c = 0; c < NCAT; c++) {
            if (c == LC_ALL || (category != LC_ALL && c != category)) continue;
            const char *v = *name ? name : from_env(c);
            if (!valid(v)) return NULL;                   /* nothing changes */
            strcpy(next[c], canonical(v));
        }
    }
    commit(next);
    return category == LC_ALL ? all_name() : names[category];
}

struct lconv *localeconv(void) {
    static struct lconv c = {
        .decimal_point = ".", .thousands_sep = "", .grouping = "", .int_curr_symbol = "",
        .currency_symbol = "", .mon_decimal_point = "", .mon_thousands_sep = "", .mon_grouping = "",
        .positive_sign = "", .negative_sign = "",
        .int_frac_digits = 127, .frac_digits = 127, .p_cs_precedes = 127, .p_sep_by_space = 127,
        .n_cs_precedes = 127, .n_sep_by_space = 127, .p_sign_posn = 127, .n_sign_posn = 127,
        .int_p_cs_precedes = 127, .int_p_sep_by_space = 127, .int_n_cs_precedes = 127,
        .int_n_sep_by_space = 127, .int_p_sign_posn = 127, .int_n_sign_posn = 127,
    };
    return &c;
}

char *nl_langinfo(nl_item item) {
    static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
    static const char *const mons[] = { "January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December" };
    static const char *const abdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const abmons[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                          "Nov", "Dec" };
    switch (item) {
    case CODESET: return __sdk_utf8 ? "UTF-8" : "ANSI_X3.4-1968";   /* glibc's name for ASCII */
    case D_T_FMT: return "%a %b %e %H:%M:%S %Y";
    case D_FMT: return "%m/%d/%y";
    case T_FMT: return "%H:%M:%S";
    case T_FMT_AMPM: return "%I:%M:%S %p";
    case AM_STR: return "AM";
    case PM_STR: return "PM";
    case RADIXCHAR: return ".";
    case YESEXPR: return "^[yY]";
    case NOEXPR: return "^[nN]";
    case CRNCYSTR: return "-";
    default: break;
    }
    if (item >= DAY_1 && item <= DAY_7) return (char *)days[item - DAY_1];
    if (item >= MON_1 && item <= MON_12) return (char *)mons[item - MON_1];
    if (item >= ABDAY_1 && item <= ABDAY_7) return (char *)abdays[item - ABDAY_1];
    if (item >= ABMON_1 && item <= ABMON_12) return (char *)abmons[item - ABMON_1];
    return "";
}

size_t __sdk_mb_cur_max(void) { return __sdk_utf8 ? 6 : 1; }
