/* Prints a line, then computes forever (no system calls), until a signal ends it. SIGWINCH has a
 * handler (it counts), so that a storm of SIGWINCH reaches Burrow and interrupts the loop with
 * asynchronous exits and handler deliveries, without ending it. */
#include <signal.h>
#include <stdio.h>

static volatile unsigned long winches;
static void on_winch(int sig) { (void)sig; winches++; }

int main(void) {
    signal(SIGWINCH, on_winch);
    printf("spinning\n");
    fflush(stdout);
    volatile unsigned long n = 0;
    for (;;) n++;
}
