/* ToyOS process start: install the TLS block (errno lives there), then the shared start-up. */
#include "toyos.h"
#include <stdint.h>

/* The one TLS block of the process. ToyOS code reaches it through GS (errno is
   ((struct __toy_tls __seg_gs *)0)->err); `self` gives its linear address. */
static struct __toy_tls main_tls;

hidden unsigned long __toy_pagesize = TOY_PAGE_SIZE;

static _Noreturn void fatal(const char *msg, unsigned long n) {
    toy_sys_write(2, msg, n);
    toy_sys_exit(127);
    __builtin_unreachable();
}

/* block: argc, argv[argc], NULL, envp..., NULL, auxv (key, value)... (TOY_AT_NULL, 0). */
_Noreturn void __libc_start(uint64_t *block) {
    int argc = (int)block[0];
    char **argv = (char **)(block + 1);
    char **envp = argv + argc + 1;
    char **e = envp;
    while (*e) e++;
    const unsigned char *random = 0;
    for (uint64_t *aux = (uint64_t *)(e + 1); aux[0] != TOY_AT_NULL; aux += 2) {
        if (aux[0] == TOY_AT_PAGESZ) __toy_pagesize = aux[1];
        if (aux[0] == TOY_AT_RANDOM) random = (const unsigned char *)(uintptr_t)aux[1];
    }

    main_tls.self = &main_tls;
    main_tls.stack_guard = __stack_guard_value(random);
    struct toy_result r = toy_sys_set_tls((uint64_t)(uintptr_t)&main_tls);
    if (r.error) {
        static const char msg[] = "crt0: set_tls failed; cannot run without TLS\n";
        fatal(msg, sizeof msg - 1);
    }
    __libc_start_main(argc, argv, envp);
}
