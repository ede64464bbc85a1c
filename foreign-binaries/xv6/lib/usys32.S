# The xv6 i386 system-call stubs, written from the convention alone (docs/xv6.md, "i386"): the
# number in eax, the arguments where the caller left them (32-bit words at esp+4, esp+8, ...: the
# stub is called, so [esp] is its return address), `int $64`, the result in eax. The same exact
# shape as x86-64's, which Burrow recognises: B8 imm32 (mov eax, N), CD 40 (int $64), C3 (ret).
#define SYSCALL(name, number) \
    .globl name; \
    .type name, @function; \
name: \
    movl $number, %eax; \
    int $64; \
    ret

    .text
SYSCALL(fork, 1)
SYSCALL(exit, 2)
SYSCALL(wait, 3)
SYSCALL(pipe, 4)
SYSCALL(read, 5)
SYSCALL(kill, 6)
SYSCALL(exec, 7)
SYSCALL(fstat, 8)
SYSCALL(chdir, 9)
SYSCALL(dup, 10)
SYSCALL(getpid, 11)
SYSCALL(sbrk, 12)
SYSCALL(sleep, 13)
SYSCALL(uptime, 14)
SYSCALL(open, 15)
SYSCALL(write, 16)
SYSCALL(mknod, 17)
SYSCALL(unlink, 18)
SYSCALL(link, 19)
SYSCALL(mkdir, 20)
SYSCALL(close, 21)
# A number xv6 does not have: -1 and a line from the kernel.
SYSCALL(nosuchcall, 99)

# calls_preserve(): every register but eax survives a call (and the flags' DF and the stack
# pointer). Returns 1 when every one is unchanged, else 0.
    .globl calls_preserve
    .type calls_preserve, @function
calls_preserve:
    push %ebx; push %esi; push %edi; push %ebp
    mov $0x11111111, %ebx
    mov $0x22222222, %ecx
    mov $0x33333333, %edx
    mov $0x44444444, %esi
    mov $0x55555555, %edi
    mov $0x66666666, %ebp
    movl $11, %eax
    int $64
    xor %eax, %eax
    cmp $0x11111111, %ebx; jne 1f
    cmp $0x22222222, %ecx; jne 1f
    cmp $0x33333333, %edx; jne 1f
    cmp $0x44444444, %esi; jne 1f
    cmp $0x55555555, %edi; jne 1f
    cmp $0x66666666, %ebp; jne 1f
    mov $1, %eax
1:  pop %ebp; pop %edi; pop %esi; pop %ebx
    ret

# garbage_upper(fd, buf, n): on i386 there are no upper halves; a plain write(), so that the
# x86-64 program's check runs unchanged.
    .globl garbage_upper
    .type garbage_upper, @function
garbage_upper:
    movl $16, %eax
    int $64
    ret

# call_with_stack(sp): getpid with esp = sp (garbage or outside the segment) during the call: the
# trap path never touches the guest's stack. Returns getpid's result.
    .globl call_with_stack
    .type call_with_stack, @function
call_with_stack:
    mov %esp, %ecx
    mov 4(%esp), %esp
    movl $11, %eax
    int $64
    mov %ecx, %esp
    ret

    .section .note.GNU-stack,"",@progbits
