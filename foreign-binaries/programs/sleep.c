/* sleep - delay for a specified amount of time.
 * Arguments: NUMBER[SUFFIX]... with suffix s (default), m, h or d; fractions
 * allowed; the durations are added. */
#include "common.h"
#include <time.h>

int main(int argc, char **argv)
{
    prog = "sleep";
    struct gopt g;
    gopt_init(&g, argc, argv, NULL);
    int c;
    /* Allow negative-looking operands to be reported as invalid intervals. */
    while ((c = gopt_next(&g, "")) != -1)
        usage_hint(1);
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    double total = 0;
    bool ok = true;
    for (int i = 0; i < g.nops; i++) {
        char *end;
        errno = 0;
        double v = strtod(g.ops[i], &end);
        double mul = 1;
        if (end != g.ops[i] && *end && !end[1]) {
            switch (*end) {
            case 's': mul = 1; end++; break;
            case 'm': mul = 60; end++; break;
            case 'h': mul = 3600; end++; break;
            case 'd': mul = 86400; end++; break;
            default: break;
            }
        }
        if (end == g.ops[i] || *end || !(v >= 0)) {
            warnx_("invalid time interval %s", quote(g.ops[i]));
            ok = false;
            continue;
        }
        total += v * mul;
    }
    if (!ok)
        usage_hint(1);
    struct timespec ts;
    if (total > 9.0e18) total = 9.0e18;
    ts.tv_sec = (time_t)total;
    ts.tv_nsec = (long)((total - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) ts.tv_nsec = 999999999L;
    while (nanosleep(&ts, &ts) != 0) {
        if (errno != EINTR) {
            warnx_("cannot read realtime clock: %s", strerror(errno));
            return 1;
        }
    }
    return 0;
}
