/* uart-spin: the receive interrupt reaches a program that never traps. Enables the UART's receive
   interrupt and spins in a loop without system calls or privileged instructions; the handler of
   SIGIRQ4 echoes what arrives (upper-cased) and sets a flag on 'q'. Burrow raises the line from a
   host signal (an O_ASYNC description of standard input of its own), so the handler runs while the
   program spins. */
#include <signal.h>
#include <toyos/machine.h>

static volatile int quit;

static void put(uint8_t c) {
    while (!(toy_inb(TOY_COM1 + TOY_UART_LSR) & TOY_UART_LSR_THRE)) {}
    toy_outb(TOY_COM1 + TOY_UART_DATA, c);
}
static void puts_uart(const char *s) { while (*s) put((uint8_t)*s++); }

static void on_rx(int sig) {
    (void)sig;
    while (toy_inb(TOY_COM1 + TOY_UART_LSR) & TOY_UART_LSR_DR) {
        uint8_t c = toy_inb(TOY_COM1 + TOY_UART_DATA);
        if (c == 'q') { quit = 1; return; }
        put(c >= 'a' && c <= 'z' ? (uint8_t)(c - 32) : c);
    }
}

int main(void) {
    signal(SIGIRQ4, on_rx);
    puts_uart("uart-spin: spinning\n");
    toy_outb(TOY_COM1 + TOY_UART_IER, TOY_UART_IER_RX);
    while (!quit) __asm__ volatile("" ::: "memory");
    toy_outb(TOY_COM1 + TOY_UART_IER, 0);
    puts_uart("uart-spin: bye\n");
    return 0;
}
