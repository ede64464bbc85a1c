/* env - run a command in a changed environment, or print the environment, after applying -i,
 * -u NAME and NAME=VALUE. COMMAND is found by a PATH search (of the changed environment);
 * exit status 127 when it is not found, 126 when it cannot run, 125 when env itself fails. */
#include "common.h"

extern char **environ;

int main(int argc, char **argv)
{
    prog = "env";
    static const struct gopt_long longs[] = {
        {"ignore-environment", 0, 'i'}, {"null", 0, '0'}, {"unset", 1, 'u'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    g.stop_at_operand = true;
    bool clear = false;
    char term = '\n';
    char **unsets = calloc((size_t)argc, sizeof(char *));
    int nunsets = 0;
    int c;
    while ((c = gopt_next(&g, "i0u:")) != -1) {
        if (c == 'i') clear = true;
        else if (c == '0') term = '\0';
        else if (c == 'u') unsets[nunsets++] = g.arg;
        else usage_hint(125);
    }
    int i = 0;
    if (i < g.nops && strcmp(g.ops[i], "-") == 0) {
        clear = true;
        i++;
    }
    argc = g.nops;
    argv = g.ops;
    if (clear) {
        /* Remove every variable. */
        while (environ && environ[0]) {
            char *eq = strchr(environ[0], '=');
            char *name = eq ? strndup(environ[0], (size_t)(eq - environ[0])) : strdup(environ[0]);
            if (unsetenv(name) != 0) { free(name); break; }
            free(name);
        }
    }
    for (int k = 0; k < nunsets; k++) {
        if (unsetenv(unsets[k]) != 0) {
            warnx_("cannot unset %s: %s", quote(unsets[k]), strerror(errno));
            return 125;
        }
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == argv[i]) {
            warnx_("cannot set %s: %s", quote(argv[i]), strerror(EINVAL));
            return 125;
        }
        char *name = strndup(argv[i], (size_t)(eq - argv[i]));
        if (setenv(name, eq + 1, 1) != 0) {
            warnx_("cannot set %s: %s", quote(argv[i]), strerror(errno));
            return 125;
        }
        free(name);
    }
    if (i < argc) {
        fflush(stdout);
        execvp(argv[i], argv + i);
        int e = errno;
        warnx_("%s: %s", quote(argv[i]), strerror(e));
        return e == ENOENT ? 127 : 126;
    }
    for (char **e = environ; e && *e; e++) {
        fputs(*e, stdout);
        putchar(term);
    }
    return finish_stdout(0);
}
