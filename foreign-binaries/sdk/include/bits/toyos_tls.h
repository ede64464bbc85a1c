/* The SDK's thread control block: what %gs:0 points at after crt0 has installed it (ToyOS: set_tls;
   Linux twin: arch_prctl(ARCH_SET_GS)). Public only because errno is a field of it on ToyOS; the layout
   is private to the SDK except for the stack-protector guard, whose offset is part of the ABI
   (docs/abi.md section 5) because compiled code reads it directly (toyos-cc passes
   -mstack-protector-guard=tls -mstack-protector-guard-reg=gs -mstack-protector-guard-offset=40). */
#ifndef _BITS_TOYOS_TLS_H
#define _BITS_TOYOS_TLS_H

#define __TOY_TLS_STACK_GUARD 0x28    /* %gs:0x28, the same offset glibc uses in %fs */

struct __toy_tls {
    struct __toy_tls *self;   /* 0x00 linear address of this block (GS-relative pointers are not portable) */
    int err;                  /* 0x08 errno (ToyOS; the twin keeps errno in a global) */
    int reserved;             /* 0x0c */
    void *slots[3];           /* 0x10 room for the SDK (future: per-thread state) */
    unsigned long stack_guard;/* 0x28 the stack-protector canary (__TOY_TLS_STACK_GUARD) */
    void *slots2[2];          /* 0x30 */
};

_Static_assert(__builtin_offsetof(struct __toy_tls, stack_guard) == __TOY_TLS_STACK_GUARD,
               "stack guard offset");
_Static_assert(sizeof(struct __toy_tls) == 64, "TLS block size");

#endif
