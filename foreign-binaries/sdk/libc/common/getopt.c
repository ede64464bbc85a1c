/* getopt, getopt_long, getopt_long_only, behaving like glibc's: argv is permuted so that operands end
 * up after the options (unless optstring starts with '+' or POSIXLY_CORRECT is set: then options end
 * at the first operand, as POSIX says; a leading '-' returns each operand as the argument of option
 * 1), "--" ends the options, long options may be abbreviated while unambiguous, and the messages are
 * glibc's. A leading ':' (after any '+'/'-') makes a missing argument return ':' and silences the
 * messages. optind = 0 restarts a scan. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

static const char *next;         /* rest of the current clustered argument ("-abc") */
static int next_for;             /* the optind `next` belongs to; detects a reset by the caller */
static int first_nonopt = 1, last_nonopt = 1;   /* skipped operands waiting in argv[first, last) */

enum { PERMUTE, REQUIRE_ORDER, RETURN_IN_ORDER };

/* Swaps the blocks argv[a, b) and argv[b, c) (three reversals). */
static void reverse(char **v, int i, int j) {
    for (j--; i < j; i++, j--) { char *t = v[i]; v[i] = v[j]; v[j] = t; }
}
static void exchange(char **argv, int a, int b, int c) {
    reverse(argv, a, b);
    reverse(argv, b, c);
    reverse(argv, a, c);
}

/* The operands argv[first_nonopt, last_nonopt) go after the options argv[last_nonopt, optind). */
static void permute(char *const argv[]) {
    exchange((char **)argv, first_nonopt, last_nonopt, optind);
    first_nonopt += optind - last_nonopt;
    last_nonopt = optind;
}

static int is_operand(char *const argv[], int i) {
    return argv[i][0] != '-' || argv[i][1] == 0;
}

/* One long option at argv[optind] (prefix "--", or "-" for getopt_long_only); name points after
   the prefix. Returns the value to return, or -2 when `name` is not a long option at all and the
   caller should try short options (getopt_long_only only). */
static int long_option(int argc, char *const argv[], const char *prefix, const char *name,
                       const struct option *longopts, int *longindex, int colon, int only,
                       const char *shortopts) {
    const char *eq = strchrnul(name, '=');
    size_t len = (size_t)(eq - name);
    const struct option *found = NULL;
    int index = -1, ambiguous = 0, exact = 0;
    for (int i = 0; longopts[i].name; i++) {
        if (strncmp(longopts[i].name, name, len)) continue;
        if (strlen(longopts[i].name) == len) { found = &longopts[i]; index = i; exact = 1; break; }
        if (!found) { found = &longopts[i]; index = i; }
        else if (only || found->has_arg != longopts[i].has_arg || found->flag != longopts[i].flag ||
                 found->val != longopts[i].val)
            ambiguous = 1;
    }
    if (ambiguous && !exact) {
        if (opterr && !colon) {
            fprintf(stderr, "%s: option '%s%s' is ambiguous; possibilities:", argv[0], prefix, name);
            for (int i = 0; longopts[i].name; i++)
                if (strncmp(longopts[i].name, name, len) == 0)
                    fprintf(stderr, " '%s%s'", prefix, longopts[i].name);
            fputc('\n', stderr);
        }
        next = NULL;
        optind++;
        optopt = 0;
        return '?';
    }
    if (!found) {
        /* getopt_long_only: "-x" that is no long option may still be short options. */
        if (only && prefix[1] == 0 && strchr(shortopts, name[0])) return -2;
        if (opterr && !colon) fprintf(stderr, "%s: unrecognized option '%s%s'\n", argv[0], prefix, name);
        next = NULL;
        optind++;
        optopt = 0;
        return '?';
    }
    next = NULL;
    optind++;
    if (*eq) {
        if (found->has_arg == no_argument) {
            if (opterr && !colon)
                fprintf(stderr, "%s: option '%s%s' doesn't allow an argument\n", argv[0], prefix, found->name);
            optopt = found->val;
            return '?';
        }
        optarg = (char *)eq + 1;
    } else if (found->has_arg == required_argument) {
        if (optind < argc) {
            optarg = argv[optind++];
        } else {
            if (opterr && !colon)
                fprintf(stderr, "%s: option '%s%s' requires an argument\n", argv[0], prefix, found->name);
            optopt = found->val;
            return colon ? ':' : '?';
        }
    }
    if (longindex) *longindex = index;
    if (found->flag) { *found->flag = found->val; return 0; }
    return found->val;
}

