#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>

#ifdef __TOYOS__
#include <toyos/abi.h>
#define PROT_NONE  TOY_PROT_NONE
#define PROT_READ  TOY_PROT_READ
#define PROT_WRITE TOY_PROT_WRITE
#define PROT_EXEC  TOY_PROT_EXEC
#define MAP_PRIVATE TOY_MAP_PRIVATE
#define MAP_SHARED  TOY_MAP_SHARED
#define MAP_ANONYMOUS TOY_MAP_ANON
#define MAP_FIXED   TOY_MAP_FIXED
#define MAP_FIXED_NOREPLACE TOY_MAP_FIXED_NOREPLACE
#else
#define PROT_NONE  0
#define PROT_READ  1
#define PROT_WRITE 2
#define PROT_EXEC  4
#define MAP_SHARED  0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED   0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define MAP_ANON MAP_ANONYMOUS
#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);

#endif
