/* ifflag: the virtual interrupt flag (docs/abi.md 7.1, 7.2). A signal sent to itself while the flag
   is clear stays pending and is delivered right after sti; hlt with the flag set waits for an
   alarm's handler; hlt with the flag clear ends when the signal is pending, which sti delivers. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <toyos/machine.h>

static volatile int usr1, alrm;
static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_alrm(int sig) { (void)sig; alrm++; }

int main(void) {
    signal(SIGUSR1, on_usr1);
    signal(SIGALRM, on_alrm);
    toy_cli();
    kill(getpid(), SIGUSR1);
    for (volatile int i = 0; i < 1000000; i++) {}
    printf("cli: get_if %d, handler ran %d times\n", toy_hv_get_if(), usr1);
    toy_sti();
    printf("sti: get_if %d, handler ran %d times\n", toy_hv_get_if(), usr1);
    toy_cli();            /* no race between arming the alarm and halting */
    alarm(1);
    toy_sti_hlt();
    printf("hlt woke after the alarm's handler: %d\n", alrm);
    toy_cli();
    alarm(1);
    toy_hlt();
    printf("hlt with the flag clear woke with the alarm pending, handler ran %d times\n", alrm);
    toy_sti();
    printf("after sti the handler ran %d times\n", alrm);
    /* The idle idiom: a signal that arrived while the flag was clear ends a `sti; hlt` at once (the
       interrupt shadow), rather than running before the hlt, which would then sleep. The alarm is
       only a fallback so that a broken shadow shows as a wrong line, not a hang. */
    int before = alrm;
    toy_cli();
    kill(getpid(), SIGUSR1);
    alarm(10);
    toy_sti_hlt();
    alarm(0);
    printf("sti; hlt: woken by the pending signal (handler ran %d times), not by the alarm: %s\n", usr1, alrm == before ? "yes" : "no");
    return 0;
}
