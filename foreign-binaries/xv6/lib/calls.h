/* The xv6 system calls and their numbers (docs/xv6.md), listed once for both stub files, usys.S
   (x86-64) and usys32.S (i386), which include this file in .text: the two architectures cannot
   disagree on a name or a number. Included by the C preprocessor from .S files only: no C here.

   SYSCALL(name, number) is the stub: B8 imm32 (mov eax, N), CD 40 (int $64), C3 (ret), the exact
   shape Burrow recognises xv6 programs by. Those are the same bytes in 64-bit and in 32-bit code,
   so both files use this one; a file that ever needs another defines SYSCALL before the include. */
#ifndef SYSCALL
#define SYSCALL(name, number) \
    .globl name; \
    .type name, @function; \
name: \
    movl $number, %eax; \
    int $64; \
    ret
#endif

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
/* A number xv6 does not have: -1 and a line from the kernel. */
SYSCALL(nosuchcall, 99)
