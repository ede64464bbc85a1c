/* The raw-syscall guard's scan (`--syscall-guard scan`, the default; SyscallGuard.swift) on code
 * that holds the bytes of a Linux `syscall` (0F 05) by accident, inside the immediate of
 * `mov eax, 0x50F`. Page A holds one such instruction: the guard watches the byte with a hardware
 * breakpoint. Page B holds three: more than the breakpoints it uses, so the page itself is held
 * back (executable for the guest, not for the CPU until its first instruction fetch).
 *   guard-page          runs neither page: prints "clean", the guard stays unarmed
 *   guard-page a        calls A's function: "a 50f", still unarmed (the watched byte never runs)
 *   guard-page b        calls B's: "b 50f", the guard arms at B's first fetch, the program goes on
 *   guard-page inside-a / inside-b
 *                       jumps one byte into the mov, onto 0F 05: a raw Linux system call, which
 *                       the guard must catch (death by SIGSYS) after printing the argument
 *   guard-page a-inside-a
 *                       prints its name (the write stub is patched), calls A's function, prints its
 *                       result (a fast-path call), then jumps onto A's 0F 05: with the guard's test
 *                       switch, the hand-over from SUD to the breakpoint happens at that second
 *                       print, so the breakpoint must catch it (SIGSYS after "a-inside-a", "50f")
 *   guard-page split / split-reverse
 *                       an instruction `66 66 0F 05` whose prefixes end one page and whose 0F 05
 *                       begin the next, the two pages made executable one at a time (first page
 *                       first, or second first); calling it must be caught (SIGSYS) like inside-a
 * ToyOS only (on Linux the last cases would make a real system call). */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* Runs `66 66 0F 05 C3` straddling two pages with eax = 39 (Linux getpid: harmless if the guard
 * failed, and then "not caught" is printed). */
static int split(int reverse) {
    unsigned char *m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { perror("mmap"); return 2; }
    /* Copied through volatile reads: stores of constants could be merged into an immediate
     * holding 0F 05 in this function's own code, which would arm the guard before the test. */
    static volatile unsigned char insn[] = {0x66, 0x66, 0x0F, 0x05, 0xC3};
    memset(m, 0xC3, 8192);
    for (int i = 0; i < 5; i++) m[4094 + i] = insn[i];
    unsigned char *first = reverse ? m + 4096 : m, *second = reverse ? m : m + 4096;
    if (mprotect(first, 4096, PROT_READ | PROT_EXEC) != 0 || mprotect(second, 4096, PROT_READ | PROT_EXEC) != 0) {
        perror("mprotect");
        return 2;
    }
    printf("%s\n", reverse ? "split-reverse" : "split");
    fflush(stdout);
    __asm__ volatile("mov $39, %%eax\n call *%0" : : "r"(m + 4094) : "rax", "rcx", "r11", "memory");
    printf("not caught\n");
    return 1;
}

__asm__(".text\n"
        ".balign 4096\n"
        ".globl guard_page_a\n"
        "guard_page_a:\n"
        "   mov $0x50f, %eax\n"   /* B8 0F 05 00 00 */
        "   ret\n"
        ".balign 4096\n"
        ".globl guard_page_b\n"
        "guard_page_b:\n"
        "   mov $0x50f, %eax\n"
        "   mov $0x50f, %eax\n"
        "   mov $0x50f, %eax\n"
        "   ret\n"
        ".balign 4096\n");

extern char guard_page_a[], guard_page_b[];

int main(int argc, char **argv) {
    if (argc < 2) {
        printf("clean\n");
        return 0;
    }
    const char *what = argv[1];
    if (strcmp(what, "split") == 0 || strcmp(what, "split-reverse") == 0) return split(what[5] == '-');
    char *code = what[strlen(what) - 1] == 'a' ? guard_page_a : guard_page_b;
    if (strcmp(what, "a") == 0 || strcmp(what, "b") == 0) {
        long (*f)(void) = (long (*)(void))(void *)code;
        printf("%s %lx\n", what, f() & 0xffff);
        return 0;
    }
    if (strcmp(what, "inside-a") == 0 || strcmp(what, "inside-b") == 0 || strcmp(what, "a-inside-a") == 0) {
        printf("%s\n", what);
        fflush(stdout);
        if (what[1] == '-') {
            long (*f)(void) = (long (*)(void))(void *)code;
            printf("%lx\n", f() & 0xffff);
            fflush(stdout);
        }
        void (*g)(void) = (void (*)(void))(void *)(code + 1);
        g();
        printf("not caught\n");
        return 1;
    }
    return 2;
}
