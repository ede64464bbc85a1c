/* printf's numbered arguments (%N$, *N$) in the SDK's own terms: formats that mix numbered and
 * plain conversions, or name a number out of 1..NL_ARGMAX, fail with EINVAL and write nothing (glibc
 * prints some of them; the SDK refuses them rather than guess) and never read past the arguments.
 * oracle/porting.c holds the well-formed ones against glibc. */
#include "tt.h"
#include <limits.h>
#include <stdarg.h>

/* snprintf with a format that is not a literal (the compiler would check, or refuse, these). */
static int fmt(char *b, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(b, n, f, ap);
    va_end(ap);
    return r;
}

int main(void)
{
    char b[128];
    is_int(snprintf(b, sizeof b, "%2$s %1$s", "world", "hello"), 11, "a well-formed numbered format");
    is_str(b, "hello world", "prints its arguments in its order");
    const char *bad[] = {"%1$zl%s|", "%1$d %d", "%1$*d", "%d %1$d", "%m%2$LL%x*", "%1$#qh%*", "%1$d %.*d", "%65$d", "%0$d"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(b, '#', sizeof b);
        errno = 0;
        int r = fmt(b, sizeof b, bad[i], 1, 2, 3);
        ok(r == -1 && errno == EINVAL, "\"%s\" is refused with EINVAL", bad[i]);
    }
    is_int(NL_ARGMAX, 64, "NL_ARGMAX is the highest number");
    errno = 0;
    is_int(snprintf(b, sizeof b, "%1$s%%%1$s", "a"), 3, "%% beside numbered conversions takes no argument");
    is_str(b, "a%a", "and prints a percent sign");
    is_int(fmt(b, sizeof b, "%1$"), 0, "a format that ends after the number prints nothing");
    return done_testing();
}
