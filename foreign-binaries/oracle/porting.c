/* What a port trial found wanting, against glibc: printf's positional arguments (`%2$s`, `*1$`,
   as translated format strings use them), strtof's ERANGE, errno untouched by stdout's first write
   (the SDK asked isatty, whose ENOTTY leaked into the program's errno), and SA_SIGINFO given back
   in the old action of sigaction. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_info(int sig, siginfo_t *info, void *ctx) { (void)sig; (void)info; (void)ctx; }
static void on_plain(int sig) { (void)sig; }

int main(void) {
    /* First, before anything else reaches stdout (a file here: no terminal). */
    errno = 0;
    printf("first line\n");
    printf("errno after the first write: %d\n", errno);

    printf("%2$s %1$s\n", "world", "hello");
    printf("%3$d|%1$s|%2$.3f|%3$x|%3$#o\n", "a", 3.14159, 255);
    printf("[%1$*2$d] [%1$-*2$d] [%1$0*2$d]\n", 42, 6);
    printf("[%2$.*1$s] [%2$*1$.2s]\n", 3, "abcdef");
    printf("%1$Lf %2$lld %3$c %4$hhd %5$zu %6$e\n", (long double)1.5, -7LL, 'z', 300, (size_t)12, 6.02e23);
    printf("%1$s %1$s %1$.2s\n", "twice");
    char b[64];
    int r = snprintf(b, sizeof b, "%2$s-%1$s-%2$s", "x", "y");
    printf("snprintf %d %s\n", r, b);
    errno = ENOENT;
    printf("%1$s: %m\n", "with %m");

    const char *fs[] = {"1e39", "-1e39", "3.4028235e38", "3.5e38", "1e-50", "1e-40", "1.17549435e-38",
                        "1.1754942e-38", "1.17549430e-38", "1.1754943e-38", "0x1.fffffep-127", "1e-45", "0", "0x1p-149",
                        "0x1p-150", "1.5", "inf", "nan"};
    for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) {
        errno = 0;
        float f = strtof(fs[i], NULL);
        int e = errno;
        printf("strtof %-15s %-14a errno %s\n", fs[i], (double)f, e == ERANGE ? "ERANGE" : e ? "other" : "0");
    }
    /* scanf leaves the conversion's ERANGE in errno, and an in-range field leaves errno alone. */
    errno = 0;
    float sf = 0;
    int n = sscanf("1e40", "%f", &sf);
    printf("sscanf %%f 1e40: %d %a errno %s\n", n, (double)sf, errno == ERANGE ? "ERANGE" : "0");
    double sd = 0;
    errno = 0;
    n = sscanf("1e-400", "%lf", &sd);
    printf("sscanf %%lf 1e-400: %d %a errno %s\n", n, sd, errno == ERANGE ? "ERANGE" : "0");
    int si = 0;
    long long sll = 0;
    errno = 0;
    n = sscanf("99999999999999999999 -99999999999999999999", "%d %lld", &si, &sll);
    printf("sscanf overflowing %%d %%lld: %d %d %lld errno %s\n", n, si, sll, errno == ERANGE ? "ERANGE" : "0");
    errno = EINTR;
    n = sscanf("12 1.5", "%d %f", &si, &sf);
    printf("sscanf in range: %d %d %g errno kept %d\n", n, si, (double)sf, errno == EINTR);

    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR1, NULL, &old);
    printf("SIGUSR1 SA_SIGINFO %d SA_RESTART %d same handler %d\n", !!(old.sa_flags & SA_SIGINFO),
           !!(old.sa_flags & SA_RESTART), old.sa_sigaction == on_info);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_plain;
    sigaction(SIGUSR1, &sa, &old);
    printf("replaced: old SA_SIGINFO %d\n", !!(old.sa_flags & SA_SIGINFO));
    sigaction(SIGUSR1, NULL, &old);
    printf("now: SA_SIGINFO %d same handler %d\n", !!(old.sa_flags & SA_SIGINFO), old.sa_handler == on_plain);
    /* signal() after an SA_SIGINFO handler: the old action read back is a plain one. */
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    signal(SIGUSR2, on_plain);
    sigaction(SIGUSR2, NULL, &old);
    printf("after signal(): SA_SIGINFO %d\n", !!(old.sa_flags & SA_SIGINFO));
    return 0;
}
