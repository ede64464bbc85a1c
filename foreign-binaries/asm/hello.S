/* asm-hello: a ToyOS v1 program written from docs/abi.md alone.
 *
 * No SDK: no headers, no crt0, no toyos-cc, no brand tool. Every byte of the executable comes from
 * this file: the ELF header, the program headers, the ToyOS note, the code and the data all live in
 * one section that `llvm-objcopy -O binary` (or `ld.lld --oformat binary`) copies out verbatim.
 * An address is BASE + (label - ehdr), i.e. file offset == virtual address - BASE everywhere, and
 * the code reaches its data only RIP-relatively, so the object has no relocations.
 *
 * What it does (docs/abi.md is the spec for every check):
 *   prints argc and each argv string, then "hello from assembly";
 *   checks the start state (registers, start block, auxv);
 *   checks a write to fd -1 fails with CF=1, rdx=1, rax=EBADF (4);
 *   checks rbx, rbp, r12-r15 and rsp survive a call, that the upper halves of eax and of an int
 *   argument are ignored, that an unknown number gives ENOSYS and a bad pointer EFAULT;
 *   checks getpid and clock_gettime(CLOCK_MONOTONIC);
 *   sets the TLS base to a buffer and reads and writes it through %gs;
 *   exits with status 42 when every check passed, 1 otherwise.
 */

#define BASE            0x00400000      /* ET_EXEC link address, inside [0x10000, 0x7F000000) */

/* ToyOS v1 numbers (docs/abi.md) */
#define SYS_exit        1
#define SYS_getpid      5
#define SYS_getppid     6
#define SYS_write       19
#define SYS_set_tls     67
#define SYS_clock_gettime 80
#define EBADF           4
#define EFAULT          10
#define ENOSYS          26
#define CLOCK_MONOTONIC 2
#define AT_NULL         0
#define AT_BASE         9               /* the highest key ABI v1 defines */

#define SYSCALL(nr)     movl $(nr), %eax; int $0x81

    .text
    .code64

/* ------------------------------------------------------------------ ELF header (64 bytes) */
ehdr:
    .byte 0x7f, 'E', 'L', 'F'
    .byte 2                             /* EI_CLASS: ELFCLASS64 */
    .byte 1                             /* EI_DATA: ELFDATA2LSB */
    .byte 1                             /* EI_VERSION: EV_CURRENT */
    .byte 0x54                          /* EI_OSABI: ToyOS ('T') */
    .byte 1                             /* EI_ABIVERSION: ABI major 1 */
    .byte 0, 0, 0, 0, 0, 0, 0           /* EI_PAD */
    .short 2                            /* e_type: ET_EXEC */
    .short 62                           /* e_machine: EM_X86_64 */
    .long 1                             /* e_version */
    .quad BASE + (_start - ehdr)        /* e_entry */
    .quad phdrs - ehdr                  /* e_phoff */
    .quad 0                             /* e_shoff: no section headers */
    .long 0                             /* e_flags */
    .short ehdr_end - ehdr              /* e_ehsize: 64 */
    .short 56                           /* e_phentsize */
    .short (phdrs_end - phdrs) / 56     /* e_phnum: 3 */
    .short 0                            /* e_shentsize */
    .short 0                            /* e_shnum */
    .short 0                            /* e_shstrndx */
ehdr_end:

/* ------------------------------------------------------------------ program headers (3 x 56 bytes) */
phdrs:
    /* text: the headers, the note, the code and the constant strings; read + execute */
    .long 1                             /* p_type: PT_LOAD */
    .long 5                             /* p_flags: PF_R | PF_X */
    .quad 0                             /* p_offset */
    .quad BASE                          /* p_vaddr */
    .quad BASE                          /* p_paddr */
    .quad text_end - ehdr               /* p_filesz */
    .quad text_end - ehdr               /* p_memsz */
    .quad 0x1000                        /* p_align */

    /* data: initialised words, then zero-filled memory (p_memsz > p_filesz); read + write */
    .long 1                             /* p_type: PT_LOAD */
    .long 6                             /* p_flags: PF_R | PF_W */
    .quad data - ehdr                   /* p_offset */
    .quad BASE + (data - ehdr)          /* p_vaddr */
    .quad BASE + (data - ehdr)          /* p_paddr */
    .quad data_end - data               /* p_filesz */
    .quad bss_end - data                /* p_memsz */
    .quad 0x1000                        /* p_align */

    /* the ToyOS ABI note (inside the text segment) */
    .long 4                             /* p_type: PT_NOTE */
    .long 4                             /* p_flags: PF_R */
    .quad note - ehdr                   /* p_offset */
    .quad BASE + (note - ehdr)          /* p_vaddr */
    .quad BASE + (note - ehdr)          /* p_paddr */
    .quad note_end - note               /* p_filesz: 28 */
    .quad note_end - note               /* p_memsz */
    .quad 4                             /* p_align: notes use 4-byte alignment */
