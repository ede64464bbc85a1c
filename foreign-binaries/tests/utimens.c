/* utimensat (the utimens call): explicit atime/mtime read back to the nanosecond, UTIME_OMIT leaves
 * a time alone, UTIME_NOW and NULL set the current time, AT_SYMLINK_NOFOLLOW sets the link's own
 * times; EINVAL (tv_nsec out of range, unknown flags), ENOENT, ENOTDIR; EPERM/EACCES for someone
 * else's file (non-root). */
#include "tt.h"
#include <time.h>

static long long ns_of(struct timespec t)
{
    return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return ns_of(t);
}

int main(void)
{
    tt_scratch("utimens");
    const char *f = tt_path("f");
    struct stat st;
    tt_write_str(f, "x");

    struct timespec ts[2] = {{1234567890, 111111111}, {1700000000, 999999999}};
    is_int(utimensat(AT_FDCWD, f, ts, 0), 0, "explicit times");
    stat(f, &st);
    is_int(st.st_atim.tv_sec, 1234567890, "atime seconds");
    is_int(st.st_atim.tv_nsec, 111111111, "atime nanoseconds");
    is_int(st.st_mtim.tv_sec, 1700000000, "mtime seconds");
    is_int(st.st_mtim.tv_nsec, 999999999, "mtime nanoseconds (999999999, the largest)");

    struct timespec zero[2] = {{0, 0}, {0, 1}};
    is_int(utimensat(AT_FDCWD, f, zero, 0), 0, "the epoch");
    stat(f, &st);
    ok(st.st_atim.tv_sec == 0 && st.st_atim.tv_nsec == 0 && st.st_mtim.tv_sec == 0 && st.st_mtim.tv_nsec == 1,
       "atime 0.0, mtime 0.000000001");
    struct timespec later[2] = {{4102444800, 5}, {4102444800, 6}};   /* 2100-01-01 */
    is_int(utimensat(AT_FDCWD, f, later, 0), 0, "a time in 2100");
    stat(f, &st);
    ok(st.st_atim.tv_sec == 4102444800 && st.st_atim.tv_nsec == 5 && st.st_mtim.tv_nsec == 6, "2100 reads back exactly");

    /* UTIME_OMIT */
    utimensat(AT_FDCWD, f, ts, 0);
    struct timespec omit_a[2] = {{0, UTIME_OMIT}, {1500000000, 42}};
    is_int(utimensat(AT_FDCWD, f, omit_a, 0), 0, "UTIME_OMIT atime, explicit mtime");
    stat(f, &st);
    ok(st.st_atim.tv_sec == 1234567890 && st.st_atim.tv_nsec == 111111111, "atime unchanged");
    ok(st.st_mtim.tv_sec == 1500000000 && st.st_mtim.tv_nsec == 42, "mtime set");
    struct timespec omit_m[2] = {{1400000000, 7}, {99, UTIME_OMIT}};
    is_int(utimensat(AT_FDCWD, f, omit_m, 0), 0, "explicit atime, UTIME_OMIT mtime");
    stat(f, &st);
    ok(st.st_atim.tv_sec == 1400000000 && st.st_atim.tv_nsec == 7, "atime set");
    ok(st.st_mtim.tv_sec == 1500000000 && st.st_mtim.tv_nsec == 42, "mtime unchanged");
    struct timespec omit_both[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    is_int(utimensat(AT_FDCWD, f, omit_both, 0), 0, "both UTIME_OMIT");
    stat(f, &st);
    ok(st.st_atim.tv_sec == 1400000000 && st.st_mtim.tv_sec == 1500000000, "nothing changed");

    /* UTIME_NOW and NULL: the current time (the file system clock may lag a tick: allow 1 s) */
    long long before = now_ns();
    struct timespec now_m[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    is_int(utimensat(AT_FDCWD, f, now_m, 0), 0, "UTIME_NOW mtime");
    long long after = now_ns();
    stat(f, &st);
    ok(ns_of(st.st_mtim) >= before - 1000000000LL && ns_of(st.st_mtim) <= after + 1000000000LL, "mtime is now");
    ok(st.st_atim.tv_sec == 1400000000, "atime untouched (UTIME_OMIT)");
    utimensat(AT_FDCWD, f, ts, 0);
    before = now_ns();
    is_int(utimensat(AT_FDCWD, f, NULL, 0), 0, "times NULL");
    after = now_ns();
    stat(f, &st);
    ok(ns_of(st.st_atim) >= before - 1000000000LL && ns_of(st.st_atim) <= after + 1000000000LL, "NULL: atime is now");
    ok(ns_of(st.st_mtim) >= before - 1000000000LL && ns_of(st.st_mtim) <= after + 1000000000LL, "NULL: mtime is now");

    /* symlinks */
    symlink("f", tt_path("ln"));
    struct stat lst0, lst;
    lstat(tt_path("ln"), &lst0);
    struct timespec t2[2] = {{1111111111, 1}, {1222222222, 2}};
    is_int(utimensat(AT_FDCWD, tt_path("ln"), t2, 0), 0, "through a symlink");
    stat(f, &st);
    ok(st.st_mtim.tv_sec == 1222222222 && st.st_mtim.tv_nsec == 2, "the target's mtime changed");
    struct timespec t3[2] = {{1333333333, 3}, {1444444444, 4}};
    is_int(utimensat(AT_FDCWD, tt_path("ln"), t3, AT_SYMLINK_NOFOLLOW), 0, "AT_SYMLINK_NOFOLLOW");
    lstat(tt_path("ln"), &lst);
    ok(lst.st_mtim.tv_sec == 1444444444 && lst.st_mtim.tv_nsec == 4, "the link's own mtime changed");
    ok(lst.st_atim.tv_sec == 1333333333 && lst.st_atim.tv_nsec == 3, "the link's own atime changed");
    stat(f, &st);
    ok(st.st_mtim.tv_sec == 1222222222, "the target's mtime did not");

    /* errors */
    struct timespec bad1[2] = {{0, 1000000000}, {0, 0}};
    is_errno(utimensat(AT_FDCWD, f, bad1, 0), EINVAL, "tv_nsec 1000000000: EINVAL");
    struct timespec bad2[2] = {{0, 0}, {0, -1}};
    is_errno(utimensat(AT_FDCWD, f, bad2, 0), EINVAL, "tv_nsec -1: EINVAL");
    is_errno(utimensat(AT_FDCWD, f, ts, 0x4000), EINVAL, "unknown flag bits: EINVAL");
    stat(f, &st);
    ok(st.st_mtim.tv_sec == 1222222222, "failed calls changed nothing");
    is_errno(utimensat(AT_FDCWD, tt_path("missing"), ts, 0), ENOENT, "a missing file: ENOENT");
    is_errno(utimensat(AT_FDCWD, tt_path("f/x"), ts, 0), ENOTDIR, "under a file: ENOTDIR");

    if (tt_privileged()) {
        skip(TT_SKIP_ROOT);
        skip(TT_SKIP_ROOT);
    } else {
        is_errno(utimensat(AT_FDCWD, "/", ts, 0), EPERM, "explicit times on someone else's file (/): EPERM");
        is_errno(utimensat(AT_FDCWD, "/", NULL, 0), EACCES, "current time on someone else's unwritable file: EACCES");
    }

    tt_cleanup();
    return done_testing();
}
