/* strftime against glibc: every C99/POSIX conversion, the E and O modifiers, glibc's flags
   (- _ 0 ^ #) and field widths, at dates that exercise the ISO week-based year (%G %g %V), the
   week numbers (%U %W), 12-hour clocks and negative or large years; in UTC and in Europe/Paris. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(void) {
    static const char *convs = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+";
    static const char *mods[] = { "", "E", "O", "-", "_", "0", "^", "#", "10", "-3", "_5", "^#" };
    static const long long instants[] = { 0, 951782400, 1104537600, 1230681600, 1293753600, 1700000000,
                                          -2208988800LL, 4102444800LL, 1711846800, -62135596800LL, 253402300799LL };
    static const char *zones[] = { "UTC", "Europe/Paris" };
    for (int z = 0; z < 2; z++) {
        setenv("TZ", zones[z], 1);
        tzset();
        for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
            time_t t = (time_t)instants[i];
            struct tm tm;
            localtime_r(&t, &tm);
            for (size_t m = 0; m < sizeof mods / sizeof mods[0]; m++) {
                printf("%s %lld %%%s:", zones[z], instants[i], mods[m]);
                for (const char *c = convs; *c; c++) {
                    char fmt[16], buf[256];
                    snprintf(fmt, sizeof fmt, "%%%s%c", mods[m], *c);
                    size_t n = strftime(buf, sizeof buf, fmt, &tm);
                    printf(" %c[%s]", *c, n ? buf : "");
                }
                printf("\n");
            }
        }
    }
    struct tm odd = { .tm_year = -1901, .tm_mon = 0, .tm_mday = 1, .tm_wday = 1 };
    char buf[64];
    printf("%zu [%s]\n", strftime(buf, sizeof buf, "%Y %C %y %G %g", &odd), buf);
    printf("%zu\n", strftime(buf, 5, "%Y-%m-%d", &odd));
    return 0;
}
