/* mmap, munmap, mprotect (the map, unmap and protect calls): anonymous memory is zero-filled and
 * page-granular, PROT_NONE then mprotect to read/write, MAP_FIXED replaces, MAP_FIXED_NOREPLACE
 * (EEXIST when occupied, exact address when free), munmap holes, file mappings (private and shared,
 * offsets), and the errno cases: EINVAL (length 0, no sharing type, unaligned offset/address),
 * EBADF, EACCES, EEXIST, ENODEV, ENOMEM. Touching PROT_NONE or unmapped memory would be a fault,
 * so the tests never do. */
#include "tt.h"
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

int main(void)
{
    tt_scratch("mmap");

    /* anonymous, private, read/write */
    unsigned char *a = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(a != MAP_FAILED, "anonymous 3-page mapping");
    is_int((long long)((uintptr_t)a % PG), 0, "page aligned");
    ok(all_zero(a, 3 * PG), "zero-filled");
    for (int i = 0; i < 3 * PG; i++)
        a[i] = (unsigned char)(i * 13);
    int same = 1;
    for (int i = 0; i < 3 * PG; i++)
        same &= a[i] == (unsigned char)(i * 13);
    ok(same, "written bytes read back");

    /* length rounded up to a page */
    unsigned char *s = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(s != MAP_FAILED, "a 100-byte mapping");
    s[PG - 1] = 0x5a;
    is_int(s[PG - 1], 0x5a, "the whole first page is usable (length rounded up)");
    ok(all_zero(s, PG - 1), "and zero-filled");
    is_int(munmap(s, 100), 0, "munmap with the unrounded length");

    /* MAP_FIXED_NOREPLACE over an existing mapping: EEXIST, the mapping is untouched */
    void *r = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    is_errno(r == MAP_FAILED ? -1 : 0, EEXIST, "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
    is_int(a[PG], (unsigned char)(PG * 13), "the existing page is untouched");

    /* munmap a hole in the middle, then MAP_FIXED_NOREPLACE into the hole */
    is_int(munmap(a + PG, PG), 0, "munmap the middle page");
    r = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    ok(r == a + PG, "MAP_FIXED_NOREPLACE into the hole returns exactly that address");
    ok(r != MAP_FAILED && all_zero(a + PG, PG), "the new page is zero-filled");
    is_int(a[0], 0, "the first page kept its bytes (a[0])");
    is_int(a[2 * PG + 1], (unsigned char)((2 * PG + 1) * 13), "the last page kept its bytes");

    /* MAP_FIXED replaces */
    a[PG] = 1;
    r = mmap(a + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    ok(r == a + PG, "MAP_FIXED over a mapping returns that address");
    ok(all_zero(a + PG, PG), "the replaced page is fresh (zero)");
    is_int(a[PG - 1], (unsigned char)((PG - 1) * 13), "the page before is untouched");

    /* PROT_NONE, then mprotect */
    unsigned char *n = mmap(NULL, 2 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(n != MAP_FAILED, "a PROT_NONE mapping");
    is_int(mprotect(n, 2 * PG, PROT_READ | PROT_WRITE), 0, "mprotect to read/write");
    ok(all_zero(n, 2 * PG), "it reads as zeros");
    n[5] = 7;
    n[PG + 5] = 9;
    is_int(n[5] + n[PG + 5], 16, "and is writable");
    is_int(mprotect(n, PG, PROT_READ), 0, "mprotect the first page read-only");
    is_int(n[5], 7, "still readable");
    is_int(mprotect(n + PG, PG, PROT_NONE), 0, "mprotect the second page PROT_NONE");
    is_int(mprotect(n + PG, PG, PROT_READ), 0, "and back to PROT_READ");
    is_int(n[PG + 5], 9, "the content survived PROT_NONE");
    is_int(munmap(n, 2 * PG), 0, "munmap");
    is_int(munmap(n, 2 * PG), 0, "munmap an already unmapped range is not an error");

    /* file mappings */
    const char *f = tt_path("f");
    static char content[3 * PG];
    for (int i = 0; i < 3 * PG; i++)
        content[i] = (char)('A' + i % 26 + (i / PG));
    tt_write_file(f, content, sizeof content);
    int fd = open(f, O_RDWR);
    char *m = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    ok(m != MAP_FAILED, "map a file, private, read-only");
    ok(m != MAP_FAILED && memcmp(m, content, 3 * PG) == 0, "the mapping holds the file's bytes");
    munmap(m, 3 * PG);
    m = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
    ok(m != MAP_FAILED && memcmp(m, content + 2 * PG, PG) == 0, "offset 2 pages maps the third page");
    munmap(m, PG);
    m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    m[0] = '#';
    char c = 0;
    pread(fd, &c, 1, 0);
    is_int(c, content[0], "a write to a private mapping does not reach the file");
    munmap(m, PG);
    m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ok(m != MAP_FAILED, "map a file, shared, read/write");
    m[1] = '@';
    pread(fd, &c, 1, 1);
    is_int(c, '@', "a write to a shared mapping is visible to read");
    pwrite(fd, "%", 1, 2);
    is_int(m[2], '%', "a write to the file is visible in a shared mapping");
    munmap(m, PG);
    pread(fd, &c, 1, 1);
    is_int(c, '@', "the shared write persists after munmap");
    close(fd);
    int ro = open(f, O_RDONLY);
    m = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
    ok(m != MAP_FAILED, "map an O_RDONLY file shared, read-only");
    is_errno(mprotect(m, PG, PROT_READ | PROT_WRITE), EACCES, "mprotect it writable: EACCES");
    munmap(m, PG);
    is_errno(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0, EACCES,
             "a shared writable mapping of an O_RDONLY fd: EACCES");
    close(ro);
    int wo = open(f, O_WRONLY);
    is_errno(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED ? -1 : 0, EACCES,
             "mapping an O_WRONLY fd: EACCES");
    close(wo);

    /* errors */
#define MAPERR(expr) ((expr) == MAP_FAILED ? -1 : 0)
    is_errno(MAPERR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)), EINVAL, "length 0: EINVAL");
    is_errno(MAPERR(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0)), EINVAL, "neither MAP_PRIVATE nor MAP_SHARED: EINVAL");
    fd = open(f, O_RDONLY);
    is_errno(MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100)), EINVAL, "an unaligned file offset: EINVAL");
    is_errno(MAPERR(mmap(a + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)), EINVAL,
             "MAP_FIXED at an unaligned address: EINVAL");
    close(fd);
    is_errno(MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0)), EBADF, "a closed fd: EBADF");
    int p[2];
    pipe(p);
    is_errno(MAPERR(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, p[0], 0)), ENODEV, "mapping a pipe: ENODEV");
    close(p[0]);
    close(p[1]);
    is_errno(MAPERR(mmap(NULL, (size_t)1 << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)), ENOMEM,
             "a length larger than the address space: ENOMEM");
    is_errno(munmap(a + 1, PG), EINVAL, "munmap an unaligned address: EINVAL");
    is_errno(munmap(a, 0), EINVAL, "munmap length 0: EINVAL");
    is_errno(mprotect(a + 1, PG, PROT_READ), EINVAL, "mprotect an unaligned address: EINVAL");
    void *hole = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, PG);
    is_errno(mprotect(hole, PG, PROT_READ), ENOMEM, "mprotect an unmapped page: ENOMEM");

    is_int(munmap(a, 3 * PG), 0, "munmap the first mapping");
    r = mmap(a, 3 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    ok(r == a, "after munmap the range is free for MAP_FIXED_NOREPLACE");
    munmap(r, 3 * PG);

    tt_cleanup();
    return done_testing();
}
