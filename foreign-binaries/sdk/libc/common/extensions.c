/* BSD and GNU extensions that portable programs reach for, each made of the SDK's own calls (a
   port trial's list: figlet, and probes of what configure scripts look for). Both targets. */
#include "../internal.h"
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/resource.h>
#include <unistd.h>

int toascii(int c) { return c & 0x7f; }

void setbuffer(FILE *restrict f, char *restrict buf, size_t size) { setvbuf(f, buf, buf ? _IOFBF : _IONBF, size); }
void setlinebuf(FILE *f) { setvbuf(f, NULL, _IOLBF, 0); }

int killpg(pid_t pgrp, int sig) {
    if (pgrp < 0) { errno = EINVAL; return -1; }
    return kill(-pgrp, sig);
}

void psignal(int sig, const char *s) {
    const char *d = strsignal(sig);
    if (s && *s) fprintf(stderr, "%s: %s\n", s, d);
    else fprintf(stderr, "%s\n", d);
}

int pipe2(int fds[2], int flags) {
    if (flags & ~(O_CLOEXEC | O_NONBLOCK)) { errno = EINVAL; return -1; }
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        if ((flags & O_CLOEXEC && fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) ||
            (flags & O_NONBLOCK && fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK) != 0)) {
            int e = errno;
            close(fds[0]);
            close(fds[1]);
            errno = e;
            return -1;
        }
    }
    return 0;
}

int dup3(int oldfd, int newfd, int flags) {
    if (oldfd == newfd || (flags & ~O_CLOEXEC)) { errno = EINVAL; return -1; }
    if (dup2(oldfd, newfd) < 0) return -1;
    if (flags & O_CLOEXEC) fcntl(newfd, F_SETFD, FD_CLOEXEC);
    return newfd;
}

int fdatasync(int fd) { return fsync(fd); }

int getentropy(void *buf, size_t len) {
    if (len > 256) { errno = EIO; return -1; }   /* glibc's error for too many bytes */
    for (size_t done = 0; done < len;) {
        ssize_t r = getrandom((char *)buf + done, len - done, 0);
        if (r < 0) { if (errno == EINTR) continue; return -1; }
        done += (size_t)r;
    }
    return 0;
}

void arc4random_buf(void *buf, size_t n) {
    for (size_t done = 0; done < n;) {
        ssize_t r = getrandom((char *)buf + done, n - done, 0);
        if (r < 0) { if (errno == EINTR) continue; abort(); }   /* glibc, too, never returns failure */
        done += (size_t)r;
    }
}

unsigned int arc4random(void) {
    unsigned int v;
    arc4random_buf(&v, sizeof v);
    return v;
}

/* Without bias: values below 2^32 mod upper_bound are drawn again. */
unsigned int arc4random_uniform(unsigned int upper_bound) {
    if (upper_bound < 2) return 0;
    unsigned int min = -upper_bound % upper_bound;
    for (;;) {
        unsigned int r = arc4random();
        if (r >= min) return r % upper_bound;
    }
}

int getdtablesize(void) { return (int)sysconf(_SC_OPEN_MAX); }

void *memalign(size_t align, size_t size) {
    void *p;
    int e = posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size);
    if (e) { errno = e; return NULL; }
    return p;
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage) {
    pid_t r = waitpid(pid, status, options);
    if (r > 0 && usage) memset(usage, 0, sizeof *usage);
    return r;
}
pid_t wait3(int *status, int options, struct rusage *usage) { return wait4(-1, status, options, usage); }

static int timevals(const struct timeval tv[2], struct timespec ts[2]) {
    for (int i = 0; i < 2; i++) {
        if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000) { errno = EINVAL; return -1; }
        ts[i].tv_sec = tv[i].tv_sec;
        ts[i].tv_nsec = tv[i].tv_usec * 1000;
    }
    return 0;
}
int utimes(const char *path, const struct timeval times[2]) {
    struct timespec ts[2];
    if (times && timevals(times, ts) != 0) return -1;
    return utimensat(AT_FDCWD, path, times ? ts : NULL, 0);
}
int lutimes(const char *path, const struct timeval times[2]) {
    struct timespec ts[2];
    if (times && timevals(times, ts) != 0) return -1;
    return utimensat(AT_FDCWD, path, times ? ts : NULL, AT_SYMLINK_NOFOLLOW);
}
int futimes(int fd, const struct timeval times[2]) {
    struct timespec ts[2];
    if (times && timevals(times, ts) != 0) return -1;
    return futimens(fd, times ? ts : NULL);
}

