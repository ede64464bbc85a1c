// Faults xv6 kills a process for, with its trap line: with no argument a load from the reserved
// kernel half (0x90000000, trap 14); with "io" an `in` instruction (trap 13, a general-protection
// fault in user mode).
#include "lib/user.h"

int main(int argc, char **argv) {
    printf(1, "before\n");
    if (argc > 1 && strcmp(argv[1], "io") == 0) {
        __asm__ volatile("inb $0x60, %%al" ::: "eax");
    } else {
        volatile char *p = (volatile char *)0x90000000UL;
        printf(1, "%d\n", *p);
    }
    printf(1, "not reached\n");
    exit();
}
