/* fileio.h - opening operands ("-" is standard input) and slurping input. */
#ifndef BURROW_PROGRAMS_FILEIO_H
#define BURROW_PROGRAMS_FILEIO_H

#include "common.h"
#include <fcntl.h>

/* Open NAME for reading; "-" means standard input.  Returns fd or -1. */
__attribute__((unused))
static int open_input(const char *name)
{
    if (strcmp(name, "-") == 0)
        return STDIN_FILENO;
    return open(name, O_RDONLY);
}

__attribute__((unused))
static void close_input(int fd)
{
    if (fd != STDIN_FILENO)
        close(fd);
}

/* Read all of fd into a malloc'd buffer.  Returns 0, or -1 with errno set. */
__attribute__((unused))
static int slurp_fd(int fd, char **out, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                errno = ENOMEM;
                return -1;
            }
            buf = nb;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* Parse a head/tail count with GNU multiplier suffixes (b k K M G kB MB GB ...). */
__attribute__((unused))
static bool parse_size(const char *s, unsigned long long *out)
{
    size_t n = strlen(s);
    size_t digits = strspn(s, "0123456789");
    if (digits == 0)
        return false;
    char num[64];
    if (digits >= sizeof num)
        digits = sizeof num - 1;
    memcpy(num, s, digits);
    num[digits] = '\0';
    unsigned long long v;
    if (!parse_count(num, &v))
        return false;
    const char *suf = s + strspn(s, "0123456789");
    unsigned long long mul = 1;
    if (*suf) {
        static const char *const sufs[] = {"b", "K", "KiB", "kB", "KB", "M", "MiB", "MB", "G", "GiB", "GB", "T", "TiB", "TB", NULL};
        static const unsigned long long muls[] = {512, 1024, 1024, 1000, 1000, 1048576, 1048576, 1000000,
                                                  1073741824ULL, 1073741824ULL, 1000000000ULL,
                                                  1099511627776ULL, 1099511627776ULL, 1000000000000ULL};
        int k;
        for (k = 0; sufs[k]; k++)
            if (strcmp(suf, sufs[k]) == 0)
                break;
        if (!sufs[k])
            return false;
        mul = muls[k];
    }
    (void)n;
    if (v != 0 && mul > ~0ULL / v)
        v = ~0ULL;
    else
        v *= mul;
    *out = v;
    return true;
}

#endif
