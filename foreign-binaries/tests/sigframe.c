/* The signal frame and sigreturn, checked from assembly: a handler interrupts a loop (SIGALRM,
 * asynchronous: the loop makes no system calls) that holds patterns in the red zone (the 128 bytes
 * below rsp), in rbx, rbp, r12-r15, in xmm6 and, where the CPU has AVX, the upper half of ymm6, and
 * in the x87 stack; the handler clobbers all of them; after sigreturn every one is as it was. The
 * handler's entry is checked too: rsp + 8 a multiple of 16, the frame below the red zone, DF clear,
 * MXCSR 0x1F80 and the x87 control word 0x037F. */
#include "tt.h"
#include <signal.h>
#include <stdint.h>

volatile int frame_fired;
volatile uint64_t frame_entry_rsp, frame_entry_flags, loop_rsp;
volatile uint32_t frame_entry_mxcsr;
volatile uint16_t frame_entry_fcw;
static int have_avx;

/* The handler's first instructions record rsp and the flags before any compiled code runs. */
void frame_handler_c(int sig);
__asm__(".text\n.globl frame_handler\nframe_handler:\n"
        "  mov %rsp, frame_entry_rsp(%rip)\n"
        "  pushfq\n  pop %rax\n  mov %rax, frame_entry_flags(%rip)\n"
        "  stmxcsr frame_entry_mxcsr(%rip)\n  fnstcw frame_entry_fcw(%rip)\n"
        "  jmp frame_handler_c\n");
void frame_handler(int sig);

void frame_handler_c(int sig)
{
    (void)sig;
    /* Clobber what the interrupted loop holds. */
    __asm__ volatile("xor %%ebx, %%ebx\n xor %%r12d, %%r12d\n xor %%r13d, %%r13d\n xor %%r14d, %%r14d\n"
                     "xor %%r15d, %%r15d\n pxor %%xmm6, %%xmm6\n fninit\n"
                     ::: "rbx", "r12", "r13", "r14", "r15", "xmm6", "memory");
    if (have_avx) __asm__ volatile("vpxor %%ymm6, %%ymm6, %%ymm6" ::: "xmm6");
    frame_fired = 1;
}

/* Fills the red zone and the registers, spins until the handler has run, then checks them.
 * Returns a bit per check that failed (0: all intact). */
static uint64_t spin_with_state(int avx)
{
    uint64_t bad;
    __asm__ volatile(
        "push %%rbp\n"
        "mov %%rsp, loop_rsp(%%rip)\n"
        /* red zone: 16 quadwords below rsp */
        "mov $1, %%ecx\n"
        "1: mov $0x0101010101010101, %%rax\n imul %%rcx, %%rax\n"
        "   mov %%rcx, %%rdx\n neg %%rdx\n mov %%rax, (%%rsp,%%rdx,8)\n"
        "   inc %%ecx\n cmp $17, %%ecx\n jne 1b\n"
        "mov $0x1111111111111111, %%rbx\n mov $0x2222222222222222, %%rbp\n"
        "mov $0x3333333333333333, %%r12\n mov $0x4444444444444444, %%r13\n"
        "mov $0x5555555555555555, %%r14\n mov $0x6666666666666666, %%r15\n"
        "mov $0x7777777777777777, %%rax\n movq %%rax, %%xmm6\n pshufd $0x44, %%xmm6, %%xmm6\n"
        "test %%esi, %%esi\n jz 2f\n vinserti128 $1, %%xmm6, %%ymm6, %%ymm6\n 2:\n"
        "fld1\n fldpi\n"
        "3: cmpl $0, frame_fired(%%rip)\n je 3b\n"
        "xor %%edi, %%edi\n"
        "mov $0x1111111111111111, %%rax\n cmp %%rax, %%rbx\n je 4f\n or $1, %%rdi\n 4:\n"
        "mov $0x2222222222222222, %%rax\n cmp %%rax, %%rbp\n je 4f\n or $2, %%rdi\n 4:\n"
        "mov $0x3333333333333333, %%rax\n cmp %%rax, %%r12\n je 4f\n or $4, %%rdi\n 4:\n"
        "mov $0x4444444444444444, %%rax\n cmp %%rax, %%r13\n je 4f\n or $4, %%rdi\n 4:\n"
        "mov $0x5555555555555555, %%rax\n cmp %%rax, %%r14\n je 4f\n or $4, %%rdi\n 4:\n"
        "mov $0x6666666666666666, %%rax\n cmp %%rax, %%r15\n je 4f\n or $4, %%rdi\n 4:\n"
        "movq %%xmm6, %%rax\n mov $0x7777777777777777, %%rdx\n cmp %%rdx, %%rax\n je 4f\n or $8, %%rdi\n 4:\n"
        "pextrq $1, %%xmm6, %%rax\n cmp %%rdx, %%rax\n je 4f\n or $8, %%rdi\n 4:\n"
        "test %%esi, %%esi\n jz 5f\n vextracti128 $1, %%ymm6, %%xmm0\n movq %%xmm0, %%rax\n cmp %%rdx, %%rax\n je 5f\n or $16, %%rdi\n 5:\n"
        /* x87: st0 = pi, st1 = 1 */
        "fldpi\n fcomip %%st(1), %%st\n fstp %%st(0)\n je 6f\n or $32, %%rdi\n 6:\n"
        "fld1\n fcomip %%st(1), %%st\n fstp %%st(0)\n je 6f\n or $32, %%rdi\n 6:\n"
        /* red zone */
        "mov $1, %%ecx\n"
        "7: mov $0x0101010101010101, %%rax\n imul %%rcx, %%rax\n"
        "   mov %%rcx, %%rdx\n neg %%rdx\n cmp %%rax, (%%rsp,%%rdx,8)\n je 8f\n or $64, %%rdi\n 8:\n"
        "   inc %%ecx\n cmp $17, %%ecx\n jne 7b\n"
        "mov %%rdi, %%rax\n"
        "pop %%rbp\n"
        : "=a"(bad)
        : "S"(avx)
        : "rbx", "rcx", "rdx", "rdi", "r12", "r13", "r14", "r15", "xmm0", "xmm6", "st", "st(1)", "memory", "cc");
    return bad;
}

static int cpu_has_avx(void)
{
    unsigned a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0;   /* OSXSAVE and AVX */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

int main(void)
{
    have_avx = cpu_has_avx();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = frame_handler;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
    uint64_t bad = spin_with_state(have_avx);
    ok(frame_fired, "the handler ran while the loop spun");
    ok(!(bad & 1), "rbx is back after sigreturn");
    ok(!(bad & 2), "rbp is back");
    ok(!(bad & 4), "r12-r15 are back");
    ok(!(bad & 8), "xmm6 is back");
    ok(!(bad & 16), "the upper half of ymm6 is back (where the CPU has AVX)");
    ok(!(bad & 32), "the x87 stack is back");
    ok(!(bad & 64), "the red zone is untouched");
    is_int((long long)((frame_entry_rsp + 8) % 16), 0, "at the handler's entry rsp + 8 is a multiple of 16");
    ok(frame_entry_rsp + 128 <= loop_rsp, "the frame lies below the interrupted code's red zone");
    is_int((long long)(frame_entry_flags & 0x400), 0, "DF is clear in the handler");
    is_int(frame_entry_mxcsr & 0xffff, 0x1f80, "MXCSR is 0x1F80 in the handler");
    is_int(frame_entry_fcw, 0x037f, "the x87 control word is 0x037F in the handler");
    return done_testing();
}
