/* stdio core: stream objects, buffering, reading, writing, seeking. Single-threaded by design (the
   SDK has no threads), so there is no locking. */
#include "stdio_impl.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The standard streams, linked into the list of every stream from the start. */
static struct __sdk_file std_in, std_out, std_err;
static struct __sdk_file std_in = { .fd = 0, .flags = F_READ | F_STATIC, .ungot = EOF,
                                    .next = &std_out };
static struct __sdk_file std_out = { .fd = 1, .flags = F_WRITE | F_STATIC, .ungot = EOF,
                                     .prev = &std_in, .next = &std_err };
/* stderr is unbuffered from the start, as C requires. */
static struct __sdk_file std_err = { .fd = 2, .flags = F_WRITE | F_STATIC | F_MODESET,
                                     .bufmode = _IONBF, .ungot = EOF, .prev = &std_out };

FILE *const stdin = &std_in;
FILE *const stdout = &std_out;
FILE *const stderr = &std_err;

/* The list of every open stream (fflush(NULL), exit). */
static FILE *streams = &std_in;

FILE *__stdio_new(int fd, int flags) {
    FILE *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->fd = fd;
    f->flags = flags;
    f->ungot = EOF;
    f->next = streams;
    if (streams) streams->prev = f;
    streams = f;
    return f;
}

/* Chooses the buffering mode on first use (stdout: line-buffered on a terminal, else full) and
   allocates the buffer. */
int __stdio_prepare(FILE *f) {
    if (!f->orient) f->orient = -1;        /* first byte I/O: the stream is byte-oriented (fwide) */
    if (!(f->flags & F_MODESET)) {
        int saved = errno;   /* isatty's ENOTTY is not the caller's error (printf("%m") after it) */
        f->bufmode = (f->fd == 1 || f->fd == 0) && isatty(f->fd) ? _IOLBF : _IOFBF;
        errno = saved;
        f->flags |= F_MODESET;
    }
    if (f->buf) return 0;
    if (f->bufmode == _IONBF) {
        f->buf = &f->one;
        f->cap = 1;
        return 0;
    }
    f->buf = malloc(BUFSIZ);
    if (!f->buf) {                   /* out of memory: degrade to unbuffered rather than fail */
        f->buf = &f->one;
        f->cap = 1;
        f->bufmode = _IONBF;
        return 0;
    }
    f->cap = BUFSIZ;
    f->flags |= F_OWNBUF;
    return 0;
}

ssize_t __stdio_read(FILE *f, void *buf, size_t n) {
    if (!f->cookie_io) return read(f->fd, buf, n);
    if (!f->io.read) { errno = EBADF; return -1; }
    return f->io.read(f->cookie, buf, n);
}

ssize_t __stdio_write(FILE *f, const void *buf, size_t n) {
    if (!f->cookie_io) return write(f->fd, buf, n);
    if (!f->io.write) { errno = EBADF; return -1; }
    ssize_t w = f->io.write(f->cookie, buf, n);
    if (w == 0 && n) { errno = ENOSPC; return -1; }   /* a cookie writer that takes nothing is full */
    return w;
}

off_t __stdio_seek(FILE *f, off_t off, int whence) {
    if (!f->cookie_io) return lseek(f->fd, off, whence);
    if (!f->io.seek) { errno = ESPIPE; return -1; }
    off64_t pos = off;
    if (f->io.seek(f->cookie, &pos, whence) < 0) return -1;
    return pos;
}

/* Writes n bytes; returns how many were written before an error (n when none; F_ERR set then). */
static size_t write_count(FILE *f, const unsigned char *p, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = __stdio_write(f, p + done, n - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            f->flags |= F_ERR;
            break;
        }
        done += (size_t)w;
    }
    return done;
}

static int write_all(FILE *f, const unsigned char *p, size_t n) {
    return write_count(f, p, n) == n ? 0 : EOF;
}

int __stdio_flush_write(FILE *f) {
    size_t n = f->wlen;
    f->wlen = 0;
    return n ? write_all(f, f->buf, n) : 0;
}

/* Leaves read mode: gives the unread bytes back to the file position, so that a following write or
   seek happens where the program thinks it is. Pipes cannot seek; their unread data is dropped,
   as glibc does. */
static void drop_read_buffer(FILE *f) {
    off_t unread = (off_t)(f->rlen - f->rpos) + (f->ungot != EOF);
    if (unread) __stdio_seek(f, -unread, SEEK_CUR);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
}

