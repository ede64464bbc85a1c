/* The path errors every path-taking call shares (the table's `badPath` list: EFAULT, ENOENT,
 * ENOTDIR, ENAMETOOLONG, ELOOP, EACCES), checked call by call for open, stat, lstat, mkdir, rmdir,
 * unlink, rename (both paths), link (both paths), symlink (the link path), readlink, chdir, access,
 * chmod, utimensat and opendir. Each case is one line of TAP: "<call> <case>: <ERRNO>".
 *
 *   ENOENT        "<scratch>/missing/x" and the empty path ""
 *   ENOTDIR       "<scratch>/file/x" (a regular file used as a directory)
 *   ENAMETOOLONG  a 300-byte component, and a 5000-byte path of short components
 *   ELOOP         "<scratch>/loop/x" where loop -> loop
 *   EFAULT        the path pointer is an unmapped address (the kernel reads it, not libc;
 *                 skipped for opendir, a libc function that may inspect the string first)
 *   EACCES        "<scratch>/locked/x" where locked is mode 0000 (skipped when privileged)
 */
#include "tt.h"

static char *ok_file;   /* an existing regular file: the valid operand of two-path calls */

enum { NCASE = 7 };
static const char *case_name[NCASE] = {"ENOENT", "ENOENT (empty path)", "ENOTDIR", "ENAMETOOLONG (component)",
                                       "ENAMETOOLONG (path)", "ELOOP", "EFAULT"};
static const int case_errno_idx[NCASE] = {0, 0, 1, 2, 2, 3, 4};

static int c_open(const char *p) { return open(p, O_RDONLY); }
static int c_open_creat(const char *p) { return open(p, O_WRONLY | O_CREAT, 0600); }
static int c_stat(const char *p) { struct stat st; return stat(p, &st); }
static int c_lstat(const char *p) { struct stat st; return lstat(p, &st); }
static int c_mkdir(const char *p) { return mkdir(p, 0700); }
static int c_rmdir(const char *p) { return rmdir(p); }
static int c_unlink(const char *p) { return unlink(p); }
static int c_rename_from(const char *p) { return rename(p, tt_path("rename-target")); }
static int c_rename_to(const char *p) { return rename(ok_file, p); }
static int c_link_from(const char *p) { return link(p, tt_path("link-target")); }
static int c_link_to(const char *p) { return link(ok_file, p); }
static int c_symlink(const char *p) { return symlink("target", p); }
static int c_readlink(const char *p) { char b[64]; return (int)readlink(p, b, sizeof b); }
static int c_chdir(const char *p) { return chdir(p); }
static int c_access(const char *p) { return access(p, F_OK); }
static int c_chmod(const char *p) { return chmod(p, 0644); }
static int c_utimens(const char *p) { return utimensat(AT_FDCWD, p, NULL, 0); }
static int c_opendir(const char *p)
{
    DIR *d = opendir(p);
    if (d) {
        closedir(d);
        return 0;
    }
    return -1;
}

static const struct {
    const char *name;
    int (*call)(const char *);
} calls[] = {
    {"open", c_open},         {"open O_CREAT", c_open_creat}, {"stat", c_stat},       {"lstat", c_lstat},
    {"mkdir", c_mkdir},       {"rmdir", c_rmdir},             {"unlink", c_unlink},   {"rename (old)", c_rename_from},
    {"rename (new)", c_rename_to}, {"link (old)", c_link_from}, {"link (new)", c_link_to}, {"symlink", c_symlink},
    {"readlink", c_readlink}, {"chdir", c_chdir},             {"access", c_access},   {"chmod", c_chmod},
    {"utimensat", c_utimens}, {"opendir", c_opendir},
};

int main(void)
{
    tt_scratch("badpath");
    ok_file = (char *)tt_path("file");
    tt_write_str(ok_file, "x");
    symlink("loop", tt_path("loop"));
    mkdir(tt_path("locked"), 0700);
    tt_write_str(tt_path("locked/x"), "x");
    chmod(tt_path("locked"), 0);

    const char *longcomp = tt_path(tt_repeat('c', 300));
    /* 5000 bytes of "d/d/d/...": every component is short, the whole is over PATH_MAX (4096) */
    static char longpath[5200];
    snprintf(longpath, sizeof longpath, "%s/", tt_dir);
    size_t n = strlen(longpath);
    while (n < 5000) {
        longpath[n++] = 'd';
        longpath[n++] = '/';
    }
    longpath[n++] = 'x';
    longpath[n] = 0;

    const char *paths[NCASE] = {tt_path("missing/x"), "", tt_path("file/x"), longcomp, longpath, tt_path("loop/x"), NULL};
    const int errs[] = {ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EFAULT};
    char name[128];

    for (unsigned c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        for (int k = 0; k < NCASE; k++) {
            const char *p = k == NCASE - 1 ? (const char *)BADPTR : paths[k];
            if (p == BADPTR && calls[c].call == c_opendir) {
                /* opendir is libc (it may look at the string itself); its open is covered above */
                skip("opendir is a libc function, its open(2) EFAULT is checked above");
                continue;
            }
            snprintf(name, sizeof name, "%s %s: %s", calls[c].name, case_name[k], errno_name(errs[case_errno_idx[k]]));
            errno = 0;
            is_errno(calls[c].call(p), errs[case_errno_idx[k]], name);
        }
        snprintf(name, sizeof name, "%s through a 0000 directory: EACCES", calls[c].name);
        if (tt_privileged())
            skip(TT_SKIP_ROOT);
        else
            is_errno(calls[c].call(tt_path("locked/x")), EACCES, name);
    }

    /* the valid operands survived every failed two-path call */
    ok(tt_exists(ok_file), "the valid operand of rename/link still exists");
    ok(!tt_exists(tt_path("rename-target")) && !tt_exists(tt_path("link-target")), "nothing was created");

    tt_cleanup();
    return done_testing();
}
