/* musl's <stdio_ext.h> additions, which glibc lacks (so no oracle): __freadahead, __freadptr and
   __freadptrinc over a stream's read buffer (an ungetc'd byte comes first), and __fseterr. gnulib's
   freadahead, freadptr and freadseek use them. */
#include "tt.h"
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

int main(void)
{
    char path[] = "/tmp/tt-stdio-ext.XXXXXX";
    int fd = mkstemp(path);
    ok(fd >= 0, "mkstemp");
    const char text[] = "abcdefghij";
    is_int(write(fd, text, 10), 10, "write 10 bytes");
    close(fd);

    FILE *f = fopen(path, "r");
    is_int((long long)__freadahead(f), 0, "__freadahead: nothing buffered before the first read");
    size_t n = 99;
    ok(__freadptr(f, &n) == NULL, "__freadptr: NULL before the first read");
    is_int(getc(f), 'a', "getc reads 'a'");
    is_int((long long)__freadahead(f), 9, "__freadahead: the 9 bytes left in the buffer");
    const char *p = __freadptr(f, &n);
    ok(p != NULL && n == 9 && memcmp(p, "bcdefghij", 9) == 0, "__freadptr: the buffered bytes, in order");
    __freadptrinc(f, 3);
    is_int(getc(f), 'e', "after __freadptrinc(3), getc reads 'e'");
    is_int(ungetc('X', f), 'X', "ungetc of a different byte");
    is_int((long long)__freadahead(f), 6, "__freadahead counts the pushed-back byte");
    ok(__freadptr(f, &n) == NULL, "__freadptr: NULL while a pushed-back byte comes first");
    is_int(getc(f), 'X', "getc returns the pushed-back byte");
    ok(!ferror(f), "no error yet");
    __fseterr(f);
    ok(ferror(f) != 0, "__fseterr sets the error indicator");
    clearerr(f);
    ok(!ferror(f), "clearerr clears it");
    fclose(f);

    f = fopen(path, "w");
    fputs("xyz", f);
    is_int((long long)__freadahead(f), 0, "__freadahead: 0 on a stream with pending output");
    ok(__freadptr(f, &n) == NULL, "__freadptr: NULL on a stream with pending output");
    is_int(__fsetlocking(f, FSETLOCKING_BYCALLER), FSETLOCKING_INTERNAL, "__fsetlocking: one thread, always internal");
    fclose(f);
    unlink(path);
    return done_testing();
}
