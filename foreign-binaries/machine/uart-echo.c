/* uart-echo: interrupt-driven input. Enables the UART's "received data available" interrupt and
   sleeps in hlt; each interrupt (SIGIRQ4) drains the receive buffer, echoing every byte through the
   transmitter (upper-cased, so the echo is visibly the program's). 'q' ends it; so does the end of
   standard input (then nothing can wake the hlt: the machine halts, status 0). On a terminal Burrow
   switches it to raw mode while the interrupt is enabled, so each key arrives at once. */
#include <signal.h>
#include <string.h>
#include <toyos/machine.h>

static volatile int quit;
static volatile unsigned long interrupts;

static void put(uint8_t c) {
    while (!(toy_inb(TOY_COM1 + TOY_UART_LSR) & TOY_UART_LSR_THRE)) {}
    toy_outb(TOY_COM1 + TOY_UART_DATA, c);
}

static void on_rx(int sig) {
    (void)sig;
    interrupts++;
    while (toy_inb(TOY_COM1 + TOY_UART_LSR) & TOY_UART_LSR_DR) {
        uint8_t c = toy_inb(TOY_COM1 + TOY_UART_DATA);
        if (c == 'q') { quit = 1; return; }
        if (c == '\r') c = '\n';
        put(c >= 'a' && c <= 'z' ? (uint8_t)(c - 32) : c);
    }
}

int main(void) {
    const char *hello = "uart-echo: type; q ends\n";
    for (const char *p = hello; *p; p++) put((uint8_t)*p);
    signal(SIGIRQ4, on_rx);
    toy_outb(TOY_COM1 + TOY_UART_IER, TOY_UART_IER_RX);
    for (;;) {
        toy_cli();
        if (quit) break;
        toy_sti_hlt();    /* a key that came after the check ends this hlt */
    }
    toy_sti();
    toy_outb(TOY_COM1 + TOY_UART_IER, 0);
    const char *bye = "uart-echo: bye\n";
    for (const char *p = bye; *p; p++) put((uint8_t)*p);
    return 0;
}
