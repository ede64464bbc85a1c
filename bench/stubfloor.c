// stubfloor - the floor of the patched-stub design on this machine, with no Burrow code at all.
//
//   cc -O2 -o /tmp/stubfloor bench/stubfloor.c && /tmp/stubfloor
//
// A one-byte write to /dev/null three ways, interleaved (15 rounds of N calls, default 300000):
//
//   native        call wrapper; wrapper: mov eax, SYS_write; syscall; ret        (libc's shape)
//   stub, bare    call stub; stub: call [slot]; ret; entry: mov eax, SYS_write; jmp lane;
//                 lane: saves rcx, r11, rdi; syscall; restores them; ret
//                 (what a patched ToyOS stub costs when the call needs nothing else)
//   stub, checks  the same, plus the least a correct lane does: the flags saved and tested
//                 (pushfq; 0x44500 = AC, DF, TF, NT: fastpath.S's FLAGS_FOR_HOST), emms, the
//                 descriptor translated through a table, the raw-syscall selector switched off
//                 and on, the pending-signal test, the flags restored
//
// Each line prints the fastest batch per call. The difference between "stub, checks" and native
// is what Burrow's quick lane (fastpath.S) could cost at best; docs/performance.md section 5
// ("Sixth round") sets the real one against it.
#include <fcntl.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROUNDS 15

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#define STR_(x) #x
#define STR(x) STR_(x)
#define WRITE_NR STR(SYS_write)   // the host's write(2), as <sys/syscall.h> numbers it

void *floor_slot;
int floor_fds[16];
__asm__(".text\n"
        "floor_native: mov $" WRITE_NR ", %eax\n syscall\n ret\n"
        "floor_stub: call *floor_slot(%rip)\n ret\n"
        "floor_entry_bare: mov $" WRITE_NR ", %eax\n jmp floor_bare\n"
        "floor_bare: push %rcx\n push %r11\n push %rdi\n syscall\n pop %rdi\n pop %r11\n pop %rcx\n ret\n"
        "floor_entry_checks: mov $" WRITE_NR ", %eax\n jmp floor_checks\n"
        "floor_checks: push %rcx\n push %r11\n pushfq\n testl $0x44500, (%rsp)\n jnz 9f\n emms\n"
        "   push %rdi\n movslq %edi, %rdi\n lea floor_fds(%rip), %rcx\n movslq (%rcx,%rdi,4), %rdi\n"
        "   movb $0, floor_selector(%rip)\n syscall\n movb $1, floor_selector(%rip)\n"
        "   cmpq $0, floor_pending(%rip)\n jne 9f\n pop %rdi\n popfq\n pop %r11\n pop %rcx\n ret\n"
        "9: ud2\n"
        ".bss\n floor_selector: .byte 0\n .p2align 3\n floor_pending: .quad 0\n .text\n");
extern char floor_native[], floor_stub[], floor_entry_bare[], floor_entry_checks[];

static void loop(void *f, int fd, const char *buf, long n) {
    for (long i = 0; i < n; i++) {
        long x;
        register long rdi __asm__("rdi") = fd;
        register long rsi __asm__("rsi") = (long)buf;
        register long rdx __asm__("rdx") = 1;
        __asm__ volatile("call *%4" : "=a"(x), "+r"(rdi), "+r"(rsi), "+r"(rdx) : "r"(f) : "rcx", "r11", "r8", "r9", "r10", "memory", "cc");
        if (x != 1) { fprintf(stderr, "stubfloor: the write failed (%ld)\n", x); exit(1); }
    }
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 300000;
    if (n <= 0) { fprintf(stderr, "usage: stubfloor [N]\n"); return 2; }
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0 || fd >= 16) { perror("stubfloor: /dev/null"); return 1; }
    floor_fds[fd] = fd;
    char b = 1;
    double best[3] = { 1e9, 1e9, 1e9 };
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now();
        loop(floor_native, fd, &b, n);
        double t1 = now();
        floor_slot = floor_entry_bare;
        loop(floor_stub, fd, &b, n);
        double t2 = now();
        floor_slot = floor_entry_checks;
        loop(floor_stub, fd, &b, n);
        double t3 = now();
        double t[3] = { t1 - t0, t2 - t1, t3 - t2 };
        for (int k = 0; k < 3; k++)
            if (t[k] / (double)n * 1e9 < best[k]) best[k] = t[k] / (double)n * 1e9;
    }
    printf("stubfloor: %ld calls a batch, %d rounds; fastest batch per call\n", n, ROUNDS);
    printf("native          %6.1f ns\n", best[0]);
    printf("stub, bare      %6.1f ns  (%+.1f)\n", best[1], best[1] - best[0]);
    printf("stub, checks    %6.1f ns  (%+.1f)\n", best[2], best[2] - best[0]);
    return 0;
}
