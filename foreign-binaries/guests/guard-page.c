/* The raw-syscall guard's held-back pages (`--syscall-guard scan`, SyscallGuard.swift). This
 * program's code holds the bytes of a Linux `syscall` (0F 05) by accident: inside the immediate of
 * `mov eax, 0x50F`, alone on its own page. The scan finds them at load; the page stays executable
 * for the guest but not for the CPU until its first instruction fetch, which arms the guard.
 *   guard-page          never runs that page: prints "clean", the guard stays unarmed
 *   guard-page call     calls the function: prints "call 50f" (the guard arms, the mov runs)
 *   guard-page inside   jumps one byte into the mov, onto 0F 05: a raw Linux system call, which
 *                       the guard must catch (death by SIGSYS) after printing "inside"
 * ToyOS only (on Linux the last case would make a real system call). */
#include <stdio.h>
#include <string.h>

__asm__(".text\n"
        ".balign 4096\n"
        ".globl guard_page_hit\n"
        "guard_page_hit:\n"
        "   mov $0x50f, %eax\n"   /* B8 0F 05 00 00 */
        "   ret\n"
        ".balign 4096\n");

extern char guard_page_hit[];

int main(int argc, char **argv) {
    if (argc < 2) {
        printf("clean\n");
        return 0;
    }
    if (strcmp(argv[1], "call") == 0) {
        long (*f)(void) = (long (*)(void))(void *)guard_page_hit;
        printf("call %lx\n", f() & 0xffff);
        return 0;
    }
    if (strcmp(argv[1], "inside") == 0) {
        printf("inside\n");
        fflush(stdout);
        void (*g)(void) = (void (*)(void))(void *)(guard_page_hit + 1);
        g();
        printf("not caught\n");
        return 1;
    }
    return 2;
}
