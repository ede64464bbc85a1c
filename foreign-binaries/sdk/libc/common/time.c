/* Calendar time in UTC (local time and time zones are in tz.c). Civil-date arithmetic after Howard Hinnant's days_from_civil. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}


struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm) {
    int64_t secs = *t;
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) { rem += 86400; days--; }
    tm->tm_hour = (int)(rem / 3600);
    tm->tm_min = (int)(rem / 60 % 60);
    tm->tm_sec = (int)(rem % 60);
    tm->tm_wday = (int)((days % 7 + 11) % 7);          /* 1970-01-01 was a Thursday */
    /* civil_from_days */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    if (y - 1900 > INT32_MAX || y - 1900 < INT32_MIN) { errno = EOVERFLOW; return NULL; }
    tm->tm_year = (int)(y - 1900);
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
    tm->tm_isdst = 0;
    tm->tm_gmtoff = 0;
    tm->tm_zone = "GMT";                 /* glibc's name for gmtime's zone */
    return tm;
}

struct tm *gmtime(const time_t *t) {
    static struct tm tm;
    return gmtime_r(t, &tm);
}


/* Normalises out-of-range fields (tm_mon 14, tm_mday 0, ...) like mktime must, and fills wday/yday. */
time_t timegm(struct tm *tm) {
    int64_t mon = tm->tm_mon, year = (int64_t)tm->tm_year + 1900;
    year += mon / 12;
    mon %= 12;
    if (mon < 0) { mon += 12; year--; }
    int64_t days = days_from_civil(year, (int)mon + 1, 1) + tm->tm_mday - 1;
    time_t t = (time_t)(days * 86400 + (int64_t)tm->tm_hour * 3600 + (int64_t)tm->tm_min * 60 + tm->tm_sec);
    gmtime_r(&t, tm);
    return t;
}


double difftime(time_t a, time_t b) { return (double)(a - b); }

time_t time(time_t *t) {
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0) return (time_t)-1;
    if (t) *t = ts.tv_sec;
    return ts.tv_sec;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    (void)tz;
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0) return -1;
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
    return 0;
}

clock_t clock(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return (clock_t)-1;
    return (clock_t)(ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (1000000000 / CLOCKS_PER_SEC));
}

unsigned sleep(unsigned seconds) {
    struct timespec req = { seconds, 0 }, rem = { 0, 0 };
    if (nanosleep(&req, &rem) < 0) return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

int usleep(useconds_t usec) {
    struct timespec req = { usec / 1000000, (long)(usec % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}


/* asctime's fixed format: "Sun Sep 16 01:03:52 1973\n". */
char *asctime_r(const struct tm *restrict tm, char *restrict buf) {
    static const char wd[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char mn[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    snprintf(buf, 26, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n",
             tm->tm_wday >= 0 && tm->tm_wday < 7 ? wd[tm->tm_wday] : "???",
             tm->tm_mon >= 0 && tm->tm_mon < 12 ? mn[tm->tm_mon] : "???",
             tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, 1900 + tm->tm_year);
    return buf;
}

char *asctime(const struct tm *tm) {
    static char buf[26];
    return asctime_r(tm, buf);
}

char *ctime_r(const time_t *t, char *buf) {
    struct tm tm;
    if (!localtime_r(t, &tm)) return NULL;
    return asctime_r(&tm, buf);
}

char *ctime(const time_t *t) {            /* asctime(localtime(t)): reads TZ again, as glibc's */
    static char buf[26];
    struct tm *tm = localtime(t);
    return tm ? asctime_r(tm, buf) : NULL;
}

int timespec_get(struct timespec *ts, int base) {
    if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) < 0) return 0;
    return base;
}
