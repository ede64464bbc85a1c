/* More stdio: streams over memory and over functions (fopencookie, fmemopen, open_memstream),
   tmpfile, positions, and the locking family (no threads: nothing to lock). */
#include "stdio_impl.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

FILE *fopencookie(void *restrict cookie, const char *restrict mode, cookie_io_functions_t io) {
    int flags;
    switch (mode[0]) {
    case 'r': flags = F_READ; break;
    case 'w': case 'a': flags = F_WRITE; break;
    default: errno = EINVAL; return NULL;
    }
    if (strchr(mode, '+')) flags = F_READ | F_WRITE;
    FILE *f = __stdio_new(-1, flags);
    if (!f) return NULL;
    f->cookie_io = 1;
    f->io = io;
    f->cookie = cookie;
    return f;
}

/* ---- fmemopen: a fixed buffer. POSIX 2008 semantics (as glibc): "w" truncates (writes a NUL at
   0), the size of the contents is where the first NUL is for "a"/"r+", size for "r"; a write keeps the
   contents NUL-terminated when there is room. */
struct fmem {
    char *buf;
    size_t size, pos, len;   /* len: current end of the contents */
    int own;
    int append;
};

static ssize_t fmem_read(void *c, char *out, size_t n) {
    struct fmem *m = c;
    if (m->pos >= m->len) return 0;
    if (n > m->len - m->pos) n = m->len - m->pos;
    memcpy(out, m->buf + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

static ssize_t fmem_write(void *c, const char *in, size_t n) {
    struct fmem *m = c;
    if (m->append) m->pos = m->len;
    if (m->pos >= m->size) return 0;
    if (n > m->size - m->pos) n = m->size - m->pos;
    memcpy(m->buf + m->pos, in, n);
    m->pos += n;
    if (m->pos > m->len) {
        m->len = m->pos;
        if (m->len < m->size) m->buf[m->len] = 0;
    }
    return (ssize_t)n;
}

static int fmem_seek(void *c, off64_t *pos, int whence) {
    struct fmem *m = c;
    off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off_t)m->pos : (off_t)m->len;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) { errno = EINVAL; return -1; }
    off_t p = base + *pos;
    if (p < 0 || (size_t)p > m->size) { errno = EINVAL; return -1; }
    m->pos = (size_t)p;
    *pos = p;
    return 0;
}

static int fmem_close(void *c) {
    struct fmem *m = c;
    if (m->own) free(m->buf);
    free(m);
    return 0;
}

FILE *fmemopen(void *restrict buf, size_t size, const char *restrict mode) {
    if (!size || !strchr("rwa", mode[0])) { errno = EINVAL; return NULL; }
    struct fmem *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->size = size;
    if (buf) {
        m->buf = buf;
    } else {
        if (!strchr(mode, '+')) { free(m); errno = EINVAL; return NULL; }
        m->buf = calloc(1, size);
        m->own = 1;
        if (!m->buf) { free(m); return NULL; }
    }
    if (mode[0] == 'r') {
        m->len = buf ? size : 0;
        if (buf && strchr(mode, '+')) m->len = size;
    } else if (mode[0] == 'w') {
        m->buf[0] = 0;
        m->len = 0;
    } else {
        m->append = 1;
        m->len = m->pos = strnlen(m->buf, size);
    }
    cookie_io_functions_t io = { fmem_read, fmem_write, fmem_seek, fmem_close };
    FILE *f = fopencookie(m, mode, io);
    if (!f) { fmem_close(m); return NULL; }
    if (mode[0] == 'r' && !strchr(mode, '+')) f->flags = (f->flags & ~F_WRITE) | F_READ;
    return f;
}

/* ---- open_memstream: a growing buffer; *ptr and *size are updated at every flush and close, *ptr
   always NUL-terminated. */
struct memstream {
    char **ptr;
    size_t *sizep;
    char *buf;
    size_t cap, pos, len;
};

static int ms_reserve(struct memstream *m, size_t need) {
    if (need + 1 <= m->cap) return 0;
    size_t cap = m->cap ? m->cap : 64;
    while (cap < need + 1) cap *= 2;
    char *b = realloc(m->buf, cap);
    if (!b) return -1;
    memset(b + m->cap, 0, cap - m->cap);
    m->buf = b;
    m->cap = cap;
    *m->ptr = b;
    return 0;
}

static ssize_t ms_write(void *c, const char *in, size_t n) {
    struct memstream *m = c;
    if (ms_reserve(m, m->pos + n) < 0) { errno = ENOMEM; return -1; }
    memcpy(m->buf + m->pos, in, n);
    m->pos += n;
    if (m->pos > m->len) m->len = m->pos;
    m->buf[m->len] = 0;
    *m->ptr = m->buf;
    *m->sizep = m->pos;
    return (ssize_t)n;
}

