// 32-bit guests in compatibility mode (xv6's i386 flavour): the LDT segments that confine a guest
// linked at address 0 to a partition of the host's address space, and the entry that switches code
// segments (trampoline32.S). Kept apart from runtime.c so that the 64-bit paths stay as they are.
//
// Measured on this machine (AMD EPYC under KVM, Linux 6.18): iretq to an LDT code selector with
// base B runs 32-bit code at host address B + eip; `int $0x40` there is a #GP with error code
// 0x40<<3|2 delivered to the 64-bit handler with rip = eip (segment-relative) and cs/ss = the LDT
// selectors; a load at or above the limit is a #GP with error code 0 (si_addr 0); a load inside the
// limit at an unmapped page is an ordinary page fault whose si_addr is the linear (host) address.
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <asm/ldt.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern uint32_t burrow_enter_guest32(burrow_vcpu *v, volatile uint8_t *sud_selector) __attribute__((visibility("hidden")));

__attribute__((visibility("hidden")))
uint32_t burrow_enter_compat(burrow_vcpu *v, volatile uint8_t *sud_selector) {
    uint32_t r = burrow_enter_guest32(v, sud_selector);
    // DS/ES still hold the guest's data selector. 64-bit code ignores them, but a null selector is
    // what Linux gives a 64-bit process, and nothing of the guest's should outlive its run.
    __asm__ volatile("mov %0, %%ds; mov %0, %%es" :: "r"((uint16_t)0));
    return r;
}

uint16_t burrow_guest_cs(const burrow_vcpu *v) { return v->guest_cs ? v->guest_cs : burrow_host_cs(); }

void burrow_vcpu_set_compat(burrow_vcpu *v, uint16_t cs, uint16_t ss_ds) {
    v->guest_cs = cs;
    v->guest_ss = cs ? ss_ds : 0;
    v->guest_ds = cs ? ss_ds : 0;
}

// Linux's GDT layout is fixed: __USER32_CS is entry 4 and __USER_DS entry 5, both DPL 3.
uint16_t burrow_flat32_cs(void) { return 0x23; }
uint16_t burrow_flat32_ds(void) { return 0x2b; }

uint16_t burrow_ldt_selector(int index) { return (uint16_t)((index << 3) | 4 | 3); }

int burrow_ldt_set(int index, uint32_t base, uint32_t pages, int code) {
    if (pages == 0 || pages > 0x100000 || (uint64_t)base + (uint64_t)pages * 4096 > 0x100000000ull) return EINVAL;
    struct user_desc d;
    memset(&d, 0, sizeof d);
    d.entry_number = (unsigned)index;
    d.base_addr = base;
    d.limit = pages - 1;             // in pages, inclusive
    d.seg_32bit = 1;
    d.contents = code ? MODIFY_LDT_CONTENTS_CODE : MODIFY_LDT_CONTENTS_DATA;
    d.read_exec_only = 0;            // code: execute/read; data: read/write
    d.limit_in_pages = 1;
    d.seg_not_present = 0;
    d.useable = 1;
    // func 0x11: write an entry in the current format.
    if (syscall(SYS_modify_ldt, 0x11, &d, sizeof d) != 0) return errno;
    return 0;
}

int burrow_ldt_get(int index, uint32_t *base, uint32_t *limit, uint32_t *flags) {
    // func 0: read the whole LDT as the CPU's 8-byte descriptors.
    uint64_t table[64];
    long n = syscall(SYS_modify_ldt, 0, table, sizeof table);
    if (n < 0) return errno;
    if (index < 0 || (long)(index + 1) * 8 > n) return ENOENT;
    uint64_t e = table[index];
    if (e == 0) return ENOENT;
    uint32_t b = (uint32_t)((e >> 16) & 0xffffff) | (uint32_t)((e >> 56) & 0xff) << 24;
    uint32_t l = (uint32_t)(e & 0xffff) | (uint32_t)((e >> 48) & 0xf) << 16;
    if ((e >> 55) & 1) l = (l << 12) | 0xfff;   // granularity: 4 KiB units
    *base = b;
    *limit = l;
    *flags = (uint32_t)((e >> 47) & 1) | (uint32_t)((e >> 43) & 1) << 1 |
             (uint32_t)((e >> 54) & 1) << 2 | (uint32_t)(((e >> 45) & 3) == 3) << 3;
    return 0;
}