/* The total of an iovec array, or -1 (EINVAL) when the count or the sum is out of range. */
static ssize_t iov_total(const struct iovec *iov, int count) {
    if (count < 0 || count > IOV_MAX) { errno = EINVAL; return -1; }
    size_t total = 0;
    for (int i = 0; i < count; i++) {
        if (iov[i].iov_len > (size_t)SSIZE_MAX - total) { errno = EINVAL; return -1; }
        total += iov[i].iov_len;
    }
    return (ssize_t)total;
}

/* Up to this many bytes go through one buffer (one read or write); beyond it a short count is
   what POSIX allows, and no allocation can fail. */
#define IOV_BOUNCE 65536

ssize_t writev(int fd, const struct iovec *iov, int count) {
    ssize_t total = iov_total(iov, count);
    if (total < 0) return -1;
    if (total > IOV_BOUNCE) {
        /* Too much for one buffer: each piece in turn, stopping at a short write (which Linux's
           writev, too, may end in). */
        ssize_t done = 0;
        for (int i = 0; i < count; i++) {
            if (!iov[i].iov_len) continue;
            ssize_t r = write(fd, iov[i].iov_base, iov[i].iov_len);
            if (r < 0) return done ? done : -1;
            done += r;
            if ((size_t)r < iov[i].iov_len) break;
        }
        return done;
    }
    char b[IOV_BOUNCE];
    size_t at = 0;
    for (int i = 0; i < count; i++) { memcpy(b + at, iov[i].iov_base, iov[i].iov_len); at += iov[i].iov_len; }
    return write(fd, b, (size_t)total);
}

ssize_t readv(int fd, const struct iovec *iov, int count) {
    ssize_t total = iov_total(iov, count);
    if (total < 0) return -1;
    size_t want = total > IOV_BOUNCE ? IOV_BOUNCE : (size_t)total;
    int first = 0;
    while (first < count && !iov[first].iov_len) first++;
    /* One read either way: straight into the first buffer when it can take a whole bounce's worth. */
    if (first == count) return read(fd, NULL, 0);
    if (iov[first].iov_len >= want) return read(fd, iov[first].iov_base, iov[first].iov_len);
    char b[IOV_BOUNCE];
    ssize_t r = read(fd, b, want);
    for (size_t at = 0, i = (size_t)first; r > 0 && at < (size_t)r; i++) {
        size_t n = iov[i].iov_len < (size_t)r - at ? iov[i].iov_len : (size_t)r - at;
        memcpy(iov[i].iov_base, b + at, n);
        at += n;
    }
    return r;
}

/* strverscmp, as glibc specifies it ("000" < "00" < "01" < "010" < "09" < "0" < "1" < "9" < "10"):
   a digit run without a leading zero is an integral part, compared as a number (the longer run is
   larger); one with a leading zero is a fractional part, compared as characters, where a run of
   zeros alone is smaller the longer it is. The state after the common prefix decides how the first
   difference counts. */
enum { V_NORMAL, V_INTEGRAL, V_FRACTION, V_ZEROS };
enum { K_OTHER, K_DIGIT, K_ZERO };
static int vclass(unsigned char c) { return c == '0' ? K_ZERO : isdigit(c) ? K_DIGIT : K_OTHER; }
static int vnext(int state, int k) {
    if (k == K_OTHER) return V_NORMAL;
    switch (state) {
    case V_NORMAL: return k == K_ZERO ? V_ZEROS : V_INTEGRAL;
    case V_ZEROS: return k == K_ZERO ? V_ZEROS : V_FRACTION;
    default: return state;   /* integral and fractional parts go on to the run's end */
    }
}

int strverscmp(const char *a, const char *b) {
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    int state = V_NORMAL;
    for (; *p == *q; p++, q++) {
        if (!*p) return 0;
        state = vnext(state, vclass(*p));
    }
    int diff = *p - *q, kp = vclass(*p), kq = vclass(*q);
    int by_length = 0;
    switch (state) {
    case V_NORMAL:
        by_length = kp == K_DIGIT && kq == K_DIGIT;   /* two integral parts start here */
        break;
    case V_INTEGRAL:
        if (kp == K_OTHER && kq == K_OTHER) break;
        if (kp == K_OTHER) return -1;                 /* a's number ended first: it is smaller */
        if (kq == K_OTHER) return 1;
        by_length = 1;
        break;
    case V_ZEROS:                                      /* after zeros only: more zeros is smaller */
        if (kp == K_OTHER && kq != K_OTHER) return 1;
        if (kq == K_OTHER && kp != K_OTHER) return -1;
        break;
    default:                                           /* V_FRACTION: as characters */
        break;
    }
    if (by_length) {
        while (isdigit(*p) && isdigit(*q)) { p++; q++; }
        if (isdigit(*p)) return 1;
        if (isdigit(*q)) return -1;
    }
    return diff;
}
