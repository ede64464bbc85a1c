/* Touches the UART (so Burrow opens the devices' descriptors), then forks: the child closes its
   standard output and waits for its standard input to end; the parent prints and exits. A reader of
   the standard output sees its end as soon as the parent has exited: the child must not keep a
   device's duplicate of it (Tests/BurrowIntegrationTests/MachineTests.swift). Natively in/out fault. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    unsigned char lsr;
    __asm__ volatile("inb %%dx, %%al" : "=a"(lsr) : "d"(0x3FD));
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        close(1);
        char c;
        while (read(0, &c, 1) > 0) {}
        _exit(0);
    }
    printf("parent done (lsr 0x%02x)\n", lsr);
    return 0;
}
