/* POSIX basics: descriptors, files, processes, getopt. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>
#include <bits/seek.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifdef __TOYOS__
#include <toyos/abi.h>
#define F_OK TOY_F_OK
#define R_OK TOY_R_OK
#define W_OK TOY_W_OK
#define X_OK TOY_X_OK
#else
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#endif

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int oldfd, int newfd);
int pipe(int fds[2]);
/* pipe and dup2 with O_CLOEXEC / O_NONBLOCK set after the call (one thread: nothing can exec in between). */
int pipe2(int fds[2], int flags);
int dup3(int oldfd, int newfd, int flags);
int unlink(const char *path);
int rmdir(const char *path);
int link(const char *oldpath, const char *newpath);
int symlink(const char *target, const char *linkpath);
ssize_t readlink(const char *path, char *buf, size_t size);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int access(const char *path, int mode);
int ftruncate(int fd, off_t length);
int fsync(int fd);
int fdatasync(int fd);   /* fsync: ToyOS has one call for both */
/* Up to 256 random bytes (getrandom). */
int getentropy(void *buf, size_t len);
int getdtablesize(void);   /* sysconf(_SC_OPEN_MAX) */
int isatty(int fd);
pid_t getpid(void);
pid_t getppid(void);
unsigned sleep(unsigned seconds);
int usleep(useconds_t usec);
_Noreturn void _exit(int status);
int truncate(const char *path, off_t length);
int fchdir(int fd);
int unlinkat(int dirfd, const char *path, int flags);
int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
int symlinkat(const char *target, int dirfd, const char *path);
ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf, size_t size);
int faccessat(int dirfd, const char *path, int mode, int flags);
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags);
/* ToyOS has no ownership changes: these succeed only when they change nothing, else EPERM. */
int chown(const char *path, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);

/* User and group ids. ToyOS has none: the SDK reports the owner of a new pipe (the identity the
   system creates files with); effective = real; set*id succeed only for the id one has. */
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int getgroups(int n, gid_t list[]);
int setuid(uid_t uid);
int setgid(gid_t gid);
int seteuid(uid_t uid);
int setegid(gid_t gid);

/* ToyOS: fail with ENOSYS for a terminal (no call names it), ENOTTY otherwise. */
char *ttyname(int fd);
int ttyname_r(int fd, char *buf, size_t n);

int gethostname(char *name, size_t len);
int getpagesize(void);
long sysconf(int name);
long pathconf(const char *path, int name);
long fpathconf(int fd, int name);

/* sysconf names (glibc's numbers). */
#define _SC_ARG_MAX 0
#define _SC_CHILD_MAX 1
#define _SC_CLK_TCK 2
#define _SC_NGROUPS_MAX 3
#define _SC_OPEN_MAX 4
#define _SC_STREAM_MAX 5
#define _SC_TZNAME_MAX 6
#define _SC_JOB_CONTROL 7
#define _SC_SAVED_IDS 8
#define _SC_VERSION 29
#define _SC_PAGESIZE 30
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_RTSIG_MAX 31
#define _SC_LINE_MAX 43
#define _SC_IOV_MAX 60
#define _SC_GETGR_R_SIZE_MAX 69
#define _SC_GETPW_R_SIZE_MAX 70
#define _SC_LOGIN_NAME_MAX 71
#define _SC_TTY_NAME_MAX 72
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84
#define _SC_PHYS_PAGES 85
#define _SC_HOST_NAME_MAX 180
#define _SC_SYMLOOP_MAX 173

/* pathconf names (glibc's numbers). */
#define _PC_LINK_MAX 0
#define _PC_MAX_CANON 1
#define _PC_MAX_INPUT 2
#define _PC_NAME_MAX 3
#define _PC_PATH_MAX 4
#define _PC_PIPE_BUF 5
#define _PC_CHOWN_RESTRICTED 6
#define _PC_NO_TRUNC 7
#define _PC_VDISABLE 8

#define _POSIX_VERSION 200809L
#define _POSIX2_VERSION 200809L
#define _XOPEN_VERSION 700

/* Processes. */
pid_t fork(void);
/* fork: the child gets a copy, not the parent's memory, which every correct vfork caller allows. */
pid_t vfork(void);
/* Closes (flags 0) or marks close-on-exec (CLOSE_RANGE_CLOEXEC) the descriptors first..last that
   are open; last is cut at getdtablesize() - 1. */
#define CLOSE_RANGE_CLOEXEC 4
int close_range(unsigned first, unsigned last, int flags);
unsigned alarm(unsigned seconds);
/* Waits until a signal handler has run; returns -1 with EINTR. */
int pause(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
/* execvp/execvpe/execlp search PATH (unset: /bin:/usr/bin; an empty entry is the working
   directory) for a file without '/', and run a file that is no program as a script of sh. */
int execvp(const char *file, char *const argv[]);
int execvpe(const char *file, char *const argv[], char *const envp[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
int execle(const char *path, const char *arg, ...);
/* ToyOS ABI 1.3 (setsid call); ENOSYS on an older system. */
pid_t setsid(void);

/* getopt as glibc's: operands are permuted after the options unless optstring starts with '+' or
   POSIXLY_CORRECT is set; a leading ':' reports missing arguments with ':' and no message. */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

extern char **environ;

#endif
