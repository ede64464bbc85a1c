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
 * ToyOS only (on Linux the last cases would make a real system call). */
#include <stdio.h>
#include <string.h>

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
    char *code = what[strlen(what) - 1] == 'a' ? guard_page_a : guard_page_b;
    if (strcmp(what, "a") == 0 || strcmp(what, "b") == 0) {
        long (*f)(void) = (long (*)(void))(void *)code;
        printf("%s %lx\n", what, f() & 0xffff);
        return 0;
    }
    if (strcmp(what, "inside-a") == 0 || strcmp(what, "inside-b") == 0) {
        printf("%s\n", what);
        fflush(stdout);
        void (*g)(void) = (void (*)(void))(void *)(code + 1);
        g();
        printf("not caught\n");
        return 1;
    }
    return 2;
}
