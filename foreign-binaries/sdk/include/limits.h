/* clang's limits.h (CHAR_BIT, INT_MAX, ...) plus the POSIX limits programs use. */
#ifndef _SDK_LIMITS_H
#define _SDK_LIMITS_H
#include_next <limits.h>

#define PATH_MAX 4096       /* TOY_PATH_MAX, and Linux's */
#define NAME_MAX 255        /* TOY_NAME_MAX, and Linux's */
#define PIPE_BUF 4096
#define IOV_MAX 1024
#define NL_ARGMAX 64   /* printf's highest %N$ */
#define SSIZE_MAX LONG_MAX
#define LINE_MAX 2048
/* clang says 1; a C.UTF-8 character takes up to 6 bytes (wcrtomb): glibc's value. */
#undef MB_LEN_MAX
#define MB_LEN_MAX 16

#endif
