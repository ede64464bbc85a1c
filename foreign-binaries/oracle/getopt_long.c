/* getopt_long, getopt_long_only and getopt against glibc: options, abbreviations, arguments,
   permutation of operands, "--", error messages (stderr) and the state after each call. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int verbose_flag;
static const struct option longopts[] = {
    { "verbose", no_argument, &verbose_flag, 1 },
    { "brief", no_argument, &verbose_flag, 0 },
    { "add", no_argument, NULL, 'a' },
    { "append", no_argument, NULL, 'A' },
    { "delete", required_argument, NULL, 'd' },
    { "create", required_argument, NULL, 'c' },
    { "file", optional_argument, NULL, 'f' },
    { "color", optional_argument, NULL, 1000 },
    { "colour", optional_argument, NULL, 1000 },
    { 0, 0, 0, 0 },
};

static void run(const char *title, const char *optstring, int mode, int argc, char **argv) {
    printf("== %s [%s] mode %d\n", title, optstring, mode);
    optind = 0;
    opterr = 1;
    for (;;) {
        int index = -1;
        fflush(stdout);
        int c = mode == 0 ? getopt_long(argc, argv, optstring, longopts, &index)
              : mode == 1 ? getopt_long_only(argc, argv, optstring, longopts, &index)
              : getopt(argc, argv, optstring);
        fflush(stderr);
        if (c == -1) break;
        printf("c=%d", c);
        if (c > 32 && c < 127) printf("('%c')", c);
        printf(" optind=%d optopt=%d index=%d optarg=%s verbose=%d\n", optind, optopt, index,
               optarg ? optarg : "(null)", verbose_flag);
    }
    printf("end optind=%d:", optind);
    for (int i = 0; i < argc; i++) printf(" %s", argv[i]);
    printf("\n");
}

#define RUN(title, opts, mode, ...)                                       \
    do {                                                                  \
        char *v[] = { "prog", __VA_ARGS__, NULL };                        \
        run(title, opts, mode, (int)(sizeof v / sizeof v[0]) - 1, v);     \
    } while (0)

int main(void) {
    RUN("basic", "abc:d:f::", 0, "-a", "--verbose", "-c", "x", "--delete=y", "file1");
    RUN("permute", "abc:d:", 0, "one", "-a", "two", "--create", "z", "three", "-b", "four");
    RUN("dashdash", "abc:", 0, "one", "-a", "--", "-b", "two");
    RUN("abbrev", "a", 0, "--verb", "--del", "v", "--cr=q", "--br");
    RUN("ambiguous", "a", 0, "--a", "x");
    RUN("ambiguous-same", "a", 0, "--col=red", "--colo");
    RUN("unknown", "a", 0, "--nope", "-z", "--nope=3", "x");
    RUN("missing", "ac:", 0, "-a", "--delete");
    RUN("missing-short", "ac:", 0, "-c");
    RUN("missing-colon", ":ac:", 0, "-a", "--delete");
    RUN("noarg", "a", 0, "--add=5", "--verbose=1");
    RUN("optional", "f::", 0, "--file", "x", "--file=y", "-fz", "-f", "w");
    RUN("plus", "+ab", 0, "-a", "x", "-b");
    RUN("minus", "-ab", 0, "-a", "x", "-b", "y");
    RUN("cluster", "abc:", 0, "-abcvalue", "-ba", "-", "-c", "-a");
    RUN("only", "ab:", 1, "-add", "-verbose", "-b", "1", "-a", "-file=3", "x");
    RUN("only-short", "ab:", 1, "-ab", "2", "-ba");
    RUN("posix-getopt", "ab:", 2, "-a", "x", "-b", "1");
    RUN("empty", "ab", 0, "");
    RUN("lone-dash", "ab", 0, "-", "-a");
    return 0;
}
