/* GNU and BSD functions a port trial's configure scripts looked for, against glibc: error and
   error_at_line (formats, error_one_per_line, error_print_progname, the count, the exit status),
   rawmemchr, wmempcpy, canonicalize_file_name, secure_getenv, clock_getres,
   pthread_sigmask, close_range, vfork, lutimes on a symbolic link, and posix_spawn's addchdir_np. */
#define _GNU_SOURCE
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

extern char **environ;
static void progname(void) { fprintf(stderr, "[custom] "); }

int main(int argc, char **argv) {
    if (argc > 1) {   /* the spawned child: its working directory's last component */
        char *w = getcwd(NULL, 0);
        printf("%s", w ? strrchr(w, '/') + 1 : "?");
        return 0;
    }
    program_invocation_name = "gnu_more";   /* the same on every build, whatever its path */
    printf("before error (flushed first)\n");
    error(0, ENOENT, "opening %s", "x.txt");
    error(0, 0, "plain");
    error_at_line(0, EACCES, "f.c", 12, "at line %d", 12);
    error_at_line(0, 0, NULL, 0, "no file");
    error_one_per_line = 1;
    error_at_line(0, 0, "g.c", 3, "once");
    error_at_line(0, 0, "g.c", 3, "twice (not printed)");
    error_at_line(0, 0, "g.c", 4, "next line");
    error_one_per_line = 0;
    error_print_progname = progname;
    error(0, 0, "with a custom name");
    error_at_line(0, 0, "h.c", 9, "custom at line");
    error_print_progname = NULL;
    printf("messages %u\n", error_message_count);

    const char *s = "abcdef";
    printf("rawmemchr: %td\n", (char *)rawmemchr(s, 'e') - s);
    wchar_t wd[8];
    printf("wmempcpy: %td\n", wmempcpy(wd, L"xyz", 3) - wd);
    mkdir("d", 0755);
    symlink("d", "link");
    char *c = canonicalize_file_name("./link/../d/.");
    char *cwd = getcwd(NULL, 0);
    printf("canonicalize_file_name: %s\n", c && strncmp(c, cwd, strlen(cwd)) == 0 ? c + strlen(cwd) : "?");
    errno = 0;
    c = canonicalize_file_name("missing/x");
    printf("canonicalize_file_name missing: %s %s\n", c ? c : "NULL", strerror(errno));
    setenv("ORACLE_VAR", "v", 1);
    printf("secure_getenv: %s\n", secure_getenv("ORACLE_VAR"));
    struct timespec r;
    int cr = clock_getres(CLOCK_MONOTONIC, &r);
    printf("clock_getres monotonic: %d %ld.%09ld\n", cr, (long)r.tv_sec, r.tv_nsec);
    errno = 0;
    cr = clock_getres((clockid_t)12345, &r);
    printf("clock_getres bad: %d %s\n", cr, strerror(errno));
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    int pm = pthread_sigmask(SIG_BLOCK, &set, &old);
    sigprocmask(SIG_BLOCK, NULL, &old);
    printf("pthread_sigmask: %d blocked %d\n", pm, sigismember(&old, SIGUSR1));
    errno = 0;
    pm = pthread_sigmask(99, &set, NULL);
    printf("pthread_sigmask bad how: %s, errno untouched %d\n", strerror(pm), errno == 0);

    int a = open("d", O_RDONLY), b = dup(a), k = dup(a);
    int cl = close_range((unsigned)b, (unsigned)k, 0);
    printf("close_range: %d, closed %d %d, first kept %d\n", cl, fcntl(b, F_GETFD) < 0, fcntl(k, F_GETFD) < 0, fcntl(a, F_GETFD) >= 0);
    cl = close_range((unsigned)a, (unsigned)a, CLOSE_RANGE_CLOEXEC);
    printf("close_range CLOEXEC: %d, flag %d\n", cl, (fcntl(a, F_GETFD) & FD_CLOEXEC) != 0);
    errno = 0;
    cl = close_range(5, 4, 0);
    printf("close_range first > last: %d %s\n", cl, strerror(errno));
    close(a);

    fflush(stdout);
    pid_t p = vfork();
    if (p == 0) _exit(7);
    int st;
    waitpid(p, &st, 0);
    printf("vfork child status %d\n", WEXITSTATUS(st));

    int fd = open("file", O_CREAT | O_WRONLY, 0644);
    close(fd);
    symlink("file", "flink");
    struct timeval tv[2] = { { 1000000000, 0 }, { 1200000000, 500000 } };
    int lu = lutimes("flink", tv);
    struct stat ls, fs;
    lstat("flink", &ls);
    stat("file", &fs);
    printf("lutimes: %d link mtime %ld, file mtime changed %d\n", lu, (long)ls.st_mtime, fs.st_mtime == 1200000000);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    int ac = posix_spawn_file_actions_addchdir_np(&fa, "d");
    posix_spawn_file_actions_addopen(&fa, 1, "here", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    char *av[] = { argv[0], "child", NULL };
    pid_t sp;
    int rs = posix_spawn(&sp, argv[0], &fa, NULL, av, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rs == 0) waitpid(sp, &st, 0);
    char buf[64] = "";
    int h = open("d/here", O_RDONLY);
    if (h >= 0) { ssize_t n = read(h, buf, sizeof buf - 1); buf[n > 0 ? n : 0] = 0; close(h); }
    printf("posix_spawn addchdir_np: %d %d, the child wrote \"%s\" in d\n", ac, rs, buf);
    return 0;
}
