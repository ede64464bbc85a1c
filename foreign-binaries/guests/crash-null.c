/* Dereferences NULL after printing a line: Burrow must report the fault address 0 and exit 139. */
#include <stdio.h>

int main(void) {
    printf("about to crash\n");
    fflush(stdout);
    volatile int *p = (volatile int *)0;
    return *p;
}
