/* sysconf, pathconf, getpagesize, gethostname. Values are the SDK's limits (limits.h) or the
   backend's answer; -1 without errno means "no fixed limit" (POSIX's "indeterminate"). */
#include "../internal.h"
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <stdio.h>
#include <unistd.h>

long sysconf(int name) {
    struct rlimit rl;
    switch (name) {
    case _SC_ARG_MAX:
        /* As Linux: a quarter of the stack limit, at least 128 KiB. */
        if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 4 > 131072)
            return (long)(rl.rlim_cur / 4);
        return 131072;
    case _SC_CHILD_MAX: return -1;
    case _SC_CLK_TCK: return 100;
    case _SC_NGROUPS_MAX: return 65536;
    case _SC_OPEN_MAX:
        if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) return (long)rl.rlim_cur;
        return -1;
    case _SC_STREAM_MAX: return FOPEN_MAX;
    case _SC_TZNAME_MAX: return 6;
    case _SC_JOB_CONTROL: case _SC_SAVED_IDS: return 1;
    case _SC_VERSION: return _POSIX_VERSION;
    case _SC_PAGESIZE: return (long)__page_size();
    case _SC_RTSIG_MAX: return 32;
    case _SC_LINE_MAX: return LINE_MAX;
    case _SC_IOV_MAX: return IOV_MAX;
    case _SC_GETGR_R_SIZE_MAX: case _SC_GETPW_R_SIZE_MAX: return 1024;
    case _SC_LOGIN_NAME_MAX: return 256;
    case _SC_TTY_NAME_MAX: return 32;
    case _SC_HOST_NAME_MAX: return 64;
    case _SC_SYMLOOP_MAX: return -1;
    case _SC_NPROCESSORS_CONF: case _SC_NPROCESSORS_ONLN: return __processors();
    case _SC_PHYS_PAGES: return -1;
    }
    errno = EINVAL;
    return -1;
}

static long path_limit(int name) {
    switch (name) {
    case _PC_LINK_MAX: return 65000;          /* ext4's; the SDK cannot ask the file system */
    case _PC_MAX_CANON: case _PC_MAX_INPUT: return 255;
    case _PC_NAME_MAX: return NAME_MAX;
    case _PC_PATH_MAX: return PATH_MAX;
    case _PC_PIPE_BUF: return PIPE_BUF;
    case _PC_CHOWN_RESTRICTED: case _PC_NO_TRUNC: return 1;
    case _PC_VDISABLE: return 0;
    }
    errno = EINVAL;
    return -1;
}

#include <sys/stat.h>
long pathconf(const char *path, int name) {
    struct stat st;
    if (stat(path, &st) < 0) return -1;
    return path_limit(name);
}

long fpathconf(int fd, int name) {
    struct stat st;
    if (fstat(fd, &st) < 0) return -1;
    return path_limit(name);
}

int getpagesize(void) { return (int)__page_size(); }

int gethostname(char *name, size_t len) {
    struct utsname u;
    if (uname(&u) < 0) return -1;
    size_t n = strlen(u.nodename);
    if (n >= len) { errno = ENAMETOOLONG; return -1; }
    memcpy(name, u.nodename, n + 1);
    return 0;
}
