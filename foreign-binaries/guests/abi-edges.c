/* Argument checks that the SDK's wrappers never let through, made with the raw calls (docs/abi.md
 * 9.3, 9.4, 9.7): each prints "NAME VALUE ERROR" and the integration test (AbiEdgeTests) knows what
 * each must be; then where an int3 is reported (8.3: info->addr the instruction, ctx's rip after
 * it). With the argument "crash", an int3 without a handler ends it (the crash report). A guest, not
 * a conformance test: the Linux twin has no such calls, and Linux reports int3 at address 0. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <toyos/abi.h>

#ifdef __TOYOS__
static void show(const char *name, struct toy_result r) {
    printf("%s %lld %lld\n", name, (long long)r.value, (long long)r.error);
}

static volatile uint64_t trap_addr, trap_rip;
static void on_trap(int sig, siginfo_t *info, void *context) {
    (void)sig;
    struct toy_sigcontext *ctx = context;
    trap_addr = (uint64_t)(uintptr_t)info->si_addr;
    trap_rip = ctx->regs[TOY_REG_RIP];
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "crash") == 0) {
        fflush(stdout);
        __asm__ volatile("int3");
        return 1;
    }
    /* utimens: an i64 of nanoseconds; 2^63 and above (but the markers) is EINVAL. On a file of its
       own, so that a Burrow that took the times changes nothing anyone else uses. */
    char file[64];
    snprintf(file, sizeof file, "/tmp/abi-edges-%d", (int)toy_sys_getpid().value);
    int fd = (int)toy_sys_open(file, TOY_O_WRONLY | TOY_O_CREAT | TOY_O_TRUNC, 0600).value;
    uint64_t big[2] = { UINT64_C(1) << 63, UINT64_C(1) << 63 };
    show("utimens-2^63", toy_sys_utimens(file, big, 0));
    uint64_t below_markers[2] = { TOY_UTIME_OMIT - 1, TOY_UTIME_OMIT };
    show("utimens-below-markers", toy_sys_utimens(file, below_markers, 0));
    toy_sys_close(fd);
    toy_sys_unlink(file);

    /* map: a negative file offset is EINVAL (not the host's EOVERFLOW). */
    show("map-offset-minus-page", toy_sys_map(0, 4096, TOY_PROT_READ, TOY_MAP_PRIVATE, 0, -4096));

    /* protect: the stack's guard page is no guest memory. */
    uint64_t guard_page = UINT64_C(0x0FFFFFFFF000) - (UINT64_C(8) << 20) - 4096;
    show("protect-guard-page", toy_sys_protect(guard_page, 4096, TOY_PROT_READ | TOY_PROT_WRITE));
    show("protect-past-stack-top", toy_sys_protect(UINT64_C(0x0FFFFFFFF000), 4096, TOY_PROT_READ));

    /* tcsetattr: an unknown flag or a reserved byte that is not 0 is EINVAL (before the terminal is asked). */
    struct toy_termios t;
    memset(&t, 0, sizeof t);
    t.flags = 0x80000000u;
    show("tcsetattr-unknown-flag", toy_sys_tcsetattr(1, TOY_TCSANOW, &t));
    t.flags = TOY_TC_ECHO;
    t.reserved[1] = 7;
    show("tcsetattr-reserved", toy_sys_tcsetattr(1, TOY_TCSANOW, &t));

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    extern char int3_at[], int3_after[];
    __asm__ volatile(".globl int3_at\nint3_at: int3\n.globl int3_after\nint3_after: nop");
    printf("int3 info-addr-is-the-instruction %d rip-is-after-it %d\n", trap_addr == (uint64_t)(uintptr_t)int3_at,
           trap_rip == (uint64_t)(uintptr_t)int3_after);
    return 0;
}
#else
int main(void) { return 0; }
#endif
