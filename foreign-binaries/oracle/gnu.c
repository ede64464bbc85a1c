/* _GNU_SOURCE as glibc programs use it: GNU basename from <string.h> (no <libgen.h>), the GNU
   strerror_r, program_invocation_short_name. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    (void)argc;
    const char *ps[] = { "/usr/lib", "/usr/", "usr", "/", "", "a/b/c" };
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) printf("basename [%s] = [%s]\n", ps[i], basename(ps[i]));
    char buf[64];
    char *m = strerror_r(ENOENT, buf, sizeof buf);
    printf("strerror_r %s\n", m);
    m = strerror_r(12345, buf, sizeof buf);
    printf("strerror_r unknown %s\n", m);
    printf("short name ok %d\n", strcmp(program_invocation_short_name, basename(argv[0])) == 0);
    return 0;
}
