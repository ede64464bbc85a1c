// The user library of Burrow's own xv6-ABI test programs (written from the convention in
// docs/xv6.md, not from xv6's sources).
#ifndef XV6_USER_H
#define XV6_USER_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned long uint64;

#define T_DIR 1
#define T_FILE 2
#define T_DEV 3

struct stat {
    short type;
    int dev;
    uint ino;
    short nlink;
    uint size;
};

#define DIRSIZ 14
struct dirent {
    ushort inum;
    char name[DIRSIZ];
};

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_CREATE 0x200

int fork(void);
int exit(void) __attribute__((noreturn));
int wait(void);
int pipe(int *);
int write(int, const void *, int);
int read(int, void *, int);
int close(int);
int kill(int);
int exec(char *, char **);
int open(const char *, int);
int mknod(const char *, short, short);
int unlink(const char *);
int fstat(int fd, struct stat *);
int link(const char *, const char *);
int mkdir(const char *);
int chdir(const char *);
int dup(int);
int getpid(void);
char *sbrk(int);
int sleep(int);
int uptime(void);
int nosuchcall(void);
int calls_preserve(void);
int garbage_upper(long fd, const void *buf, long n);
int call_with_stack(uint64 sp);

// ulib.c
int stat(const char *, struct stat *);
char *strcpy(char *, const char *);
void *memmove(void *, const void *, int);
char *strchr(const char *, char c);
int strcmp(const char *, const char *);
int strncmp(const char *, const char *, uint);
void printf(int, const char *, ...);
uint strlen(const char *);
void *memset(void *, int, uint);
int atoi(const char *);

// TAP output on fd 1: ok/not ok lines, then the plan; exit() after done().
void ok(int cond, const char *what);
void done(void) __attribute__((noreturn));

#endif