/* SEEK_END is relative to the size last reported (the position after the last write), as glibc. */
static int ms_seek(void *c, off64_t *pos, int whence) {
    struct memstream *m = c;
    off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off_t)m->pos : (off_t)*m->sizep;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) { errno = EINVAL; return -1; }
    off_t p = base + *pos;
    if (p < 0) { errno = EINVAL; return -1; }
    if (ms_reserve(m, (size_t)p) < 0) { errno = ENOMEM; return -1; }
    m->pos = (size_t)p;
    *m->sizep = m->pos;
    *pos = p;
    return 0;
}

static int ms_close(void *c) {
    free(c);          /* the buffer belongs to the caller now */
    return 0;
}

FILE *open_memstream(char **ptr, size_t *size) {
    if (!ptr || !size) { errno = EINVAL; return NULL; }
    struct memstream *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->ptr = ptr;
    m->sizep = size;
    *ptr = NULL;
    *size = 0;
    if (ms_reserve(m, 0) < 0) { free(m); return NULL; }
    cookie_io_functions_t io = { NULL, ms_write, ms_seek, ms_close };
    FILE *f = fopencookie(m, "w", io);
    if (!f) { free(m->buf); free(m); return NULL; }
    return f;
}

/* ---- tmpfile: an unlinked file under $TMPDIR or /tmp. */
FILE *tmpfile(void) {
    const char *dir = getenv("TMPDIR");
    char path[4096];
    if (!dir || !*dir || strlen(dir) > sizeof path - 32) dir = P_tmpdir;
    snprintf(path, sizeof path, "%s/tmpfXXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0 && strcmp(dir, P_tmpdir) != 0) {
        snprintf(path, sizeof path, "%s/tmpfXXXXXX", P_tmpdir);
        fd = mkstemp(path);
    }
    if (fd < 0) return NULL;
    unlink(path);
    FILE *f = __stdio_new(fd, F_READ | F_WRITE);
    if (!f) close(fd);
    return f;
}

char *tmpnam(char *s) {
    static char internal[L_tmpnam];
    char path[] = P_tmpdir "/tmpnXXXXXX";
    /* Find a name that does not exist yet (the race is tmpnam's own, as everywhere). */
    for (int tries = 0; tries < 100; tries++) {
        memcpy(path + sizeof path - 7, "XXXXXX", 6);
        if (!mktemp(path)[0]) return NULL;
        if (access(path, F_OK) < 0) {
            char *out = s ? s : internal;
            memcpy(out, path, sizeof path);
            return out;
        }
    }
    return NULL;
}

char *ctermid(char *s) {
    static char internal[L_ctermid];
    char *out = s ? s : internal;
    strcpy(out, "/dev/tty");
    return out;
}

int fgetpos(FILE *restrict f, fpos_t *restrict pos) {
    off_t p = ftello(f);
    if (p < 0) return -1;
    pos->__pos = p;
    return 0;
}

int fsetpos(FILE *f, const fpos_t *pos) { return fseeko(f, pos->__pos, SEEK_SET); }

/* ---- locking: one thread, so the lock is always free. */
void flockfile(FILE *f) { (void)f; }
int ftrylockfile(FILE *f) { (void)f; return 0; }
void funlockfile(FILE *f) { (void)f; }
int getc_unlocked(FILE *f) { return fgetc(f); }
int getchar_unlocked(void) { return fgetc(stdin); }
int putc_unlocked(int c, FILE *f) { return fputc(c, f); }
int putchar_unlocked(int c) { return fputc(c, stdout); }
int fgetc_unlocked(FILE *f) { return fgetc(f); }
int fputc_unlocked(int c, FILE *f) { return fputc(c, f); }
size_t fread_unlocked(void *restrict p, size_t s, size_t n, FILE *restrict f) { return fread(p, s, n, f); }
size_t fwrite_unlocked(const void *restrict p, size_t s, size_t n, FILE *restrict f) { return fwrite(p, s, n, f); }
char *fgets_unlocked(char *restrict s, int n, FILE *restrict f) { return fgets(s, n, f); }
int fputs_unlocked(const char *restrict s, FILE *restrict f) { return fputs(s, f); }
int fflush_unlocked(FILE *f) { return fflush(f); }
int feof_unlocked(FILE *f) { return feof(f); }
int ferror_unlocked(FILE *f) { return ferror(f); }
void clearerr_unlocked(FILE *f) { clearerr(f); }
int fileno_unlocked(FILE *f) { return fileno(f); }
