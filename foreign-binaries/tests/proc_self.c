/* proc_self: a program sees itself in /proc/self, not what runs it (Burrow, like qemu-user, shows
 * the guest its own views; the native twin reads the kernel's).
 *
 * Covers: /proc/self/exe (readlink: absolute, ends with the program's name; the same through
 * /proc/<getpid()>/exe; open reads the program's ELF header with this target's EI_OSABI; stat
 * follows it; opening it for writing: ETXTBSY, or EACCES first), /proc/self/cmdline (argv, NUL-terminated, seekable,
 * read-only descriptor), /proc/self/comm (the program's name), /proc/self/fd/ (lists exactly the open descriptors, each readlink gives
 * the file, stat and open follow it, mkdir and chmod of fd/N/name reach the directory open as N;
 * a closed number: ENOENT), /proc/self/maps (main lies in an
 * r-x region named like /proc/self/exe, a stack variable in a rw- region, regions ascending).
 * Left out: the exact contents of maps (offsets, devices, other regions differ by design).
 */
#include "tt.h"

#define BIG 65536
static char text[BIG];

/* Reads a whole /proc file (they report size 0, so read until EOF). */
static long slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = 0, r;
    while (n < BIG - 1 && (r = read(fd, text + n, BIG - 1 - n)) > 0)
        n += r;
    close(fd);
    text[n] = 0;
    return n;
}

/* The maps line whose range holds addr: its permissions and name (static storage), 1 if found. */
static int region_of(unsigned long addr, char perms[5], const char **name)
{
    static char line[512];
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = 0;
        char *end;
        unsigned long lo = strtoul(line, &end, 16);
        unsigned long hi = strtoul(end + 1, &end, 16);
        if (lo <= addr && addr < hi) {
            memcpy(perms, end + 1, 4);
            perms[4] = 0;
            /* The name is the sixth field; it may be absent. */
            char *q = end + 1;
            for (int field = 0; field < 4 && q; field++) {
                q = strchr(q, ' ');
                while (q && *q == ' ')
                    q++;
            }
            *name = q ? q : "";
            return 1;
        }
        p = nl ? nl + 1 : p + len;
    }
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    tt_scratch("proc_self");

    /* exe */
    char exe[4096], exe2[4096], path[64];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    ok(n > 0, "readlink /proc/self/exe");
    exe[n > 0 ? n : 0] = 0;
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    size_t bl = strlen(base);
    ok(exe[0] == '/' && (size_t)n > bl && strcmp(exe + n - bl, base) == 0 && exe[n - bl - 1] == '/',
       "it is absolute and names this program");
    snprintf(path, sizeof path, "/proc/%d/exe", (int)getpid());
    ssize_t n2 = readlink(path, exe2, sizeof exe2 - 1);
    ok(n2 == n && memcmp(exe, exe2, n) == 0, "/proc/<getpid()>/exe is the same");
    int fd = open("/proc/self/exe", O_RDONLY);
    unsigned char h[8] = {0};
    ok(fd >= 0 && read(fd, h, 8) == 8 && memcmp(h, "\177ELF", 4) == 0, "open /proc/self/exe reads an ELF header");
#ifdef __TOYOS__
    is_int(h[7], 0x54, "with this target's EI_OSABI");
#else
    is_int(h[7], 0, "with this target's EI_OSABI");
