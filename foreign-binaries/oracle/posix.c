/* POSIX calls against glibc: the *at family (relative to directory descriptors), fchmod, fchdir,
   futimens, truncate, umask, ids and ownership no-ops, select, utime, sysconf, gethostname,
   syslog to stderr (LOG_PERROR), setlocale. Works in the current (fresh) directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <syslog.h>
#include <unistd.h>
#include <utime.h>

#define CHECK(expr) do { errno = 0; long r_ = (long)(expr); int e_ = errno; \
    printf("%-60s = %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(e_) : ""); } while (0)

static void mode_of(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) { printf("mode %s: %s\n", path, strerror(errno)); return; }
    printf("mode %s: %s %o size %ld\n", path, S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "link" : S_ISREG(st.st_mode) ? "file" : "other",
           (unsigned)(st.st_mode & 07777), (long)st.st_size);
}

int main(void) {
    mode_t old = umask(022);
    umask(old);
    CHECK(mkdir("d", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    printf("dfd ok %d\n", dfd >= 0);
    int fd = openat(dfd, "f", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("openat ok %d\n", fd >= 0);
    CHECK(write(fd, "hello world", 11));
    CHECK(close(fd));
    struct stat st;
    CHECK(fstatat(dfd, "f", &st, 0));
    printf("size %ld\n", (long)st.st_size);
    CHECK(fstatat(dfd, "", &st, AT_EMPTY_PATH));
    printf("is dir %d\n", S_ISDIR(st.st_mode));
    CHECK(fstatat(dfd, "missing", &st, 0));
    CHECK(mkdirat(dfd, "sub", 0700));
    mode_of("d/sub");
    CHECK(symlinkat("f", dfd, "lnk"));
    char buf[64] = { 0 };
    CHECK(readlinkat(dfd, "lnk", buf, sizeof buf));
    printf("link -> %s\n", buf);
    CHECK(fstatat(dfd, "lnk", &st, AT_SYMLINK_NOFOLLOW));
    printf("nofollow is link %d\n", S_ISLNK(st.st_mode));
    CHECK(linkat(dfd, "f", dfd, "hard", 0));
    CHECK(fstatat(dfd, "hard", &st, 0));
    printf("nlink %ld\n", (long)st.st_nlink);
    CHECK(renameat(dfd, "hard", AT_FDCWD, "moved"));
    mode_of("moved");
    CHECK(faccessat(dfd, "f", R_OK | W_OK, 0));
    CHECK(faccessat(dfd, "nope", F_OK, 0));
    CHECK(fchmodat(dfd, "f", 0600, 0));
    mode_of("d/f");
    CHECK(fchmodat(dfd, "lnk", 0600, AT_SYMLINK_NOFOLLOW));
    CHECK(unlinkat(dfd, "sub", 0));
    CHECK(unlinkat(dfd, "sub", AT_REMOVEDIR));
    CHECK(unlinkat(dfd, "lnk", 0));
    CHECK(openat(dfd, "f", O_RDONLY) >= 0);
    CHECK(openat(1000, "f", O_RDONLY));
    int ffd = open("moved", O_RDWR);
    CHECK(openat(ffd, "x", O_RDONLY));
    CHECK(fchmod(ffd, 0640));
    mode_of("moved");
    struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
    CHECK(futimens(ffd, ts));
    CHECK(stat("moved", &st));
    printf("times %ld %ld.%09ld\n", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    struct utimbuf ub = { 86400, 172800 };
    CHECK(utime("moved", &ub));
    CHECK(stat("moved", &st));
    printf("utime %ld %ld\n", (long)st.st_atime, (long)st.st_mtime);
    CHECK(truncate("moved", 5));
    mode_of("moved");
    CHECK(ftruncate(ffd, 2));
    mode_of("moved");
    CHECK(close(ffd));
    CHECK(fchdir(dfd));
    char cwd[PATH_MAX];
    getcwd(cwd, sizeof cwd);
    printf("cwd ends with /d: %d\n", strlen(cwd) > 2 && !strcmp(cwd + strlen(cwd) - 2, "/d"));
    CHECK(access("f", F_OK));
    CHECK(chdir(".."));
    CHECK(close(dfd));

    mode_t prev = umask(027);
    printf("umask was %o\n", (unsigned)prev);
    fd = open("masked", O_CREAT | O_WRONLY, 0666);
    close(fd);
    mode_of("masked");
    CHECK(mkdir("maskeddir", 0777));
    mode_of("maskeddir");
    printf("umask now %o\n", (unsigned)umask(prev));

    printf("ids equal: %d %d\n", getuid() == geteuid(), getgid() == getegid());
    CHECK(stat("masked", &st));
    printf("file owner is me: %d %d\n", st.st_uid == getuid(), st.st_gid == getgid());
    CHECK(chown("masked", (uid_t)-1, (gid_t)-1));
    CHECK(chown("masked", getuid(), getgid()));
    gid_t groups[64];
    int ng = getgroups(64, groups);
    printf("getgroups ok: %d\n", ng >= 0);

    int p[2];
    CHECK(pipe(p));
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(p[0], &rd);
    FD_SET(p[1], &wr);
    struct timeval tv = { 0, 0 };
    CHECK(select(p[1] + 1, &rd, &wr, NULL, &tv));
    printf("readable %d writable %d\n", FD_ISSET(p[0], &rd), FD_ISSET(p[1], &wr));
    CHECK(write(p[1], "x", 1));
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    tv.tv_sec = 1;
    CHECK(select(p[0] + 1, &rd, NULL, NULL, &tv));
    printf("readable %d\n", FD_ISSET(p[0], &rd));
    close(p[0]);
    close(p[1]);

    struct utsname u;
    char host[256];
    CHECK(gethostname(host, sizeof host));
    uname(&u);
    printf("hostname matches uname: %d\n", strcmp(host, u.nodename) == 0);
    printf("pagesize %ld %d\n", sysconf(_SC_PAGESIZE), getpagesize());
    printf("clk_tck %ld name_max %ld path_max %ld\n", sysconf(_SC_CLK_TCK), pathconf(".", _PC_NAME_MAX), pathconf(".", _PC_PATH_MAX));
    CHECK(sysconf(-5));
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_CORE, &rl) == 0 || errno == ENOSYS);
    struct rusage ru;
    CHECK(getrusage(RUSAGE_SELF, &ru));
    struct tms tm;
    printf("times ok %d\n", times(&tm) != (clock_t)-1);
    printf("MIN %d MAX %d howmany %d roundup %d\n", MIN(3, 4), MAX(3, 4), howmany(10, 4), roundup(10, 4));
    printf("setlocale %s %s %s\n", setlocale(LC_ALL, "C"), setlocale(LC_ALL, "POSIX"), localeconv()->decimal_point);

    fflush(stdout);
    openlog("oracle", LOG_PERROR, LOG_USER);
    syslog(LOG_ERR, "error %d: %s", 42, "text");
    errno = ENOENT;
    syslog(LOG_WARNING, "with %%m: %m");
    setlogmask(LOG_UPTO(LOG_ERR));
    syslog(LOG_INFO, "masked out");
    closelog();
    return 0;
}
