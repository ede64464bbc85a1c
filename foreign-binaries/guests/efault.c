/* Passes bad pointers to write() and read(): each must fail with EFAULT and the program carries on. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    ssize_t w = write(1, (const void *)0x10, 5);
    int we = errno;
    char *buf = (char *)1;
    ssize_t r = read(0, buf, 8);
    int re = errno;
    printf("write=%ld %s\n", (long)w, w < 0 ? strerror(we) : "ok");
    printf("read=%ld %s\n", (long)r, r < 0 ? strerror(re) : "ok");
    printf("still running\n");
    return (w == -1 && we == EFAULT && r == -1 && re == EFAULT) ? 0 : 1;
}