#endif
    struct stat a, b;
    ok(fd >= 0 && fstat(fd, &a) == 0 && stat("/proc/self/exe", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
       "stat follows /proc/self/exe to the program");
    ok(stat(exe, &b) == 0 && a.st_ino == b.st_ino, "the link's target is that file");
    if (fd >= 0)
        close(fd);
    int may_write = access(exe, W_OK) == 0;
    is_errno(open("/proc/self/exe", O_WRONLY), may_write ? ETXTBSY : EACCES,
             "open /proc/self/exe for writing: ETXTBSY (EACCES without write permission)");

    /* cmdline */
    char want[4096];
    size_t wl = 0;
    for (int i = 0; argv[i] && wl + strlen(argv[i]) + 1 < sizeof want; i++) {
        memcpy(want + wl, argv[i], strlen(argv[i]) + 1);
        wl += strlen(argv[i]) + 1;
    }
    long cl = slurp("/proc/self/cmdline");
    ok(cl == (long)wl && memcmp(text, want, wl) == 0, "/proc/self/cmdline is argv");
    int cfd = open("/proc/self/cmdline", O_RDONLY);
    char c = 0;
    ok(cfd >= 0 && read(cfd, text, 3) == 3 && lseek(cfd, 0, SEEK_SET) == 0 && read(cfd, &c, 1) == 1 && c == argv[0][0],
       "it is seekable");
    is_errno(write(cfd, "x", 1), EBADF, "its descriptor is read-only");
    if (cfd >= 0)
        close(cfd);

    /* comm: the program's name, at most 15 bytes */
    char comm[17] = {0};
    snprintf(comm, sizeof comm, "%.15s\n", base);
    long ml = slurp("/proc/self/comm");
    ok(ml == (long)strlen(comm) && strcmp(text, comm) == 0, "/proc/self/comm is the program's name");

    /* fd/ */
    const char *file = tt_path("file");
    int f = open(file, O_CREAT | O_RDWR, 0600);
    ok(f >= 0 && write(f, "data", 4) == 4, "create a file");
    int hi = tt_free_fd(40);
    ok(dup2(f, hi) == hi, "dup2 it to a high descriptor");
    int listed = 0, stray = 0, seen_f = 0, seen_hi = 0;
    DIR *d = opendir("/proc/self/fd");
    ok(d != NULL, "opendir /proc/self/fd");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int k = atoi(e->d_name);
        listed++;
        if (fcntl(k, F_GETFD) < 0)
            stray++;
        seen_f |= k == f;
        seen_hi |= k == hi;
    }
    if (d)
        closedir(d);
    int open_fds = 1; /* the directory's own descriptor, listed while it was open */
    for (int k = 0; k < 1024; k++)
        if (fcntl(k, F_GETFD) >= 0)
            open_fds++;
    is_int(stray, 0, "every entry is an open descriptor of this program");
    ok(seen_f && seen_hi, "the file's descriptors are listed");
    is_int(listed, open_fds, "every open descriptor is listed");
    char target[4096];
    snprintf(path, sizeof path, "/proc/self/fd/%d", hi);
    n = readlink(path, target, sizeof target - 1);
    ok(n == (ssize_t)strlen(file) && memcmp(target, file, n) == 0, "readlink fd/N names the file");
    ok(stat(path, &b) == 0 && fstat(f, &a) == 0 && a.st_ino == b.st_ino, "stat fd/N follows to the file");
    int again = open(path, O_RDONLY);
    char got[4] = {0};
    ok(again >= 0 && read(again, got, 4) == 4 && memcmp(got, "data", 4) == 0, "open fd/N reopens the file");
    if (again >= 0)
        close(again);
    ok(lstat(path, &b) == 0 && S_ISLNK(b.st_mode), "lstat fd/N: a symlink");
    snprintf(path, sizeof path, "/proc/self/fd/%d", tt_free_fd(hi + 1));
    is_errno(readlink(path, target, sizeof target), ENOENT, "readlink fd/N of a closed descriptor: ENOENT");
    is_errno(open(path, O_RDONLY), ENOENT, "open fd/N of a closed descriptor: ENOENT");
    close(hi);
    close(f);
    /* A high number, so that Burrow's own descriptors cannot stand in for it by chance. */
    int d0 = open(tt_path(""), O_RDONLY | O_DIRECTORY), dfd = tt_free_fd(50);
    ok(d0 >= 0 && dup2(d0, dfd) == dfd && close(d0) == 0, "open the scratch directory at a high descriptor");
    snprintf(path, sizeof path, "/proc/self/fd/%d/sub", dfd);
    ok(dfd >= 0 && mkdir(path, 0700) == 0 && stat(tt_path("sub"), &b) == 0 && S_ISDIR(b.st_mode),
       "mkdir fd/N/name makes it in the directory open as N");
    ok(chmod(path, 0750) == 0 && stat(tt_path("sub"), &b) == 0 && (b.st_mode & 07777) == 0750, "chmod fd/N/name");
    if (dfd >= 0)
        close(dfd);

    /* maps */
    int local = 0;
    ok(slurp("/proc/self/maps") > 0, "read /proc/self/maps");
    char perms[5] = "";
    const char *name = "";
    ok(region_of((unsigned long)&main, perms, &name) && perms[0] == 'r' && perms[2] == 'x', "main lies in an r-x region");
    ok(strncmp(name, exe, strlen(exe)) == 0 && (name[strlen(exe)] == 0 || name[strlen(exe)] == '\n'),
       "named like /proc/self/exe");
    ok(region_of((unsigned long)&local, perms, &name) && perms[0] == 'r' && perms[1] == 'w', "a stack variable lies in a rw- region");
    unsigned long last = 0;
    int ascending = 1;
    for (char *p = text; *p;) {
        char *end;
        unsigned long lo = strtoul(p, &end, 16);
        unsigned long hi_addr = strtoul(end + 1, &end, 16);
        if (lo < last || hi_addr <= lo)
            ascending = 0;
        last = hi_addr;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    ok(ascending, "regions are ascending and disjoint");

    tt_cleanup();
    return done_testing();
}
