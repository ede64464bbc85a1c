/* ToyOS backend: memory, randomness, system name, poll, terminals. */
#include "toyos.h"
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <termios.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
    long r = toy_ret(toy_sys_map((uint64_t)(uintptr_t)addr, len, (unsigned)prot, (unsigned)flags, fd, off));
    return r < 0 ? MAP_FAILED : (void *)(uintptr_t)r;
}

int munmap(void *addr, size_t len) { return (int)toy_ret(toy_sys_unmap((uint64_t)(uintptr_t)addr, len)); }

int mprotect(void *addr, size_t len, int prot) {
    return (int)toy_ret(toy_sys_protect((uint64_t)(uintptr_t)addr, len, (unsigned)prot));
}

ssize_t getrandom(void *buf, size_t len, unsigned flags) { return toy_ret(toy_sys_getrandom(buf, len, flags)); }

int uname(struct utsname *u) {
    struct toy_utsname t;
    if (toy_ret(toy_sys_sysinfo(&t)) < 0) return -1;
    /* 64-byte NUL-terminated fields into 65-byte ones. */
    memset(u, 0, sizeof *u);
    memcpy(u->sysname, t.sysname, sizeof t.sysname);
    memcpy(u->nodename, t.nodename, sizeof t.nodename);
    memcpy(u->release, t.release, sizeof t.release);
    memcpy(u->version, t.version, sizeof t.version);
    memcpy(u->machine, t.machine, sizeof t.machine);
    return 0;
}

/* struct pollfd is laid out like toy_pollfd, so the array goes to the kernel as it is. */
_Static_assert(sizeof(struct pollfd) == sizeof(struct toy_pollfd), "pollfd size");
_Static_assert(offsetof(struct pollfd, events) == offsetof(struct toy_pollfd, events), "pollfd.events");
_Static_assert(offsetof(struct pollfd, revents) == offsetof(struct toy_pollfd, revents), "pollfd.revents");

int poll(struct pollfd *fds, nfds_t n, int timeout) {
    return (int)toy_ret(toy_sys_poll((struct toy_pollfd *)fds, n, timeout));
}

/* termios <-> toy_termios: ToyOS keeps all its TC_* bits in one word; the public header gives each
   bit its POSIX home (ECHO/ICANON/ISIG in c_lflag, ICRNL in c_iflag, OPOST in c_oflag). */
int tcgetattr(int fd, struct termios *t) {
    struct toy_termios k;
    if (toy_ret(toy_sys_tcgetattr(fd, &k)) < 0) return -1;
    memset(t, 0, sizeof *t);
    t->c_lflag = k.flags & (ECHO | ICANON | ISIG);
    t->c_iflag = k.flags & ICRNL;
    t->c_oflag = k.flags & OPOST;
    t->c_cc[VMIN] = k.vmin;
    t->c_cc[VTIME] = k.vtime;
    return 0;
}

int tcsetattr(int fd, int when, const struct termios *t) {
    struct toy_termios k = {
        .flags = (t->c_lflag & (ECHO | ICANON | ISIG)) | (t->c_iflag & ICRNL) | (t->c_oflag & OPOST),
        .vmin = t->c_cc[VMIN],
        .vtime = t->c_cc[VTIME],
    };
    return (int)toy_ret(toy_sys_tcsetattr(fd, when, &k));
}

/* ToyOS has no ioctl: the requests the SDK knows map to their dedicated calls. */
int ioctl(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    if (request == TIOCGWINSZ) {
        struct toy_winsize w;
        if (toy_ret(toy_sys_tcgetwinsize(fd, &w)) < 0) return -1;
        struct winsize *ws = arg;
        ws->ws_row = w.rows;
        ws->ws_col = w.cols;
        ws->ws_xpixel = w.xpixel;
        ws->ws_ypixel = w.ypixel;
        return 0;
    }
    errno = ENOTTY;
    return -1;
}

/* <sched.h>: the yield call (ABI 1.0). */
int sched_yield(void) { return (int)toy_ret(toy_sys_yield()); }
