/* Code written at run time, then made executable (W^X: written while rw-, run once r-x). First a
 * clean function (`mov eax, 42; ret`), then one holding a raw Linux `syscall` (getpid, Linux 39).
 * The raw-syscall guard must catch the second whatever its mode: `--syscall-guard scan` rescans
 * memory when it becomes executable. ToyOS only. Expected: "clean 42", then death by SIGSYS. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static long (*make(const unsigned char *code, size_t n))(void) {
    unsigned char *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 0; }
    memcpy(p, code, n);
    if (mprotect(p, 4096, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); return 0; }
    return (long (*)(void))(void *)p;
}

int main(void) {
    static const unsigned char clean[] = { 0xB8, 42, 0, 0, 0, 0xC3 };                 /* mov eax, 42; ret */
    /* mov eax, 39; syscall; ret. The syscall's bytes are computed, so that this program's own code
       holds no 0F 05 (the scan would arm the guard at load, and the rescan would go untested). */
    unsigned char raw[] = { 0xB8, 39, 0, 0, 0, 0, 0, 0xC3 };
    volatile unsigned char op = 0x0E;
    raw[5] = op + 1;
    raw[6] = op - 9;
    long (*f)(void) = make(clean, sizeof clean);
    if (!f) return 1;
    printf("clean %ld\n", f());
    fflush(stdout);
    long (*g)(void) = make(raw, sizeof raw);
    if (!g) return 1;
    printf("raw %ld (not caught)\n", g());
    return 1;
}
