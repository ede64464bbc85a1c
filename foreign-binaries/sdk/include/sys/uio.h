/* Vector I/O. ToyOS has no such call: up to 64 KiB, readv reads once into one buffer and scatters
   it, and writev gathers into one buffer and writes once, so a writev to a pipe stays one write
   (atomic up to PIPE_BUF, as natively); beyond that readv reads at most 64 KiB (a short count) and
   writev writes the pieces in turn. A bad iov_base is a fault in the program, not EFAULT. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H
#include <limits.h>   /* IOV_MAX */
#include <sys/types.h>
#define UIO_MAXIOV IOV_MAX
struct iovec {
    void *iov_base;
    size_t iov_len;
};
ssize_t readv(int fd, const struct iovec *iov, int count);
ssize_t writev(int fd, const struct iovec *iov, int count);
#endif
