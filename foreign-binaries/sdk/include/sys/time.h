#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>
#include <time.h>

struct timeval {
    time_t tv_sec;
    suseconds_t tv_usec;
};

/* CLOCK_REALTIME in microseconds; tz must be NULL. */
int gettimeofday(struct timeval *restrict tv, void *restrict tz);
/* utimensat / futimens with microseconds; NULL: now. */
int utimes(const char *path, const struct timeval times[2]);
int futimes(int fd, const struct timeval times[2]);
/* utimes of a symbolic link itself. */
int lutimes(const char *path, const struct timeval times[2]);

#endif
