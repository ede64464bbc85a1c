/* utime, select (over poll), syslog (to stderr). */
#include "../internal.h"
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <utime.h>
#include <fcntl.h>

int utime(const char *path, const struct utimbuf *times) {
    if (!times) return utimensat(AT_FDCWD, path, NULL, 0);
    struct timespec ts[2] = { { times->actime, 0 }, { times->modtime, 0 } };
    return utimensat(AT_FDCWD, path, ts, 0);
}

/* select over poll: one pollfd per descriptor present in any of the sets. */
int select(int n, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex, struct timeval *restrict tv) {
    if (n < 0 || n > FD_SETSIZE) { errno = EINVAL; return -1; }
    struct pollfd small[64], *pfd = small;
    int count = 0;
    for (int fd = 0; fd < n; fd++)
        if ((rd && FD_ISSET(fd, rd)) || (wr && FD_ISSET(fd, wr)) || (ex && FD_ISSET(fd, ex))) count++;
    if (count > 64 && !(pfd = malloc((size_t)count * sizeof *pfd))) return -1;
    int k = 0;
    for (int fd = 0; fd < n; fd++) {
        short ev = 0;
        if (rd && FD_ISSET(fd, rd)) ev |= POLLIN;
        if (wr && FD_ISSET(fd, wr)) ev |= POLLOUT;
        if (ex && FD_ISSET(fd, ex)) ev |= POLLPRI;
        if (ev) pfd[k++] = (struct pollfd){ .fd = fd, .events = ev };
    }
    int timeout = -1;
    if (tv) {
        if (tv->tv_sec < 0 || tv->tv_usec < 0) { if (pfd != small) free(pfd); errno = EINVAL; return -1; }
        long long ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
        timeout = ms > 0x7fffffff ? 0x7fffffff : (int)ms;
    }
    int r = poll(pfd, (nfds_t)k, timeout);
    if (r < 0) { int e = errno; if (pfd != small) free(pfd); errno = e; return -1; }
    for (int i = 0; i < k; i++)
        if (pfd[i].revents & POLLNVAL) { if (pfd != small) free(pfd); errno = EBADF; return -1; }
    if (rd) FD_ZERO(rd);
    if (wr) FD_ZERO(wr);
    if (ex) FD_ZERO(ex);
    int ready = 0;
    for (int i = 0; i < k; i++) {
        int fd = pfd[i].fd;
        short re = pfd[i].revents, ev = pfd[i].events;
        if ((ev & POLLIN) && (re & (POLLIN | POLLHUP | POLLERR))) { FD_SET(fd, rd); ready++; }
        if ((ev & POLLOUT) && (re & (POLLOUT | POLLERR))) { FD_SET(fd, wr); ready++; }
        if ((ev & POLLPRI) && (re & POLLPRI)) { FD_SET(fd, ex); ready++; }
    }
    if (tv && r == 0) tv->tv_sec = tv->tv_usec = 0;
    if (pfd != small) free(pfd);
    return ready;
}

/* ---- syslog: there is no log daemon on ToyOS; messages go to stderr as "ident[pid]: message". */
static const char *log_ident;
static int log_option, log_mask = 0xff;

void openlog(const char *ident, int option, int facility) {
    (void)facility;
    log_ident = ident;
    log_option = option;
}

void closelog(void) { log_ident = NULL; log_option = 0; }

int setlogmask(int mask) {
    int old = log_mask;
    if (mask) log_mask = mask;
    return old;
}

void vsyslog(int priority, const char *fmt, va_list ap) {
    if (!(log_mask & LOG_MASK(LOG_PRI(priority)))) return;
    int saved = errno;
    char msg[1024];
    /* %m is strerror(errno), as in syslog(3). */
    char f2[1024];
    size_t o = 0;
    for (const char *p = fmt; *p && o < sizeof f2 - 1; p++) {
        if (p[0] == '%' && p[1] == 'm') {
            const char *e = strerror(saved);
            while (*e && o < sizeof f2 - 1) {
                if (*e == '%' && o < sizeof f2 - 2) f2[o++] = '%';
                f2[o++] = *e++;
            }
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            f2[o++] = '%';
            if (o < sizeof f2 - 1) f2[o++] = '%';
            p++;
        } else {
            f2[o++] = *p;
        }
    }
    f2[o] = 0;
    vsnprintf(msg, sizeof msg, f2, ap);
    const char *ident = log_ident ? log_ident : program_invocation_short_name;
    size_t len = strlen(msg);
    const char *nl = len && msg[len - 1] == '\n' ? "" : "\n";
    if (log_option & LOG_PID) fprintf(stderr, "%s[%d]: %s%s", ident, (int)getpid(), msg, nl);
    else fprintf(stderr, "%s: %s%s", ident, msg, nl);
}

void syslog(int priority, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsyslog(priority, fmt, ap);
    va_end(ap);
}

