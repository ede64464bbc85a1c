/* <malloc.h>: the allocator's functions, and memalign. */
#ifndef _MALLOC_H
#define _MALLOC_H
#include <stdlib.h>
void *memalign(size_t align, size_t size);
#endif
