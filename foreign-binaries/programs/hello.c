/* hello - print a greeting. */
#include <stdio.h>

int main(void)
{
    puts("Hello, world!");
    return 0;
}
