/* <sched.h>: sched_yield only (one thread of control: there is no other scheduler interface). */
#ifndef _SCHED_H
#define _SCHED_H
int sched_yield(void);
#endif
