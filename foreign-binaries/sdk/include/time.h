/* Time. Local time follows TZ and the zoneinfo files (libc/common/tz.c), as glibc does. */
#ifndef _TIME_H
#define _TIME_H

#include <stddef.h>
#include <sys/types.h>
#include <bits/timespec.h>

struct tm {
    int tm_sec, tm_min, tm_hour;
    int tm_mday, tm_mon, tm_year;   /* tm_mon 0-11, tm_year = year - 1900 */
    int tm_wday, tm_yday, tm_isdst;
    long tm_gmtoff;
    const char *tm_zone;
};

#ifdef __TOYOS__
#include <toyos/abi.h>
#define CLOCK_REALTIME           TOY_CLOCK_REALTIME
#define CLOCK_MONOTONIC          TOY_CLOCK_MONOTONIC
#define CLOCK_PROCESS_CPUTIME_ID TOY_CLOCK_PROCESS_CPUTIME
#else
#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#endif
#define CLOCKS_PER_SEC 1000000l
#define TIMER_ABSTIME 1
#define TIME_UTC 1

time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clock, struct timespec *ts);
/* 1 ns for every clock clock_gettime knows (both targets' clocks count nanoseconds); EINVAL otherwise. */
int clock_getres(clockid_t clock, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
size_t strftime(char *restrict s, size_t max, const char *restrict fmt, const struct tm *restrict tm);
double difftime(time_t a, time_t b);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *restrict tm, char *restrict buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);
int timespec_get(struct timespec *ts, int base);
/* TZ: a zoneinfo name or path (optionally after ':'), or a POSIX rule; see libc/common/tz.c. */
extern char *tzname[2];
extern long timezone;
extern int daylight;
void tzset(void);
char *strptime(const char *restrict s, const char *restrict fmt, struct tm *restrict tm);

#endif
