// xv6 processes: fork, wait, exit, pipe, kill, exec and its limits, faults in children, the
// 64-process limit, open-file offsets shared across fork.
#include "lib/user.h"

// Everything until end of file (the writer may write in pieces).
static int readall(int fd, char *buf, int size) {
    int total = 0, n;
    memset(buf, 0, size);
    while (total < size - 1 && (n = read(fd, buf + total, size - 1 - total)) > 0) total += n;
    return total;
}

static char *bigarg(void) {
    static char s[401];
    for (int i = 0; i < 400; i++) s[i] = 'x';
    return s;
}

// Forks a child that touches `addr`; 1 when the child died (wait returned it without the child
// reaching its exit, which would write to the pipe).
static int child_dies_reading(uint64 addr) {
    int fds[2];
    pipe(fds);
    int pid = fork();
    if (pid == 0) {
        close(fds[0]);
        volatile char c = *(volatile char *)addr;
        (void)c;
        write(fds[1], "survived", 8);
        exit();
    }
    close(fds[1]);
    char buf[8];
    int n = read(fds[0], buf, 8);
    close(fds[0]);
    return wait() == pid && n == 0;
}

int main(void) {
    ok(wait() == -1, "wait without children is -1");

    int pid = fork();
    if (pid == 0) exit();
    ok(pid > 0, "fork returns the child's pid");
    ok(wait() == pid, "wait returns the child's pid");
    ok(wait() == -1, "and then there are none");

    int fds[2];
    ok(pipe(fds) == 0 && fds[0] >= 3 && fds[1] > fds[0], "pipe");
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        write(fds[1], "through the pipe", 16);
        exit();
    }
    close(fds[1]);
    char buf[64];
    memset(buf, 0, sizeof buf);
    int n = read(fds[0], buf, sizeof buf);
    ok(n == 16 && strcmp(buf, "through the pipe") == 0, "a child writes, the parent reads");
    ok(read(fds[0], buf, sizeof buf) == 0, "end of file when the writer is gone");
    close(fds[0]);
    wait();
    ok(pipe(fds) == 0, "another pipe");
    close(fds[0]);
    ok(write(fds[1], "x", 1) == -1, "writing to a pipe without readers is -1 (no signal)");
    close(fds[1]);

    // kill: a sleeping child dies.
    pid = fork();
    if (pid == 0) { sleep(100000); exit(); }
    ok(kill(pid) == 0, "kill a sleeping child");
    ok(wait() == pid, "the killed child is reaped");
    ok(kill(1) == -1, "kill of a process outside the tree is -1");
    int zfds[2];
    pipe(zfds);
    pid = fork();
    if (pid == 0) { close(zfds[0]); exit(); }
    close(zfds[1]);
    read(zfds[0], buf, 1);   // end of file: the child has exited (a zombie until waited for)
    close(zfds[0]);
    ok(kill(pid) == 0, "kill of an exited (zombie) child succeeds");
    ok(wait() == pid, "and it is reaped as usual");
    ok(kill(-5) == -1, "kill of a bad pid is -1");

    // exec: output through a pipe.
    pipe(fds);
    pid = fork();
    if (pid == 0) {
        close(1);
        dup(fds[1]);
        close(fds[0]);
        close(fds[1]);
        char *args[] = {"echoargs", "alpha", "beta gamma", 0};
        exec("echoargs", args);
        printf(2, "exec failed\n");
        exit();
    }
    close(fds[1]);
    n = readall(fds[0], buf, sizeof buf);
    close(fds[0]);
    wait();
    ok(strcmp(buf, "alpha beta gamma\n") == 0, "exec runs the program with its arguments");

    // Arguments are bytes: those that are not UTF-8 arrive unchanged.
    pipe(fds);
    pid = fork();
    if (pid == 0) {
        close(1); dup(fds[1]); close(fds[0]); close(fds[1]);
        char *args[] = {"echoargs", "\xad", "\xff\xfe", "\xc3\x28", 0};
        exec("echoargs", args);
        exit();
    }
    close(fds[1]);
    n = readall(fds[0], buf, sizeof buf);
    close(fds[0]);
    wait();
    ok(strcmp(buf, "\xad \xff\xfe \xc3\x28\n") == 0, "exec passes argument bytes that are not UTF-8 unchanged");

    char *none[] = {"nosuch", 0};
    ok(exec("nosuch", none) == -1, "exec of a missing file is -1");
    ok(exec("/", none) == -1, "exec of a directory is -1");
    char *many[34];
    for (int i = 0; i < 33; i++) many[i] = "a";
    many[33] = 0;
    ok(exec("echoargs", many) == -1, "exec with 33 arguments is -1");
    char *big[12];
    big[0] = "echoargs";
    for (int i = 1; i < 11; i++) big[i] = bigarg();
    big[11] = 0;
    ok(exec("echoargs", big) == -1, "exec whose strings do not fit one 4 KiB page is -1");

    // 32 arguments fit (if short).
    pipe(fds);
    pid = fork();
    if (pid == 0) {
        close(1); dup(fds[1]); close(fds[0]); close(fds[1]);
        many[32] = 0;
        many[0] = "echoargs";
        exec("echoargs", many);
        exit();
    }
    close(fds[1]);
    char wide[128];
    n = readall(fds[0], wide, sizeof wide);
    close(fds[0]);
    wait();
    ok(n == 62, "exec with 32 arguments works");

    // Faults kill the child only.
    ok(child_dies_reading(0x80000000UL), "a load at 0x80000000 kills the process");
    ok(child_dies_reading(0xfffff000UL), "a load just below 4 GiB kills the process");
    char *stack_page = (char *)(((uint64)&n) & ~4095UL);
    ok(child_dies_reading((uint64)stack_page - 1), "the guard page below the stack kills the process");

    // Open-file offsets are shared with the child.
    int fd = open("shared", O_CREATE | O_RDWR);
    pid = fork();
    if (pid == 0) { write(fd, "ab", 2); exit(); }
    wait();
    write(fd, "cd", 2);
    close(fd);
    fd = open("shared", O_RDONLY);
    memset(buf, 0, sizeof buf);
    read(fd, buf, sizeof buf);
    close(fd);
    ok(strcmp(buf, "abcd") == 0, "fork shares open-file offsets");
    unlink("shared");

    // 64 processes in the tree, zombies included: this one and 63 children.
    int count = 0;
    for (int i = 0; i < 100; i++) {
        pid = fork();
        if (pid == 0) exit();
        if (pid < 0) break;
        count++;
    }
    ok(count == 63, "fork fails past 64 processes, zombies counted");
    int reaped = 0;
    while (wait() > 0) reaped++;
    ok(reaped == count, "every zombie is reaped");
    pid = fork();
    if (pid == 0) exit();
    ok(pid > 0 && wait() == pid, "fork works again after the zombies are reaped");
    done();
}
