/* stdio against glibc: asprintf, open_memstream, fmemopen, tmpfile, getline/getdelim, mkstemp,
   fgetpos/fsetpos, ungetc, and a selection of printf formats. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char *s = NULL;
    int n = asprintf(&s, "%s-%05d-%.3f-%x-%c|%-6s|%+d", "abc", 42, 3.14159, 255, 'z', "ab", 7);
    printf("asprintf %d [%s]\n", n, s);
    free(s);
    n = asprintf(&s, "%s", "");
    printf("asprintf empty %d [%s]\n", n, s);
    free(s);
    {
        char big[5000];
        memset(big, 'q', sizeof big - 1);
        big[sizeof big - 1] = 0;
        n = asprintf(&s, "<%s>", big);
        printf("asprintf big %d %zu %c%c\n", n, strlen(s), s[0], s[n - 1]);
        free(s);
    }

    /* open_memstream: sizes after fflush, seeking, close. */
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    fprintf(m, "hello %d", 123);
    fflush(m);
    printf("memstream [%s] %zu\n", buf, size);
    fputs(" world", m);
    fseek(m, 0, SEEK_SET);
    fputs("J", m);
    fflush(m);
    printf("memstream after seek [%s] %zu\n", buf, size);
    fseek(m, 0, SEEK_END);
    for (int i = 0; i < 1000; i++) fputc('a' + i % 26, m);
    fclose(m);
    printf("memstream closed %zu %.10s...%s\n", size, buf, buf + size - 5);
    free(buf);

    /* fmemopen: reading and writing a fixed buffer. */
    char fixed[] = "line one\nline two\nlast";
    FILE *r = fmemopen(fixed, strlen(fixed), "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, r)) != -1) printf("fmemopen getline %zd [%s]\n", len, line);
    printf("feof %d\n", feof(r));
    fclose(r);
    char wbuf[16];
    memset(wbuf, 'X', sizeof wbuf);
    FILE *w = fmemopen(wbuf, sizeof wbuf, "w");
    fprintf(w, "%d", 12345);
    fflush(w);
    printf("fmemopen w [%s] pos %ld\n", wbuf, ftell(w));
    fclose(w);

    /* tmpfile, getdelim, fgetpos/fsetpos, ungetc. */
    FILE *t = tmpfile();
    fputs("a,bb,,ccc\nnext", t);
    rewind(t);
    while ((len = getdelim(&line, &cap, ',', t)) != -1) printf("getdelim %zd [%s]\n", len, line);
    rewind(t);
    fpos_t pos;
    fgetc(t);
    fgetpos(t, &pos);
    int c1 = fgetc(t), c2 = fgetc(t);
    fsetpos(t, &pos);
    printf("fsetpos %c%c again %c\n", c1, c2, fgetc(t));
    ungetc('Z', t);
    int u1 = fgetc(t);
    int u2 = fgetc(t);
    printf("ungetc %c then %c, ftell %ld\n", u1, u2, ftell(t));
    fclose(t);
    free(line);

    /* mkstemp: the X's are replaced, the file exists, is empty and writable; bad templates fail. */
    char tmpl[] = "oracle-XXXXXX";
    int fd = mkstemp(tmpl);
    printf("mkstemp fd>=0 %d changed %d prefix %.7s len %zu\n", fd >= 0, strcmp(tmpl, "oracle-XXXXXX") != 0, tmpl, strlen(tmpl));
    printf("write %zd\n", write(fd, "data", 4));
    printf("lseek %ld\n", (long)lseek(fd, 0, SEEK_END));
    close(fd);
    printf("unlink %d\n", unlink(tmpl));
    char bad[] = "oracle-XXXX";
    errno = 0;
    int bad_fd = mkstemp(bad);
    printf("mkstemp bad %d errno EINVAL %d\n", bad_fd, errno == EINVAL);
    char dtmpl[] = "dir-XXXXXX";
    char *d = mkdtemp(dtmpl);
    printf("mkdtemp %d %.4s", d != NULL, d);
    printf(" rmdir %d\n", rmdir(d));

    /* printf formats. */
    printf("[%10.4s][%-10s][%.0f][%#o][%#x][%e][%g][%g][%G]\n", "abcdefg", "hi", 2.5, 8, 255, 12345.678, 0.0001, 1e20, 1e-10);
    printf("[%5.2f%%][%lld][%llu][%hhd][%hd][%zd][%+.3e][% d]\n", 99.555, -9223372036854775807LL - 1, 18446744073709551615ULL, 300, 70000, (ssize_t)-5, -0.0, 5);
    printf("[%*d][%-*d][%.*f][%s]\n", 6, 42, 6, 42, 2, 3.14159, (char *)"x");
    /* Write errors: which call reports them and how many items it says it wrote. A buffer that
       the second write fills exactly is written by the third call, which fails (glibc's way). */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        static char fbuf[4096], data[8192];
        setvbuf(full, fbuf, _IOFBF, sizeof fbuf);
        size_t r1 = fwrite(data, 1, 4095, full), r2 = fwrite(data, 1, 1, full), r3 = fwrite(data, 1, 3, full);
        int e3 = ferror(full) != 0;
        clearerr(full);
        size_t r4 = fwrite(data, 1, 10, full);
        printf("/dev/full: fwrite 4095, 1, 3 -> %zu %zu %zu (error %d); then 10 -> %zu\n", r1, r2, r3, e3, r4);
        static char fbuf2[4096];
        FILE *f2 = fopen("/dev/full", "w");
        setvbuf(f2, fbuf2, _IOFBF, sizeof fbuf2);
        size_t a = fwrite(data, 1, 4000, f2), b = fwrite(data, 4, 50, f2);
        printf("/dev/full: fwrite 4000 then 50 items of 4 -> %zu %zu\n", a, b);
        fclose(f2);
        fclose(full);
    }
    /* A write that fails part-way (a non-blocking pipe takes what fits, then EAGAIN): the whole
       items written before the failure, buffered or not. */
    for (int mode = 0; mode < 2; mode++) {
        int p[2];
        if (pipe2(p, O_NONBLOCK) != 0) break;
        FILE *w = fdopen(p[1], "w");
        static char big[300000];
        setvbuf(w, NULL, mode ? _IOFBF : _IONBF, 4096);
        size_t items = fwrite(big, 8, sizeof big / 8, w);
        printf("non-blocking pipe, %s: %zu of %zu items (the pipe's capacity), error %d\n", mode ? "buffered" : "unbuffered",
               items, sizeof big / 8, ferror(w) != 0);
        fclose(w);
        close(p[0]);
    }
    return 0;
}
