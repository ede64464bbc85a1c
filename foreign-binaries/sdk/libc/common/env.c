/* The environment: getenv, setenv, unsetenv over `environ` (set by the start-up code to the envp of
   the start block). The first change copies the pointer array to the heap so it can grow. Strings
   replaced by setenv are not freed: the program may still hold pointers from getenv, and POSIX
   leaves their lifetime to the implementation. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;
static char **heap_env;          /* environ once copied to the heap */
static size_t heap_cap;

/* Index of NAME in environ, or the count of entries (where a new one goes). */
static size_t find(const char *name, size_t len, int *found) {
    size_t i = 0;
    *found = 0;
    if (!environ) return 0;
    for (; environ[i]; i++)
        if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=') { *found = 1; return i; }
    return i;
}

char *getenv(const char *name) {
    int found;
    size_t len = strlen(name);
    size_t i = find(name, len, &found);
    return found ? environ[i] + len + 1 : NULL;
}

static int valid_name(const char *name) {
    return name && *name && !strchr(name, '=');
}

/* Makes environ a heap array with room for one more entry. */
static int ensure_room(size_t count) {
    if (environ == heap_env && count + 2 <= heap_cap) return 0;
    size_t cap = (count + 2) * 2;
    char **a = malloc(cap * sizeof *a);
    if (!a) return -1;
    if (environ) memcpy(a, environ, count * sizeof *a);
    a[count] = NULL;
    free(heap_env);
    heap_env = environ = a;
    heap_cap = cap;
    return 0;
}

int setenv(const char *name, const char *value, int overwrite) {
    if (!valid_name(name)) { errno = EINVAL; return -1; }
    int found;
    size_t len = strlen(name), i = find(name, len, &found);
    if (found && !overwrite) return 0;
    size_t vlen = strlen(value);
    char *s = malloc(len + vlen + 2);
    if (!s) return -1;
    memcpy(s, name, len);
    s[len] = '=';
    memcpy(s + len + 1, value, vlen + 1);
    if (found) {
        environ[i] = s;
        return 0;
    }
    if (ensure_room(i)) { free(s); return -1; }
    environ[i] = s;
    environ[i + 1] = NULL;
    return 0;
}

int unsetenv(const char *name) {
    if (!valid_name(name)) { errno = EINVAL; return -1; }
    size_t len = strlen(name);
    if (!environ) return 0;
    /* Remove every occurrence (an inherited environment may hold duplicates). */
    size_t w = 0;
    for (size_t r = 0; environ[r]; r++)
        if (!(strncmp(environ[r], name, len) == 0 && environ[r][len] == '=')) environ[w++] = environ[r];
    environ[w] = NULL;
    return 0;
}

/* putenv: the string itself becomes part of the environment (changing it later changes the
   variable). Without '=', glibc removes the variable; so do we. */
int putenv(char *string) {
    char *eq = strchr(string, '=');
    if (!eq) return unsetenv(string);
    if (eq == string) { errno = EINVAL; return -1; }
    int found;
    size_t len = (size_t)(eq - string), i = find(string, len, &found);
    if (found) {
        environ[i] = string;
        return 0;
    }
    if (ensure_room(i)) return -1;
    environ[i] = string;
    environ[i + 1] = NULL;
    return 0;
}

int clearenv(void) {
    free(heap_env);
    heap_env = NULL;
    heap_cap = 0;
    environ = NULL;
    return 0;
}
