/* The stack protector. toyos-cc compiles -fstack-protector* code to read the canary at %gs:0x28
   (the SDK's TLS block, on ToyOS and in the twin alike); start-up stores it there. */
#include "../internal.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned long __stack_guard_value(const unsigned char *random) {
    unsigned long g = 0;
    if (random) memcpy(&g, random, sizeof g);
    else g = (unsigned long)(__builtin_frame_address(0)) * 0x9e3779b97f4a7c15ul;
    return g & ~0xfful;
}

/* Called by a protected function whose canary changed: the stack is corrupt, so do as little as
   possible: one write, then abort (SIGABRT), as glibc does. */
_Noreturn void __stack_chk_fail(void) {
    static const char msg[] = "*** stack smashing detected ***: terminated\n";
    write(2, msg, sizeof msg - 1);
    abort();
}
