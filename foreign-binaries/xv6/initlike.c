// What xv6's init does with the console, with Burrow's standard descriptors closed first: open
// "console" (making it with mknod when missing), dup it to 1 and 2, and let a child write too.
#include "lib/user.h"

int main(void) {
    close(0);
    close(1);
    close(2);
    if (open("console", O_RDWR) < 0) {
        mknod("console", 1, 1);
        open("console", O_RDWR);
    }
    dup(0);
    dup(0);
    printf(1, "init: console on %d\n", 0);
    int pid = fork();
    if (pid == 0) {
        char *argv[] = {"echoargs", "child", "through", "the", "console", 0};
        exec("echoargs", argv);
        printf(2, "exec failed\n");
        exit();
    }
    wait();
    char line[64];
    memset(line, 0, sizeof line);
    int n = read(0, line, sizeof line - 1);
    printf(1, "read %d: %s", n, line);
    exit();
}
