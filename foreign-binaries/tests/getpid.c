/* getpid and getppid: positive, stable, and different from each other. */
#include "tt.h"

int main(void)
{
    pid_t p = getpid(), pp = getppid();
    ok(p > 0, "getpid is positive");
    ok(pp > 0, "getppid is positive");
    ok(p != pp, "getppid differs from getpid");
    is_int(getpid(), p, "getpid is stable");
    is_int(getppid(), pp, "getppid is stable");
    return done_testing();
}
