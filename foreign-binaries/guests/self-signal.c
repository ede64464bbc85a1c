/* Sends itself a signal: `self-signal abort` calls abort(), `self-signal term` raise(SIGTERM),
 * `self-signal probe` kill(getpid(), 0). Natively and under Burrow the first two end the process by
 * that signal (a shell shows 134 and 143); the probe succeeds and the program exits 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "probe";
    printf("sending %s\n", what);
    fflush(stdout);
    if (strcmp(what, "abort") == 0)
        abort();
    if (strcmp(what, "term") == 0)
        raise(SIGTERM);
    int r = kill(getpid(), 0);
    printf("kill(self, 0) = %d\n", r);
    return r == 0 ? 0 : 1;
}
