/* Linux twin start: errno is a plain variable (the twin is single-threaded and never touches FS), the
   auxiliary vector gives the vDSO (for clock_gettime, as glibc uses it) and the random bytes for the
   stack-protector canary, which lives where ToyOS keeps it: in a GS-based TLS block of the SDK's
   layout (arch_prctl(ARCH_SET_GS)), so -fstack-protector code is the same instructions on both. */
#include "linux.h"
#include <bits/toyos_tls.h>
#include <stdint.h>

#define AT_NULL 0
#define AT_PAGESZ 6
#define AT_RANDOM 25
#define AT_SYSINFO_EHDR 33
#define ARCH_SET_GS 0x1001

int errno;
hidden extern unsigned long __linux_pagesize;
static struct __toy_tls main_tls;

_Noreturn void __libc_start(uint64_t *block) {
    int argc = (int)block[0];
    char **argv = (char **)(block + 1);
    char **envp = argv + argc + 1;
    char **e = envp;
    while (*e) e++;
    const unsigned char *random = 0;
    for (uint64_t *aux = (uint64_t *)(e + 1); aux[0] != AT_NULL; aux += 2) {
        if (aux[0] == AT_SYSINFO_EHDR) __vdso_init((const void *)(uintptr_t)aux[1]);
        if (aux[0] == AT_RANDOM) random = (const unsigned char *)(uintptr_t)aux[1];
        if (aux[0] == AT_PAGESZ) __linux_pagesize = aux[1];
    }
    main_tls.self = &main_tls;
    main_tls.stack_guard = __stack_guard_value(random);
    if (sys2(SYS_arch_prctl, ARCH_SET_GS, &main_tls) < 0) {
        static const char msg[] = "crt0: arch_prctl(ARCH_SET_GS) failed\n";
        sys3(SYS_write, 2, msg, sizeof msg - 1);
        sys1(SYS_exit_group, 127);
    }
    __libc_start_main(argc, argv, envp);
}
