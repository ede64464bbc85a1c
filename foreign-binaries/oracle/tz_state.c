/* When the libc reads TZ, against glibc: localtime_r only the first time (a later setenv needs
   tzset), localtime, ctime and mktime every time; strftime's %Z falls back to tzname (after a
   tzset) when tm_zone is empty; gmtime's zone is GMT and leaves tzname alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(void) {
    time_t t = 1700000000; struct tm tm; char b[64];
    setenv("TZ", "Europe/Paris", 1);
    localtime_r(&t, &tm); printf("first localtime_r: %d %s tzname %s\n", tm.tm_hour, tm.tm_zone, tzname[0]);
    setenv("TZ", "Asia/Tokyo", 1);
    localtime_r(&t, &tm); printf("after setenv, localtime_r: %d %s tzname %s\n", tm.tm_hour, tm.tm_zone, tzname[0]);
    printf("ctime_r: %s", ctime_r(&t, b));
    printf("ctime: %s", ctime(&t));
    localtime_r(&t, &tm); printf("localtime_r after ctime: %d %s\n", tm.tm_hour, tm.tm_zone);
    setenv("TZ", "America/New_York", 1);
    struct tm m = { .tm_year = 124, .tm_mon = 6, .tm_mday = 1, .tm_hour = 12, .tm_isdst = -1 };
    printf("mktime: %lld\n", (long long)mktime(&m));
    setenv("TZ", "Europe/Paris", 1);
    struct tm z = { .tm_year = 124, .tm_mon = 0, .tm_mday = 1, .tm_isdst = 0 };
    for (int d = -1; d <= 2; d++) { z.tm_isdst = d; z.tm_zone = NULL; strftime(b, sizeof b, "[%Z]", &z); printf("zone NULL isdst %d: %s tzname %s/%s\n", d, b, tzname[0], tzname[1]); }
    z.tm_zone = ""; z.tm_isdst = 1; strftime(b, sizeof b, "[%Z]", &z); printf("zone empty: %s\n", b);
    setenv("TZ", "Asia/Kolkata", 1);
    struct tm g; gmtime_r(&t, &g); strftime(b, sizeof b, "[%Z %z]", &g); printf("gmtime: %s tzname %s\n", b, tzname[0]);
    struct tm *lt = localtime(&t); printf("localtime: %d %s\n", lt->tm_hour, lt->tm_zone);
    return 0;
}
