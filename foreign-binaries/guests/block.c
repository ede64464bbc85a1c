/* Prints a line, then blocks in read() on stdin until a signal ends it (Ctrl-C must work). */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("blocking\n");
    fflush(stdout);
    char c;
    ssize_t n = read(0, &c, 1);
    printf("read returned %ld\n", (long)n);
    return 0;
}
