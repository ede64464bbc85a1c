/* printf of long double (%Lf %Le %Lg) against glibc: exact decimal expansions of x87 values, from
   tiny to LDBL_MAX, with rounding at every precision. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    const long double v[] = { 1.0L, 0.1L, 1.0L / 3, 2.0L / 3, 3.14159265358979323846264338327950288L, 1e100L, 1e-100L,
                              123456789.987654321L, 0.5L, 2.5L, -0.0L, 1e4000L, 1e-4000L, LDBL_MAX, LDBL_MIN,
                              3.6451995318824746025e-4951L, 18446744073709551615.0L, 9.999999999999999999999L, INFINITY, -INFINITY, NAN };
    const char *fmts[] = { "%Lf", "%.0Lf", "%.3Lf", "%.25Lf", "%Le", "%.0Le", "%.20Le", "%Lg", "%.18Lg", "%#.3Lg", "%+30.10Le", "%-12.2Lf|", "%025.4Lf" };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++) {
            if (j < 4 && (i == 11 || i == 13)) continue;      /* thousands of digits: once is enough */
            printf(fmts[j], v[i]);
            printf(" ");
        }
        printf("\n");
    }
    printf("%Lf\n%.30Le\n", LDBL_MAX, 3.6451995318824746025e-4951L);
    return 0;
}
