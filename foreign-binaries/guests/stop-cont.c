/* A child stopped by SIGTSTP's default action and continued by SIGCONT, twice: once by raise() in
 * the child, once by its parent while the child may be blocked in a read of a pipe (the read then
 * carries on after the stop, as if nothing happened, and gets the byte the parent writes after
 * SIGCONT). The parent checks what waitpid reports (stopped by SIGTSTP, then the exit status) and
 * exits 0 when all holds, else the number of the first check that failed. For TraceTests: tracing
 * shows each child's SIGTSTP, its stop (`--- stopped by SIGTSTP ---`) and SIGCONT, as strace does. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int st = -1;
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGTSTP);
        _exit(6);
    }
    if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTSTP) return 1;
    if (kill(pid, SIGCONT) != 0) return 2;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 6) return 3;

    int p[2];
    if (pipe(p) != 0) return 4;
    pid = fork();
    if (pid == 0) {
        char c = 0;
        close(p[1]);
        _exit(read(p[0], &c, 1) == 1 && c == 'x' ? 7 : 8);
    }
    close(p[0]);
    if (kill(pid, SIGTSTP) != 0) return 5;
    if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGTSTP) return 6;
    if (kill(pid, SIGCONT) != 0) return 7;
    if (write(p[1], "x", 1) != 1) return 8;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 7) return 9;
    printf("stopped and continued twice\n");
    return 0;
}
