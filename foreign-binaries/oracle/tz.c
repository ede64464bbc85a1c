/* Time zones against glibc: fixed instants (past, transitions +-1 s, far future past the files'
   last transition) in zoneinfo zones and POSIX TZ rules; tzname/timezone/daylight after tzset;
   strftime's %Z %z %s; tzname/timezone/daylight after each localtime; mktime for ordinary, skipped (spring-forward) and repeated (fall-back) local
   times with tm_isdst -1, 0 and 1. The zone files are the host's (tzdata), read under Burrow
   through the guest's file calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *zones[] = {
    "UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
    "America/St_Johns", "Pacific/Chatham", "Europe/Dublin", "America/Sao_Paulo", "Africa/Casablanca",
    "Asia/Tokyo", "Europe/Moscow", "America/Los_Angeles", "Australia/Sydney", ":Europe/London",
    "/usr/share/zoneinfo/Asia/Kathmandu", "EST5EDT", "CET-1CEST,M3.5.0,M10.5.0/3",
    "NZST-12NZDT,M9.5.0,M4.1.0/3", "<+0330>-3:30", "<-03>3<-02>,M3.2.0/-2,M11.1.0/-1", "UTC0",
    "JST-9", "XYZ+3:15:30", "AAA3BBB,J60/1,J300", "AAA3BBB,59,299/26", "", "Nonexistent/Zone", "Foo",
};

static const long long instants[] = {
    -4000000000LL, -2208988800LL, -1000000000LL, 0, 1000000000, 1711846799, 1711846800,
    1729990799, 1729990800, 1710054000, 1730613600, 1700000000, 2000000000, 2147483647,
    2147483648LL, 2500000000LL, 4102444800LL, 7000000000LL, 32503680000LL,
};

static void show(const char *what, const struct tm *tm) {
    char buf[128];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z %z %s %a %j", tm);
    printf("  %s %s isdst=%d gmtoff=%ld yday=%d wday=%d\n", what, buf, tm->tm_isdst, tm->tm_gmtoff,
           tm->tm_yday, tm->tm_wday);
}

static void try_mktime(int y, int mo, int d, int h, int mi, int isdst) {
    struct tm tm = { 0 };
    tm.tm_year = y - 1900; tm.tm_mon = mo - 1; tm.tm_mday = d; tm.tm_hour = h; tm.tm_min = mi;
    tm.tm_isdst = isdst;
    time_t t = mktime(&tm);
    char label[64];
    snprintf(label, sizeof label, "mktime %04d-%02d-%02d %02d:%02d dst%+d -> %lld", y, mo, d, h, mi, isdst,
             (long long)t);
    show(label, &tm);
}

int main(void) {
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        setenv("TZ", zones[z], 1);
        tzset();
        printf("TZ=%s: tzname %s/%s timezone %ld daylight %d\n", zones[z], tzname[0], tzname[1], timezone,
               daylight);
        for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
            time_t t = (time_t)instants[i];
            struct tm tm;
            char label[32];
            snprintf(label, sizeof label, "%lld", instants[i]);
            if (localtime_r(&t, &tm)) show(label, &tm);
            else printf("  %s: localtime_r failed\n", label);
            /* glibc's localtime sets these too, to the names in force around t */
            printf("    tzname %s/%s timezone %ld daylight %d\n", tzname[0], tzname[1], timezone, daylight);
        }
        /* Paris and New York 2024: normal, spring-forward gap, fall-back overlap. */
        static const int cases[][5] = {
            { 2024, 7, 1, 12, 0 }, { 2024, 1, 15, 12, 0 }, { 2024, 3, 31, 2, 30 }, { 2024, 10, 27, 2, 30 },
            { 2024, 3, 10, 2, 30 }, { 2024, 11, 3, 1, 30 }, { 1950, 6, 1, 0, 0 }, { 2090, 8, 1, 9, 15 },
            { 2024, 13, 35, 25, 70 },
        };
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
            for (int dst = -1; dst <= 1; dst++)
                try_mktime(cases[c][0], cases[c][1], cases[c][2], cases[c][3], cases[c][4], dst);
        time_t t = 1700000000;
        printf("  ctime %s", ctime(&t));
    }
    unsetenv("TZ");
    tzset();
    printf("TZ unset (/etc/localtime): daylight %d\n", daylight);
    return 0;
}
