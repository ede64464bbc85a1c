/* Built with -fstack-protector-strong (the Makefile gives oracle/ssp_* that flag on all three
   builds): protected functions run normally, then one overruns its buffer and the smash must be
   reported as glibc reports it ("*** stack smashing detected ***: terminated", SIGABRT). */
#include <stdio.h>
#include <string.h>

static volatile int overrun = 64;

static int fine(const char *s) {
    char buf[32];
    strcpy(buf, s);
    return (int)strlen(buf);
}

static void smash(void) {
    char buf[8];
    for (int i = 0; i < overrun; i++) buf[i] = 'A';
    printf("%c\n", buf[0]);
    fflush(stdout);
}

int main(void) {
    printf("fine %d\n", fine("protected but within bounds"));
    fflush(stdout);
    smash();
    printf("not reached\n");
    return 0;
}
