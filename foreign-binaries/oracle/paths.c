/* Paths against glibc: realpath (with symbolic links, "..", missing parts), dirname/basename (POSIX
   <libgen.h>), fnmatch with every flag. Works in the current directory (a fresh one per run). */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char cwd[PATH_MAX];

static void rp(const char *path) {
    char out[PATH_MAX];
    errno = 0;
    char *r = realpath(path, out);
    if (!r) { printf("realpath [%s] -> NULL errno %s\n", path, strerror(errno)); return; }
    /* Print relative to the working directory, which differs from run to run. */
    size_t n = strlen(cwd);
    if (strncmp(r, cwd, n) == 0) printf("realpath [%s] -> $CWD%s\n", path, r + n);
    else printf("realpath [%s] -> %s\n", path, r);
    char *m = realpath(path, NULL);
    if (!m || strcmp(m, r)) printf("  realpath(NULL) differs\n");
    free(m);
}

static void names(const char *path) {
    char a[256], b[256];
    strcpy(a, path);
    strcpy(b, path);
    printf("dirname [%s] = [%s]  basename = [%s]\n", path, dirname(a), basename(b));
}

int main(void) {
    if (!getcwd(cwd, sizeof cwd)) return 1;
    char *real = realpath(".", NULL);
    strcpy(cwd, real);
    free(real);
    mkdir("a", 0755);
    mkdir("a/b", 0755);
    FILE *f = fopen("a/b/file", "w");
    fclose(f);
    symlink("b", "a/link");
    symlink("../a/b/file", "a/flink");
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    symlink("/", "root");
    rp(".");
    rp("a");
    rp("a/b/../b/./file");
    rp("a/link/file");
    rp("a/flink");
    rp("a//link/../link/");
    rp("a/missing");
    rp("a/b/file/x");
    rp("loop1");
    rp("root");
    rp("root/..");
    rp("/");
    rp("//");
    rp("");
    rp("a/link/");

    const char *ps[] = { "/usr/lib", "/usr/", "usr", "/", "//", ".", "..", "a/b/", "a//b//", "///x", "//x", "", "x/" };
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) names(ps[i]);

    static const struct { const char *pat, *str; int flags; } fm[] = {
        { "*.c", "main.c", 0 }, { "*.c", "main.h", 0 }, { "*.c", ".c", 0 }, { "*.c", ".c", FNM_PERIOD },
        { "a?c", "abc", 0 }, { "a?c", "a/c", FNM_PATHNAME }, { "a*c", "a/b/c", 0 }, { "a*c", "a/b/c", FNM_PATHNAME },
        { "a/*/c", "a/b/c", FNM_PATHNAME }, { "[a-c]x", "bx", 0 }, { "[!a-c]x", "bx", 0 }, { "[^a-c]x", "dx", 0 },
        { "[]]", "]", 0 }, { "[!]]", "a", 0 }, { "[[:digit:]]*", "7up", 0 }, { "[[:alpha:][:digit:]]", "_", 0 },
        { "\\*", "*", 0 }, { "\\*", "\\*", FNM_NOESCAPE }, { "\\*", "x", 0 }, { "ABC", "abc", FNM_CASEFOLD },
        { "[A-C]", "b", FNM_CASEFOLD }, { "dir", "dir/file", FNM_LEADING_DIR }, { "d*", "dir/file", FNM_LEADING_DIR | FNM_PATHNAME },
        { "*/.hidden", "x/.hidden", FNM_PATHNAME | FNM_PERIOD }, { "*/*", "x/.hidden", FNM_PATHNAME | FNM_PERIOD },
        { "*", "", 0 }, { "", "", 0 }, { "", "x", 0 }, { "**a*b*", "xxaxxbxx", 0 }, { "*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
        { "[a-", "[a-", 0 }, { "[", "[", 0 }, { "a[", "a[", 0 }, { "*[", "x[", 0 }, { "?", ".", FNM_PERIOD },
        { "[.]x", ".x", FNM_PERIOD }, { "x/?", "x/.", FNM_PERIOD | FNM_PATHNAME }, { "x/*", "x/.y", FNM_PERIOD },
        { "*.tar.gz", "a.b.tar.gz", 0 }, { "[[:upper:]]", "a", FNM_CASEFOLD }, { "[a-z]", "-", 0 }, { "[-a]", "-", 0 },
    };
    for (size_t i = 0; i < sizeof fm / sizeof fm[0]; i++)
        printf("fnmatch [%s] [%s] %d = %d\n", fm[i].pat, fm[i].str, fm[i].flags, fnmatch(fm[i].pat, fm[i].str, fm[i].flags));
    return 0;
}
