/* A program that catches its own faults: SIGSEGV on a PROT_NONE page with the fault address and
 * SEGV_ACCERR, the handler making the page accessible and returning so the access completes; an
 * unmapped address with SEGV_MAPERR, which the handler maps; a SIGSEGV sent by kill (SI_USER). */
#include "tt.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG 4096
static unsigned char *page;
static volatile void *fault_addr;
static volatile int fault_code, faults;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig; (void)ctx;
    faults++;
    fault_addr = si->si_addr;
    fault_code = si->si_code;
    if (si->si_code == SI_USER) return;
    if (si->si_code == SEGV_MAPERR)
        mmap(page, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    else
        mprotect(page, PG, PROT_READ | PROT_WRITE);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    is_int(sigaction(SIGSEGV, &sa, NULL), 0, "a SIGSEGV handler");

    page = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ok(page != MAP_FAILED, "a PROT_NONE page");
    volatile unsigned char *p = page + 123;
    *p = 42;
    is_int(faults, 1, "writing to it faulted once");
    ok(fault_addr == (void *)(page + 123), "info: the address that faulted");
    is_int(fault_code, SEGV_ACCERR, "info: SEGV_ACCERR");
    is_int(page[123], 42, "after the handler fixed the page, the write completed");

    faults = 0;
    raise(SIGSEGV);
    is_int(faults, 1, "a SIGSEGV sent by kill reaches the handler");
    is_int(fault_code, SI_USER, "with SI_USER");

    /* An address with no mapping: SEGV_MAPERR, and the handler maps it. */
    unsigned char *hole = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, PG);
    page = hole;
    faults = 0;
    volatile unsigned char *q = hole + 7;
    is_int(*q, 0, "reading the unmapped page gives 0 once the handler mapped it");
    is_int(faults, 1, "reading it faulted once");
    ok(fault_addr == (void *)(hole + 7), "info: the address");
    is_int(fault_code, SEGV_MAPERR, "info: SEGV_MAPERR");
    return done_testing();
}
