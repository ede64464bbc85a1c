/* Argument checks that the SDK's wrappers never let through, made with the raw calls (docs/abi.md
 * 9.3, 9.4, 9.7): each prints "NAME VALUE ERROR" and the integration test (AbiEdgeTests) knows what
 * each must be. A guest, not a conformance test: the Linux twin has no such calls. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <toyos/abi.h>

#ifdef __TOYOS__
static void show(const char *name, struct toy_result r) {
    printf("%s %lld %lld\n", name, (long long)r.value, (long long)r.error);
}

int main(void) {
    /* utimens: an i64 of nanoseconds; 2^63 and above (but the markers) is EINVAL. */
    static const char file[] = "/tmp";
    uint64_t big[2] = { UINT64_C(1) << 63, UINT64_C(1) << 63 };
    show("utimens-2^63", toy_sys_utimens(file, big, 0));
    uint64_t below_markers[2] = { TOY_UTIME_OMIT - 1, TOY_UTIME_OMIT };
    show("utimens-below-markers", toy_sys_utimens(file, below_markers, 0));

    /* map: a negative file offset is EINVAL (not the host's EOVERFLOW). */
    show("map-offset-minus-page", toy_sys_map(0, 4096, TOY_PROT_READ, TOY_MAP_PRIVATE, 0, -4096));

    /* protect: the stack's guard page is no guest memory. */
    uint64_t guard_page = UINT64_C(0x0FFFFFFFF000) - (UINT64_C(8) << 20) - 4096;
    show("protect-guard-page", toy_sys_protect(guard_page, 4096, TOY_PROT_READ | TOY_PROT_WRITE));
    show("protect-past-stack-top", toy_sys_protect(UINT64_C(0x0FFFFFFFF000), 4096, TOY_PROT_READ));

    /* tcsetattr: an unknown flag or a reserved byte that is not 0 is EINVAL (before the terminal is asked). */
    struct toy_termios t;
    memset(&t, 0, sizeof t);
    t.flags = 0x80000000u;
    show("tcsetattr-unknown-flag", toy_sys_tcsetattr(1, TOY_TCSANOW, &t));
    t.flags = TOY_TC_ECHO;
    t.reserved[1] = 7;
    show("tcsetattr-reserved", toy_sys_tcsetattr(1, TOY_TCSANOW, &t));
    return 0;
}
#else
int main(void) { return 0; }
#endif
