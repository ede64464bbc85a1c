/* Prints a line, then makes system calls (getpid) forever, until a signal ends it: the signal-storm
 * tests send it signals while it is in and out of the trap path all the time. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

/* SIGWINCH has a handler (it counts): a storm of it reaches Burrow, in and out of system calls. */
static volatile unsigned long winches;
static void on_winch(int sig) { (void)sig; winches++; }

int main(void) {
    signal(SIGWINCH, on_winch);
    printf("calling\n");
    fflush(stdout);
    for (;;) getpid();
}
