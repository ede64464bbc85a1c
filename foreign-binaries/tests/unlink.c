/* unlink: removes a name (the data lives on while open), decrements st_nlink, removes a symlink and
 * not its target; ENOENT, EISDIR, ENOTDIR, EACCES. (EPERM/EBUSY/EROFS need special setups.) */
#include "tt.h"

int main(void)
{
    tt_scratch("unlink");
    const char *f = tt_path("f");
    struct stat st;
    char buf[16];

    tt_write_str(f, "payload");
    int fd = open(f, O_RDONLY);
    is_int(unlink(f), 0, "unlink a file");
    ok(!tt_exists(f), "the name is gone");
    is_errno(open(f, O_RDONLY), ENOENT, "opening it: ENOENT");
    memset(buf, 0, sizeof buf);
    is_int(read(fd, buf, sizeof buf), 7, "an open descriptor still reads the data");
    is_str(buf, "payload", "the data is intact");
    is_int(fstat(fd, &st), 0, "fstat the unlinked file");
    is_int(st.st_nlink, 0, "st_nlink 0");
    close(fd);

    tt_write_str(f, "x");
    link(f, tt_path("g"));
    is_int(unlink(tt_path("g")), 0, "unlink one of two links");
    is_int(stat(f, &st) == 0 ? (long)st.st_nlink : -1, 1, "the other has st_nlink 1");

    symlink("f", tt_path("ln"));
    is_int(unlink(tt_path("ln")), 0, "unlink a symlink");
    ok(!tt_exists(tt_path("ln")), "the symlink is gone");
    ok(tt_exists(f), "its target is not");
    symlink("nowhere", tt_path("dangling"));
    is_int(unlink(tt_path("dangling")), 0, "unlink a dangling symlink");
    ok(!tt_exists(tt_path("dangling")), "gone");

    is_errno(unlink(tt_path("missing")), ENOENT, "unlink a missing name: ENOENT");
    is_errno(unlink(tt_path("missing/x")), ENOENT, "unlink in a missing directory: ENOENT");
    is_errno(unlink(tt_path("f/x")), ENOTDIR, "unlink under a file: ENOTDIR");
    mkdir(tt_path("d"), 0700);
    is_errno(unlink(tt_path("d")), EISDIR, "unlink a directory: EISDIR");
    ok(tt_exists(tt_path("d")), "the directory is still there");

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
    } else {
        tt_write_str(tt_path("d/x"), "x");
        chmod(tt_path("d"), 0500);
        is_errno(unlink(tt_path("d/x")), EACCES, "unlink in a 0500 directory: EACCES");
        chmod(tt_path("d"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
