/* chdir and getcwd: relative paths resolve against the working directory, getcwd returns the
 * buffer with the exact path, ".." walks back; ERANGE for a buffer one byte short, EINVAL for size 0,
 * ENOENT when the working directory has been removed, EFAULT for an unmapped buffer; chdir's
 * ENOENT, ENOTDIR, EACCES. */
#include "tt.h"

int main(void)
{
    tt_scratch("chdir_getcwd");
    char cwd[4096], sub[4096], buf[4096];

    is_int(chdir(tt_dir), 0, "chdir to the scratch directory (absolute)");
    char *r = getcwd(cwd, sizeof cwd);
    ok(r == cwd, "getcwd returns its buffer");
    size_t len = strlen(cwd);
    const char *tail = strrchr(tt_dir, '/');
    ok(cwd[0] == '/' && len >= strlen(tail) && strcmp(cwd + len - strlen(tail), tail) == 0,
       "getcwd is absolute and ends with the scratch directory's name");

    is_int(mkdir("sub", 0700), 0, "mkdir with a relative path");
    ok(tt_exists(tt_path("sub")), "created inside the working directory");
    is_int(chdir("sub"), 0, "chdir with a relative path");
    getcwd(sub, sizeof sub);
    snprintf(buf, sizeof buf, "%s/sub", cwd);
    is_str(sub, buf, "getcwd is the old one + /sub");
    is_int(tt_write_str("rel", "r"), 0, "create a file with a relative path");
    ok(tt_exists(tt_path("sub/rel")), "it lands in the new working directory");
    is_int(chdir(".."), 0, "chdir ..");
    getcwd(buf, sizeof buf);
    is_str(buf, cwd, "back where we were");
    is_int(chdir("."), 0, "chdir .");
    symlink("sub", "sublink");
    is_int(chdir("sublink"), 0, "chdir through a symlink");
    getcwd(buf, sizeof buf);
    is_str(buf, sub, "getcwd shows the resolved path, not the symlink");
    chdir(cwd);

    /* ERANGE / EINVAL */
    errno = 0;
    is_errno_ptr(getcwd(buf, len), ERANGE, "a buffer without room for the NUL: ERANGE");
    is_errno_ptr(getcwd(buf, 1), ERANGE, "a 1-byte buffer: ERANGE");
    r = getcwd(buf, len + 1);
    ok(r == buf && strcmp(buf, cwd) == 0, "a buffer of exactly length + 1 works");
    is_errno_ptr(getcwd(buf, 0), EINVAL, "size 0 with a buffer: EINVAL");
    is_errno_ptr(getcwd(BADPTR, 256), EFAULT, "an unmapped buffer: EFAULT");

    /* chdir errors */
    is_errno(chdir("missing"), ENOENT, "chdir to a missing directory: ENOENT");
    tt_write_str("file", "f");
    is_errno(chdir("file"), ENOTDIR, "chdir to a file: ENOTDIR");
    is_errno(chdir("file/x"), ENOTDIR, "chdir under a file: ENOTDIR");
    is_errno(chdir(""), ENOENT, "chdir to \"\": ENOENT");
    getcwd(buf, sizeof buf);
    is_str(buf, cwd, "failed chdirs left the working directory alone");
    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
    } else {
        mkdir("noexec", 0600);
        is_errno(chdir("noexec"), EACCES, "chdir to a 0600 directory: EACCES");
    }

    /* a removed working directory */
    mkdir("doomed", 0700);
    chdir("doomed");
    is_int(rmdir(tt_path("doomed")), 0, "remove the working directory");
    is_errno_ptr(getcwd(buf, sizeof buf), ENOENT, "getcwd of a removed directory: ENOENT");
    is_int(chdir(cwd), 0, "chdir away with an absolute path");

    chdir("/");
    tt_cleanup();
    return done_testing();
}
