// Reads the reserved kernel half (0x90000000): xv6 kills it with a trap line.
#include "lib/user.h"

int main(void) {
    printf(1, "before\n");
    volatile char *p = (volatile char *)0x90000000UL;
    printf(1, "%d\n", *p);
    printf(1, "not reached\n");
    exit();
}
