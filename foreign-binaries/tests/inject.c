/* fsync, readdir, pwrite under injected faults: the SDK libc's error paths for failures a healthy
 * machine does not produce (EIO, ENOSPC). `burrow test` runs this program with `burrow run
 * --inject` for each directive below, and its native twin under `strace -f -e inject=` with the
 * Linux call the twin's libc makes (fsync, getdents64, pwrite64), so both see the same faults.
 *
 * burrow-test: inject fsync:error=EIO
 * burrow-test: inject readdir:error=EIO:when=2
 * burrow-test: inject pwrite:error=ENOSPC:when=2+
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

    tt_cleanup();
    return done_testing();
}
