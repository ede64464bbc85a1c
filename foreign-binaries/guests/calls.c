/* Prints a line, then makes system calls (getpid) forever, until a signal ends it: the signal-storm
 * tests send it signals while it is in and out of the trap path all the time. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("calling\n");
    fflush(stdout);
    for (;;) getpid();
}
