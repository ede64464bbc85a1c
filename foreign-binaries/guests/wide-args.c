/* Arguments decoded by the table's kinds (docs/abi.md §3.2): a 64-bit argument is read whole, a
 * 32-bit one by its low half. Prints one line per probe: "NAME VALUE ERROR"; the integration test
 * (ArgumentWidthTests) knows what each must be. The Linux twin differs on purpose (Linux's fcntl
 * truncates its argument to an int), so this is a guest, not a conformance test. */
#include <stdint.h>
#include <stdio.h>
#include <toyos/abi.h>

#ifdef __TOYOS__
static void show(const char *name, struct toy_result r) {
    printf("%s %lld %lld\n", name, (long long)r.value, (long long)r.error);
}

/* A call with every register chosen, upper halves included (the stubs' C prototypes would let the
 * compiler clear them). */
static struct toy_result call3(uint64_t nr, uint64_t a, uint64_t b, uint64_t c) {
    struct toy_result r;
    __asm__ volatile("int $0x81" : "=a"(r.value), "=d"(r.error), "+D"(a), "+S"(b)
                     : "a"(nr), "d"(c) : "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
    return r;
}

int main(void) {
    fflush(stdout);
    /* fcntl's arg is 64-bit: 0x1_0000_0003 is past the descriptor limit, not 3. */
    show("fcntl-dupfd-wide", call3(TOY_SYS_fcntl, 0, TOY_F_DUPFD, 0x100000003ULL));
    show("fcntl-setfd-wide", call3(TOY_SYS_fcntl, 0, TOY_F_SETFD, 0x100000000ULL | TOY_FD_CLOEXEC));
    /* fd and cmd are 32-bit: garbage in the upper halves is ignored. */
    show("fcntl-dupfd-upper", call3(TOY_SYS_fcntl, 0x5A5A5A5A00000000ULL, 0xA5A5A5A500000000ULL | TOY_F_DUPFD, 10));
    /* write's fd is 32-bit, its count 64-bit. */
    static const char msg[] = "wide\n";
    show("write-fd-upper", call3(TOY_SYS_write, 0x5A5A5A5A00000001ULL, (uint64_t)(uintptr_t)msg, 5));
    show("write-count-wide", call3(TOY_SYS_write, 1, (uint64_t)(uintptr_t)msg, 0x100000005ULL));
    /* write(fd, NULL, 0): nothing to read, so nothing to fault on. */
    show("write-null-0", call3(TOY_SYS_write, 1, 0, 0));
    return 0;
}
#else
int main(void) { puts("wide-args: ToyOS only"); return 0; }
#endif
