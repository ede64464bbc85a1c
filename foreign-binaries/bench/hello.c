/* hello - start-up and exit: load, start block, one write, exit. The smallest useful program. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
