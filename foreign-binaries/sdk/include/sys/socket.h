/* Sockets: ToyOS has no network calls (docs/abi.md). This header exists so that a program's
   configuration can find out: it declares nothing, so socket(), connect() and the rest are
   undeclared and undefined: a compile or link error, never a stub that pretends. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#define __TOYOS_NO_SOCKETS 1
#endif
