/* sched: a tiny preemptive scheduler inside the guest. Three tasks run on their own stacks; the
   PIT (channel 0, 100 Hz) raises interrupt line 0, whose signal (SIGIRQ0) runs the scheduler: it
   saves the interrupted task's registers and FPU image from the signal context and loads the next
   task's, so that sigreturn resumes another task. Each task appends its letter to a shared log in
   a cli/sti critical section; the handler counts ticks that land inside one (there must be none).
   main is task 0: it sleeps in hlt until the others are done, stops the timer and reports. The
   tick rate goes to standard error (it depends on the machine; the golden output does not). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <toyos/machine.h>

#define NTASKS 4          /* main + A, B, C */
#define STEPS 5
#define STACK 32768

struct task {
    uint64_t regs[18];
    unsigned char fpu[4096] __attribute__((aligned(64)));
    uint64_t fpu_size, fpu_format;
    int started, done;
};
static struct task tasks[NTASKS];
static unsigned char stacks[NTASKS][STACK] __attribute__((aligned(16)));
static volatile int current;
static volatile unsigned long ticks, switches, in_critical, violations;
static volatile char events[256];
static volatile int nevents;

static void task_main(int id) {
    for (int step = 0; step < STEPS; step++) {
        unsigned long t = ticks;
        while (ticks == t) {}                 /* work until a tick has passed (and preempted us) */
        toy_cli();
        in_critical = 1;
        events[nevents] = (char)('A' + id - 1);
        for (volatile int i = 0; i < 20000; i++) {}   /* a critical section long enough to notice */
        nevents = nevents + 1;
        in_critical = 0;
        toy_sti();
    }
    tasks[id].done = 1;
    for (;;) toy_hlt();                       /* never returns: wait to be switched away */
}

static void on_tick(int sig, siginfo_t *info, void *vctx) {
    (void)sig; (void)info;
    struct toy_sigcontext *ctx = vctx;
    ticks++;
    if (in_critical) violations++;
    int next = current;
    for (int i = 1; i <= NTASKS; i++) {
        int c = (current + i) % NTASKS;
        if (!tasks[c].done) { next = c; break; }
    }
    if (next == current) return;
    struct task *from = &tasks[current], *to = &tasks[next];
    memcpy(from->regs, ctx->regs, sizeof from->regs);
    memcpy(from->fpu, (const void *)ctx->fpu, ctx->fpu_size);
    from->fpu_size = ctx->fpu_size;
    from->fpu_format = ctx->fpu_format;
    if (!to->started) {
        to->started = 1;
        memset(to->regs, 0, sizeof to->regs);
        to->regs[TOY_REG_RIP] = (uint64_t)task_main;
        to->regs[TOY_REG_RSP] = (uint64_t)(stacks[next] + STACK - 8);   /* as right after a call */
        to->regs[TOY_REG_RDI] = (uint64_t)next;
        to->regs[TOY_REG_RFLAGS] = 0x202;
        memcpy(to->fpu, from->fpu, from->fpu_size);                      /* a valid FPU state */
        to->fpu_size = from->fpu_size;
        to->fpu_format = from->fpu_format;
    }
    memcpy(ctx->regs, to->regs, sizeof to->regs);
    /* sigreturn loads the image the context points at: the next task's own copy. */
    ctx->fpu = (uint64_t)to->fpu;
    ctx->fpu_size = (uint32_t)to->fpu_size;
    ctx->fpu_format = (uint32_t)to->fpu_format;
    current = next;
    switches++;
}

static int all_done(void) {
    for (int i = 1; i < NTASKS; i++) if (!tasks[i].done) return 0;
    return 1;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_tick;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGIRQ0, &sa, NULL);
    tasks[0].started = 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned reload = TOY_PIT_HZ / 100;
    toy_outb(TOY_PIT_CMD, TOY_PIT_CMD_CH0_RATE);
    toy_outb(TOY_PIT_CH0, reload & 0xff);
    toy_outb(TOY_PIT_CH0, reload >> 8);
    for (;;) {
        toy_cli();
        if (all_done()) break;
        toy_sti_hlt();
    }
    toy_sti();
    toy_outb(TOY_PIT_CMD, 0x30);   /* channel 0, mode 0, no count: the timer stops */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "sched: %lu ticks in %.3f s (%.0f Hz), %lu switches, log %.*s\n", ticks, secs,
            secs > 0 ? (double)ticks / secs : 0.0, switches, nevents, (const char *)events);
    int count[NTASKS] = {0}, changes = 0;
    for (int i = 0; i < nevents; i++) {
        count[events[i] - 'A' + 1]++;
        if (i > 0 && events[i] != events[i - 1]) changes++;
    }
    for (int i = 1; i < NTASKS; i++) printf("task %c: %d steps\n", 'A' + i - 1, count[i]);
    printf("tasks interleaved: %s\n", changes >= NTASKS - 1 ? "yes" : "no");
    printf("ticks inside cli sections: %lu\n", violations);
    return 0;
}
