/* chmod: exact permission bits (including set-id and sticky), the file type is kept, symlinks are
 * followed (the target changes), fstat sees the change; ENOENT, ENOTDIR, EPERM (someone else's
 * file, non-root). */
#include "tt.h"

int main(void)
{
    tt_scratch("chmod");
    const char *f = tt_path("f"), *d = tt_path("d");
    struct stat st;
    tt_write_str(f, "x");
    mkdir(d, 0700);

    const unsigned fmodes[] = {0, 0400, 0644, 0755, 0777, 0111, 04755, 02755, 06711};
    for (unsigned i = 0; i < sizeof fmodes / sizeof fmodes[0]; i++) {
        int r = chmod(f, fmodes[i]);
        int s = stat(f, &st);
        ok(r == 0 && s == 0 && (st.st_mode & 07777) == fmodes[i] && S_ISREG(st.st_mode),
           "file: chmod %04o reads back %04o, still S_ISREG", fmodes[i], fmodes[i]);
    }
    const unsigned dmodes[] = {0700, 0755, 01777, 0500, 0};
    for (unsigned i = 0; i < sizeof dmodes / sizeof dmodes[0]; i++) {
        int r = chmod(d, dmodes[i]);
        int s = stat(d, &st);
        ok(r == 0 && s == 0 && (st.st_mode & 07777) == dmodes[i] && S_ISDIR(st.st_mode),
           "directory: chmod %04o reads back %04o, still S_ISDIR", dmodes[i], dmodes[i]);
    }
    chmod(d, 0700);

    chmod(f, 0600);
    int fd = open(f, O_RDONLY);
    chmod(f, 0640);
    fstat(fd, &st);
    is_int(st.st_mode & 07777, 0640, "fstat of an open fd sees the new mode");
    close(fd);

    symlink("f", tt_path("ln"));
    struct stat lst;
    lstat(tt_path("ln"), &lst);
    unsigned linkmode = lst.st_mode & 07777;
    is_int(chmod(tt_path("ln"), 0604), 0, "chmod through a symlink");
    stat(f, &st);
    is_int(st.st_mode & 07777, 0604, "the target changed");
    lstat(tt_path("ln"), &lst);
    is_int(lst.st_mode & 07777, linkmode, "the symlink's own mode did not");

    is_errno(chmod(tt_path("missing"), 0644), ENOENT, "chmod a missing file: ENOENT");
    is_errno(chmod(tt_path("f/x"), 0644), ENOTDIR, "chmod under a file: ENOTDIR");
    symlink("nowhere", tt_path("dangling"));
    is_errno(chmod(tt_path("dangling"), 0644), ENOENT, "chmod a dangling symlink: ENOENT");

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
    } else {
        is_errno(chmod("/", 0755), EPERM, "chmod someone else's file (/): EPERM");
        mkdir(tt_path("locked"), 0700);
        tt_write_str(tt_path("locked/x"), "x");
        chmod(tt_path("locked"), 0600);
        is_errno(chmod(tt_path("locked/x"), 0644), EACCES, "chmod through an unsearchable directory: EACCES");
        chmod(tt_path("locked"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
