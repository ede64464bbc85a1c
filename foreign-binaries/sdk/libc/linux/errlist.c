/* errno and signal names and messages for the twin: glibc's English texts, so that a message printed
   by a ToyOS program (from TOY_ERRNO_LIST, which uses the same texts) and by its twin match. */
#include "linux.h"
#include <bits/linux_errno.h>
#include <signal.h>
#include <stddef.h>

const char *__errno_message(int err) {
    switch (err) {
#define CASE(name, num, msg) case num: return msg;
    __LINUX_ERRNO_LIST(CASE)
#undef CASE
    case 0: return "Success";
    }
    return NULL;
}

const char *__errno_name(int err) {
    switch (err) {
#define CASE(name, num, msg) case num: return #name;
    __LINUX_ERRNO_LIST(CASE)
#undef CASE
    case 0: return "0";
    }
    return NULL;
}

/* glibc's strsignal texts (the ToyOS table uses the same words). */
const char *__signal_message(int sig) {
    switch (sig) {
    case SIGHUP: return "Hangup";
    case SIGINT: return "Interrupt";
    case SIGQUIT: return "Quit";
    case SIGILL: return "Illegal instruction";
    case SIGTRAP: return "Trace/breakpoint trap";
    case SIGABRT: return "Aborted";
    case SIGBUS: return "Bus error";
    case SIGFPE: return "Floating point exception";
    case SIGKILL: return "Killed";
    case SIGUSR1: return "User defined signal 1";
    case SIGSEGV: return "Segmentation fault";
    case SIGUSR2: return "User defined signal 2";
    case SIGPIPE: return "Broken pipe";
    case SIGALRM: return "Alarm clock";
    case SIGTERM: return "Terminated";
    case 16: return "Stack fault";
    case SIGCHLD: return "Child exited";
    case SIGCONT: return "Continued";
    case SIGSTOP: return "Stopped (signal)";
    case SIGTSTP: return "Stopped";
    case SIGTTIN: return "Stopped (tty input)";
    case SIGTTOU: return "Stopped (tty output)";
    case 23: return "Urgent I/O condition";
    case 24: return "CPU time limit exceeded";
    case 25: return "File size limit exceeded";
    case 26: return "Virtual timer expired";
    case 27: return "Profiling timer expired";
    case SIGWINCH: return "Window changed";
    case 29: return "I/O possible";
    case 30: return "Power failure";
    case SIGSYS: return "Bad system call";
    }
    return NULL;
}
