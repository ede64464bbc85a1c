/* kill - send a signal to processes, as procps-ng's kill does.
 *   kill [-SIGNAL | -s SIGNAL | --signal SIGNAL] [--] PID...    (default TERM; PID -N: group N)
 *   kill -l [SIGNAL]    list the signal names, or convert a name to its number and back
 *   kill -L             the names in a table
 * Signal names and numbers are the system's own: on ToyOS, TERM is 2 (docs/abi.md 10.10).
 * Exit status 0 when every signal was sent, 1 otherwise. */
#include "common.h"
#include <signal.h>
#include <strings.h>

static const struct { const char *name; int sig; } sigs[] = {
    {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP},
    {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
    {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"WINCH", SIGWINCH}, {"SYS", SIGSYS},
};
#define NSIGS (int)(sizeof sigs / sizeof sigs[0])

static const char *sig_name(int sig)
{
    for (int i = 0; i < NSIGS; i++)
        if (sigs[i].sig == sig) return sigs[i].name;
    return NULL;
}

/* A name (TERM, SIGTERM, term) or a number; -1 when it is neither. */
static int sig_number(const char *s)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*s && !*end) return n >= 0 && n < 128 ? (int)n : -1;
    if (strncasecmp(s, "SIG", 3) == 0) s += 3;
    for (int i = 0; i < NSIGS; i++)
        if (strcasecmp(s, sigs[i].name) == 0) return sigs[i].sig;
    return -1;
}

static void usage(FILE *out, int status)
{
    fputs("\nUsage:\n kill [options] <pid> [...]\n\nOptions:\n"
          " <pid> [...]            send signal to every <pid> listed\n"
          " -<signal>, -s, --signal <signal>\n                        specify the <signal> to be sent\n"
          " -l, --list=[<signal>]  list all signal names, or convert one to a name\n"
          " -L, --table            list all signal names in a nice table\n\n"
          " -h, --help     display this help and exit\n\nFor more details see kill(1).\n", out);
    exit(status);
}

/* Names sorted by number, as procps lists them. */
static int by_number(const void *a, const void *b)
{
    return sig_name(*(const int *)a) && sig_name(*(const int *)b) ? *(const int *)a - *(const int *)b : 0;
}

static int list(const char *arg, bool table)
{
    int order[NSIGS];
    for (int i = 0; i < NSIGS; i++) order[i] = sigs[i].sig;
    qsort(order, NSIGS, sizeof *order, by_number);
    if (arg) {
        int n = sig_number(arg);
        const char *name = n >= 0 ? sig_name(n) : NULL;
        if (!name) { fprintf(stderr, "kill: unknown signal name %s\n", arg); return 0; }   /* procps: 0 */
        char *end;
        strtol(arg, &end, 10);
        if (*arg && !*end) printf("%s\n", name);
        else printf("%d\n", n);
        return 0;
    }
    for (int i = 0; i < NSIGS; i++) {
        if (table) printf("%2d %-8s%s", order[i], sig_name(order[i]), (i + 1) % 7 == 0 || i + 1 == NSIGS ? "\n" : " ");
        else printf("%s%s", sig_name(order[i]), (i + 1) % 16 == 0 || i + 1 == NSIGS ? "\n" : " ");
    }
    return 0;
}

int main(int argc, char **argv)
{
    prog = "kill";
    int sig = SIGTERM, i = 1;
    if (argc < 2) usage(stderr, 1);
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { i++; break; }
        if (strcmp(a, "-l") == 0 || strcmp(a, "--list") == 0) return list(i + 1 < argc ? argv[i + 1] : NULL, false);
        if (strncmp(a, "--list=", 7) == 0) return list(a + 7, false);
        if (strcmp(a, "-L") == 0 || strcmp(a, "--table") == 0) return list(NULL, true);
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) usage(stdout, 0);
        const char *name = NULL;
        if (strcmp(a, "-s") == 0 || strcmp(a, "--signal") == 0) {
            if (i + 1 >= argc) usage(stderr, 1);
            name = argv[++i];
        } else if (a[1] >= '0' && a[1] <= '9' && i + 1 >= argc) {
            break;                                  /* "kill -123": a process group, not a signal */
        } else {
            name = a + 1;
        }
        sig = sig_number(name);
        if (sig < 0) { fprintf(stderr, "kill: unknown signal name %s\n", name); return 1; }
    }
    if (i >= argc) usage(stderr, 1);
    int status = 0;
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (!*argv[i] || *end) {
            fprintf(stderr, "kill: failed to parse argument: '%s'\n", argv[i]);
            return 1;
        }
        if (kill((pid_t)pid, sig) != 0) {
            fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
