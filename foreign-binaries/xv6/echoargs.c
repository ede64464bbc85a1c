// Prints its arguments separated by spaces (exec's target in procs.c).
#include "lib/user.h"

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) printf(1, "%s%s", argv[i], i + 1 < argc ? " " : "\n");
    if (argc == 1) printf(1, "%d\n", argc);
    exit();
}