static int engine(int argc, char *const argv[], const char *optstring,
                  const struct option *longopts, int *longindex, int is_long, int only) {
    (void)is_long;
    int order = PERMUTE;
    if (*optstring == '+') { order = REQUIRE_ORDER; optstring++; }
    else if (*optstring == '-') { order = RETURN_IN_ORDER; optstring++; }
    else if (getenv("POSIXLY_CORRECT")) order = REQUIRE_ORDER;
    int colon = *optstring == ':';
    if (colon) optstring++;
    optarg = NULL;

    if (optind == 0) { optind = 1; next = NULL; first_nonopt = last_nonopt = 1; }
    if (next && next_for != optind) next = NULL;

    if (!next || !*next) {
        next = NULL;
        if (last_nonopt > optind) last_nonopt = optind;
        if (first_nonopt > optind) first_nonopt = optind;
        if (order == PERMUTE) {
            /* Options were just taken from after some operands: move the operands after them. */
            if (first_nonopt != last_nonopt && last_nonopt != optind) permute(argv);
            else if (last_nonopt != optind) first_nonopt = optind;
            while (optind < argc && is_operand(argv, optind)) optind++;
            last_nonopt = optind;
        }
        if (optind < argc && strcmp(argv[optind], "--") == 0) {
            optind++;
            if (first_nonopt != last_nonopt && last_nonopt != optind) permute(argv);
            else if (first_nonopt == last_nonopt) first_nonopt = optind;
            last_nonopt = argc;
            optind = argc;
        }
        if (optind >= argc) {
            if (first_nonopt != last_nonopt) optind = first_nonopt;
            return -1;
        }
        if (is_operand(argv, optind)) {
            if (order == REQUIRE_ORDER) return -1;
            optarg = argv[optind++];          /* RETURN_IN_ORDER */
            return 1;
        }
        if (longopts && argv[optind][1] == '-') {
            return long_option(argc, argv, "--", argv[optind] + 2, longopts, longindex, colon, 0, optstring);
        }
        if (longopts && only && (argv[optind][2] || !strchr(optstring, argv[optind][1]))) {
            int r = long_option(argc, argv, "-", argv[optind] + 1, longopts, longindex, colon, 1, optstring);
            if (r != -2) return r;
        }
        next = argv[optind] + 1;
        next_for = optind;
    }

    int c = (unsigned char)*next++;
    const char *spec = c == ':' || c == ';' ? NULL : strchr(optstring, c);
    if (!spec) {
        optopt = c;
        if (!*next) { optind++; next = NULL; }
        if (opterr && !colon) fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
        return '?';
    }
    if (spec[1] == ':') {
        int optional = spec[2] == ':';
        if (*next) {
            optarg = (char *)next;
            optind++;
        } else if (optional) {
            optarg = NULL;
            optind++;
        } else if (optind + 1 < argc) {
            optarg = argv[optind + 1];
            optind += 2;
        } else {
            optopt = c;
            optind++;
            next = NULL;
            if (colon) return ':';
            if (opterr) fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
            return '?';
        }
        next = NULL;
        return c;
    }
    if (!*next) { optind++; next = NULL; }
    return c;
}

int getopt(int argc, char *const argv[], const char *optstring) {
    return engine(argc, argv, optstring, NULL, NULL, 0, 0);
}

int getopt_long(int argc, char *const argv[], const char *optstring, const struct option *longopts,
                int *longindex) {
    return engine(argc, argv, optstring, longopts, longindex, 1, 0);
}

int getopt_long_only(int argc, char *const argv[], const char *optstring,
                     const struct option *longopts, int *longindex) {
    return engine(argc, argv, optstring, longopts, longindex, 1, 1);
}
