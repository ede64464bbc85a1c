/* Linux twin backend: memory, randomness, system name, poll, terminals. */
#include "linux.h"
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <termios.h>

#define TCGETS 0x5401
#define TCSETS 0x5402

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
    long r = lx_ret(sys6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off));
    return r == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, size_t len) { return (int)lx_ret(sys2(SYS_munmap, addr, len)); }
int mprotect(void *addr, size_t len, int prot) { return (int)lx_ret(sys3(SYS_mprotect, addr, len, prot)); }
ssize_t getrandom(void *buf, size_t len, unsigned flags) { return lx_ret(sys3(SYS_getrandom, buf, len, flags)); }

int uname(struct utsname *u) {
    char k[6][65];               /* struct new_utsname: five fields plus domainname */
    if (lx_ret(sys1(SYS_uname, k)) < 0) return -1;
    memcpy(u->sysname, k[0], 65);
    memcpy(u->nodename, k[1], 65);
    memcpy(u->release, k[2], 65);
    memcpy(u->version, k[3], 65);
    memcpy(u->machine, k[4], 65);
    return 0;
}

int poll(struct pollfd *fds, nfds_t n, int timeout) { return (int)lx_ret(sys3(SYS_poll, fds, n, timeout)); }

/* struct termios is the kernel's own here; TCSETS/TCSETSW/TCSETSF are TCSETS + when. */
int tcgetattr(int fd, struct termios *t) { return (int)lx_ret(sys3(SYS_ioctl, fd, TCGETS, t)); }

int tcsetattr(int fd, int when, const struct termios *t) {
    if (when < TCSANOW || when > TCSAFLUSH) { errno = EINVAL; return -1; }
    return (int)lx_ret(sys3(SYS_ioctl, fd, TCSETS + when, t));
}

int ioctl(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return (int)lx_ret(sys3(SYS_ioctl, fd, request, arg));
}

int sched_yield(void) { return (int)lx_ret(sys0(SYS_sched_yield)); }
