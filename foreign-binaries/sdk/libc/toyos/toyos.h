/* Helpers of the ToyOS backend. */
#ifndef _SDK_TOYOS_H
#define _SDK_TOYOS_H

#include "../internal.h"
#include <errno.h>
#include <toyos/abi.h>

/* A stub's result as a C return value: the value, or -1 with errno set from the TOY_E* code. */
static inline long toy_ret(struct toy_result r) {
    if (r.error) {
        errno = (int)r.value;
        return -1;
    }
    return r.value;
}

#endif
