/* Line and string I/O on top of the stdio core. */
#include "stdio_impl.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *fgets(char *restrict s, int size, FILE *restrict f) {
    int i = 0;
    if (size <= 0) return NULL;
    while (i < size - 1) {
        int c = fgetc(f);
        if (c == EOF) break;
        s[i++] = (char)c;
        if (c == '\n') break;
    }
    if (i == 0 && size > 1) return NULL;
    s[i] = 0;
    return s;
}

int fputs(const char *restrict s, FILE *restrict f) {
    size_t n = strlen(s);
    return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s) {
    if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF) return EOF;
    return 0;
}

ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f) {
    size_t n = 0;
    if (!line || !cap) { errno = EINVAL; return -1; }
    if (!*line) *cap = 0;
    for (;;) {
        if (n + 2 > *cap) {
            size_t ncap = *cap < 64 ? 128 : *cap * 2;
            char *p = realloc(*line, ncap);
            if (!p) { f->flags |= F_ERR; return -1; }
            *line = p;
            *cap = ncap;
        }
        /* Copy straight out of the stream buffer up to the delimiter. */
        if (f->ungot == EOF && f->rpos < f->rlen) {
            unsigned char *start = f->buf + f->rpos;
            size_t avail = f->rlen - f->rpos, room = *cap - n - 1;
            size_t k = avail < room ? avail : room;
            unsigned char *hit = memchr(start, delim, k);
            if (hit) k = (size_t)(hit - start) + 1;
            memcpy(*line + n, start, k);
            f->rpos += k;
            n += k;
            if (hit) break;
            continue;
        }
        int c = fgetc(f);
        if (c == EOF) {
            if (n == 0) return -1;
            break;
        }
        (*line)[n++] = (char)c;
        if (c == delim) break;
    }
    (*line)[n] = 0;
    return (ssize_t)n;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f) {
    return getdelim(line, cap, '\n', f);
}

void perror(const char *s) {
    const char *msg = strerror(errno);
    /* One write, so the line is not torn apart by other output. */
    char buf[512];
    int n = s && *s ? snprintf(buf, sizeof buf, "%s: %s\n", s, msg) : snprintf(buf, sizeof buf, "%s\n", msg);
    if (n > (int)sizeof buf - 1) n = (int)sizeof buf - 1;
    fflush(stderr);
    write(2, buf, (size_t)n);
}

int remove(const char *path) {
    int saved = errno;
    if (unlink(path) == 0) return 0;
    if (errno == EISDIR || errno == EPERM) {
        /* Linux reports EISDIR (some systems EPERM) for unlink on a directory. */
        errno = saved;
        return rmdir(path);
    }
    return -1;
}
