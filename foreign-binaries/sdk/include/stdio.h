/* Buffered I/O. stdout is line-buffered on a terminal and fully buffered otherwise; stderr is
   unbuffered; exit() flushes every stream. */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>
#include <bits/seek.h>

typedef struct __sdk_file FILE;
typedef struct { off_t __pos; } fpos_t;
typedef off_t off64_t;

/* fopencookie (GNU): a stream over the caller's functions. */
typedef ssize_t cookie_read_function_t(void *cookie, char *buf, size_t n);
typedef ssize_t cookie_write_function_t(void *cookie, const char *buf, size_t n);
typedef int cookie_seek_function_t(void *cookie, off64_t *pos, int whence);
typedef int cookie_close_function_t(void *cookie);
typedef struct {
    cookie_read_function_t *read;
    cookie_write_function_t *write;
    cookie_seek_function_t *seek;
    cookie_close_function_t *close;
} cookie_io_functions_t;

#define EOF (-1)
#define BUFSIZ 4096
#define FILENAME_MAX 4096
#define FOPEN_MAX 1024
#define L_tmpnam 20
#define TMP_MAX 238328
#define P_tmpdir "/tmp"
#define L_ctermid 9

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *restrict path, const char *restrict mode, FILE *restrict f);
int fclose(FILE *f);
int fflush(FILE *f);
size_t fread(void *restrict ptr, size_t size, size_t n, FILE *restrict f);
size_t fwrite(const void *restrict ptr, size_t size, size_t n, FILE *restrict f);
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
char *fgets(char *restrict s, int size, FILE *restrict f);
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);
int ungetc(int c, FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fileno(FILE *f);
int fseek(FILE *f, long offset, int whence);
int fseeko(FILE *f, off_t offset, int whence);
long ftell(FILE *f);
off_t ftello(FILE *f);
void rewind(FILE *f);
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict f, char *restrict buf);
void setbuffer(FILE *restrict f, char *restrict buf, size_t size);
void setlinebuf(FILE *f);
ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f);

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *restrict s, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...) __attribute__((format(printf, 3, 4)));
int dprintf(int fd, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict s, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap);
int vdprintf(int fd, const char *restrict fmt, va_list ap);

int asprintf(char **restrict s, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int vasprintf(char **restrict s, const char *restrict fmt, va_list ap);

int scanf(const char *restrict fmt, ...) __attribute__((format(scanf, 1, 2)));
int fscanf(FILE *restrict f, const char *restrict fmt, ...) __attribute__((format(scanf, 2, 3)));
int sscanf(const char *restrict s, const char *restrict fmt, ...) __attribute__((format(scanf, 2, 3)));
int vscanf(const char *restrict fmt, va_list ap);
int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap);
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap);

int fgetpos(FILE *restrict f, fpos_t *restrict pos);
int fsetpos(FILE *f, const fpos_t *pos);

FILE *tmpfile(void);
char *tmpnam(char *s);
char *ctermid(char *s);
FILE *fmemopen(void *restrict buf, size_t size, const char *restrict mode);
FILE *open_memstream(char **ptr, size_t *size);
FILE *fopencookie(void *restrict cookie, const char *restrict mode, cookie_io_functions_t io);

/* Locking: the SDK has no threads, so a stream is never contended; these exist for programs that
   use them (as if always acquired at once) and the _unlocked forms are the ordinary functions. */
void flockfile(FILE *f);
int ftrylockfile(FILE *f);
void funlockfile(FILE *f);
int getc_unlocked(FILE *f);
int getchar_unlocked(void);
int putc_unlocked(int c, FILE *f);
int putchar_unlocked(int c);
int fgetc_unlocked(FILE *f);
int fputc_unlocked(int c, FILE *f);
size_t fread_unlocked(void *restrict ptr, size_t size, size_t n, FILE *restrict f);
size_t fwrite_unlocked(const void *restrict ptr, size_t size, size_t n, FILE *restrict f);
char *fgets_unlocked(char *restrict s, int size, FILE *restrict f);
int fputs_unlocked(const char *restrict s, FILE *restrict f);
int fflush_unlocked(FILE *f);
int feof_unlocked(FILE *f);
int ferror_unlocked(FILE *f);
void clearerr_unlocked(FILE *f);
int fileno_unlocked(FILE *f);

/* popen/pclose: `sh -c command`, sh found by a PATH search as for system(); mode "r" or "w",
   with "e" for close-on-exec. pclose returns the child's wait status. */
FILE *popen(const char *command, const char *mode);
int pclose(FILE *f);

void perror(const char *s);
int remove(const char *path);
int rename(const char *oldpath, const char *newpath);
int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

#endif
