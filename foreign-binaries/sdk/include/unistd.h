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
int isatty(int fd);
pid_t getpid(void);
pid_t getppid(void);
unsigned sleep(unsigned seconds);
int usleep(useconds_t usec);
_Noreturn void _exit(int status);

/* Processes. Under Burrow these currently fail with ENOSYS; they are wired to the real calls. */
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);

/* getopt as glibc's: operands are permuted after the options unless optstring starts with '+' or
   POSIXLY_CORRECT is set; a leading ':' reports missing arguments with ':' and no message. */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

extern char **environ;

#endif
