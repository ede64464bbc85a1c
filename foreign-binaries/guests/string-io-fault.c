/* rep insb from the debug console into an unmapped address: the string I/O stops at the bad
   address with SIGSEGV (docs/abi.md 7.3), reported, never a crash of Burrow. Natively ins faults too. */
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    void *dst = (void *)16;
    unsigned long n = 4;
    __asm__ volatile("cld; rep insb" : "+D"(dst), "+c"(n) : "d"(0xE9) : "memory");
    printf("after\n");
    return 0;
}
