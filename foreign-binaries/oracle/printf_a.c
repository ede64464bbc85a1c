/* %a and %A against glibc: normal, subnormal, zero, negative, precision (with rounding and carry),
   flags and widths, long double, infinities and NaN. */
#include <float.h>
#include <math.h>
#include <stdio.h>

int main(void) {
    const double v[] = { 1.0, 1.5, -0.1, 3.141592653589793, 0.0, -0.0, 1e-310, 4.9e-324, DBL_MAX, DBL_MIN,
                         1.9999999999999998, 0.5, 255.0, 1e100, INFINITY, -INFINITY, NAN };
    const char *fmts[] = { "%a", "%A", "%.0a", "%.1a", "%.3a", "%.13a", "%.20a", "%#.0a", "%+a", "% a", "%20a",
                           "%-20a|", "%020a", "%+020.3A" };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++) {
            printf("[");
            printf(fmts[j], v[i]);
            printf("] ");
        }
        printf("\n");
    }
    const long double lv[] = { 2.0L, 1.0L, -0.1L, 3.14159265358979323846L, 0.0L, LDBL_MAX, LDBL_MIN };
    for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++) printf("[%La] [%.3La] [%LA]\n", lv[i], lv[i], lv[i]);
    return 0;
}
