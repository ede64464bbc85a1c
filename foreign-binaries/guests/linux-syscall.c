/* Executes a raw Linux `syscall` instruction (getpid, 39): under Burrow that is a guest fault. */
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(39L) : "rcx", "r11", "memory");
    printf("after: %ld\n", r > 0 ? 1L : 0L);
    return 0;
}
