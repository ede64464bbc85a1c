/* Changes the FS base with wrfsbase (forbidden by the ToyOS ABI; natively it breaks nothing here,
   since the program does not use FS), then makes a system call, where Burrow notices. */
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
#ifdef __TOYOS__
    unsigned long v = 0x1234000;
    __asm__ volatile("wrfsbase %0" :: "r"(v) : "memory");
#endif
    printf("after\n");
    return 0;
}
