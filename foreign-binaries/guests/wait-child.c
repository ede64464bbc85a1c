/* Forks a child that waits for its parent to go away (a read of a pipe only the parent can write),
 * then waits for the child: the parent blocks in waitpid until a signal ends it. Prints "waiting"
 * first. Used to check that a terminating signal ends a guest blocked in waitpid. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);   /* end of file once the parent is gone */
        _exit(0);
    }
    close(p[0]);
    printf("waiting\n");
    fflush(stdout);
    int st;
    waitpid(pid, &st, 0);
    printf("waitpid returned\n");
    return 1;
}
