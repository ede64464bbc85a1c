/* Sets RFLAGS.AC (alignment checking) with popf and makes system calls with it set. Burrow's own
 * code must not run with AC set (any unaligned access would fault), and the guest must get its
 * flags back: prints "AC kept across 100 calls" and exits 0. The calls are the SDK's stubs, which
 * make no unaligned access; printing waits until AC is clear again (the libc may do unaligned
 * accesses). */
#include <stdio.h>
#include <unistd.h>

static unsigned long flags(void) {
    unsigned long f;
    __asm__ volatile("pushfq; pop %0" : "=r"(f));
    return f;
}

int main(void) {
    int kept = 0;
    pid_t first = getpid();
    __asm__ volatile("pushfq; orl $0x40000, (%%rsp); popfq" ::: "cc");
    for (int i = 0; i < 100; i++) {
        pid_t p = getpid();
        if ((flags() & 0x40000) && p == first) kept++;
    }
    __asm__ volatile("pushfq; andl $~0x40000, (%%rsp); popfq" ::: "cc");
    printf("AC kept across %d calls\n", kept);
    return kept == 100 ? 0 : 1;
}
