/* trapcost - what a trapped system call costs on this machine, outside Burrow, piece by piece.
 *
 *   cc -O2 -o /tmp/trapcost bench/trapcost.c && /tmp/trapcost [N]
 *
 * Each line runs 15 batches of N iterations (default 20000) and prints the fastest batch and the
 * median batch per operation: on a shared machine the minimum is the cost, the median shows the noise.
 *
 * Native Linux C, no Burrow code: it reproduces the mechanism Burrow uses (docs/performance.md) so
 * that the cost of one trapped call can be split into the kernel's part and Burrow's part.
 *
 *   syscall getpid          a native system call (the baseline a guest call is compared with)
 *   int 0x81 -> SIGSEGV     the trap alone: #GP, signal delivery on a sigaltstack, a handler that
 *                           only moves RIP past the instruction, rt_sigreturn. Burrow's floor.
 *   ... + full sa_mask      the same with sigfillset(sa_mask), as Burrow installs it
 *   ... + SUD armed         Syscall User Dispatch on (selector ALLOW): every host syscall, including
 *                           rt_sigreturn, goes through the dispatch check
 *   ... + rdfsbase & copy   the handler also reads the FS base and copies 18 registers, as Burrow's does
 *   iretq to self           the guest-entry instruction Burrow uses to resume (ring 3 -> ring 3)
 *   ud2 -> SIGILL           another trap kind, for comparison
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1
#define PR_SYS_DISPATCH_OFF 0
#endif

static volatile uint64_t sink;
static uint64_t saved_regs[18];
static volatile uint8_t sud_selector; /* 0 = allow */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void skip2(int sig, siginfo_t *si, void *ucv)
{
    (void)sig; (void)si;
    ucontext_t *uc = ucv;
    uc->uc_mcontext.gregs[REG_RIP] += 2;
}

static void burrowlike(int sig, siginfo_t *si, void *ucv)
{
    (void)sig; (void)si;
    sud_selector = 0;
    uint64_t fs;
    __asm__ volatile("rdfsbase %0" : "=r"(fs));
    sink = fs;
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int order[18] = {REG_RAX, REG_RBX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_RBP, REG_RSP, REG_R8,
                                  REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15, REG_RIP, REG_EFL};
    for (int i = 0; i < 18; i++) saved_regs[i] = (uint64_t)g[order[i]];
    if (uc->uc_mcontext.fpregs) sink += uc->uc_mcontext.fpregs->mxcsr;
    g[REG_RIP] += 2;
}

static void install(void (*h)(int, siginfo_t *, void *), int sig, int fullmask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    if (fullmask) sigfillset(&sa.sa_mask);
    else sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) { perror("sigaction"); exit(1); }
}

#define BATCHES 15

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs body(n) BATCHES times; prints min and median ns per operation; returns the min. */
static double measure(const char *name, double (*body)(long), long n, double base)
{
    double t[BATCHES];
    body(n / 10); /* warm-up */
    for (int i = 0; i < BATCHES; i++) t[i] = body(n) / n;
    qsort(t, BATCHES, sizeof t[0], cmp_double);
    printf("%-36s min %7.1f ns   median %7.1f ns", name, t[0], t[BATCHES / 2]);
    if (base > 0) printf("   (min %+.1f ns vs syscall)", t[0] - base);
    printf("\n");
    return t[0];
}

static double run_getpid(long n)
{
    double t0 = now_ns();
    for (long i = 0; i < n; i++) sink += syscall(SYS_getpid);
    return now_ns() - t0;
}

static double run_ud2(long n)
{
    double t0 = now_ns();
    for (long i = 0; i < n; i++) __asm__ volatile("ud2" ::: "memory");
    return now_ns() - t0;
}

static double run_int81(long n)
{
    double t0 = now_ns();
    for (long i = 0; i < n; i++) __asm__ volatile("int $0x81" ::: "memory");
    return now_ns() - t0;
}

/* iretq to the next instruction, same ring, same stack: Burrow's guest-entry instruction alone. */
static double run_iretq(long n)
{
    double t0 = now_ns();
    for (long i = 0; i < n; i++) {
        __asm__ volatile(
            "mov %%ss, %%eax\n\t"
            "push %%rax\n\t"
            "lea 8(%%rsp), %%rax\n\t"
            "push %%rax\n\t"
            "pushfq\n\t"
            "mov %%cs, %%eax\n\t"
            "push %%rax\n\t"
            "lea 1f(%%rip), %%rax\n\t"
            "push %%rax\n\t"
            "iretq\n"
            "1:\n\t"
            ::: "rax", "memory", "cc");
    }
    return now_ns() - t0;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000;
    if (n <= 0) n = 20000;

    stack_t ss = {.ss_sp = mmap(NULL, 256 * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  .ss_size = 256 * 1024};
    if (sigaltstack(&ss, NULL) != 0) { perror("sigaltstack"); return 1; }

    double base = measure("syscall getpid", run_getpid, n, 0);

    install(skip2, SIGSEGV, 0);
    measure("int 0x81 -> SIGSEGV -> sigreturn", run_int81, n, base);
    install(skip2, SIGSEGV, 1);
    measure("  + full sa_mask", run_int81, n, base);
    install(burrowlike, SIGSEGV, 1);
    measure("  + rdfsbase & register copy", run_int81, n, base);

    if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, 0, 0, &sud_selector) == 0) {
        measure("  + SUD armed (selector allow)", run_int81, n, base);
        measure("syscall getpid, SUD armed", run_getpid, n, base);
        prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0);
    } else {
        printf("  (Syscall User Dispatch not available)\n");
    }

    measure("iretq to self (ring 3)", run_iretq, n, 0);
    install(skip2, SIGILL, 0);
    measure("ud2 -> SIGILL -> sigreturn", run_ud2, n, base);
    return 0;
}
