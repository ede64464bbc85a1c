#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#ifndef __STRICT_ANSI__
#include <alloca.h>   /* as glibc's stdlib.h declares alloca */
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff
/* 1 in the C locale, 6 when LC_CTYPE is C.UTF-8 (glibc's UTF-8 reaches 31 bits in 6 bytes). */
#define MB_CUR_MAX (__sdk_mb_cur_max())
size_t __sdk_mb_cur_max(void);

typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;
typedef struct { long long quot, rem; } lldiv_t;

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *ptr, size_t size);
void *reallocarray(void *ptr, size_t n, size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);
/* Random numbers from getrandom (never seeded, never repeat across runs; glibc 2.36's set). */
unsigned int arc4random(void);
unsigned int arc4random_uniform(unsigned int upper_bound);
void arc4random_buf(void *buf, size_t n);
void free(void *ptr);

_Noreturn void exit(int status);
_Noreturn void _Exit(int status);
_Noreturn void abort(void);
int atexit(void (*fn)(void));
int at_quick_exit(void (*fn)(void));
_Noreturn void quick_exit(int status);
/* Runs `sh -c command`, sh found by a PATH search (on ToyOS: the ToyOS shell, never the host's
   /bin/sh); system(NULL) is 1 when PATH has a sh. */
int system(const char *command);

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end, int base);
double strtod(const char *restrict s, char **restrict end);
float strtof(const char *restrict s, char **restrict end);
double atof(const char *s);
long double strtold(const char *restrict s, char **restrict end);

int abs(int x);
long labs(long x);
long long llabs(long long x);
div_t div(int a, int b);
ldiv_t ldiv(long a, long b);
lldiv_t lldiv(long long a, long long b);

/* Stable (a merge sort, like glibc's when memory allows). */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void qsort_r(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *arg);
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));

/* rand and random share glibc's additive generator (TYPE_3), so a seed gives glibc's sequence. */
int rand(void);
void srand(unsigned seed);
int rand_r(unsigned *seed);
long random(void);
void srandom(unsigned seed);
char *initstate(unsigned seed, char *state, size_t n);
char *setstate(char *state);
double drand48(void);
double erand48(unsigned short x[3]);
long lrand48(void);
long nrand48(unsigned short x[3]);
long mrand48(void);
long jrand48(unsigned short x[3]);
void srand48(long seed);
unsigned short *seed48(unsigned short x[3]);
void lcong48(unsigned short p[7]);

int mkstemp(char *tmpl);
int mkostemp(char *tmpl, int flags);
int mkstemps(char *tmpl, int suffixlen);
char *mkdtemp(char *tmpl);
char *mktemp(char *tmpl);
char *realpath(const char *restrict path, char *restrict resolved);

int mblen(const char *s, size_t n);
int mbtowc(__WCHAR_TYPE__ *restrict wc, const char *restrict s, size_t n);
int wctomb(char *s, __WCHAR_TYPE__ wc);
size_t mbstowcs(__WCHAR_TYPE__ *restrict d, const char *restrict s, size_t n);
size_t wcstombs(char *restrict d, const __WCHAR_TYPE__ *restrict s, size_t n);
int getsubopt(char **restrict opt, char *const *restrict tokens, char **restrict value);

char *getenv(const char *name);
/* getenv, but NULL when the real and effective ids differ (a set-id program). */
char *secure_getenv(const char *name);
/* realpath(path, NULL). */
char *canonicalize_file_name(const char *path);
/* BSD: the program's name, program_invocation_short_name. */
const char *getprogname(void);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *string);
int clearenv(void);

#endif
