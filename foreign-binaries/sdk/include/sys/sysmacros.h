/* A device id's major and minor numbers. ToyOS hands programs the host's device ids (docs/abi.md,
   struct toy_stat), so these are glibc's encoding on both targets. */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H
#include <sys/types.h>
#define major(dev) ((unsigned int)((((dev_t)(dev) >> 32) & 0xfffff000u) | (((dev_t)(dev) >> 8) & 0xfffu)))
#define minor(dev) ((unsigned int)((((dev_t)(dev) >> 12) & 0xffffff00u) | ((dev_t)(dev) & 0xffu)))
#define makedev(ma, mi) ((dev_t)((((dev_t)(ma) & 0xfffff000u) << 32) | (((dev_t)(ma) & 0xfffu) << 8) | \
                                 (((dev_t)(mi) & 0xffffff00u) << 12) | ((dev_t)(mi) & 0xffu)))
#endif