phdrs_end:

/* ------------------------------------------------------------------ the ToyOS note (28 bytes) */
    .balign 4
note:
    .long 6                             /* namesz: "ToyOS" + NUL */
    .long 8                             /* descsz */
    .long 1                             /* type: NT_ABI_VERSION */
    .ascii "ToyOS\0\0\0"                /* name, padded to 8 */
    .long 1                             /* desc: major */
    .long 0                             /* desc: minor */
note_end:

/* ------------------------------------------------------------------ code */
    .balign 16
_start:
    /* Start state: every GPR but rsp and rdi is 0, rdi == rsp, rsp 16-byte aligned, DF = 0,
       MXCSR = 0x1F80, x87 control word = 0x037F. r13 collects "not as specified" bits. */
    or %rbx, %rax
    or %rcx, %rax
    or %rdx, %rax
    or %rsi, %rax
    or %rbp, %rax
    or %r8, %rax
    or %r9, %rax
    or %r10, %rax
    or %r11, %rax
    or %r12, %rax
    or %r13, %rax
    or %r14, %rax
    or %r15, %rax
    mov %rax, %r13                      /* nonzero: some GPR was not 0 */
    cmp %rsp, %rdi
    setne %al
    movzbl %al, %eax
    or %rax, %r13
    test $15, %spl
    setnz %al
    or %rax, %r13
    mov %rsp, %r12                      /* r12: the start block, for the whole program */
    sub $16, %rsp
    pushfq
    popq %rax
    bt $10, %rax                        /* DF */
    setc %al
    movzbl %al, %eax
    or %rax, %r13
    stmxcsr (%rsp)
    cmpl $0x1F80, (%rsp)
    setne %al
    or %rax, %r13
    fnstcw 4(%rsp)
    cmpw $0x037F, 4(%rsp)
    setne %al
    or %rax, %r13
    add $16, %rsp
    xor %r15d, %r15d                    /* r15: number of failed checks */

    /* argc and argv */
    lea s_argc(%rip), %rdi
    call put_cstr
    mov (%r12), %rdi
    call put_udec
    call put_nl
    xor %ebx, %ebx
1:  cmp (%r12), %rbx
    jae 2f
    lea s_argv(%rip), %rdi
    call put_cstr
    mov %rbx, %rdi
    call put_udec
    lea s_argv_eq(%rip), %rdi
    call put_cstr
    mov 8(%r12,%rbx,8), %rdi
    call put_cstr
    call put_nl
    inc %rbx
    jmp 1b
2:
    /* hello */
    mov $1, %edi
    lea s_hello(%rip), %rsi
    mov $(s_hello_end - s_hello), %edx
    SYSCALL(SYS_write)
    jc 3f
    cmp $(s_hello_end - s_hello), %rax
    jne 3f
    test %rdx, %rdx
    jnz 3f
    mov $1, %esi
    jmp 4f
3:  xor %esi, %esi
4:  lea s_chk_hello(%rip), %rdi
    call report

    /* start state, checked above */
    lea s_chk_start(%rip), %rdi
    xor %esi, %esi
    test %r13, %r13
    setz %sil
    call report

    /* auxv */
    call check_auxv
    mov %eax, %esi
    lea s_chk_auxv(%rip), %rdi
    call report

    /* write to fd -1: CF set, rdx = 1, rax = EBADF */
    mov $-1, %rdi
    lea s_hello(%rip), %rsi
    mov $1, %edx
    SYSCALL(SYS_write)
    setc %bl                            /* bl = CF */
    mov %rdx, %rbp                      /* rbp = error flag */
    mov %rax, %r14                      /* r14 = value */
    lea s_badfd_cf(%rip), %rdi
    call put_cstr
    movzbl %bl, %edi
    call put_udec
    lea s_badfd_rdx(%rip), %rdi
    call put_cstr
    mov %rbp, %rdi
    call put_udec
    lea s_badfd_rax(%rip), %rdi
    call put_cstr
    mov %r14, %rdi
    call put_udec
    xor %esi, %esi
    cmp $1, %bl
    jne 5f
    cmp $1, %rbp
    jne 5f
    cmp $EBADF, %r14
    jne 5f
    mov $1, %esi
