# The xv6 x86-64 system-call stubs, written from the convention alone (docs/xv6.md): the number in
# eax, `int $64`, the int result in rax. The stubs and their numbers are calls.h's, shared with
# usys32.S: B8 imm32 (mov eax, N), CD 40 (int $64), C3 (ret), the shape Burrow recognises.
    .text
#include "calls.h"

# calls_preserve(): every register but rax survives a call. Loads known values into all of them,
# makes a call (getpid), and returns 1 when every one is unchanged, else 0.
    .globl calls_preserve
    .type calls_preserve, @function
calls_preserve:
    push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15
    mov $0x1111111111111111, %rbx
    mov $0x2222222222222222, %rcx
    mov $0x3333333333333333, %rdx
    mov $0x4444444444444444, %rsi
    mov $0x5555555555555555, %rdi
    mov $0x6666666666666666, %rbp
    mov $0x7777777777777777, %r8
    mov $0x8888888888888888, %r9
    mov $0x9999999999999999, %r10
    mov $0xaaaaaaaaaaaaaaaa, %r11
    mov $0xbbbbbbbbbbbbbbbb, %r12
    mov $0xcccccccccccccccc, %r13
    mov $0xdddddddddddddddd, %r14
    mov $0xeeeeeeeeeeeeeeee, %r15
    movl $11, %eax
    int $64
    xor %eax, %eax
    mov $0x1111111111111111, %r10; cmp %r10, %rbx; jne 1f
    mov $0x2222222222222222, %r10; cmp %r10, %rcx; jne 1f
    mov $0x3333333333333333, %r10; cmp %r10, %rdx; jne 1f
    mov $0x4444444444444444, %r10; cmp %r10, %rsi; jne 1f
    mov $0x5555555555555555, %r10; cmp %r10, %rdi; jne 1f
    mov $0x6666666666666666, %r10; cmp %r10, %rbp; jne 1f
    mov $0x7777777777777777, %r10; cmp %r10, %r8; jne 1f
    mov $0x8888888888888888, %r10; cmp %r10, %r9; jne 1f
    mov $0xaaaaaaaaaaaaaaaa, %r10; cmp %r10, %r11; jne 1f
    mov $0xbbbbbbbbbbbbbbbb, %r10; cmp %r10, %r12; jne 1f
    mov $0xcccccccccccccccc, %r10; cmp %r10, %r13; jne 1f
    mov $0xdddddddddddddddd, %r10; cmp %r10, %r14; jne 1f
    mov $0xeeeeeeeeeeeeeeee, %r10; cmp %r10, %r15; jne 1f
    mov $1, %eax
1:  pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx
    ret

# garbage_upper(fd, buf, n): write() with garbage in the upper halves of the int arguments
# (fd and n), which xv6 ignores.
    .globl garbage_upper
    .type garbage_upper, @function
garbage_upper:
    mov $0xdeadbeef00000000, %rax
    or %rax, %rdi
    or %rax, %rdx
    movl $16, %eax
    int $64
    ret

# call_with_stack(sp): getpid with rsp = sp (garbage or unmapped) during the call: the trap path
# never touches the guest's stack. Returns getpid's result.
    .globl call_with_stack
    .type call_with_stack, @function
call_with_stack:
    mov %rsp, %r11
    mov %rdi, %rsp
    movl $11, %eax
    int $64
    mov %r11, %rsp
    ret

    .section .note.GNU-stack,"",@progbits
