/* BSD and GNU extensions against glibc (sdk/libc/common/extensions.c and the headers a port trial
   missed): strverscmp's order, endian/byteswap, major/minor/makedev, toascii, readv/writev through
   a pipe and a file, pipe2/dup3 flags, utimes/futimes, wait4, killpg's EINVAL, psignal, getentropy,
   arc4random_uniform's range, memalign, setlinebuf/setbuffer, alloca, sysexits, paths. */
#define _GNU_SOURCE
#include <alloca.h>
#include <byteswap.h>
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <paths.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/cdefs.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

__BEGIN_DECLS
static int sign(int x) { return (x > 0) - (x < 0); }
__END_DECLS

int main(void) {
    const char *v[] = {"000", "00", "01", "010", "09", "0", "1", "9", "10", "a", "a0", "a00", "a01", "a1", "a9",
                       "a10", "a010", "1.2", "1.10", "1.02", "1.002", "1.9", "2.0", "abc", "abd", "ab", "", "x-1.0.9",
                       "x-1.0.10", "x-1.0.1a", "x-1.00.1", "0a", "00a", "1a", "10a", "9a"};
    size_t n = sizeof v / sizeof *v;
    for (size_t i = 0; i < n; i++) {
        printf("strverscmp %-9s:", v[i]);
        for (size_t j = 0; j < n; j++) printf(" %c", "<=>"[sign(strverscmp(v[i], v[j])) + 1]);
        printf("\n");
    }

    uint32_t x = 0x11223344;
    printf("endian %d %x %x %x %x %llx\n", BYTE_ORDER == LITTLE_ENDIAN, htobe32(x), le32toh(x), bswap_16(0x1234),
           bswap_32(x), (unsigned long long)htobe64(0x0102030405060708ull));
    dev_t d = makedev(259, 65539);
    printf("makedev %llx major %u minor %u; 8,1: %u %u\n", (unsigned long long)d, major(d), minor(d),
           major(makedev(8, 1)), minor(makedev(8, 1)));
    printf("toascii %d %d\n", toascii(0xc1), toascii('a'));
    u_char uc = 200; u_short us = 60000; u_int ui = 7; u_long ul = 8; u_int32_t u32 = 9;
    printf("BSD types %u %u %u %lu %u\n", uc, us, ui, ul, u32);
    printf("sysexits %d %d %d; paths %s %s %s\n", EX_USAGE, EX_SOFTWARE, EX_CONFIG, _PATH_DEVNULL, _PATH_BSHELL, _PATH_TTY);

    int fds[2];
    printf("pipe2 %d", pipe2(fds, O_CLOEXEC | O_NONBLOCK));
    printf(" cloexec %d %d nonblock %d %d\n", !!(fcntl(fds[0], F_GETFD) & FD_CLOEXEC), !!(fcntl(fds[1], F_GETFD) & FD_CLOEXEC),
           !!(fcntl(fds[0], F_GETFL) & O_NONBLOCK), !!(fcntl(fds[1], F_GETFL) & O_NONBLOCK));
    int rc;
    /* (Each call is made before its printf: argument order is unspecified.) */
    errno = 0;
    rc = pipe2(fds, 0x4);
    printf("pipe2 bad flags %d %s\n", rc, errno == EINVAL ? "EINVAL" : "?");
    char a[] = "hello, ", b[] = "vector", c[] = " world\n";
    struct iovec out[3] = {{a, 7}, {b, 6}, {c, 7}};
    printf("writev %zd\n", writev(fds[1], out, 3));
    char r1[5], r2[8], r3[20];
    memset(r3, 0, sizeof r3);
    struct iovec in[3] = {{r1, 5}, {r2, 8}, {r3, sizeof r3}};
    ssize_t got = readv(fds[0], in, 3);
    printf("readv %zd [%.5s][%.8s][%s]\n", got, r1, r2, r3);
    errno = 0;
    got = readv(fds[0], in, 3);
    printf("readv empty nonblocking %zd %s\n", got, errno == EAGAIN ? "EAGAIN" : "?");
    volatile int count = -1;   /* (not a constant: gcc would warn of the negative size) */
    errno = 0;
    got = writev(fds[1], out, count);
    printf("writev count -1 %zd %s\n", got, errno == EINVAL ? "EINVAL" : "?");
    int d3 = dup3(fds[0], 20, O_CLOEXEC);
    int cloexec = !!(fcntl(20, F_GETFD) & FD_CLOEXEC);
    errno = 0;
    rc = dup3(20, 20, 0);
    printf("dup3 %d cloexec %d; same fd %d %s\n", d3, cloexec, rc, errno == EINVAL ? "EINVAL" : "?");

    /* More than one buffer's worth (64 KiB in the SDK) to a file, and read back through two vectors
       whose first can take everything. */
    static char big1[70000], big2[50000], back1[200000], back2[10];
    memset(big1, 'x', sizeof big1);
    memset(big2, 'y', sizeof big2);
    int vf = open("bigvec", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct iovec bigout[2] = {{big1, sizeof big1}, {big2, sizeof big2}};
    printf("writev 120000 bytes to a file: %zd\n", writev(vf, bigout, 2));
    lseek(vf, 0, SEEK_SET);
    struct iovec bigin[2] = {{back1, sizeof back1}, {back2, sizeof back2}};
    got = readv(vf, bigin, 2);
    printf("readv back: %zd %c %c\n", got, back1[0], back1[119999]);
    close(vf);
    unlink("bigvec");

    FILE *f = fopen("vec", "w+");
    setbuffer(f, NULL, 0);
    fputs("abc", f);
    struct stat st;
    fstat(fileno(f), &st);
    printf("setbuffer NULL: unbuffered, %lld bytes at once\n", (long long)st.st_size);
    struct timeval tv[2] = {{1000000000, 250000}, {1200000000, 999999}};
    printf("utimes %d", utimes("vec", tv));
    stat("vec", &st);
    printf(" -> %lld.%09ld %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    tv[1].tv_usec = 1000000;
    errno = 0;
    rc = utimes("vec", tv);
    printf("utimes bad usec %d %s\n", rc, errno == EINVAL ? "EINVAL" : "?");
    tv[1].tv_usec = 5;
    printf("futimes %d", futimes(fileno(f), tv));
    fstat(fileno(f), &st);
    printf(" -> %lld.%09ld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    fclose(f);
    unlink("vec");
    setlinebuf(stdout);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(3);
    int status = 0;
    struct rusage ru;
    pid_t w = wait4(pid, &status, 0, &ru);
    printf("wait4 %d exited %d status %d\n", w == pid, WIFEXITED(status), WEXITSTATUS(status));
    errno = 0;
    rc = killpg(-1, 0);
    printf("killpg -1 %d %s; sched_yield %d\n", rc, errno == EINVAL ? "EINVAL" : "?", sched_yield());
    fflush(stdout);
    psignal(SIGTERM, "psignal");
    psignal(SIGINT, "");

    static unsigned char e1[300], e2[32];
    int g1 = getentropy(e1, 32), g2 = getentropy(e2, sizeof e2);
    printf("getentropy %d %d differ %d", g1, g2, memcmp(e1, e2, sizeof e2) != 0);
    size_t too_many = 257;
    errno = 0;
    rc = getentropy(e1, too_many);
    printf("; 257 bytes: %d %s\n", rc, errno == EIO ? "EIO" : "?");
    int inrange = 1;
    for (int i = 0; i < 1000; i++) inrange &= arc4random_uniform(7) < 7;
    printf("arc4random_uniform in range %d, of 1: %u\n", inrange, arc4random_uniform(1));
    void *m = memalign(64, 100);
    printf("memalign aligned %d\n", m && ((uintptr_t)m & 63) == 0);
    free(m);
    char *s = alloca(16);
    strcpy(s, "on the stack");
    printf("alloca %s\n", s);
    return 0;
}
