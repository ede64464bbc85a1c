/* err.h against glibc: warn/warnx/vwarn messages on stderr (program name, message, error text) and
   err's exit status. */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static void my_warn(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vwarnx(fmt, ap);
    va_end(ap);
}

int main(void) {
    errno = ENOENT;
    warn("opening %s", "missing.txt");
    warnx("plain %d", 42);
    errno = EACCES;
    warn(NULL);
    my_warn("via %s", "vwarnx");
    printf("stdout line\n");
    fflush(stdout);
    errno = ENOTDIR;
    err(3, "fatal %s", "x");
}