int __stdio_fill(FILE *f) {
    if (!(f->flags & F_READ)) { f->flags |= F_ERR; errno = EBADF; return EOF; }
    if (f->flags & F_EOF) return EOF;
    if (f->wlen && __stdio_flush_write(f)) return EOF;
    __stdio_prepare(f);
    /* Reading from a terminal-ish stream: show the prompt first (line-buffered stdout). */
    if (std_out.wlen && std_out.bufmode == _IOLBF) __stdio_flush_write(&std_out);
    for (;;) {
        ssize_t n = __stdio_read(f, f->buf, f->cap);
        if (n > 0) { f->rpos = 0; f->rlen = (size_t)n; return 0; }
        if (n == 0) { f->flags |= F_EOF; return EOF; }
        if (errno != EINTR) { f->flags |= F_ERR; return EOF; }
    }
}

int fflush(FILE *f) {
    if (!f) {
        int r = 0;
        for (FILE *s = streams; s; s = s->next)
            if (s->wlen && fflush(s)) r = EOF;
        return r;
    }
    if (f->wlen) return __stdio_flush_write(f);
    if (f->rlen > f->rpos || f->ungot != EOF) drop_read_buffer(f);
    return 0;
}

void __stdio_exit(void) {
    fflush(NULL);
}

int fgetc(FILE *f) {
    if (f->ungot != EOF) {
        int c = f->ungot;
        f->ungot = EOF;
        return c;
    }
    if (f->rpos == f->rlen && __stdio_fill(f)) return EOF;
    return f->buf[f->rpos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f) {
    if (c == EOF || f->ungot != EOF) return EOF;
    /* Prefer stepping back in the buffer (keeps ftell exact); else the one-character slot. */
    if (f->rpos > 0 && f->buf[f->rpos - 1] == (unsigned char)c) f->rpos--;
    else f->ungot = (unsigned char)c;
    f->flags &= ~F_EOF;
    return (unsigned char)c;
}

size_t fwrite(const void *restrict ptr, size_t size, size_t n, FILE *restrict f) {
    size_t total = size * n;
    const unsigned char *p = ptr;
    if (!total) return 0;
    if (!(f->flags & F_WRITE)) { f->flags |= F_ERR; errno = EBADF; return 0; }
    if (f->rlen > f->rpos || f->ungot != EOF) drop_read_buffer(f);
    __stdio_prepare(f);
    /* A write that fails part-way reports the whole items written before it, as glibc's. */
    if (f->bufmode == _IONBF) {
        size_t w = write_count(f, p, total);
        return w == total ? n : w / size;
    }
    size_t room = f->cap - f->wlen;
    if (total >= f->cap && f->wlen == 0) {
        /* Large write with an empty buffer: skip the copy. */
        size_t w = write_count(f, p, total);
        if (w < total) return w / size;
    } else if (total <= room) {
        /* A buffer this fills exactly is written when more comes (or at fflush), as glibc's: a
           write error is reported by the call that could not go on, with what it buffered. */
        memcpy(f->buf + f->wlen, p, total);
        f->wlen += total;
    } else {
        memcpy(f->buf + f->wlen, p, room);
        f->wlen = f->cap;
        /* Failed: the items that went into the buffer count as written (glibc's answer). */
        if (__stdio_flush_write(f)) return room / size;
        size_t rest = total - room;
        if (rest >= f->cap) {
            size_t w = write_count(f, p + room, rest);
            if (w < rest) return (room + w) / size;
        } else {
            memcpy(f->buf, p + room, rest);
            f->wlen = rest;
        }
    }
    if (f->bufmode == _IOLBF && f->wlen && memchr(p, '\n', total) && __stdio_flush_write(f))
        return 0;
    return n;
}

int fputc(int c, FILE *f) {
    unsigned char ch = (unsigned char)c;
    /* Fast path: room in a fully buffered stream already writing. */
    if (f->bufmode == _IOFBF && f->buf && f->wlen + 1 < f->cap && f->rpos == f->rlen &&
        f->ungot == EOF && (f->flags & F_WRITE)) {
        f->buf[f->wlen++] = ch;
        return ch;
    }
    return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

size_t fread(void *restrict ptr, size_t size, size_t n, FILE *restrict f) {
    size_t total = size * n, got = 0;
    unsigned char *p = ptr;
    if (!total) return 0;
    if (f->ungot != EOF) {
        p[got++] = (unsigned char)f->ungot;
        f->ungot = EOF;
    }
    while (got < total) {
        if (f->rpos == f->rlen) {
            /* Big reads go straight into the caller's memory. */
            if (total - got >= BUFSIZ && !(f->flags & F_EOF) && (f->flags & F_READ)) {
                if (f->wlen && __stdio_flush_write(f)) break;
                ssize_t r = __stdio_read(f, p + got, total - got);
                if (r > 0) { got += (size_t)r; continue; }
                if (r == 0) { f->flags |= F_EOF; break; }
                if (errno == EINTR) continue;
                f->flags |= F_ERR;
                break;
            }
            if (__stdio_fill(f)) break;
        }
        size_t k = f->rlen - f->rpos;
        if (k > total - got) k = total - got;
        memcpy(p + got, f->buf + f->rpos, k);
        f->rpos += k;
        got += k;
    }
    return got / size;
}

int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }
int fileno(FILE *f) {
    if (f->cookie_io) { errno = EBADF; return -1; }
    return f->fd;
}

int fseeko(FILE *f, off_t offset, int whence) {
    if (f->wlen && __stdio_flush_write(f)) return -1;
    if (whence == SEEK_CUR) offset -= (off_t)(f->rlen - f->rpos) + (f->ungot != EOF);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
    if (__stdio_seek(f, offset, whence) < 0) return -1;
    f->flags &= ~F_EOF;
    return 0;
}

int fseek(FILE *f, long offset, int whence) { return fseeko(f, offset, whence); }

off_t ftello(FILE *f) {
    off_t pos = __stdio_seek(f, 0, SEEK_CUR);
    if (pos < 0) return -1;
    return pos - (off_t)(f->rlen - f->rpos) - (f->ungot != EOF) + (off_t)f->wlen;
}

long ftell(FILE *f) { return ftello(f); }

void rewind(FILE *f) {
    fseeko(f, 0, SEEK_SET);
    f->flags &= ~F_ERR;
}

int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size) {
    if (mode != _IONBF && mode != _IOLBF && mode != _IOFBF) { errno = EINVAL; return -1; }
    fflush(f);
    if (f->flags & F_OWNBUF) free(f->buf);
    f->flags &= ~F_OWNBUF;
    f->buf = NULL;
    f->cap = 0;
    f->bufmode = mode;
    f->flags |= F_MODESET;
    if (mode != _IONBF && buf && size) {
        f->buf = (unsigned char *)buf;
        f->cap = size;
    } else if (mode != _IONBF && size > 1) {
        f->buf = malloc(size);
        if (f->buf) { f->cap = size; f->flags |= F_OWNBUF; }
    }
    return 0;
}

