/* toytest: TAP output for conformance programs (see include/toytest.h). */
#include "../internal.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <toytest.h>
#include <unistd.h>

static int planned = -1, run, failed, hooked;

/* At exit: a failed test or a broken plan turns a successful exit into status 1, so a test program
   that simply returns 0 from main still reports failure. */
static void at_exit(void) {
    if (planned >= 0 && run != planned) {
        printf("# Looks like you planned %d tests but ran %d.\n", planned, run);
        failed++;
    }
    if (failed) {
        if (run) printf("# Looks like you failed %d test%s of %d.\n", failed, failed == 1 ? "" : "s", run);
        fflush(stdout);
        _Exit(1);
    }
}

static void hook(void) {
    if (hooked) return;
    hooked = 1;
    atexit(at_exit);
    setvbuf(stdout, NULL, _IOLBF, 0);   /* every TAP line leaves before a possible crash */
}

void plan(int n) {
    hook();
    planned = n;
    printf("1..%d\n", n);
}

static int report(int pass, const char *name) {
    hook();
    run++;
    if (!pass) failed++;
    printf("%s %d%s%s\n", pass ? "ok" : "not ok", run, name && *name ? " - " : "", name ? name : "");
    return pass;
}

int ok(int cond, const char *fmt, ...) {
    char name[512] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(name, sizeof name, fmt, ap);
        va_end(ap);
    }
    return report(cond != 0, name);
}

void diag(const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* One "# " per line of the message. */
    for (char *line = msg, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (nl) *nl = 0;
        printf("# %s\n", line);
    }
}

int is_int(long long got, long long want, const char *name) {
    int pass = report(got == want, name);
    if (!pass) diag("  got: %lld\n  expected: %lld", got, want);
    return pass;
}

int is_str(const char *got, const char *want, const char *name) {
    int pass = report(got && want ? strcmp(got, want) == 0 : got == want, name);
    if (!pass) diag("  got: %s%s%s\n  expected: %s%s%s", got ? "'" : "", got ? got : "NULL", got ? "'" : "",
                    want ? "'" : "", want ? want : "NULL", want ? "'" : "");
    return pass;
}

const char *errno_name(int err) {
    static char buf[16];
    const char *n = __errno_name(err);
    if (n) return n;
    snprintf(buf, sizeof buf, "E?%d", err);
    return buf;
}

int is_errno(long long result, int want, const char *name) {
    int err = errno;                     /* before anything here can change it */
    int pass = report(result == -1 && err == want, name);
    if (!pass) {
        if (result != -1) diag("  call succeeded (returned %lld); expected failure with %s", result, errno_name(want));
        else diag("  errno: %s\n  expected: %s", errno_name(err), errno_name(want));
    }
    return pass;
}

void skip(const char *why) {
    hook();
    run++;
    printf("ok %d # SKIP %s\n", run, why ? why : "");
}

int exit_status(void) {
    return failed || (planned >= 0 && run != planned) ? 1 : 0;
}

int done_testing(void) {
    if (planned < 0) {
        planned = run;
        printf("1..%d\n", run);
    }
    return exit_status();
}
