/* mkdir and rmdir: creation (type, permission bits within the mode), removal, and their own errno
 * cases: EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EINVAL ("dir/."), EBUSY ("/"), EACCES. Bad-path errors
 * common to every path call are in badpath.c. EROFS needs a read-only file system: not covered. */
#include "tt.h"

int main(void)
{
    tt_scratch("mkdir_rmdir");
    const char *d = tt_path("d");
    struct stat st;

    is_int(mkdir(d, 0700), 0, "mkdir");
    is_int(stat(d, &st), 0, "stat the new directory");
    ok(S_ISDIR(st.st_mode), "it is a directory");
    is_int(st.st_mode & 07777, 0700, "mode 0700 (no umask clears owner bits)");
    is_int(st.st_nlink, 2, "st_nlink 2");
    is_int(mkdir(tt_path("d/sub"), 0755), 0, "mkdir inside it");
    ok(stat(tt_path("d/sub"), &st) == 0 && (st.st_mode & 07777 & ~0755) == 0, "mode within 0755");
    is_int(mkdir(tt_path("trail/"), 0700), 0, "mkdir with a trailing slash");
    ok(stat(tt_path("trail"), &st) == 0 && S_ISDIR(st.st_mode), "created without the slash");
    is_int(mkdir(tt_path("m000"), 0), 0, "mkdir with mode 0");
    is_int(stat(tt_path("m000"), &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0, "mode 0 kept");

    is_errno(mkdir(d, 0700), EEXIST, "mkdir an existing directory: EEXIST");
    tt_write_str(tt_path("file"), "x");
    is_errno(mkdir(tt_path("file"), 0700), EEXIST, "mkdir over a file: EEXIST");
    symlink("nowhere", tt_path("dangling"));
    is_errno(mkdir(tt_path("dangling"), 0700), EEXIST, "mkdir over a dangling symlink: EEXIST");
    is_errno(mkdir(tt_path("missing/x"), 0700), ENOENT, "mkdir in a missing directory: ENOENT");
    is_errno(mkdir(tt_path("file/x"), 0700), ENOTDIR, "mkdir under a file: ENOTDIR");

    /* rmdir */
    is_errno(rmdir(d), ENOTEMPTY, "rmdir a non-empty directory: ENOTEMPTY");
    is_errno(rmdir(tt_path("d/sub/..")), ENOTEMPTY, "rmdir 'sub/..': ENOTEMPTY");
    is_errno(rmdir(tt_path("d/sub/.")), EINVAL, "rmdir 'sub/.': EINVAL");
    is_int(rmdir(tt_path("d/sub")), 0, "rmdir an empty directory");
    is_errno(stat(tt_path("d/sub"), &st), ENOENT, "it is gone");
    is_errno(rmdir(tt_path("d/sub")), ENOENT, "rmdir it again: ENOENT");
    is_errno(rmdir(tt_path("file")), ENOTDIR, "rmdir a file: ENOTDIR");
    is_errno(rmdir(tt_path("file/x")), ENOTDIR, "rmdir under a file: ENOTDIR");
    symlink("d", tt_path("dlink"));
    is_errno(rmdir(tt_path("dlink")), ENOTDIR, "rmdir a symlink to a directory: ENOTDIR");
    ok(stat(d, &st) == 0 && S_ISDIR(st.st_mode), "the directory behind the symlink is still there");
    is_errno(rmdir("/"), EBUSY, "rmdir \"/\": EBUSY");
    is_int(rmdir(tt_path("trail/")), 0, "rmdir with a trailing slash");
    is_int(rmdir(d), 0, "rmdir the now empty directory");
    ok(!tt_exists(d), "gone");

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
    } else {
        mkdir(tt_path("ro"), 0700);
        mkdir(tt_path("ro/child"), 0700);
        chmod(tt_path("ro"), 0500);
        is_errno(mkdir(tt_path("ro/new"), 0700), EACCES, "mkdir in a 0500 directory: EACCES");
        is_errno(rmdir(tt_path("ro/child")), EACCES, "rmdir in a 0500 directory: EACCES");
        chmod(tt_path("ro"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
