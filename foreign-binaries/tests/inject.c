/* fsync, readdir, pwrite, open, read under injected faults: the SDK libc's error paths for
 * failures a healthy machine does not produce (EIO, ENOSPC, EMFILE). `burrow test` runs this
 * program with `burrow run --inject` for each directive below, and its native twin under
 * `strace -f -e inject=` with the Linux call the twin's libc makes (fsync, getdents64, pwrite64,
 * openat, read), so both see the same faults. `when=` counts every call of that name, so the order
 * below matters: the opens are open(f), opendir, then the two fopen calls; the first read() of the
 * program is fgets's.
 *
 * burrow-test: inject fsync:error=EIO
 * burrow-test: inject readdir:error=EIO:when=2
 * burrow-test: inject pwrite:error=ENOSPC:when=2+
 * burrow-test: inject open:error=EMFILE:when=3
 * burrow-test: inject read:error=EIO:when=1
 */
#include "tt.h"

int main(void)
{
    tt_scratch("inject");
    const char *f = tt_path("f");
    int fd = open(f, O_RDWR | O_CREAT, 0600);
    ok(fd >= 0, "open");

    /* fsync: every call fails with EIO (no when=), and the wrapper reports it. */
    is_errno(fsync(fd), EIO, "fsync: EIO (injected)");
    is_errno(fsync(fd), EIO, "fsync again: EIO (every call)");

    /* pwrite: the first call runs, the second and every later one fail with ENOSPC. */
    is_int(pwrite(fd, "abcd", 4, 0), 4, "first pwrite writes");
    is_errno(pwrite(fd, "efgh", 4, 4), ENOSPC, "second pwrite: ENOSPC (injected)");
    is_errno(pwrite(fd, "efgh", 4, 4), ENOSPC, "third pwrite: ENOSPC (when=2+)");
    is_int(tt_size(f), 4, "the failed writes wrote nothing");
    close(fd);

    /* readdir: the first batch ("." "..", "f") arrives; the second read of the directory fails,
       and readdir returns NULL with errno EIO, which a caller can tell from the end (errno kept). */
    DIR *d = opendir(tt_dir);
    ok(d != NULL, "opendir");
    int n = 0;
    errno = 0;
    while (d && readdir(d) != NULL) n++;
    is_int(n, 3, "three entries before the fault");
    ok(errno == EIO, "readdir: NULL with errno EIO (injected), not the end");
    if (d) closedir(d);

    /* stdio: fopen fails as its open does; a failed read is an error, not the end of the file,
       and clearerr lets the next read try again. */
    errno = 0;
    FILE *fp = fopen(f, "r");
    ok(fp == NULL && errno == EMFILE, "fopen: NULL with errno EMFILE (injected)");
    if (fp) fclose(fp);
    fp = fopen(f, "r");
    ok(fp != NULL, "fopen again");
    if (fp) {
        char line[16];
        errno = 0;
        ok(fgets(line, sizeof line, fp) == NULL, "fgets: NULL when read fails (injected EIO)");
        ok(ferror(fp) && !feof(fp), "ferror set, feof not");
        ok(errno == EIO, "errno EIO");
        clearerr(fp);
        ok(fgets(line, sizeof line, fp) != NULL && strcmp(line, "abcd") == 0, "after clearerr the next read works");
        fclose(fp);
    }

    tt_cleanup();
    return done_testing();
}