5:  lea s_chk_badfd(%rip), %rdi
    call report

    /* preserved registers */
    call check_preserved
    mov %eax, %esi
    lea s_chk_preserved(%rip), %rdi
    call report

    /* 32-bit argument kinds: the upper halves of rax (number) and rdi (int fd) are ignored.
       write(fd 1, buf, 0) writes nothing and returns 0. */
    movabs $0x5A5A5A5A00000001, %rdi
    lea s_hello(%rip), %rsi
    xor %edx, %edx
    movabs $0xA5A5A5A500000000 + SYS_write, %rax
    int $0x81
    mov $0, %esi                        /* mov: keeps CF */
    jc 6f
    test %rdx, %rdx
    jnz 6f
    test %rax, %rax
    jnz 6f
    mov $1, %esi
6:  lea s_chk_upper(%rip), %rdi
    call report

    /* unknown numbers: 0 and 200 fail with ENOSYS */
    xor %ebx, %ebx                      /* bl = 1 while all good */
    mov $1, %bl
    xor %eax, %eax
    int $0x81
    call expect_enosys
    and %al, %bl
    mov $200, %eax
    int $0x81
    call expect_enosys
    and %al, %bl
    movzbl %bl, %esi
    lea s_chk_enosys(%rip), %rdi
    call report

    /* a bad pointer fails with EFAULT, the process lives on */
    mov $CLOCK_MONOTONIC, %edi
    mov $8, %esi                        /* page 0: never mapped */
    SYSCALL(SYS_clock_gettime)
    mov $0, %esi                        /* mov: keeps CF */
    jnc 7f
    cmp $1, %rdx
    jne 7f
    cmp $EFAULT, %rax
    jne 7f
    mov $1, %esi
7:  lea s_chk_efault(%rip), %rdi
    call report

    /* getpid: succeeds with a positive pid */
    SYSCALL(SYS_getpid)
    mov $0, %esi                        /* mov: keeps CF */
    jc 8f
    test %rdx, %rdx
    jnz 8f
    test %rax, %rax
    jle 8f
    mov $1, %esi
8:  lea s_chk_getpid(%rip), %rdi
    call report

    /* clock_gettime(CLOCK_MONOTONIC) twice: both succeed, nonzero, not going backwards */
    mov $CLOCK_MONOTONIC, %edi
    lea clock_a(%rip), %rsi
    SYSCALL(SYS_clock_gettime)
    setnc %bl
    test %rdx, %rdx
    setz %al
    and %al, %bl
    mov $CLOCK_MONOTONIC, %edi
    lea clock_b(%rip), %rsi
    SYSCALL(SYS_clock_gettime)
    setnc %al
    and %al, %bl
    test %rdx, %rdx
    setz %al
    and %al, %bl
    mov clock_a(%rip), %rax
    test %rax, %rax
    setnz %cl
    and %cl, %bl
    cmp clock_b(%rip), %rax
    setbe %cl
    and %cl, %bl
    movzbl %bl, %esi
    lea s_chk_clock(%rip), %rdi
    call report

    /* TLS: set the GS base to tls_block, read its first word through %gs, write through %gs */
    mov tls_magic(%rip), %rax
    mov %rax, tls_block(%rip)
    lea tls_block(%rip), %rdi
    SYSCALL(SYS_set_tls)
    mov $0, %esi                        /* mov: keeps CF */
    jc 9f
    test %rdx, %rdx
    jnz 9f
    mov %gs:0, %rax
    cmp tls_magic(%rip), %rax
    jne 9f
    movabs $0x0123456789ABCDEF, %rax
    mov %rax, %gs:8
    cmp tls_block+8(%rip), %rax
    jne 9f
    mov $1, %esi
9:  lea s_chk_tls(%rip), %rdi
    call report

    /* the end */
    test %r15, %r15
    jnz 10f
    lea s_pass(%rip), %rdi
    call put_cstr
    mov $42, %edi
    SYSCALL(SYS_exit)
    ud2
