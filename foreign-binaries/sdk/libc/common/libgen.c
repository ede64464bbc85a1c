/* dirname and basename (POSIX <libgen.h>), and the BSD err/warn family. */
#include <err.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dirname(char *path) {
    static char dot[] = ".", slash[] = "/";
    if (!path || !*path) return dot;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;          /* trailing slashes */
    while (n > 0 && path[n - 1] != '/') n--;          /* the last component */
    if (n == 0) return dot;
    while (n > 1 && path[n - 1] == '/') n--;          /* the slashes before it */
    if (n == 1 && path[0] == '/') {
        /* POSIX leaves a leading "//" to the implementation; glibc keeps exactly two. */
        if (path[1] == '/' && path[2] != '/') { path[2] = 0; return path; }
        return slash;
    }
    path[n] = 0;
    return path;
}

#undef basename
char *__xpg_basename(char *path) {
    static char dot[] = ".";
    if (!path || !*path) return dot;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') path[--n] = 0;
    char *slash = strrchr(path, '/');
    if (!slash || n == 1) return path;
    return slash + 1;
}

/* GNU basename (<string.h> with _GNU_SOURCE). */
#undef basename
char *basename(const char *path);
char *basename(const char *path) {
    const char *slash = strrchr(path, '/');
    return (char *)(slash ? slash + 1 : path);
}

static void vmessage(const char *fmt, va_list ap, int with_errno, int err) {
    fprintf(stderr, "%s: ", program_invocation_short_name);
    if (fmt) {
        vfprintf(stderr, fmt, ap);
        if (with_errno) fputs(": ", stderr);
    }
    if (with_errno) fputs(strerror(err), stderr);
    fputc('\n', stderr);
}

void vwarn(const char *fmt, va_list ap) { vmessage(fmt, ap, 1, errno); }
void vwarnx(const char *fmt, va_list ap) { vmessage(fmt, ap, 0, 0); }
_Noreturn void verr(int status, const char *fmt, va_list ap) { vmessage(fmt, ap, 1, errno); exit(status); }
_Noreturn void verrx(int status, const char *fmt, va_list ap) { vmessage(fmt, ap, 0, 0); exit(status); }

void warn(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vwarn(fmt, ap); va_end(ap); }
void warnx(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vwarnx(fmt, ap); va_end(ap); }
_Noreturn void err(int status, const char *fmt, ...) { va_list ap; va_start(ap, fmt); verr(status, fmt, ap); }
_Noreturn void errx(int status, const char *fmt, ...) { va_list ap; va_start(ap, fmt); verrx(status, fmt, ap); }
