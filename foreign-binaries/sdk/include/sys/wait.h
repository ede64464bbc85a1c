/* waitpid and the status macros. ToyOS status: exit code in bits 0-7, or TOY_EXIT_SIGNALED |
   signal << 8 (| TOY_EXIT_COREDUMP) when killed, TOY_EXIT_STOPPED | signal << 8 when stopped,
   TOY_EXIT_CONTINUED when continued (ABI 1.1). Linux: the classic encoding. */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>

#ifdef __TOYOS__
#include <toyos/abi.h>
#define WNOHANG TOY_WNOHANG
#define WUNTRACED TOY_WUNTRACED
#define WCONTINUED TOY_WCONTINUED
#define WIFEXITED(s)   (((s) & (TOY_EXIT_SIGNALED | TOY_EXIT_STOPPED | TOY_EXIT_CONTINUED)) == 0)
#define WEXITSTATUS(s) ((s) & 0xff)
#define WIFSIGNALED(s) (((s) & TOY_EXIT_SIGNALED) != 0)
#define WTERMSIG(s)    (((s) >> 8) & 0xff)
#define WCOREDUMP(s)   (((s) & TOY_EXIT_COREDUMP) != 0)
#define WIFSTOPPED(s)  (((s) & TOY_EXIT_STOPPED) != 0)
#define WSTOPSIG(s)    (((s) >> 8) & 0xff)
#define WIFCONTINUED(s) (((s) & TOY_EXIT_CONTINUED) != 0)
#else
#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8
#define WIFCONTINUED(s) ((s) == 0xffff)
#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WTERMSIG(s)    ((s) & 0x7f)
#define WSTOPSIG(s)    WEXITSTATUS(s)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (((signed char)(((s) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(s)  (((s) & 0xff) == 0x7f)
#define WCOREDUMP(s)   ((s) & 0x80)
#endif

pid_t waitpid(pid_t pid, int *status, int options);
/* waitpid(-1 or pid); the child's resource usage is reported as zeros (ToyOS does not keep it). */
struct rusage;
pid_t wait3(int *status, int options, struct rusage *usage);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);
pid_t wait(int *status);

#endif
