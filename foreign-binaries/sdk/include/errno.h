/* errno and the E* values of the target.
   ToyOS: errno lives in the GS-based TLS block that crt0 installs (one per thread of control), and the
   values are ToyOS's own (TOY_E*). Linux twin: a plain variable (the twin is single-threaded) and
   Linux's numbers. */
#ifndef _ERRNO_H
#define _ERRNO_H

#ifdef __TOYOS__
#include <toyos/abi.h>
#include <bits/toyos_tls.h>
#define errno (((struct __toy_tls __seg_gs *)0)->err)

/* Every name of TOY_ERRNO_LIST (libc/toyos/errlist.c checks that none is missing). */
#define E2BIG TOY_E2BIG
#define EACCES TOY_EACCES
#define EAGAIN TOY_EAGAIN
#define EBADF TOY_EBADF
#define EBUSY TOY_EBUSY
#define ECHILD TOY_ECHILD
#define EDEADLK TOY_EDEADLK
#define EDOM TOY_EDOM
#define EEXIST TOY_EEXIST
#define EFAULT TOY_EFAULT
#define EFBIG TOY_EFBIG
#define EINTR TOY_EINTR
#define EINVAL TOY_EINVAL
#define EIO TOY_EIO
#define EISDIR TOY_EISDIR
#define ELOOP TOY_ELOOP
#define EMFILE TOY_EMFILE
#define EMLINK TOY_EMLINK
#define ENAMETOOLONG TOY_ENAMETOOLONG
#define ENFILE TOY_ENFILE
#define ENODEV TOY_ENODEV
#define ENOENT TOY_ENOENT
#define ENOEXEC TOY_ENOEXEC
#define ENOMEM TOY_ENOMEM
#define ENOSPC TOY_ENOSPC
#define ENOSYS TOY_ENOSYS
#define ENOTDIR TOY_ENOTDIR
#define ENOTEMPTY TOY_ENOTEMPTY
#define ENOTSUP TOY_ENOTSUP
#define ENOTTY TOY_ENOTTY
#define ENXIO TOY_ENXIO
#define EOVERFLOW TOY_EOVERFLOW
#define EPERM TOY_EPERM
#define EPIPE TOY_EPIPE
#define ERANGE TOY_ERANGE
#define EROFS TOY_EROFS
#define ESPIPE TOY_ESPIPE
#define ESRCH TOY_ESRCH
#define ETXTBSY TOY_ETXTBSY
#define EXDEV TOY_EXDEV
#define ETIMEDOUT TOY_ETIMEDOUT
/* Values only the libc sets, never the kernel (the ABI table has no such errors): numbers from 200
   up, far from the table's. The messages are glibc's. */
#define EILSEQ 200
#define ENOLCK 201
/* No sockets (no address family at all): what the SDK's socket and name-service functions fail with. */
#define EAFNOSUPPORT 202
/* Aliases as on Linux, so portable code compiles on both. */
#define EWOULDBLOCK EAGAIN
#define EDEADLOCK EDEADLK
#define EOPNOTSUPP ENOTSUP
#else
#include <bits/linux_errno.h>
extern int errno;
#endif

/* GNU: argv[0] and its last component, set at start-up (err(), warn() and getopt use them). */
extern char *program_invocation_name;
extern char *program_invocation_short_name;

#endif
