#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>

void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
void *memrchr(const void *s, int c, size_t n);
/* memchr without a bound: c must be there. */
void *rawmemchr(const void *s, int c);
void *mempcpy(void *restrict d, const void *restrict s, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strcpy(char *restrict d, const char *restrict s);
char *stpcpy(char *restrict d, const char *restrict s);
char *strncpy(char *restrict d, const char *restrict s, size_t n);
char *strcat(char *restrict d, const char *restrict s);
char *strncat(char *restrict d, const char *restrict s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcoll(const char *a, const char *b);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok(char *restrict s, const char *restrict delim);
char *strtok_r(char *restrict s, const char *restrict delim, char **restrict save);
char *strerror(int err);
/* strerror_r as glibc declares it: with _GNU_SOURCE the GNU form (returns the message, which may
   not be buf), otherwise the XSI form (returns 0 or an error number). */
#ifdef _GNU_SOURCE
char *strerror_r(int err, char *buf, size_t n);
#else
int strerror_r(int err, char *buf, size_t n) __asm__("__xpg_strerror_r");
#endif
/* GNU basename (with _GNU_SOURCE, unless <libgen.h> chose POSIX's): the part after the last '/',
   "" for a path ending in '/'; never modifies its argument. */
#if defined _GNU_SOURCE && !defined basename
char *basename(const char *path);
#endif
char *strsep(char **restrict sp, const char *restrict delim);
void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen);
void *memccpy(void *restrict d, const void *restrict s, int c, size_t n);
char *stpncpy(char *restrict d, const char *restrict s, size_t n);
char *strchrnul(const char *s, int c);
char *strcasestr(const char *hay, const char *needle);
size_t strlcpy(char *restrict d, const char *restrict s, size_t n);
size_t strlcat(char *restrict d, const char *restrict s, size_t n);
size_t strxfrm(char *restrict d, const char *restrict s, size_t n);
void explicit_bzero(void *p, size_t n);
char *strsignal(int sig);
/* GNU: compares like strcmp, but digit runs as numbers ("a9" < "a10"; leading zeros as fractions). */
int strverscmp(const char *a, const char *b);

#include <strings.h>

#endif
