/* vmcall (0F 01 C1) with hypercall 0 (query): the ABI 1.0 hypercall instruction. Where it traps
   (AMD under KVM: a #GP) Burrow answers it like int 0x82 (0x10003 for ABI 1.3); where the
   hypervisor answers it itself (Intel under KVM) rax comes back as -1 and Burrow never sees it. */
#include <stdio.h>
#include <stdint.h>

int main(void) {
    uint64_t rax = 0, rdx = 0;
    __asm__ volatile("vmcall" : "+a"(rax), "=d"(rdx) : : "rcx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
    printf("vmcall: 0x%llx\n", (unsigned long long)rax);
    return 0;
}