10: mov %r15, %rdi
    call put_udec
    lea s_fail(%rip), %rdi
    call put_cstr
    mov $1, %edi
    SYSCALL(SYS_exit)
    ud2

/* ------------------------------------------------------------------ checks */

/* check_auxv: walk past argv and envp, then check the aux vector. Returns eax = 1 when every key
   1..9 is present once and each value is as docs/abi.md says, else 0. */
check_auxv:
    push %rbx
    mov (%r12), %rax
    lea 16(%r12,%rax,8), %rsi           /* &envp[0]: past argc, argv[0..argc-1] and the NULL */
1:  cmpq $0, (%rsi)
    lea 8(%rsi), %rsi
    jne 1b
    xor %ebx, %ebx                      /* bit k: key k seen */
    xor %ecx, %ecx                      /* ecx: 1 when a value is wrong */
2:  mov (%rsi), %rax                    /* key */
    mov 8(%rsi), %rdx                   /* value */
    add $16, %rsi
    cmp $AT_NULL, %rax
    je 20f
    cmp $AT_BASE, %rax
    ja 2b                               /* keys a later minor may add: ignore */
    bts %eax, %ebx
    adc $0, %ecx                        /* seen twice */
    cmp $3, %eax                        /* AT_ABI_VERSION: the running system's, any minor */
    jne 4f
    shr $16, %rdx                       /* ... so compare the major only */
4:  lea auxv_expect(%rip), %rdi
    mov (%rdi,%rax,8), %rdi             /* expected value; ~0 = "nonzero" */
    cmp $-1, %rdi
    je 3f
    cmp %rdi, %rdx
    setne %al
    movzbl %al, %eax
    or %eax, %ecx
    jmp 2b
3:  test %rdx, %rdx
    setz %al
    movzbl %al, %eax
    or %eax, %ecx
    jmp 2b
20: xor %eax, %eax
    cmp $0x3FE, %ebx
    jne 21f
    test %ecx, %ecx
    jnz 21f
    mov $1, %eax
21: pop %rbx
    ret

/* check_preserved: load rbx, rbp, r12-r15 with patterns, make a call, compare. eax = 1 if all kept. */
check_preserved:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, saved_rsp(%rip)
    movabs $0x1111111111111111, %rbx
    movabs $0x2222222222222222, %rbp
    movabs $0x3333333333333333, %r12
    movabs $0x4444444444444444, %r13
    movabs $0x5555555555555555, %r14
    movabs $0x6666666666666666, %r15
    SYSCALL(SYS_getppid)
    xor %eax, %eax
    cmp saved_rsp(%rip), %rsp
    jne 1f
    movabs $0x1111111111111111, %rcx
    cmp %rcx, %rbx
    jne 1f
    movabs $0x2222222222222222, %rcx
    cmp %rcx, %rbp
    jne 1f
    movabs $0x3333333333333333, %rcx
    cmp %rcx, %r12
    jne 1f
    movabs $0x4444444444444444, %rcx
    cmp %rcx, %r13
    jne 1f
    movabs $0x5555555555555555, %rcx
    cmp %rcx, %r14
    jne 1f
    movabs $0x6666666666666666, %rcx
    cmp %rcx, %r15
    jne 1f
    mov $1, %eax
1:  pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* expect_enosys: called right after an int 0x81; al = 1 if CF = 1, rdx = 1 and rax = ENOSYS. */
expect_enosys:
    setc %cl
    cmp $1, %rdx
    sete %dl
    and %dl, %cl
    cmp $ENOSYS, %rax
    sete %al
    and %cl, %al
    ret

/* ------------------------------------------------------------------ output helpers
   They clobber only what a system call may clobber (rax, rcx, rdx, rsi, rdi, r8-r11),
   except report, which also counts failures in r15. */

/* put: write(1, rsi, rdx) */
put:
    mov $1, %edi
    SYSCALL(SYS_write)
    ret

/* put_cstr: write the NUL-terminated string at rdi */
put_cstr:
    mov %rdi, %rsi
    xor %edx, %edx
1:  cmpb $0, (%rsi,%rdx)
    je 2f
    inc %rdx
    jmp 1b
2:  jmp put

put_nl:
    lea s_nl(%rip), %rsi
    mov $1, %edx
    jmp put

/* put_udec: write rdi in decimal */
put_udec:
    lea numbuf_end(%rip), %rsi
    mov %rdi, %rax
    mov $10, %ecx
