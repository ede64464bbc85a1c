/* Sockets: ToyOS has no network calls (docs/abi.md). This header has the types and constants
   portable code names (socklen_t, struct sockaddr and sockaddr_storage, AF_*, SOCK_*; glibc's
   values) so that code which merely mentions an address compiles, but it declares no socket
   function: socket(), connect() and the rest stay undeclared and undefined (a compile or link
   error, never a stub that pretends). <netdb.h>'s lookups exist and fail with EAFNOSUPPORT. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#include <sys/types.h>
#define __TOYOS_NO_SOCKETS 1

typedef unsigned int socklen_t;
typedef unsigned short sa_family_t;

struct sockaddr {
    sa_family_t sa_family;
    char sa_data[14];
};

struct sockaddr_storage {
    sa_family_t ss_family;
    char __ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
    unsigned long __ss_align;
};

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_LOCAL AF_UNIX
#define AF_INET 2
#define AF_INET6 10
#define PF_UNSPEC AF_UNSPEC
#define PF_UNIX AF_UNIX
#define PF_LOCAL AF_LOCAL
#define PF_INET AF_INET
#define PF_INET6 AF_INET6

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5

#define SOL_SOCKET 1
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#endif
