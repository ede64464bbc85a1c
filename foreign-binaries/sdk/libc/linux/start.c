/* Linux twin start: errno is a plain variable (the twin is single-threaded and never touches FS), the
   auxiliary vector gives the vDSO (for clock_gettime, as glibc uses it), then the shared start-up. */
#include "linux.h"
#include <stdint.h>

#define AT_NULL 0
#define AT_SYSINFO_EHDR 33

int errno;

_Noreturn void __libc_start(uint64_t *block) {
    int argc = (int)block[0];
    char **argv = (char **)(block + 1);
    char **envp = argv + argc + 1;
    char **e = envp;
    while (*e) e++;
    for (uint64_t *aux = (uint64_t *)(e + 1); aux[0] != AT_NULL; aux += 2)
        if (aux[0] == AT_SYSINFO_EHDR) __vdso_init((const void *)(uintptr_t)aux[1]);
    __libc_start_main(argc, argv, envp);
}
