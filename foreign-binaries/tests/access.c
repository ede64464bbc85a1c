/* access: F_OK, R_OK, W_OK, X_OK against the permission bits; X_OK needs an x bit even for root;
 * symlinks are followed; EINVAL for unknown mode bits; ENOENT, ENOTDIR; EACCES (non-root). */
#include "tt.h"

int main(void)
{
    tt_scratch("access");
    const char *f = tt_path("f");
    tt_write_str(f, "x");

    is_int(access(f, F_OK), 0, "F_OK on an existing file");
    chmod(f, 0644);
    is_int(access(f, R_OK), 0, "R_OK on 0644");
    is_int(access(f, W_OK), 0, "W_OK on 0644");
    is_int(access(f, R_OK | W_OK), 0, "R_OK|W_OK on 0644");
    is_errno(access(f, X_OK), EACCES, "X_OK on 0644 (no x bit anywhere, even for root): EACCES");
    chmod(f, 0755);
    is_int(access(f, X_OK), 0, "X_OK on 0755");
    is_int(access(f, R_OK | W_OK | X_OK), 0, "R_OK|W_OK|X_OK on 0755");
    is_int(access(tt_dir, X_OK), 0, "X_OK on a directory (search)");
    symlink("f", tt_path("ln"));
    is_int(access(tt_path("ln"), X_OK), 0, "access follows a symlink (target 0755)");
    symlink("nowhere", tt_path("dangling"));
    is_errno(access(tt_path("dangling"), F_OK), ENOENT, "F_OK on a dangling symlink: ENOENT");
    is_errno(access(tt_path("missing"), F_OK), ENOENT, "F_OK on a missing file: ENOENT");
    is_errno(access(tt_path("f/x"), F_OK), ENOTDIR, "under a file: ENOTDIR");
    is_errno(access(f, 0x100), EINVAL, "an unknown mode bit: EINVAL");
    is_errno(access(f, -1), EINVAL, "mode -1: EINVAL");

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
    } else {
        chmod(f, 0400);
        is_int(access(f, R_OK), 0, "R_OK on 0400");
        is_errno(access(f, W_OK), EACCES, "W_OK on 0400: EACCES");
        chmod(f, 0200);
        is_errno(access(f, R_OK), EACCES, "R_OK on 0200: EACCES");
        chmod(f, 0);
        is_int(access(f, F_OK), 0, "F_OK on 0000 still succeeds");
        mkdir(tt_path("d"), 0700);
        tt_write_str(tt_path("d/x"), "x");
        chmod(tt_path("d"), 0600);
        is_errno(access(tt_path("d/x"), F_OK), EACCES, "F_OK through an unsearchable (0600) directory: EACCES");
        chmod(tt_path("d"), 0700);
    }

    tt_cleanup();
    return done_testing();
}
