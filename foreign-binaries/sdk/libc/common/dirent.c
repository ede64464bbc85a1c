/* Directory streams over the backend's "read a batch of records" call (ToyOS readdir, Linux
   getdents64). */
#include "../internal.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

struct __sdk_dir {
    int fd;
    size_t pos, len;
    struct dirent ent;
    char buf[8192] __attribute__((aligned(8)));
};

DIR *fdopendir(int fd) {
    struct stat st;
    if (fstat(fd, &st) < 0) return NULL;
    if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return NULL; }
    DIR *d = malloc(sizeof *d);
    if (!d) return NULL;
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

DIR *opendir(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return NULL;
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return d;
}

struct dirent *readdir(DIR *d) {
    if (d->pos >= d->len) {
        long n = __dir_read(d->fd, d->buf, sizeof d->buf);
        if (n <= 0) return NULL;          /* end (errno untouched) or error (errno set) */
        d->pos = 0;
        d->len = (size_t)n;
    }
    d->pos += __dir_decode(d->buf + d->pos, &d->ent);
    return &d->ent;
}

int closedir(DIR *d) {
    int r = close(d->fd);
    free(d);
    return r;
}

int dirfd(DIR *d) { return d->fd; }

void rewinddir(DIR *d) {
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
}
