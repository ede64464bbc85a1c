/* Makes ToyOS system calls with prefixed `int 0x81` instructions (66 CD 81, F3 40 CD 81): the CPU
 * ignores the prefixes, and Burrow must resume after the instruction's real length. Prints the pid
 * each way and "same" when they agree. ToyOS only: the native twin has no int 0x81. */
#include <stdio.h>
#include <toyos/abi.h>
#include <unistd.h>

static long prefixed_getpid(int form) {
    long r;
    if (form == 0)
        __asm__ volatile(".byte 0x66, 0xcd, 0x81" : "=a"(r) : "a"((long)TOY_SYS_getpid) : "rdx", "memory", "cc");
    else
        __asm__ volatile(".byte 0xf3, 0x40, 0xcd, 0x81" : "=a"(r) : "a"((long)TOY_SYS_getpid) : "rdx", "memory", "cc");
    return r;
}

int main(void) {
    long a = prefixed_getpid(0), b = prefixed_getpid(1), c = getpid();
    printf("%s\n", a == c && b == c ? "same" : "different");
    return a == c && b == c ? 0 : 1;
}
