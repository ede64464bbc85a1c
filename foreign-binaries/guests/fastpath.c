/* The fast path's cases (docs/architecture.md, "The fast path"), one per argument. ToyOS only: the
 * native twin has no int 0x81. Each prints what it saw; the first byte of a stub tells whether
 * Burrow patched it (0xb8: still `mov eax, N`; 0xff: `call [slot]`). Under --no-fast-path nothing
 * is ever patched and every case still gives the same results.
 *
 *   shapes       an exact SDK-shaped stub, a stub of another shape (a nop before the int), and
 *                the exact shape entered at its `int` with another number in eax
 *   fork         patch, fork; the child patches a stub of its own; the parent's copy is untouched
 *   exec         patch, then exec this program again ("exec-child"): the new image is unpatched
 *   signal       a signal arrives while a patched read blocks (SA_RESTART): the handler runs
 *                (itself making patched calls) and the read is restarted through the patched stub
 *   lane-closes N  N times: two one-byte writes to /dev/null, then a call through fp_other (a
 *                trap: the run loop closes the fast lane). The first write of each round finds
 *                the lane closed and takes the Swift entry; the second the lane (under a trace too:
 *                `--summary` counts the lane's, which must be the second writes alone)
 *   window       waits for a line on stdin, then calls a stub whose `int` the test harness
 *                (burrow-runtime-check fastpath-window) interrupts with SIGUSR1 after the `mov`;
 *                the handler calls the same stub, which patches it before the interrupted call
 *                resumes */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <toyos/abi.h>
#include <unistd.h>
#include <sys/wait.h>

#define STR2(x) #x
#define STR(x) STR2(x)

/* Stubs of our own, so each case starts from an unpatched one. */
__asm__(".text\n"
        ".balign 16\n.globl fp_exact\nfp_exact:\n movl $" STR(TOY_SYS_getpid) ", %eax\n int $0x81\n ret\n"
        ".balign 16\n.globl fp_child\nfp_child:\n movl $" STR(TOY_SYS_getpid) ", %eax\n int $0x81\n ret\n"
        ".balign 16\n.globl fp_window\nfp_window:\n movl $" STR(TOY_SYS_getpid) ", %eax\n int $0x81\n ret\n"
        ".balign 16\n.globl fp_other\nfp_other:\n movl $" STR(TOY_SYS_getpid) ", %eax\n nop\n int $0x81\n ret\n"
        /* The exact shape, entered at its int with eax = getppid: not a stub, never patched. */
        ".balign 16\n.globl fp_shared\nfp_shared:\n movl $" STR(TOY_SYS_getpid) ", %eax\n"
        ".globl fp_shared_int\nfp_shared_int:\n int $0x81\n ret\n"
        ".globl fp_via_shared\nfp_via_shared:\n movl $" STR(TOY_SYS_getppid) ", %eax\n jmp fp_shared_int\n");

long fp_exact(void), fp_child(void), fp_window(void), fp_other(void), fp_via_shared(void);
extern const unsigned char fp_shared[];

static const char *state(const void *stub) {
    unsigned char b = *(const volatile unsigned char *)stub;
    return b == 0xB8 ? "original" : b == 0xFF ? "patched" : "changed";
}

static int shapes(void) {
    long pid = getpid(), ppid = getppid(), ok = 1;
    for (int i = 0; i < 3; i++) {
        ok &= fp_exact() == pid;
        ok &= fp_other() == pid;
        ok &= fp_via_shared() == ppid;
    }
    printf("results %s\n", ok ? "right" : "WRONG");
    printf("exact %s\nother %s\nshared %s\n", state((void *)fp_exact), state((void *)fp_other), state(fp_shared));
    return ok ? 0 : 1;
}

