/* uname - print system information.
 * Options: -a -s -n -r -v -m -p -i -o.  -p and -i print "unknown" and are
 * omitted from -a, as on GNU/Linux.  -o prints "GNU/Linux" when the kernel
 * name is Linux, else the kernel name (e.g. ToyOS). */
#include "common.h"
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    prog = "uname";
    static const struct gopt_long longs[] = {
        {"all", 0, 'a'}, {"kernel-name", 0, 's'}, {"nodename", 0, 'n'},
        {"kernel-release", 0, 'r'}, {"kernel-version", 0, 'v'}, {"machine", 0, 'm'},
        {"processor", 0, 'p'}, {"hardware-platform", 0, 'i'},
        {"operating-system", 0, 'o'}, {NULL, 0, 0}};
    enum { S = 1, N = 2, R = 4, V = 8, M = 16, P = 32, I = 64, O = 128, ALL = 256 };
    unsigned want = 0;
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int c;
    while ((c = gopt_next(&g, "asnrvmpio")) != -1) {
        switch (c) {
        case 'a': want |= ALL | S | N | R | V | M | O; break;
        case 's': want |= S; break;
        case 'n': want |= N; break;
        case 'r': want |= R; break;
        case 'v': want |= V; break;
        case 'm': want |= M; break;
        case 'p': want |= P; break;
        case 'i': want |= I; break;
        case 'o': want |= O; break;
        default: usage_hint(1);
        }
    }
    if (g.nops > 0) {
        warnx_("extra operand %s", quote(g.ops[0]));
        usage_hint(1);
    }
    if (want == 0)
        want = S;
    struct utsname u;
    if (uname(&u) != 0) {
        warnx_("cannot get system name: %s", strerror(errno));
        return 1;
    }
    bool first = true;
#define ITEM(bit, str)                                   \
    do {                                                 \
        if (want & (bit)) {                              \
            if (!first) putchar(' ');                    \
            fputs((str), stdout);                        \
            first = false;                               \
        }                                                \
    } while (0)
    ITEM(S, u.sysname);
    ITEM(N, u.nodename);
    ITEM(R, u.release);
    ITEM(V, u.version);
    ITEM(M, u.machine);
    if (!(want & ALL)) {
        ITEM(P, "unknown");
        ITEM(I, "unknown");
    }
    ITEM(O, strcmp(u.sysname, "Linux") == 0 ? "GNU/Linux" : u.sysname);
    putchar('\n');
    return finish_stdout(0);
}
