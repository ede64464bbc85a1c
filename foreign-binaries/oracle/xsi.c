/* Without _GNU_SOURCE: the XSI strerror_r (an int), and POSIX basename from <libgen.h> alongside
   <string.h>. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char buf[64];
    int r = strerror_r(ENOENT, buf, sizeof buf);
    printf("strerror_r %d [%s]\n", r, buf);
    char small[4];
    r = strerror_r(ENOENT, small, sizeof small);
    printf("small: ERANGE %d\n", r == ERANGE);
    char p[] = "/usr/lib/";
    printf("basename [%s]\n", basename(p));
    return 0;
}
