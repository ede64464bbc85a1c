/* Private interfaces between the shared libc code (common/) and the two backends (toyos/, linux/).
   Everything the shared code needs from a backend is either a public POSIX function (read, write,
   mmap, ...) or one of these. */
#ifndef _SDK_LIBC_INTERNAL_H
#define _SDK_LIBC_INTERNAL_H

#include <stddef.h>

#define hidden __attribute__((visibility("hidden")))

/* common/start.c: constructors, main, exit. Called by each backend's __libc_start. */
_Noreturn hidden void __libc_start_main(int argc, char **argv, char **envp);

/* Backend: errno name and message tables (NULL for an unknown value). */
hidden const char *__errno_message(int err);
hidden const char *__errno_name(int err);
/* Backend: signal description (NULL for an unknown value). */
hidden const char *__signal_message(int sig);

/* common/process.c: the path of `name` found by a PATH search (executable), 0; or -1. */
hidden int __sdk_find_program(const char *name, char *out, size_t size);

/* common/stdio.c: flush and close every stream (exit). */
hidden void __stdio_exit(void);

/* Format engine (common/printf.c): writes through `out`, returns the count or -1. */
typedef struct {
    void (*put)(void *ctx, const char *s, size_t n);
    void *ctx;
} __sink;
#include <stdarg.h>
hidden int __vformat(__sink *sink, const char *fmt, va_list ap);
/* common/printf_fp.c: one %f/%e/%g/%a conversion into buf (at least 32 + precision + 330 bytes);
   returns its length. */
hidden int __format_double(char *buf, size_t cap, double v, char conv, int prec, int flags);
/* The same for an x87 long double, exactly; buf of at least 5000 + precision bytes. */
hidden int __format_long_double(char *buf, size_t cap, long double v, char conv, int prec, int flags);
#define __FMT_ALT   1
#define __FMT_PLUS  2
#define __FMT_SPACE 4



/* Backend: directory reading for common/dirent.c. __dir_read fills buf with whole records (returns
   bytes, 0 at the end, -1 with errno); __dir_decode turns the record at rec into *out and returns the
   record's length. */
struct dirent;
hidden long __dir_read(int fd, void *buf, size_t size);
hidden size_t __dir_decode(const char *rec, struct dirent *out);


/* common/stack_chk.c: the stack-protector canary from the 16 random bytes of AT_RANDOM (or a weaker
   fallback when there are none); its low byte is 0, as glibc's, so string overflows stop at it. */
hidden unsigned long __stack_guard_value(const unsigned char *random);

/* Backend: the page size (AT_PAGESZ) and the number of processors a program can use. */
hidden unsigned long __page_size(void);
hidden long __processors(void);

#endif
