/* times(): process CPU time in clock ticks (sysconf(_SC_CLK_TCK) = 100 per second). ToyOS cannot
   split user from system time: all of it is reported as tms_utime; children: 0 (SDK README). */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H

#include <sys/types.h>

struct tms {
    clock_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

clock_t times(struct tms *t);

#endif
