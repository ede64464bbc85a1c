/* printf's grouping flag (') against glibc in the C locale, which has no thousands separator: the
   flag is accepted with every other flag, width and precision, and changes nothing. */
#include <locale.h>
#include <stdio.h>

int main(void) {
    printf("[%'d] [%'10d] [%-'10d] [%'+d] [%'010d]\n", 1234567, 1234567, -7654321, 42, 3333);
    printf("[%'ld] [%'lu] [%'zd] [%'i]\n", 9876543210L, 18446744073709551615UL, (size_t)12345678, -1000);
    printf("[%'.2f] [%'12.3f] [%'g]\n", 1234567.891, -9876.5, 1234567.0);
    setlocale(LC_ALL, "C.UTF-8");
    printf("[%'d] [%'.1f]\n", 1000000, 12345.25);
    return 0;
}
