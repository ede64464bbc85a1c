/* yes - output a string (default "y") repeatedly until killed.
 * On a write error it stops: quietly (status 1) for EPIPE, with a message
 * otherwise.  (With the default SIGPIPE disposition a Linux process is simply
 * killed by SIGPIPE first, like GNU yes.) */
#include "common.h"

int main(int argc, char **argv)
{
    prog = "yes";
    int first = 1;
    if (first < argc && strcmp(argv[first], "--") == 0)
        first++;
    else if (first < argc && (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "--version") == 0))
        gopt_help("", NULL, argv[first][2] == 'v');   /* (no options but these) */
    else if (first < argc && argv[first][0] == '-' && argv[first][1] != '\0') {
        /* Like GNU yes: a leading option it does not know is an error, not a string to repeat. */
        if (argv[first][1] == '-')
            fprintf(stderr, "yes: unrecognized option '%s'\n", argv[first]);
        else
            fprintf(stderr, "yes: invalid option -- '%c'\n", argv[first][1]);
        fprintf(stderr, "Try 'yes --help' for more information.\n");
        return 1;
    }
    size_t len = 0;
    for (int i = first; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *line;
    if (first >= argc) {
        line = strdup("y\n");
        len = 2;
    } else {
        line = malloc(len);
        if (!line) return 1;
        char *p = line;
        for (int i = first; i < argc; i++) {
            size_t l = strlen(argv[i]);
            memcpy(p, argv[i], l);
            p += l;
            *p++ = (i + 1 < argc) ? ' ' : '\n';
        }
    }
    /* Fill a buffer with whole copies of the line so each write is large. */
    size_t cap = 8192;
    if (cap < len) cap = len;
    size_t copies = cap / len;
    char *buf = malloc(copies * len);
    if (!buf) return 1;
    for (size_t k = 0; k < copies; k++)
        memcpy(buf + k * len, line, len);
    for (;;) {
        if (write_all(STDOUT_FILENO, buf, copies * len) != 0) {
            if (errno == EPIPE)
                return 1;
            warnx_("standard output: %s", strerror(errno));
            return 1;
        }
    }
}
