/* <stdio_ext.h> over the SDK's FILE (stdio_impl.h): reading state is buf[rpos, rlen) plus the
   one-byte ungetc slot; writing state is buf[0, wlen). A write drops the read buffer first and a
   read flushes pending output first (stdio.c), so at most one of them is non-empty. */
#include <stdio_ext.h>
#include "stdio_impl.h"

size_t __fbufsize(FILE *f) { return f->cap; }
size_t __fpending(FILE *f) { return f->wlen; }
int __freadable(FILE *f) { return (f->flags & F_READ) != 0; }
int __fwritable(FILE *f) { return (f->flags & F_WRITE) != 0; }
int __flbf(FILE *f) { return f->bufmode == _IOLBF; }

int __freading(FILE *f) {
    if (!(f->flags & F_WRITE)) return 1;
    return f->wlen == 0 && (f->rlen > 0 || f->ungot != EOF || (f->flags & F_EOF));
}

int __fwriting(FILE *f) {
    return !(f->flags & F_READ) || f->wlen > 0;
}

void __fpurge(FILE *f) {
    f->wlen = 0;
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
}

void __fseterr(FILE *f) { f->flags |= F_ERR; }

int __fsetlocking(FILE *f, int type) {
    (void)f; (void)type;
    return FSETLOCKING_INTERNAL;
}

size_t __freadahead(FILE *f) {
    if (f->wlen) return 0;
    return (f->rlen - f->rpos) + (f->ungot != EOF);
}

const char *__freadptr(FILE *f, size_t *sizep) {
    if (f->wlen || f->ungot != EOF || f->rpos == f->rlen) return NULL;
    *sizep = f->rlen - f->rpos;
    return (const char *)f->buf + f->rpos;
}

void __freadptrinc(FILE *f, size_t n) { f->rpos += n; }
