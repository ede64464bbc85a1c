/* The ToyOS thread control block: what %gs:0 points at after crt0 has called set_tls.
   Public only because errno is a field of it; the layout is private to the SDK. */
#ifndef _BITS_TOYOS_TLS_H
#define _BITS_TOYOS_TLS_H

struct __toy_tls {
    struct __toy_tls *self;   /* linear address of this block (GS-relative pointers are not portable) */
    int err;                  /* errno */
    int reserved;
    void *slots[6];           /* room for the SDK (future: per-thread state) */
};

#endif
