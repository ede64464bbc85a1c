#ifndef _POLL_H
#define _POLL_H

#ifdef __TOYOS__
#include <toyos/abi.h>
#define POLLIN   TOY_POLLIN
#define POLLPRI  TOY_POLLPRI
#define POLLOUT  TOY_POLLOUT
#define POLLERR  TOY_POLLERR
#define POLLHUP  TOY_POLLHUP
#define POLLNVAL TOY_POLLNVAL
#else
#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
#endif

/* The same layout as ToyOS's toy_pollfd and Linux's pollfd: passed to the kernel as is. */
struct pollfd {
    int fd;
    short events;
    short revents;
};
typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms);

#endif
