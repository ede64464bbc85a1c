/* alloca: stack memory freed when the calling function returns (the compiler's builtin). */
#ifndef _ALLOCA_H
#define _ALLOCA_H
#include <stddef.h>
#undef alloca
#define alloca(size) __builtin_alloca(size)
#endif
