/* Replaces its standard input and output by files (argv[1] read, argv[2] written) before it first
   touches the ports, then echoes one line through the polled UART: the UART is on the descriptors
   Burrow was started with (docs/abi.md 7.3), so the line comes from Burrow's standard input and goes
   to its standard output, not to the files (Tests/BurrowIntegrationTests/MachineTests.swift).
   Natively in/out fault. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static unsigned char inb(unsigned short port) {
    unsigned char v;
    __asm__ volatile("inb %%dx, %%al" : "=a"(v) : "d"(port));
    return v;
}
static void outb(unsigned short port, unsigned char v) { __asm__ volatile("outb %%al, %%dx" : : "a"(v), "d"(port)); }
static void put(const char *s) { while (*s) outb(0x3F8, (unsigned char)*s++); }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: uart-startup IN OUT\n"); return 2; }
    close(0);
    if (open(argv[1], O_RDONLY) != 0) { perror(argv[1]); return 1; }
    close(1);
    if (open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644) != 1) { perror(argv[2]); return 1; }
    printf("guest stdout\n");
    fflush(stdout);
    put("uart: ");
    for (int n = 0; n < 200; n++) {
        while (!(inb(0x3FD) & 1)) {}
        unsigned char c = inb(0x3F8);
        outb(0x3F8, c);
        if (c == '\n') break;
    }
    return 0;
}
