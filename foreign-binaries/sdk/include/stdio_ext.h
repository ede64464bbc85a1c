/* <stdio_ext.h>: questions about a stream's state and buffer (the Solaris/glibc/musl interface, with
   musl's buffer-peeking additions). Portable libraries (gnulib's fpending, freading, fpurge,
   freadahead, freadptr, freadseek, fseterr) use these instead of reaching into FILE. */
#ifndef _STDIO_EXT_H
#define _STDIO_EXT_H

#include <stdio.h>

#define FSETLOCKING_QUERY 0
#define FSETLOCKING_INTERNAL 1
#define FSETLOCKING_BYCALLER 2

size_t __fbufsize(FILE *f);            /* the buffer's size (0 before first use) */
size_t __fpending(FILE *f);            /* bytes written but not yet flushed */
int __freading(FILE *f);               /* read-only, or the last operation was a read */
int __fwriting(FILE *f);               /* write-only, or the last operation was a write */
int __freadable(FILE *f);
int __fwritable(FILE *f);
int __flbf(FILE *f);                   /* line buffered */
void __fpurge(FILE *f);                /* drop buffered input and unflushed output */
void __fseterr(FILE *f);               /* set the error indicator */
/* One thread of control: a stream is never locked; every query answers FSETLOCKING_INTERNAL. */
int __fsetlocking(FILE *f, int type);
size_t __freadahead(FILE *f);          /* bytes buffered for reading (a pushed-back byte counts) */
/* The buffered input as one run of bytes (NULL when none, or when a pushed-back byte comes first),
   and consuming N of them (N at most what __freadptr reported). */
const char *__freadptr(FILE *f, size_t *sizep);
void __freadptrinc(FILE *f, size_t n);

#endif
