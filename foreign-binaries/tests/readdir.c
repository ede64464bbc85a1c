/* opendir/readdir/closedir/rewinddir (the readdir system call underneath): exactly the entries
 * ".", "..", and the created names, each once, with the right d_type and d_ino; many entries and
 * NAME_MAX-long names (several kernel batches); end of directory leaves errno alone; ENOENT for a
 * removed directory being read; ENOTDIR / EBADF through fdopendir; ENOENT / ENOTDIR from opendir. */
#include "tt.h"

#define NMANY 300

struct want {
    const char *name;
    int type;
    int seen;
};

int main(void)
{
    tt_scratch("readdir");
    const char *dir = tt_path("d");
    mkdir(dir, 0700);
    tt_write_str(tt_path("d/a"), "1");
    tt_write_str(tt_path("d/bb"), "22");
    mkdir(tt_path("d/sub"), 0700);
    symlink("a", tt_path("d/lnk"));
    char longname[256];
    memset(longname, 'L', 255);
    longname[255] = 0;
    char lp[512];
    snprintf(lp, sizeof lp, "%s/%s", dir, longname);
    is_int(tt_write_str(lp, ""), 0, "create a file with a 255-byte name (NAME_MAX)");

    struct want w[] = {
        {".", DT_DIR, 0}, {"..", DT_DIR, 0}, {"a", DT_REG, 0}, {"bb", DT_REG, 0},
        {"sub", DT_DIR, 0}, {"lnk", DT_LNK, 0}, {longname, DT_REG, 0},
    };
    const int nw = sizeof w / sizeof w[0];

    DIR *d = opendir(dir);
    ok(d != NULL, "opendir");
    struct dirent *e;
    int total = 0, unexpected = 0, badtype = 0, badino = 0;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        total++;
        int found = 0;
        for (int i = 0; i < nw; i++) {
            if (strcmp(e->d_name, w[i].name) == 0) {
                found = 1;
                w[i].seen++;
                if (e->d_type != w[i].type) {
                    badtype++;
                    diag("%s: d_type %d, expected %d", w[i].name, e->d_type, w[i].type);
                }
                if (strcmp(e->d_name, "..") != 0) {
                    struct stat st;
                    char p[600];
                    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
                    if (lstat(p, &st) != 0 || st.st_ino != e->d_ino) {
                        badino++;
                        diag("%s: d_ino differs from lstat's st_ino", w[i].name);
                    }
                }
            }
        }
        if (!found) {
            unexpected++;
            diag("unexpected entry '%s'", e->d_name);
        }
    }
    is_int(errno, 0, "the end of the directory leaves errno 0");
    is_int(total, nw, "exactly 7 entries");
    is_int(unexpected, 0, "no unexpected entries");
    for (int i = 0; i < nw; i++)
        is_int(w[i].seen, 1, i == nw - 1 ? "the NAME_MAX name is listed once" : w[i].name);
    is_int(badtype, 0, "every d_type is right (DT_DIR, DT_REG, DT_LNK)");
    is_int(badino, 0, "every d_ino equals the entry's st_ino");
    ok(readdir(d) == NULL, "readdir after the end is still NULL");

    rewinddir(d);
    int again = 0;
    while (readdir(d))
        again++;
    is_int(again, nw, "rewinddir: the same 7 entries again");
    int fd = dirfd(d);
    ok(fd >= 0, "dirfd");
    is_int(fcntl(fd, F_GETFD) != -1, 1, "dirfd is an open descriptor");
    is_int(closedir(d), 0, "closedir");
    is_errno(fcntl(fd, F_GETFD), EBADF, "closedir closed its descriptor");

    /* many entries: more than one batch of the readdir call */
    const char *big = tt_path("big");
    mkdir(big, 0700);
    char name[600];
    for (int i = 0; i < NMANY; i++) {
        snprintf(name, sizeof name, "%s/entry-%03d-%s", big, i, tt_repeat('x', (size_t)(i % 200)));
        tt_write_str(name, "");
    }
    static unsigned char seen[NMANY];
    int others = 0, count = 0;
    d = opendir(big);
    while ((e = readdir(d)) != NULL) {
        count++;
        int k;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strncmp(e->d_name, "entry-", 6) == 0 && (k = atoi(e->d_name + 6)) >= 0 && k < NMANY &&
            strlen(e->d_name) == 10 + (size_t)(k % 200) && e->d_type == DT_REG)
            seen[k]++;
        else
            others++;
    }
    closedir(d);
    int once = 1;
    for (int i = 0; i < NMANY; i++)
        once &= seen[i] == 1;
    is_int(count, NMANY + 2, "300 files + '.' + '..'");
    ok(once && others == 0, "each of 300 long names listed exactly once, intact, DT_REG");

    /* an empty directory has exactly . and .. */
    d = opendir(tt_path("d/sub"));
    count = 0;
    while (readdir(d))
        count++;
    closedir(d);
    is_int(count, 2, "an empty directory lists only '.' and '..'");

    /* reading a directory that has been removed: ENOENT */
    mkdir(tt_path("gone"), 0700);
    d = opendir(tt_path("gone"));
    ok(d != NULL, "opendir a directory");
    is_int(rmdir(tt_path("gone")), 0, "remove it while open");
    errno = 0;
    e = readdir(d);
    is_errno_ptr(e, ENOENT, "readdir of a removed directory: NULL, ENOENT");
    closedir(d);

    /* readdir on descriptors that are not directories */
    fd = open(tt_path("d/a"), O_RDONLY);
    d = fdopendir(fd);
    if (d == NULL) {
        is_errno_ptr(d, ENOTDIR, "fdopendir/readdir of a regular file: ENOTDIR");
    } else {
        errno = 0;
        e = readdir(d);
        is_errno_ptr(e, ENOTDIR, "fdopendir/readdir of a regular file: ENOTDIR");
        closedir(d);
    }
    int closed = tt_free_fd(100);
    d = fdopendir(closed);
    if (d == NULL) {
        is_errno_ptr(d, EBADF, "fdopendir/readdir of a closed fd: EBADF");
    } else {
        errno = 0;
        e = readdir(d);
        is_errno_ptr(e, EBADF, "fdopendir/readdir of a closed fd: EBADF");
        closedir(d);   /* closes a number that is not open: harmless */
    }

    /* opendir errors */
    is_errno_ptr(opendir(tt_path("missing")), ENOENT, "opendir a missing directory: ENOENT");
    is_errno_ptr(opendir(tt_path("d/a")), ENOTDIR, "opendir a regular file: ENOTDIR");
    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
    } else {
        chmod(tt_path("d/sub"), 0300);
        is_errno_ptr(opendir(tt_path("d/sub")), EACCES, "opendir an unreadable (0300) directory: EACCES");
        chmod(tt_path("d/sub"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
