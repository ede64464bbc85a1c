/* getopt_long (GNU): see libc/common/getopt.c. getopt itself is declared in <unistd.h>. */
#ifndef _GETOPT_H
#define _GETOPT_H

#include <unistd.h>

struct option {
    const char *name;
    int has_arg;          /* no_argument, required_argument, optional_argument */
    int *flag;            /* NULL: return val; else *flag = val and return 0 */
    int val;
};

#define no_argument       0
#define required_argument 1
#define optional_argument 2

int getopt_long(int argc, char *const argv[], const char *optstring, const struct option *longopts,
                int *longindex);
int getopt_long_only(int argc, char *const argv[], const char *optstring,
                     const struct option *longopts, int *longindex);

#endif
