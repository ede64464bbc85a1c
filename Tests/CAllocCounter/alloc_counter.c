// A counting malloc for the test process (linked only into the test bundle, via
// BurrowSyscallsTests): every allocation goes to glibc's own allocator (__libc_*, exported by
// glibc for exactly this), and the calling thread's counter is raised while it counts. The counter
// is thread-local, so tests running in parallel on other threads never disturb one another; free
// is glibc's (not interposed: nothing to count). The Swift runtime allocates through malloc and
// aligned_alloc/posix_memalign, so every Swift heap object, array buffer and string is seen.
#include "alloc_counter.h"

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread int counting __attribute__((tls_model("initial-exec")));
static __thread long count __attribute__((tls_model("initial-exec")));

void burrow_alloc_count_begin(void) {
    count = 0;
    counting = 1;
}

long burrow_alloc_count_end(void) {
    counting = 0;
    return count;
}

/// With BURROW_ALLOC_BACKTRACE set, each counted allocation prints its stack to stderr (to find
/// where an allocation comes from; symbolize with the test binary's symbols).
static void counted(void) {
    count++;
    static int show = -1;
    if (show < 0) show = getenv("BURROW_ALLOC_BACKTRACE") != NULL;
    if (!show) return;
    counting = 0;   // backtrace itself may allocate (its first call loads the unwinder)
    void *frames[24];
    int n = backtrace(frames, 24);
    write(2, "-- allocation\n", 14);
    backtrace_symbols_fd(frames, n, 2);
    counting = 1;
}

#define COUNT() do { if (counting) counted(); } while (0)

void *malloc(size_t n) {
    COUNT();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size) {
    COUNT();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n) {
    COUNT();
    return __libc_realloc(p, n);
}

void *memalign(size_t alignment, size_t n) {
    COUNT();
    return __libc_memalign(alignment, n);
}

void *aligned_alloc(size_t alignment, size_t n) {
    COUNT();
    return __libc_memalign(alignment, n);
}

int posix_memalign(void **out, size_t alignment, size_t n) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    COUNT();
    void *p = __libc_memalign(alignment, n);
    if (p == NULL) return ENOMEM;
    *out = p;
    return 0;
}

// The test harness (swift-testing) records a backtrace at every `throw` through the runtime's
// willThrow hook, which allocates; Burrow's own process installs no such hook. A guest error is a
// typed throw, so the harness's allocations are not counted: the hook runs with counting paused.
// (Swift's calling convention for these two functions passes the pointers as C does.)
typedef void (*will_throw_typed_fn)(void *, const void *, const void *) __attribute__((swiftcall));

__attribute__((swiftcall)) void swift_willThrowTyped(void *value, const void *type, const void *conformance) {
    int was = counting;
    counting = 0;
    static will_throw_typed_fn real;
    if (real == NULL) real = (will_throw_typed_fn)dlsym(RTLD_NEXT, "swift_willThrowTyped");
    if (real != NULL) real(value, type, conformance);
    counting = was;
}
