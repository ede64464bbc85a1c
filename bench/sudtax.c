/* sudtax - what the raw-syscall guard costs every host system call, and what the alternatives cost.
 *
 *   cc -O2 -o /tmp/sudtax bench/sudtax.c && /tmp/sudtax [N]
 *
 * Native Linux C, no Burrow code. Each mode runs in a child of its own (a seccomp filter cannot be
 * removed), 15 batches of N iterations (default 200000) of two cheap calls: getppid, and read(fd,
 * buf, 0) on an empty pipe (the `nullcall` workload). Prints the fastest batch and the median batch.
 *
 *   guard off             the plain system call
 *   SUD, selector ALLOW   Syscall User Dispatch armed as Burrow arms it while its own code runs:
 *                         every system call takes the kernel's slow entry path (syscall_enter_from_
 *                         user_mode_work) to look at the selector byte
 *   seccomp, IP ranges    the alternative: a BPF filter that allows calls whose instruction pointer
 *                         lies in this executable's text or libc's (two ranges), and would trap
 *                         any other; no selector to flip, but the filter runs on every call
 *   seccomp, allow-all    a filter that allows everything (the kernel's constant-action cache
 *                         skips running it): the floor of any seccomp-based guard
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1
#endif

static long N = 200000;
static volatile char selector;   /* 0 = allow */
static int pipefd[2];

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void measure(const char *mode, const char *what, int which) {
    double per[15];
    char buf[1];
    for (int b = 0; b < 15; b++) {
        uint64_t t0 = now_ns();
        for (long i = 0; i < N; i++) {
            if (which == 0) syscall(SYS_getppid);
            else if (syscall(SYS_read, pipefd[0], buf, 0) != 0) abort();
        }
        per[b] = (double)(now_ns() - t0) / (double)N;
    }
    qsort(per, 15, sizeof per[0], cmp);
    printf("%-22s %-10s min %7.1f ns  median %7.1f ns\n", mode, what, per[0], per[7]);
    fflush(stdout);
}

static uint64_t text_lo, text_hi, libc_lo, libc_hi;
static int find_ranges(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size; (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || !(p->p_flags & PF_X)) continue;
        uint64_t lo = info->dlpi_addr + p->p_vaddr, hi = lo + p->p_memsz;
        if (info->dlpi_name[0] == 0 && !text_lo) { text_lo = lo; text_hi = hi; }
        else if (strstr(info->dlpi_name, "libc.so")) { libc_lo = lo; libc_hi = hi; }
    }
    return 0;
}

static int install_seccomp(int ranges) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    dl_iterate_phdr(find_ranges, NULL);
    /* IP < 2^32 for both ranges is not assumed: compare the high word, then the low word. */
#define IPLO offsetof(struct seccomp_data, instruction_pointer)
#define IPHI (offsetof(struct seccomp_data, instruction_pointer) + 4)
#define RANGE(lo, hi) \
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IPHI), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)((lo) >> 32), 0, 5), \
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, IPLO), \
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)(lo), 0, 3), \
    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)(hi), 2, 0), \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
    struct sock_filter with_ranges[] = {
        RANGE(text_lo, text_hi),
        RANGE(libc_lo, libc_hi),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    };
    struct sock_filter allow_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
    struct sock_fprog prog = ranges ? (struct sock_fprog){ sizeof with_ranges / sizeof with_ranges[0], with_ranges }
                                    : (struct sock_fprog){ 1, allow_all };
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

static void run_mode(int mode) {
    const char *names[] = { "guard off", "SUD, selector ALLOW", "seccomp, IP ranges", "seccomp, allow-all" };
    pid_t pid = fork();
    if (pid != 0) { int st; waitpid(pid, &st, 0); return; }
    if (mode == 1 && prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, 0, 0, &selector) != 0) { perror("SUD"); _exit(1); }
    if ((mode == 2 || mode == 3) && install_seccomp(mode == 2) != 0) { perror("seccomp"); _exit(1); }
    measure(names[mode], "getppid", 0);
    measure(names[mode], "read(0)", 1);
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc > 1) N = atol(argv[1]);
    if (pipe(pipefd) != 0) return 1;
    /* Interleaved twice, so drift in machine load shows as disagreement between the rounds. */
    for (int round = 0; round < 2; round++)
        for (int mode = 0; mode < 4; mode++) run_mode(mode);
    return 0;
}
