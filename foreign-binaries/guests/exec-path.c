/* Executes argv[1] with the remaining arguments and prints why exec failed ("exec: <message>"),
 * exit 1. Used to check that a file that is not a ToyOS program (a Linux executable, say) fails
 * with ENOEXEC and the caller carries on. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    execv(argv[1], argv + 1);
    printf("exec: %s\n", strerror(errno));
    return 1;
}
