/* GNU and BSD functions a port trial's configure scripts looked for (sed, m4, bc, grep, diffutils):
   each made of the SDK's own calls (lutimes is with utimes, in extensions.c). Both targets. */
#define _GNU_SOURCE 1
#include "../internal.h"
#include <errno.h>
#include <error.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

pid_t vfork(void) { return fork(); }

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
    int saved = errno;
    int r = sigprocmask(how, set, old) == 0 ? 0 : errno;
    errno = saved;
    return r;
}

int clock_getres(clockid_t clock, struct timespec *res) {
    struct timespec now;
    if (clock_gettime(clock, &now) != 0) return -1;
    if (res) *res = (struct timespec){ 0, 1 };
    return 0;
}

int close_range(unsigned first, unsigned last, int flags) {
    if (first > last || (flags & ~CLOSE_RANGE_CLOEXEC)) { errno = EINVAL; return -1; }
    /* No descriptor is at or above the limit (a positive number on both targets). */
    unsigned limit = (unsigned)getdtablesize();
    for (unsigned fd = first; fd <= last && fd < limit; fd++) {
        if (flags & CLOSE_RANGE_CLOEXEC) {
            int fl = fcntl((int)fd, F_GETFD);
            if (fl >= 0) fcntl((int)fd, F_SETFD, fl | FD_CLOEXEC);
        } else {
            close((int)fd);
        }
    }
    return 0;
}

char *secure_getenv(const char *name) {
    return getuid() == geteuid() && getgid() == getegid() ? getenv(name) : NULL;
}

char *canonicalize_file_name(const char *path) { return realpath(path, NULL); }

const char *getprogname(void) { return program_invocation_short_name; }

void *rawmemchr(const void *s, int c) {
    const unsigned char *p = s;
    while (*p != (unsigned char)c) p++;
    return (void *)p;
}

wchar_t *wmempcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n) { return wmemcpy(d, s, n) + n; }

unsigned error_message_count;
void (*error_print_progname)(void);
int error_one_per_line;

/* As glibc: PROG then ": " (error) or PROG then ":FILE:LINE: " (error_at_line; " " without a file),
   error_print_progname replacing the PROG part; then the message and ": strerror(errnum)". */
static void verror_at(int status, int errnum, int at_line, const char *file, unsigned line, const char *format, va_list ap) {
    fflush(stdout);
    if (error_print_progname) error_print_progname();
    else fprintf(stderr, at_line ? "%s:" : "%s: ", program_invocation_name);
    if (at_line) {
        if (file) fprintf(stderr, "%s:%u: ", file, line);
        else fputc(' ', stderr);
    }
    vfprintf(stderr, format, ap);
    if (errnum) fprintf(stderr, ": %s", strerror(errnum));
    fputc('\n', stderr);
    fflush(stderr);
    error_message_count++;
    if (status) exit(status);
}

void error(int status, int errnum, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    verror_at(status, errnum, 0, NULL, 0, format, ap);
    va_end(ap);
}

void error_at_line(int status, int errnum, const char *file, unsigned line, const char *format, ...) {
    if (error_one_per_line) {
        static const char *last_file;
        static unsigned last_line;
        if (line == last_line && (file == last_file || (file && last_file && strcmp(file, last_file) == 0))) return;
        last_file = file;
        last_line = line;
    }
    va_list ap;
    va_start(ap, format);
    verror_at(status, errnum, 1, file, line, format, ap);
    va_end(ap);
}
