/* SEEK_* of the target (shared by stdio.h, unistd.h and fcntl.h). */
#ifndef _BITS_SEEK_H
#define _BITS_SEEK_H
#ifdef __TOYOS__
#include <toyos/abi.h>
#define SEEK_SET TOY_SEEK_SET
#define SEEK_CUR TOY_SEEK_CUR
#define SEEK_END TOY_SEEK_END
#else
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#endif
