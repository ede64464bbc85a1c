#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <sys/types.h>

#ifdef __TOYOS__
#include <toyos/abi.h>
#define GRND_NONBLOCK TOY_GRND_NONBLOCK
#else
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#endif

ssize_t getrandom(void *buf, size_t len, unsigned flags);

#endif
