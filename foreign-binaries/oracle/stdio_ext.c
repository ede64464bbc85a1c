/* <stdio_ext.h> against glibc: the state questions (__fpending, __freading, __fwriting, __freadable,
   __fwritable, __flbf) through a stream's life, and __fpurge dropping input and output. (musl's
   __freadahead/__freadptr/__fseterr, which glibc lacks, are checked by coreutils' port.) */
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void state(const char *what, FILE *f) {
    printf("%-22s pending=%zu reading=%d writing=%d readable=%d writable=%d lbf=%d\n", what, __fpending(f),
           __freading(f) != 0, __fwriting(f) != 0, __freadable(f) != 0, __fwritable(f) != 0, __flbf(f) != 0);
}

int main(void) {
    char path[] = "/tmp/oracle-stdio-ext.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    close(fd);

    FILE *w = fopen(path, "w");
    state("w: fresh", w);
    fputs("hello, world\n", w);
    state("w: after fputs", w);
    fflush(w);
    state("w: after fflush", w);
    fputs("second line\n", w);
    __fpurge(w);
    state("w: after __fpurge", w);
    fclose(w);

    FILE *r = fopen(path, "r");
    state("r: fresh", r);
    printf("getc=%c\n", getc(r));
    state("r: after getc", r);
    fclose(r);

    FILE *u = fopen(path, "r+");
    printf("getc=%c\n", getc(u));
    state("r+: after getc", u);
    __fpurge(u);
    fseek(u, 0, SEEK_CUR);
    fputs("J", u);
    state("r+: after fputs", u);
    fseek(u, 0, SEEK_SET);
    char line[64];
    printf("line=%s", fgets(line, sizeof line, u));
    state("r+: after fgets", u);
    fclose(u);

    FILE *l = fopen(path, "w");
    setvbuf(l, NULL, _IOLBF, 0);
    fputs("partial", l);
    state("w: line buffered", l);
    fclose(l);
    unlink(path);
    return 0;
}