1:  xor %edx, %edx
    div %rcx
    add $'0', %dl
    dec %rsi
    mov %dl, (%rsi)
    test %rax, %rax
    jnz 1b
    lea numbuf_end(%rip), %rdx
    sub %rsi, %rdx
    jmp put

/* report: write "<rdi>: ok" or "<rdi>: FAIL" (esi = 1 for ok); count failures in r15 */
report:
    push %rsi
    push %rsi                           /* (keeps rsp 16-byte aligned, for tidiness) */
    call put_cstr
    pop %rsi
    pop %rsi
    lea s_ok(%rip), %rdi
    test %esi, %esi
    jnz 1f
    inc %r15
    lea s_FAIL(%rip), %rdi
1:  jmp put_cstr

/* ------------------------------------------------------------------ constants */
    .balign 8
/* expected aux values by key (index = key); ~0 means "any nonzero value" */
auxv_expect:
    .quad 0                             /* 0 AT_NULL (not looked up) */
    .quad 4096                          /* 1 AT_PAGESZ */
    .quad -1                            /* 2 AT_RANDOM: an address */
    .quad 1                             /* 3 AT_ABI_VERSION >> 16: major 1 (a later minor runs 1.0 programs) */
    .quad -1                            /* 4 AT_EXECPATH: an address */
    .quad BASE + (_start - ehdr)        /* 5 AT_ENTRY */
    .quad BASE + (phdrs - ehdr)         /* 6 AT_PHDR: in the text segment at file offset 64 */
    .quad 56                            /* 7 AT_PHENT */
    .quad (phdrs_end - phdrs) / 56      /* 8 AT_PHNUM */
    .quad 0                             /* 9 AT_BASE: 0 for ET_EXEC */
tls_magic:
    .ascii "ToyOSTLS"

s_argc:         .asciz "argc="
s_argv:         .asciz "argv["
s_argv_eq:      .asciz "]="
s_nl:           .asciz "\n"
s_hello:        .ascii "hello from assembly\n"
s_hello_end:
                .byte 0
s_ok:           .asciz ": ok\n"
s_FAIL:         .asciz ": FAIL\n"
s_chk_hello:    .asciz "write(1, \"hello from assembly\\n\", 20) = 20"
s_chk_start:    .asciz "start state (rdi = rsp, rsp 16-aligned, other GPRs 0, DF 0, MXCSR 0x1F80, x87 CW 0x037F)"
s_chk_auxv:     .asciz "auxv (PAGESZ 4096, ABI_VERSION major 1, ENTRY, PHDR, PHENT 56, PHNUM 3, BASE 0, RANDOM, EXECPATH)"
s_badfd_cf:     .asciz "write(-1): CF="
s_badfd_rdx:    .asciz " rdx="
s_badfd_rax:    .asciz " rax="
s_chk_badfd:    .asciz " (EBADF is 4)"
s_chk_preserved: .asciz "rbx, rbp, r12-r15, rsp preserved across int 0x81"
s_chk_upper:    .asciz "upper 32 bits of rax and of an int argument ignored"
s_chk_enosys:   .asciz "unknown calls 0 and 200 fail with ENOSYS (26)"
s_chk_efault:   .asciz "clock_gettime(CLOCK_MONOTONIC, 8) fails with EFAULT (10)"
s_chk_getpid:   .asciz "getpid() > 0"
s_chk_clock:    .asciz "clock_gettime(CLOCK_MONOTONIC) twice, nonzero, not decreasing"
s_chk_tls:      .asciz "set_tls(buffer); read and write through %gs"
s_pass:         .asciz "all checks passed; exit 42\n"
s_fail:         .asciz " check(s) FAILED; exit 1\n"
text_end:

/* ------------------------------------------------------------------ data segment (page aligned) */
    .balign 4096
data:
    .quad 0                             /* placeholder: keeps p_filesz nonzero */
data_end:
/* zero-filled by the loader (p_memsz > p_filesz), not present in the file */
    .set saved_rsp,  data_end
    .set clock_a,    data_end + 8
    .set clock_b,    data_end + 16
    .set numbuf,     data_end + 24      /* 24 bytes: enough for 2^64 - 1 in decimal */
    .set numbuf_end, data_end + 48
    .set tls_block,  data_end + 64      /* 64 bytes of TLS, 16-byte aligned */
    .set bss_end,    data_end + 128

    .section .note.GNU-stack, "", @progbits
