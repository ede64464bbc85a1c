/* siginterrupt against glibc: it sets or clears SA_RESTART in the signal's current action (keeping
   the handler), and fails with EINVAL for a signal that is not one. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void handler(int sig) { (void)sig; }

static void show(const char *what) {
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    printf("%-24s restart=%d handler=%s\n", what, (sa.sa_flags & SA_RESTART) != 0, sa.sa_handler == handler ? "ours" : "other");
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    show("installed");
    printf("siginterrupt(0) = %d\n", siginterrupt(SIGUSR1, 0));
    show("after siginterrupt(0)");
    printf("siginterrupt(1) = %d\n", siginterrupt(SIGUSR1, 1));
    show("after siginterrupt(1)");
    errno = 0;
    int r = siginterrupt(12345, 1);
    printf("bad signal: %d %s\n", r, errno == EINVAL ? "EINVAL" : "other");
    return 0;
}