void setbuf(FILE *restrict f, char *restrict buf) {
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

/* "r" "w" "a" with optional '+', 'b' (ignored), 'x' (O_EXCL) and 'e' (O_CLOEXEC). */
static int parse_mode(const char *mode, int *oflags, int *fflags) {
    int plus = strchr(mode, '+') != NULL;
    switch (mode[0]) {
    case 'r': *oflags = plus ? O_RDWR : O_RDONLY; break;
    case 'w': *oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
    case 'a': *oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
    default: errno = EINVAL; return -1;
    }
    if (strchr(mode, 'x')) *oflags |= O_EXCL;
    if (strchr(mode, 'e')) *oflags |= O_CLOEXEC;
    *fflags = plus ? F_READ | F_WRITE : mode[0] == 'r' ? F_READ : F_WRITE;
    return 0;
}

FILE *fopen(const char *restrict path, const char *restrict mode) {
    int oflags, fflags;
    if (parse_mode(mode, &oflags, &fflags)) return NULL;
    int fd = open(path, oflags, 0666);
    if (fd < 0) return NULL;
    FILE *f = __stdio_new(fd, fflags);
    if (!f) close(fd);
    return f;
}

FILE *fdopen(int fd, const char *mode) {
    int oflags, fflags;
    if (parse_mode(mode, &oflags, &fflags)) return NULL;
    if (fcntl(fd, F_GETFD) < 0) return NULL;    /* EBADF for a closed descriptor, as glibc */
    return __stdio_new(fd, fflags);
}

static void unlink_stream(FILE *f) {
    if (f->prev) f->prev->next = f->next;
    else streams = f->next;
    if (f->next) f->next->prev = f->prev;
}

int fclose(FILE *f) {
    int r = fflush(f);
    if (f->cookie_io) {
        if (f->io.close && f->io.close(f->cookie) < 0) r = EOF;
    } else if (close(f->fd) < 0) {
        r = EOF;
    }
    if (f->flags & F_OWNBUF) free(f->buf);
    if (f->flags & F_STATIC) {
        /* The standard streams stay allocated (they are static) but are dead. */
        f->buf = NULL;
        f->cap = f->wlen = f->rpos = f->rlen = 0;
        f->flags = F_STATIC | F_ERR;
        f->fd = -1;
        return r;
    }
    unlink_stream(f);
    free(f);
    return r;
}

FILE *freopen(const char *restrict path, const char *restrict mode, FILE *restrict f) {
    int oflags, fflags;
    fflush(f);
    if (!path || parse_mode(mode, &oflags, &fflags)) { errno = EINVAL; return NULL; }
    int fd = open(path, oflags, 0666);
    if (fd < 0) return NULL;
    if (f->fd >= 0 && f->fd != fd) {
        if (dup2(fd, f->fd) < 0) { close(fd); return NULL; }
        close(fd);
    } else {
        f->fd = fd;
    }
    f->flags = (f->flags & (F_STATIC | F_OWNBUF | F_MODESET)) | fflags;
    f->rpos = f->rlen = f->wlen = 0;
    f->ungot = EOF;
    return f;
}
