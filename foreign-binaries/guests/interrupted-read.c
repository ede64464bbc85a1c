/* A read that a signal interrupts, for the trace's EINTR and ERESTARTSYS (TraceTests): a SIGUSR1
 * handler with SA_RESTART (argument "restart") or without, then a read of standard input, which
 * the test feeds only after the signal has been delivered. Prints what the read returned. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

int main(int argc, char **argv)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    if (argc > 1 && strcmp(argv[1], "restart") == 0) sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    char b[16];
    ssize_t n = read(0, b, sizeof b);
    if (n < 0) printf("read -1 %s\n", errno == EINTR ? "EINTR" : strerror(errno));
    else printf("read %zd\n", n);
    return 0;
}
