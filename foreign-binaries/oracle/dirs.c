/* Directory walking and databases against glibc: scandir/alphasort, glob (sorting, GLOB_MARK,
   GLOB_NOCHECK, GLOB_APPEND, GLOB_DOOFFS, nested wildcards, hidden files), nftw (pre and post
   order, FTW_PHYS with dangling links, FTW_CHDIR), strptime, getpwuid/getgrgid against /etc. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void touch(const char *p) { int fd = open(p, O_CREAT | O_WRONLY, 0644); close(fd); }
static int no_dots(const struct dirent *e) { return e->d_name[0] != '.'; }

/* nftw visits in readdir order, which differs between file systems and runs: collect and sort. */
static char *seen[256];
static int nseen;
static int visit(const char *p, const struct stat *st, int type, struct FTW *f) {
    (void)st;
    char cwdok[8] = "";
    char line[600];
    snprintf(line, sizeof line, "%s type %d level %d base %s%s", p, type, f->level, p + f->base, cwdok);
    seen[nseen++] = strdup(line);
    return 0;
}
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static void show_walk(const char *title, const char *root, int flags) {
    nseen = 0;
    int r = nftw(root, visit, 8, flags);
    qsort(seen, nseen, sizeof *seen, cmp);
    printf("nftw %s -> %d\n", title, r);
    for (int i = 0; i < nseen; i++) { printf("  %s\n", seen[i]); free(seen[i]); }
}

static void show_glob(const char *pat, int flags) {
    glob_t g;
    g.gl_offs = 2;
    int r = glob(pat, flags, NULL, &g);
    printf("glob [%s] %d -> %d:", pat, flags, r);
    if (r == 0 || r == GLOB_NOMATCH) {
        size_t off = (flags & GLOB_DOOFFS) ? g.gl_offs : 0;
        for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[off + i]);
        if (r == 0) globfree(&g);
    }
    printf("\n");
}

int main(void) {
    mkdir("t", 0755);
    mkdir("t/sub", 0755);
    mkdir("t/sub/deep", 0755);
    touch("t/b.c");
    touch("t/a.c");
    touch("t/C.h");
    touch("t/.hidden.c");
    touch("t/sub/x.c");
    touch("t/sub/deep/y.c");
    symlink("a.c", "t/link.c");
    symlink("nowhere", "t/dangling");

    struct dirent **list;
    int n = scandir("t", &list, no_dots, alphasort);
    printf("scandir %d:", n);
    for (int i = 0; i < n; i++) { printf(" %s", list[i]->d_name); free(list[i]); }
    printf("\n");
    free(list);
    printf("scandir missing %d\n", scandir("nope", &list, NULL, alphasort));

    show_glob("t/*.c", 0);
    show_glob("t/*", GLOB_MARK);
    show_glob("t/.*", 0);
    show_glob("t/*/*.c", 0);
    show_glob("t/*/*/*.c", 0);
    show_glob("t/s*/", 0);
    show_glob("t/[ab].c", 0);
    show_glob("t/*.z", 0);
    show_glob("t/*.z", GLOB_NOCHECK);
    show_glob("t/a.c", 0);
    show_glob("t/missing", 0);
    show_glob("t/dangling", 0);
    show_glob("t/\\a.c", 0);
    show_glob("t/*.h", GLOB_DOOFFS);
    {
        glob_t g;
        glob("t/*.h", 0, NULL, &g);
        glob("t/sub/*", GLOB_APPEND, NULL, &g);
        printf("append %zu:", g.gl_pathc);
        for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
        printf("\n");
        globfree(&g);
    }

    show_walk("default", "t", 0);
    show_walk("depth", "t", FTW_DEPTH);
    show_walk("phys", "t/", FTW_PHYS);
    show_walk("chdir", "t/sub", FTW_CHDIR);
    show_walk("file", "t/a.c", 0);
    show_walk("missing", "t/none", 0);

    const char *tp[][2] = {
        { "2024-02-29 13:45:07", "%Y-%m-%d %H:%M:%S" }, { "Mon Jan  5 08:00:00 2015", "%c" },
        { "12/31/99", "%D" }, { "1/2/03", "%m/%d/%y" }, { "07:05 PM", "%I:%M %p" }, { "  42", "%j" },
        { "Tue, 14 Mar 2023 10:00:00 +0100", "%a, %d %b %Y %T %z" }, { "1700000000", "%s" },
        { "19 apr", "%d %b" }, { "2023-13-01", "%Y-%m-%d" }, { "10:61", "%H:%M" }, { "68 69", "%y %C" },
        { "2000-01-01T00:00:00Zrest", "%Y-%m-%dT%H:%M:%SZ" },
    };
    for (size_t i = 0; i < sizeof tp / sizeof tp[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        char *end = strptime(tp[i][0], tp[i][1], &tm);
        if (!end) { printf("strptime [%s] [%s] -> NULL\n", tp[i][0], tp[i][1]); continue; }
        printf("strptime [%s] [%s] -> +%td %d-%02d-%02d %02d:%02d:%02d wday %d yday %d gmtoff %ld\n", tp[i][0], tp[i][1],
               end - tp[i][0], tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
               tm.tm_wday, tm.tm_yday, tm.tm_gmtoff);
    }

    struct passwd *pw = getpwuid(0);
    printf("getpwuid(0) %s uid %u gid %u dir %s\n", pw ? pw->pw_name : "(none)", pw ? pw->pw_uid : 0, pw ? pw->pw_gid : 0, pw ? pw->pw_dir : "");
    pw = getpwnam("root");
    printf("getpwnam(root) %s shell %s\n", pw ? pw->pw_name : "(none)", pw ? pw->pw_shell : "");
    printf("getpwnam(no-such-user) %p\n", (void *)getpwnam("no-such-user-xyz"));
    struct group *gr = getgrgid(0);
    printf("getgrgid(0) %s\n", gr ? gr->gr_name : "(none)");
    int count = 0;
    setpwent();
    while (getpwent()) count++;
    endpwent();
    printf("passwd entries > 0: %d\n", count > 0);
    char buf[8];
    struct passwd pwd, *res;
    int pe = getpwuid_r(0, &pwd, buf, sizeof buf, &res);
    printf("getpwuid_r small buffer: ERANGE %d\n", pe == ERANGE);
    return 0;
}
