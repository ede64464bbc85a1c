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

/* fdpath.c: the libc's table of the paths descriptors were opened with (the *at emulation). */
hidden void __fdpath_opened(int fd, const char *path);
hidden void __fdpath_drop(int fd);
hidden void __fdpath_dup(int oldfd, int newfd);
hidden void __fdpath_cwd_changed(void);
hidden char *__fdpath_absolute(const char *path);
hidden const char *__fdpath_get(int fd);
hidden const char *__fdpath_at(int dirfd, const char *path, char **owned);

/* misc.c: the umask the libc applies (ToyOS has no umask of its own). */
hidden unsigned __toy_umask_apply(unsigned mode);

#endif
