/* open, creat, fcntl and their flags. Values are the target's own: ToyOS's from toyos/abi.h (passed to
   the kernel untouched; Burrow translates them), Linux's for the twin. */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>

#ifdef __TOYOS__
#include <toyos/abi.h>
#define O_RDONLY    TOY_O_RDONLY
#define O_WRONLY    TOY_O_WRONLY
#define O_RDWR      TOY_O_RDWR
#define O_ACCMODE   TOY_O_ACCMODE
#define O_CREAT     TOY_O_CREAT
#define O_EXCL      TOY_O_EXCL
#define O_TRUNC     TOY_O_TRUNC
#define O_APPEND    TOY_O_APPEND
#define O_NONBLOCK  TOY_O_NONBLOCK
#define O_DIRECTORY TOY_O_DIRECTORY
#define O_NOFOLLOW  TOY_O_NOFOLLOW
#define O_CLOEXEC   TOY_O_CLOEXEC
#define O_NOCTTY    TOY_O_NOCTTY
#define F_DUPFD     TOY_F_DUPFD
#define F_GETFD     TOY_F_GETFD
#define F_SETFD     TOY_F_SETFD
#define F_GETFL     TOY_F_GETFL
#define F_SETFL     TOY_F_SETFL
#define F_DUPFD_CLOEXEC TOY_F_DUPFD_CLOEXEC
#define FD_CLOEXEC  TOY_FD_CLOEXEC
#define AT_SYMLINK_NOFOLLOW TOY_AT_SYMLINK_NOFOLLOW
#else
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_ACCMODE   03
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000
#define F_DUPFD     0
#define F_GETFD     1
#define F_SETFD     2
#define F_GETFL     3
#define F_SETFL     4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC  1
#define AT_SYMLINK_NOFOLLOW 0x100
#endif
#define O_NDELAY O_NONBLOCK

/* The *at family. ToyOS has no *at calls: the SDK emulates them with a table of the paths descriptors
   were opened with (SDK README, "Descriptor-relative calls"). The flags other than
   AT_SYMLINK_NOFOLLOW exist only in the libc on ToyOS; their values are Linux's. */
#define AT_FDCWD (-100)
#define AT_REMOVEDIR 0x200
#define AT_EACCESS 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000

#ifndef SEEK_SET
#include <bits/seek.h>
#endif

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);
int openat(int dirfd, const char *path, int flags, ...);

#endif
