/* siginterrupt (XSI): the SA_RESTART bit of a signal's current action, through sigaction. */
#include <signal.h>

int siginterrupt(int sig, int flag) {
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) != 0) return -1;
    if (flag) sa.sa_flags &= ~SA_RESTART;
    else sa.sa_flags |= SA_RESTART;
    return sigaction(sig, &sa, NULL);
}
