/* getopt, POSIX style: options end at the first non-option argument (no argv permutation, unlike
   glibc's default), "--" ends them explicitly. A leading '+' in optstring is accepted and ignored
   (it asks glibc for exactly this behaviour); a leading ':' makes a missing argument return ':' and
   silences the messages. Messages have glibc's wording. Setting optind = 0 (or 1) restarts. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static const char *next;         /* rest of the current clustered argument ("-abc") */
static int next_for;             /* the optind `next` belongs to; detects a reset by the caller */

int getopt(int argc, char *const argv[], const char *optstring) {
    if (optind == 0) { optind = 1; next = NULL; }
    if (next && next_for != optind) next = NULL;
    if (*optstring == '+') optstring++;
    int colon = *optstring == ':';
    if (colon) optstring++;
    optarg = NULL;

    if (!next || !*next) {
        if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || argv[optind][1] == 0)
            return -1;
        if (strcmp(argv[optind], "--") == 0) { optind++; return -1; }
        next = argv[optind] + 1;
        next_for = optind;
    }
    int c = (unsigned char)*next++;
    const char *spec = c == ':' ? NULL : strchr(optstring, c);
    if (!spec) {
        optopt = c;
        if (!*next) { optind++; next = NULL; }
        if (opterr && !colon) fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
        return '?';
    }
    if (spec[1] == ':') {
        if (*next) {
            optarg = (char *)next;
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