static int forked(void) {
    long pid = getpid();
    int ok = fp_exact() == pid && fp_exact() == pid;
    printf("parent before fork: exact %s\n", state((void *)fp_exact));
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 1; }
    if (child == 0) {
        long me = getpid();
        int cok = fp_exact() == me && fp_child() == me && fp_child() == me && me != pid;
        printf("child: exact %s, child-stub %s, results %s\n", state((void *)fp_exact), state((void *)fp_child), cok ? "right" : "WRONG");
        fflush(stdout);
        _exit(cok ? 0 : 1);
    }
    int st;
    if (waitpid(child, &st, 0) != child) { perror("waitpid"); return 1; }
    printf("parent after child: child-stub %s (the child's patch stays in the child)\n", state((void *)fp_child));
    ok &= fp_child() == pid && fp_child() == pid;
    printf("parent: child-stub %s, results %s, child status %d\n", state((void *)fp_child), ok ? "right" : "WRONG",
           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return ok && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

static int exec_parent(const char *self) {
    long pid = getpid();
    int ok = fp_exact() == pid && fp_exact() == pid;
    printf("before exec: exact %s, results %s\n", state((void *)fp_exact), ok ? "right" : "WRONG");
    fflush(stdout);
    char *args[] = { (char *)self, "exec-child", 0 };
    execv(self, args);
    perror("exec");
    return 1;
}

static int exec_child(void) {
    printf("after exec: exact %s\n", state((void *)fp_exact));
    long pid = getpid();
    int ok = fp_exact() == pid && fp_exact() == pid;
    printf("after exec: exact %s after two calls, results %s\n", state((void *)fp_exact), ok ? "right" : "WRONG");
    return ok ? 0 : 1;
}

static volatile int handled;
static void on_usr1(int sig) {
    (void)sig;
    /* Patched calls inside the handler, one of them the first call of its stub. */
    if (fp_exact() == getpid() && fp_window() == getpid()) handled++;
}

static int signalled(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, 0);
    int fds[2];
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    char c = 0;
    /* Two reads through the read stub first: the second is already a patched call. */
    if (write(fds[1], "ab", 2) != 2 || read(fds[0], &c, 1) != 1 || read(fds[0], &c, 1) != 1) { perror("pipe io"); return 1; }
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        /* The parent blocks in read (or is about to): the signal interrupts it, then the data
           arrives; with SA_RESTART the read just returns the byte. */
        kill(parent, SIGUSR1);
        usleep(20000);
        if (write(fds[1], "x", 1) != 1) _exit(1);
        _exit(0);
    }
    ssize_t n = read(fds[0], &c, 1);
    int st;
    waitpid(child, &st, 0);
    printf("read %zd byte '%c', handler ran %d time(s)\n", n, n == 1 ? c : '?', handled);
    return n == 1 && c == 'x' && handled == 1 ? 0 : 1;
}

static int lane_closes(long rounds) {
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) { perror("/dev/null"); return 1; }
    long wrote = 0;
    for (long i = 0; i < rounds; i++) {
        wrote += write(fd, "x", 1);
        wrote += write(fd, "x", 1);
        if (fp_other() <= 0) { fprintf(stderr, "fp_other: no pid\n"); return 1; }
    }
    printf("lane-closes: %ld rounds, %ld bytes written\n", rounds, wrote);
    return wrote == 2 * rounds ? 0 : 1;
}

static int window(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, 0);
    printf("stub %p\n", (void *)fp_window);
    fflush(stdout);
    char line[16];
    if (read(0, line, sizeof line) <= 0) return 1;
    long r = fp_window();
    printf("window: result %s, handler ran %d time(s), stub %s\n", r == getpid() ? "right" : "WRONG", handled,
           state((void *)fp_window));
    return r == getpid() && handled == 1 ? 0 : 1;
}

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "shapes";
    if (strcmp(what, "shapes") == 0) return shapes();
    if (strcmp(what, "fork") == 0) return forked();
    if (strcmp(what, "exec") == 0) return exec_parent(argv[0]);
    if (strcmp(what, "exec-child") == 0) return exec_child();
    if (strcmp(what, "signal") == 0) return signalled();
    if (strcmp(what, "window") == 0) return window();
    if (strcmp(what, "lane-closes") == 0) return lane_closes(argc > 2 ? atol(argv[2]) : 1000);
    fprintf(stderr, "fastpath: unknown case %s\n", what);
    return 2;
}
