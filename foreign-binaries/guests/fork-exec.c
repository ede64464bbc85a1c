/* Forks; the child executes argv[1] with the remaining arguments, the parent waits for it and
 * prints "child exited N" (exit status: 0). Used to check that traces follow the child: both
 * processes in every trace format, the summary counting both. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return 3;
    if (pid == 0) {
        execv(argv[1], argv + 1);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid) return 4;
    printf("child exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
