/* yield: give up the processor; returns 0 and cannot fail. The SDK has no public wrapper
 * (no sched_yield), so the ToyOS build calls the generated stub toy_sys_yield from <toyos/abi.h>
 * directly. The native twin has nothing to call and reports the same lines so the two outputs stay
 * identical; the assertions only mean something under Burrow. */
#include "tt.h"
#ifdef __TOYOS__
#include <toyos/abi.h>
#endif

int main(void)
{
    long long value = 0, error = 0;
    int all = 1;
    for (int i = 0; i < 100; i++) {
#ifdef __TOYOS__
        struct toy_result r = toy_sys_yield();
        value = r.value;
        error = r.error;
#endif
        all &= value == 0 && error == 0;
    }
    is_int(error, 0, "yield does not fail");
    is_int(value, 0, "yield returns 0");
    ok(all, "100 yields in a row all return 0");
    return done_testing();
}
