/* Guest memory that faults even though it is mapped: pages of a file mapping past the end of the
 * file (and pages of a file truncated after it was mapped) raise SIGBUS when touched. Handed to a
 * system call, they are EFAULT, as on Linux, whatever reads them (the kernel, or the system-call
 * layer copying a path, a pollfd array or a result). The program itself never touches them.
 * Also: a MAP_FIXED mapping that fails leaves the old pages in place. */
#include "tt.h"
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096

int main(void)
{
    tt_scratch("map_past_eof");
    const char *path = tt_path("short");
    tt_write_file(path, "0123456789", 10);
    int fd = open(path, O_RDWR);
    ok(fd >= 0, "open a 10-byte file");

    /* Two pages of a 10-byte file: the second lies wholly past the end of the file. */
    unsigned char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ok(m != MAP_FAILED, "map 2 pages of it (private)");
    unsigned char *past = m + PG;

    int out = open(tt_path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ok(out >= 0, "open an output file");
    errno = 0;
    is_errno(write(out, past, 16), EFAULT, "write from a page past the end of the file");
    errno = 0;
    is_errno(read(fd, past, 4), EFAULT, "read into a page past the end of the file");
    errno = 0;
    is_errno(open((const char *)past, O_RDONLY), EFAULT, "open with a path in a page past the end");
    struct stat st;
    errno = 0;
    is_errno(stat((const char *)past, &st), EFAULT, "stat with a path in a page past the end");

    /* A path that starts in the good page and runs into the bad one. */
    memset(m + PG - 64, 'x', 64);
    errno = 0;
    is_errno(open((const char *)(m + PG - 64), O_RDONLY), EFAULT, "open with a path running past the end");

    /* A path whose NUL is the last byte before the bad page: only the path is read, not what
       follows it, so this is ENOENT (nothing by that name), not EFAULT. Short, and longer than
       the first piece a reader might copy (Burrow copies paths in page-bounded chunks). */
    memcpy(m + PG - 8, "/nx-abc", 8);
    errno = 0;
    is_errno(open((const char *)(m + PG - 8), O_RDONLY), ENOENT, "open with a path ending at the last good byte");
    char *lp = (char *)(m + PG - 300);
    memcpy(lp, "/nx-none", 8);
    for (int i = 8; i < 299; i++) lp[i] = i % 50 == 0 ? '/' : 'a';
    lp[299] = 0;
    errno = 0;
    is_errno(stat(lp, &st), ENOENT, "stat with a 299-byte path ending at the last good byte");

    errno = 0;
    is_errno(poll((struct pollfd *)past, 1, 0), EFAULT, "poll with its array past the end");
    errno = 0;
    is_errno(pipe((int *)past), EFAULT, "pipe with its result past the end");
    int probe = tt_free_fd(0);
    is_int(tt_free_fd(0), probe, "the failed pipe left no descriptor behind");

    /* A file truncated under its mapping: the pages that were fine now fault too. */
    const char *big = tt_path("big");
    char page[PG];
    memset(page, 'b', sizeof page);
    tt_write_file(big, page, sizeof page);
    int bfd = open(big, O_RDWR);
    unsigned char *b = mmap(NULL, PG, PROT_READ, MAP_SHARED, bfd, 0);
    ok(b != MAP_FAILED, "map a one-page file (shared)");
    is_int(ftruncate(bfd, 0), 0, "truncate the file to 0");
    errno = 0;
    is_errno(write(out, b, 8), EFAULT, "write from the truncated page");
    errno = 0;
    is_errno(open((const char *)b, O_RDONLY), EFAULT, "open with a path in the truncated page");

    /* MAP_FIXED over existing pages with a mapping that cannot be made (a write-only descriptor
       for a shared writable file mapping): the call fails and the old pages stay. */
    unsigned char *keep = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(keep != MAP_FAILED, "an anonymous page");
    keep[0] = 0x5a;
    keep[PG - 1] = 0xa5;
    int wfd = open(tt_path("out"), O_WRONLY);
    errno = 0;
    void *r = mmap(keep, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, wfd, 0);
    ok(r == MAP_FAILED && errno == EACCES, "MAP_FIXED with a write-only descriptor: EACCES");
    ok(keep[0] == 0x5a && keep[PG - 1] == 0xa5, "the old page is still there, unchanged");
    errno = 0;
    r = mmap(keep, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, 999, 0);
    ok(r == MAP_FAILED && errno == EBADF, "MAP_FIXED with a bad descriptor: EBADF");
    ok(keep[0] == 0x5a, "the old page is still there");

    close(wfd);
    close(bfd);
    close(out);
    close(fd);
    tt_cleanup();
    return done_testing();
}
