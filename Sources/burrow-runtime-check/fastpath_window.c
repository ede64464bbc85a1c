// `burrow-runtime-check fastpath-window BURROW GUEST [--no-fast-path]`: the fast path's hardest
// window, made deterministic with a hardware breakpoint. GUEST is foreign-binaries/guests/fastpath;
// in its "window" case it prints the address of a fresh SDK-shaped stub and waits for a line on
// stdin. This harness attaches to `BURROW run GUEST window` with ptrace, puts an instruction
// breakpoint (DR0) on the stub's `int 0x81`, i.e. just after its `mov eax, N`, lets it go, and when
// the breakpoint hits it delivers SIGUSR1 there instead of the SIGTRAP: a "timer interrupt"
// between the mov and the int. The guest's handler calls the same stub, whose first trap patches
// it; the interrupted context must then resume at the start of the patched stub (never inside the
// new `call` instruction's bytes) and return the right result. Exit status 0 when the guest says
// so and the breakpoint was hit at the right address.
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define DR_OFFSET(n) (offsetof(struct user, u_debugreg) + (n) * sizeof(long))

int fastpath_window_main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: burrow-runtime-check fastpath-window BURROW GUEST [--no-fast-path]\n"); return 2; }
    int fast = !(argc > 4 && strcmp(argv[4], "--no-fast-path") == 0);
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) { perror("pipe"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0); dup2(out[1], 1);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        if (fast) execl(argv[2], argv[2], "run", argv[3], "window", (char *)0);
        else execl(argv[2], argv[2], "run", "--no-fast-path", argv[3], "window", (char *)0);
        _exit(127);
    }
    close(in[0]); close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[256];
    unsigned long stub = 0;
    if (!fgets(line, sizeof line, f) || sscanf(line, "stub %lx", &stub) != 1) { fprintf(stderr, "no stub address from the guest\n"); return 1; }
    unsigned long at = stub + 5;   // the int 0x81 after `mov eax, N` (5 bytes)
    if (ptrace(PTRACE_SEIZE, pid, 0, 0) != 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) != 0) { perror("ptrace"); return 1; }
    int st;
    if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st)) { fprintf(stderr, "no stop\n"); return 1; }
    if (ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFFSET(0), (void *)at) != 0 ||
        ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFFSET(7), (void *)1UL) != 0) {   // L0, execute, 1 byte
        perror("debug registers"); return 1;
    }
    ptrace(PTRACE_CONT, pid, 0, 0);
    if (write(in[1], "go\n", 3) != 3) { perror("write"); return 1; }
    int hits = 0, wrong = 0;
    for (;;) {
        if (waitpid(pid, &st, __WALL) != pid) { perror("waitpid"); return 1; }
        if (WIFEXITED(st) || WIFSIGNALED(st)) break;
        int sig = WSTOPSIG(st);
        if ((st >> 16) == PTRACE_EVENT_STOP) { ptrace(PTRACE_CONT, pid, 0, 0); continue; }
        if (sig == SIGTRAP) {
            long dr6 = ptrace(PTRACE_PEEKUSER, pid, (void *)DR_OFFSET(6), 0);
            if (dr6 & 1) {
                struct user_regs_struct r;
                ptrace(PTRACE_GETREGS, pid, 0, &r);
                if (r.rip != at) wrong = 1;
                hits++;
                ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFFSET(7), (void *)0UL);
                ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFFSET(6), (void *)0UL);
                ptrace(PTRACE_CONT, pid, 0, (void *)(long)SIGUSR1);   // the "timer interrupt", instead of the trap
                continue;
            }
        }
        ptrace(PTRACE_CONT, pid, 0, (void *)(long)sig);
    }
    close(in[1]);
    int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && hits == 1 && !wrong;
    const char *want = fast ? "window: result right, handler ran 1 time(s), stub patched\n"
                            : "window: result right, handler ran 1 time(s), stub original\n";
    int saw = 0;
    while (fgets(line, sizeof line, f)) {
        fputs(line, stdout);
        if (strcmp(line, want) == 0) saw = 1;
    }
    printf("breakpoint hits %d%s, guest %s %d\n", hits, wrong ? " (at a wrong rip)" : "",
           WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    return ok && saw ? 0 : 1;
}
