/* Process life cycle shared by both backends: constructors, main, atexit, exit, abort. */
#include "../internal.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;
int main(int argc, char **argv, char **envp);

/* Provided by the linker (the SDK's linker script for ToyOS, lld's defaults for the twin). */
typedef void (*init_fn)(void);
extern init_fn __init_array_start[] __attribute__((weak, visibility("hidden")));
extern init_fn __init_array_end[] __attribute__((weak, visibility("hidden")));
extern init_fn __fini_array_start[] __attribute__((weak, visibility("hidden")));
extern init_fn __fini_array_end[] __attribute__((weak, visibility("hidden")));

/* Weak: a program that defines its own (gnulib's argp-pin.c, when configure did not find these)
   gets one copy, which this still sets; glibc's are found by configure through <errno.h>. */
__attribute__((weak)) char *program_invocation_name = "";
__attribute__((weak)) char *program_invocation_short_name = "";

_Noreturn void __libc_start_main(int argc, char **argv, char **envp) {
    environ = envp;
    if (argc > 0 && argv[0]) {
        program_invocation_name = program_invocation_short_name = argv[0];
        char *slash = strrchr(argv[0], '/');
        if (slash) program_invocation_short_name = slash + 1;
    }
    for (init_fn *f = __init_array_start; f < __init_array_end; f++) (*f)();
    exit(main(argc, argv, envp));
}

#define ATEXIT_MAX 64
static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

int atexit(void (*fn)(void)) {
    if (nhandlers == ATEXIT_MAX) return -1;
    handlers[nhandlers++] = fn;
    return 0;
}

_Noreturn void exit(int status) {
    /* Handlers in reverse order of registration; a handler may register more. */
    while (nhandlers > 0) handlers[--nhandlers]();
    for (init_fn *f = __fini_array_end; f > __fini_array_start;) (*--f)();
    __stdio_exit();
    _exit(status);
}

_Noreturn void _Exit(int status) { _exit(status); }

_Noreturn void abort(void) {
    /* Like glibc: no stdio flush. raise() kills the process by SIGABRT when signals work; if the
       platform cannot deliver it (Burrow may answer ENOSYS), exit with 128 + SIGABRT as a shell
       would report it. */
    raise(SIGABRT);
    _exit(128 + SIGABRT);
}

_Noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func) {
    fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
    abort();
}

char *strerror(int err) {
    static char unknown[32];
    const char *m = __errno_message(err);
    if (m) return (char *)m;
    snprintf(unknown, sizeof unknown, "Unknown error %d", err);
    return unknown;
}

char *strsignal(int sig) {
    static char unknown[32];
    const char *m = __signal_message(sig);
    if (m) return (char *)m;
    snprintf(unknown, sizeof unknown, "Unknown signal %d", sig);
    return unknown;
}
