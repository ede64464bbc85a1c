/* echo - display a line of text.
 * Options (like coreutils /bin/echo): -n (no newline), -e (interpret escapes),
 * -E (default).  An argument is an option only if it consists solely of these
 * letters after the dash. */
#include "common.h"
#include <ctype.h>

static void emit_escaped(const char *s, bool *stop)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != '\\' || s[1] == '\0') {
            putchar(c);
            continue;
        }
        s++;
        switch (*s) {
        case 'a': c = '\a'; break;
        case 'b': c = '\b'; break;
        case 'c': *stop = true; return;
        case 'e': c = 0x1b; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'v': c = '\v'; break;
        case '\\': c = '\\'; break;
        case 'x':
            if (isxdigit((unsigned char)s[1])) {
                int v = 0;
                for (int k = 0; k < 2 && isxdigit((unsigned char)s[1]); k++) {
                    s++;
                    v = v * 16 + (isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
                }
                c = (unsigned char)v;
            } else {
                putchar('\\');
                c = 'x';
            }
            break;
        case '0': {
            int v = 0;
            for (int k = 0; k < 3 && s[1] >= '0' && s[1] <= '7'; k++)
                v = v * 8 + (*++s - '0');
            c = (unsigned char)v;
            break;
        }
        case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int v = *s - '0';
            for (int k = 0; k < 2 && s[1] >= '0' && s[1] <= '7'; k++)
                v = v * 8 + (*++s - '0');
            c = (unsigned char)v;
            break;
        }
        default:
            putchar('\\');
            c = (unsigned char)*s;
            break;
        }
        putchar(c);
    }
}

int main(int argc, char **argv)
{
    prog = "echo";
    bool newline = true, escapes = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0')
            break;
        if (strspn(a + 1, "neE") != strlen(a + 1))
            break;
        for (const char *p = a + 1; *p; p++) {
            if (*p == 'n') newline = false;
            else if (*p == 'e') escapes = true;
            else escapes = false;
        }
    }
    bool stop = false;
    for (int first = i; i < argc && !stop; i++) {
        if (i > first)
            putchar(' ');
        if (escapes)
            emit_escaped(argv[i], &stop);
        else
            fputs(argv[i], stdout);
    }
    if (newline && !stop)
        putchar('\n');
    return finish_stdout(0);
}
