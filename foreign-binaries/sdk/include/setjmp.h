/* Non-local jumps. setjmp/_setjmp do not save the signal mask (as glibc's); sigsetjmp(env, 1)
   does, and siglongjmp restores it. */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef struct __jmp_buf_tag {
    unsigned long __regs[8];      /* rbx rbp r12 r13 r14 r15 rsp rip */
    int __mask_saved;
    unsigned long __sigmask;
} jmp_buf[1];
typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env) __attribute__((returns_twice));
int _setjmp(jmp_buf env) __attribute__((returns_twice));
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);
_Noreturn void _longjmp(jmp_buf env, int val);
_Noreturn void siglongjmp(sigjmp_buf env, int val);

#define setjmp setjmp

#endif
