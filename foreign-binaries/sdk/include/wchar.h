/* Wide characters. In the "C" locale a multibyte character is one byte 0-127 and bytes 128-255
   are invalid (EILSEQ), as in glibc's C locale; when LC_CTYPE is "C.UTF-8" it is UTF-8 as glibc
   reads it (up to 6 bytes and 0x7fffffff; overlong forms and surrogates are EILSEQ). Wide stdio
   encodes and decodes with the same rules; the wide printf family formats through the narrow one. */
#ifndef _WCHAR_H
#define _WCHAR_H

#include <stddef.h>
#include <stdio.h>

typedef unsigned int wint_t;
typedef struct { unsigned __value, __count; } mbstate_t;   /* a partial UTF-8 sequence */
#define WEOF ((wint_t)-1)
#ifndef WCHAR_MIN
#define WCHAR_MIN (-0x7fffffff - 1)
#define WCHAR_MAX 0x7fffffff
#endif

size_t wcslen(const wchar_t *s);
size_t wcsnlen(const wchar_t *s, size_t max);
wchar_t *wcscpy(wchar_t *restrict d, const wchar_t *restrict s);
wchar_t *wcsncpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *wcscat(wchar_t *restrict d, const wchar_t *restrict s);
wchar_t *wcsncat(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
int wcscmp(const wchar_t *a, const wchar_t *b);
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);
int wcscoll(const wchar_t *a, const wchar_t *b);
wchar_t *wcschr(const wchar_t *s, wchar_t c);
wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle);
size_t wcsspn(const wchar_t *s, const wchar_t *accept);
size_t wcscspn(const wchar_t *s, const wchar_t *reject);
wchar_t *wcsdup(const wchar_t *s);
wchar_t *wmemcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *wmempcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n);
wchar_t *wmemmove(wchar_t *d, const wchar_t *s, size_t n);
wchar_t *wmemset(wchar_t *d, wchar_t c, size_t n);
int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n);
wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n);
long wcstol(const wchar_t *restrict s, wchar_t **restrict end, int base);

wint_t btowc(int c);
int wctob(wint_t c);
int mbsinit(const mbstate_t *ps);
size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps);
size_t mbrtowc(wchar_t *restrict wc, const char *restrict s, size_t n, mbstate_t *restrict ps);
size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps);
size_t mbsrtowcs(wchar_t *restrict d, const char **restrict s, size_t n, mbstate_t *restrict ps);
size_t wcsrtombs(char *restrict d, const wchar_t **restrict s, size_t n, mbstate_t *restrict ps);
size_t mbsnrtowcs(wchar_t *restrict d, const char **restrict s, size_t nms, size_t n, mbstate_t *restrict ps);
size_t wcsnrtombs(char *restrict d, const wchar_t **restrict s, size_t nwc, size_t n, mbstate_t *restrict ps);
int wcwidth(wchar_t c);
wint_t fputwc(wchar_t wc, FILE *f);
wint_t putwc(wchar_t wc, FILE *f);
wint_t putwchar(wchar_t wc);
wint_t fgetwc(FILE *f);
wint_t getwc(FILE *f);
wint_t getwchar(void);
wint_t ungetwc(wint_t wc, FILE *f);
int fputws(const wchar_t *restrict s, FILE *restrict f);
wchar_t *fgetws(wchar_t *restrict s, int n, FILE *restrict f);
int fwide(FILE *f, int mode);
int wprintf(const wchar_t *restrict fmt, ...);
int fwprintf(FILE *restrict f, const wchar_t *restrict fmt, ...);
int swprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, ...);
int vwprintf(const wchar_t *restrict fmt, __builtin_va_list ap);
int vfwprintf(FILE *restrict f, const wchar_t *restrict fmt, __builtin_va_list ap);
int vswprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, __builtin_va_list ap);
int wcswidth(const wchar_t *s, size_t n);

#endif
