/* Signals: the target's numbers, kill, raise, signal(), sigaction(), sigprocmask(), sigpending(),
   sigsuspend() and sigaltstack() (the last three ABI 1.4), and what a handler learns (siginfo_t). */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <stdint.h>
#include <sys/types.h>

typedef int sig_atomic_t;
typedef unsigned long sigset_t;      /* bit (sig - 1), on both targets */
typedef void (*sighandler_t)(int);

#ifdef __TOYOS__
#include <toyos/abi.h>
#define SIGINT    TOY_SIGINT
#define SIGTERM   TOY_SIGTERM
#define SIGKILL   TOY_SIGKILL
#define SIGSEGV   TOY_SIGSEGV
#define SIGILL    TOY_SIGILL
#define SIGFPE    TOY_SIGFPE
#define SIGABRT   TOY_SIGABRT
#define SIGBUS    TOY_SIGBUS
#define SIGTRAP   TOY_SIGTRAP
#define SIGSYS    TOY_SIGSYS
#define SIGPIPE   TOY_SIGPIPE
#define SIGALRM   TOY_SIGALRM
#define SIGCHLD   TOY_SIGCHLD
#define SIGHUP    TOY_SIGHUP
#define SIGQUIT   TOY_SIGQUIT
#define SIGUSR1   TOY_SIGUSR1
#define SIGUSR2   TOY_SIGUSR2
#define SIGSTOP   TOY_SIGSTOP
#define SIGTSTP   TOY_SIGTSTP
#define SIGCONT   TOY_SIGCONT
#define SIGTTOU   TOY_SIGTTOU
#define SIGTTIN   TOY_SIGTTIN
#define SIGWINCH  TOY_SIGWINCH
#define SIGIRQ0   TOY_SIGIRQ0     /* interrupt line 0, the timer (ABI 1.2, <toyos/machine.h>) */
#define SIGIRQ4   TOY_SIGIRQ4     /* interrupt line 4, COM1 */
#define NSIG 37
#define SIG_BLOCK   TOY_SIG_BLOCK
#define SIG_UNBLOCK TOY_SIG_UNBLOCK
#define SIG_SETMASK TOY_SIG_SETMASK
#define SIG_DFL ((sighandler_t)TOY_SIG_DFL)
#define SIG_IGN ((sighandler_t)TOY_SIG_IGN)
#else
#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGWINCH  28
#define SIGSYS    31
#define NSIG 65
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#endif
#define SIG_ERR ((sighandler_t)-1)

int kill(pid_t pid, int sig);
/* kill(-pgrp, sig); a pgrp below 0 is EINVAL. */
int killpg(pid_t pgrp, int sig);
/* "S: description" (or the description alone) on stderr, as strsignal names the signal. */
void psignal(int sig, const char *s);
int raise(int sig);
/* Installs handler with restart semantics (BSD/glibc signal()); returns the previous handler. */
sighandler_t signal(int sig, sighandler_t handler);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

/* What a handler learns (ToyOS: struct toy_siginfo, docs/abi.md 8.3; Linux: the kernel's). */
#ifdef __TOYOS__
typedef struct {
    int si_signo;
    int si_code;
    int si_pid;
    int si_status;
    void *si_addr;
} siginfo_t;
#define SI_USER TOY_SI_USER
#define SI_KERNEL TOY_SI_KERNEL
#define CLD_EXITED TOY_CLD_EXITED
#define CLD_KILLED TOY_CLD_KILLED
#define CLD_DUMPED TOY_CLD_DUMPED
#define CLD_STOPPED TOY_CLD_STOPPED
#define CLD_CONTINUED TOY_CLD_CONTINUED
#define SEGV_MAPERR TOY_SEGV_MAPERR
#define SEGV_ACCERR TOY_SEGV_ACCERR
#define SA_RESTART TOY_SA_RESTART
#define SA_NODEFER TOY_SA_NODEFER
#define SA_RESETHAND TOY_SA_RESETHAND
#define SA_ONSTACK TOY_SA_ONSTACK
#define SS_ONSTACK TOY_SS_ONSTACK
#define SS_DISABLE TOY_SS_DISABLE
#define MINSIGSTKSZ TOY_MINSIGSTKSZ
#define SIGSTKSZ TOY_SIGSTKSZ
/* ToyOS handlers always receive the info and context: the flag only selects sa_sigaction. */
#define SA_SIGINFO 0x40000000
#else
typedef struct {
    int si_signo;
    int si_errno;
    int si_code;
    int __pad;
    union {
        struct { int pid, uid; } __kill;
        struct { int pid, uid, status; long utime, stime; } __chld;
        void *addr;
        long __reserved[14];
    } __u;
} siginfo_t;
#define si_pid __u.__kill.pid
#define si_status __u.__chld.status
#define si_addr __u.addr
#define SI_USER 0
#define SI_KERNEL 0x80
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_ONSTACK 0x08000000
#define SA_SIGINFO 4
#define SS_ONSTACK 1
#define SS_DISABLE 2
/* ToyOS's sizes on both targets (Linux takes any size from its own 2048 up). */
#define MINSIGSTKSZ 8192
#define SIGSTKSZ 32768
#endif

struct sigaction {
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);
    };
    sigset_t sa_mask;
    int sa_flags;
};
int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact);
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old);
/* sigprocmask for the one thread there is; returns the error number instead of setting errno. */
int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old);
/* The blocked signals waiting for delivery. (ToyOS: ABI 1.4; older systems fail with ENOSYS.) */
int sigpending(sigset_t *set);
/* Replaces the mask with *mask until a handler has run, then puts it back: always -1 with EINTR.
   (ToyOS: ABI 1.4.) */
int sigsuspend(const sigset_t *mask);

/* An alternate stack for SA_ONSTACK handlers (a stack overflow's SIGSEGV). (ToyOS: ABI 1.4.) */
typedef struct {
    void *ss_sp;
    int ss_flags;
    size_t ss_size;
} stack_t;
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old);
/* XSI (obsolescent): FLAG nonzero makes SIG interrupt system calls (EINTR), zero makes them restart:
   clears or sets SA_RESTART in SIG's current action. */
int siginterrupt(int sig, int flag);

#endif
