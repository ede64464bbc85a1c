/* The FILE structure, shared by the stdio files. */
#ifndef _SDK_STDIO_IMPL_H
#define _SDK_STDIO_IMPL_H

#include <stdio.h>
#include "../internal.h"

#define F_READ   1      /* opened for reading */
#define F_WRITE  2      /* opened for writing */
#define F_EOF    4
#define F_ERR    8
#define F_STATIC 16     /* stdin/stdout/stderr: never freed */
#define F_OWNBUF 32     /* buf came from malloc */
#define F_MODESET 64    /* buffering mode chosen (setvbuf or first use) */

struct __sdk_file {
    int fd;
    int flags;
    int bufmode;            /* _IOFBF, _IOLBF, _IONBF */
    int ungot;              /* a character pushed back by ungetc, or EOF */
    unsigned char *buf;
    size_t cap;
    size_t rpos, rlen;      /* reading: unread bytes are buf[rpos, rlen) */
    size_t wlen;            /* writing: buf[0, wlen) is waiting to be written */
    unsigned char one;      /* the buffer of an unbuffered stream */
    /* A stream over functions instead of a descriptor (fopencookie, fmemopen, open_memstream):
       fd is -1 and every transfer goes through these. */
    int orient;             /* fwide: 0 none yet, -1 bytes, 1 wide characters */
    int cookie_io;
    cookie_io_functions_t io;
    void *cookie;
    struct __sdk_file *next, *prev;   /* every open stream, for fflush(NULL) and exit */
};

/* The stream's transfers: its descriptor, or its cookie functions. */
hidden ssize_t __stdio_read(FILE *f, void *buf, size_t n);
hidden ssize_t __stdio_write(FILE *f, const void *buf, size_t n);
hidden off_t __stdio_seek(FILE *f, off_t off, int whence);

hidden int __stdio_flush_write(FILE *f);
/* Wide stdio (wchar.c) formats through the narrow printf on a wide-oriented stream. */
hidden int __vfprintf_any(FILE *restrict f, const char *restrict fmt, va_list ap);
hidden int __stdio_prepare(FILE *f);
hidden int __stdio_fill(FILE *f);
hidden FILE *__stdio_new(int fd, int flags);

#endif
