/* pwd - print the current working directory (physical, like coreutils' default;
 * -L and -P are accepted, -L is treated as -P since only getcwd is available). */
#include "common.h"
#include <limits.h>

int main(int argc, char **argv)
{
    prog = "pwd";
    struct gopt g;
    gopt_init(&g, argc, argv, NULL);
    int c;
    while ((c = gopt_next(&g, "LP")) != -1)
        if (c == '?')
            usage_hint(1);
    if (g.nops > 0)
        warnx_("ignoring non-option arguments");
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) {
        warnx_("cannot determine current directory: %s", strerror(errno));
        return 1;
    }
    puts(buf);
    return finish_stdout(0);
}
