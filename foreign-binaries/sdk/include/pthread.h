/* Threads: ToyOS has none (one thread of control per process; docs/abi.md). This header exists so
   that a program's configuration can find out: it declares nothing, and -lpthread is refused by
   toyos-cc. A program that needs threads does not build for ToyOS: no stub pretends otherwise. */
#ifndef _PTHREAD_H
#define _PTHREAD_H
#define __TOYOS_NO_THREADS 1
#endif
