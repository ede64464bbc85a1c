// Faults xv6 kills a process for, with its trap line: with no argument a load from the reserved
// kernel half (0x90000000, trap 14); with "io" an `in` instruction (trap 13, a general-protection
// fault in user mode); with "linux" a Linux system call instruction (`int $0x80` on i386, `syscall`
// on x86-64: getpid), which is not an xv6 call and must never reach the host kernel; with "mode"
// (i386) a far jump to Linux's 64-bit code selector, then `int $64` there: a guest that left its
// mode, which Burrow refuses whatever it does next.
#include "lib/user.h"

int main(int argc, char **argv) {
    printf(1, "before\n");
    if (argc > 1 && strcmp(argv[1], "io") == 0) {
        __asm__ volatile("inb $0x60, %%al" ::: "eax");
    } else if (argc > 1 && strcmp(argv[1], "mode") == 0) {
#ifdef __i386__
        __asm__ volatile("ljmp $0x33, $1f\n1: .byte 0xcd, 0x40" ::: "memory");
#endif
    } else if (argc > 1 && strcmp(argv[1], "linux") == 0) {
#ifdef __i386__
        __asm__ volatile("movl $20, %%eax; int $0x80" ::: "eax", "memory");
#else
        __asm__ volatile("movl $39, %%eax; syscall" ::: "eax", "rcx", "r11", "memory");
#endif
    } else {
        volatile char *p = (volatile char *)0x90000000UL;
        printf(1, "%d\n", *p);
    }
    printf(1, "not reached\n");
    exit();
}
