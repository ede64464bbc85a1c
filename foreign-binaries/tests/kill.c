/* kill: signal 0 probes a process (0 for ourselves), an unknown signal number is EINVAL, a pid no
 * process has is ESRCH. Delivery to the program itself (abort, raise) ends it by that signal; that is
 * checked by Burrow's integration tests (guests/self-signal), since a TAP program cannot report its
 * own death. */
#include "tt.h"
#include <signal.h>

int main(void)
{
    is_int(kill(getpid(), 0), 0, "kill(self, 0) probes ourselves");
    is_errno(kill(getpid(), 9999), EINVAL, "an unknown signal number: EINVAL");
    /* Linux pids stay below 2^22 (pid_max's upper limit), so this one is never in use. */
    is_errno(kill(4194304 + 12345, 0), ESRCH, "a pid no process has: ESRCH");
    return done_testing();
}
