/* The ToyOS machine (docs/abi.md section 7, ABI 1.2): port I/O, the interrupt flag, hlt, the
   devices' registers, interrupt signals and hypercalls. ToyOS programs only: natively these
   instructions are general-protection faults. Numbers come from <toyos/abi.h> (generated). */
#ifndef TOYOS_MACHINE_H
#define TOYOS_MACHINE_H

#include <stdint.h>
#include <toyos/abi.h>

/* ---- port I/O ---------------------------------------------------------------------------- */
static inline uint8_t toy_inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t toy_inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t toy_inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void toy_outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void toy_outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void toy_outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
/* rep outsb / rep insb: n bytes between memory and one port. */
static inline void toy_outsb(uint16_t port, const void *buf, unsigned long n) {
    __asm__ volatile("cld; rep outsb" : "+S"(buf), "+c"(n) : "d"(port) : "memory");
}
static inline void toy_insb(uint16_t port, void *buf, unsigned long n) {
    __asm__ volatile("cld; rep insb" : "+D"(buf), "+c"(n) : "d"(port) : "memory");
}

/* ---- the interrupt flag and hlt ---------------------------------------------------------- */
static inline void toy_cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void toy_sti(void) { __asm__ volatile("sti" ::: "memory"); }
/* Waits until an interrupt (a signal) is pending; with the flag set, its handler has run. */
static inline void toy_hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
/* The idle idiom after `toy_cli(); if (no work)`: sti and hlt as one step, so that an interrupt that
   came after the check ends the hlt instead of being missed (docs/abi.md 7.2). */
static inline void toy_sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }

/* ---- hypercalls: int TOY_HYPERCALL_VECTOR (0x82), the system call convention ------------- */
/* In the SDK's libc (hypercall.S): a call, because a hypercall may clobber what inline assembly
   cannot declare (vector registers, the red zone). */
struct toy_result toy_hypercall(unsigned nr, uint64_t a, uint64_t b, uint64_t c);
static inline struct toy_result toy_hypercall2(unsigned nr, uint64_t a, uint64_t b) { return toy_hypercall(nr, a, b, 0); }
static inline uint32_t toy_hv_query(void) { return (uint32_t)toy_hypercall2(TOY_HC_QUERY, 0, 0).value; }
static inline uint64_t toy_hv_features(void) { return (uint64_t)toy_hypercall2(TOY_HC_FEATURES, 0, 0).value; }
static inline int toy_hv_get_if(void) { return (int)toy_hypercall2(TOY_HC_GET_IF, 0, 0).value; }
static inline struct toy_result toy_hv_console_write(const void *buf, uint64_t len) {
    return toy_hypercall2(TOY_HC_CONSOLE_WRITE, (uint64_t)buf, len);
}
/* Runs n queued system calls in one exit; stops after the first that fails. Returns how many ran. */
static inline struct toy_result toy_hv_batch(struct toy_batch_entry *entries, uint64_t n) {
    return toy_hypercall2(TOY_HC_BATCH, (uint64_t)entries, n);
}

/* ---- devices (docs/abi.md 7.3) ------------------------------------------------------------ */
#define TOY_PORT_DEBUGCON 0xE9
/* 16550 UART at COM1 */
#define TOY_COM1          0x3F8
#define TOY_UART_DATA     0     /* receive buffer / transmit holding; divisor low with DLAB */
#define TOY_UART_IER      1     /* interrupt enable; divisor high with DLAB */
#define TOY_UART_IIR      2     /* interrupt identification (read), FIFO control (write) */
#define TOY_UART_LCR      3     /* line control; bit 7 = DLAB */
#define TOY_UART_MCR      4
#define TOY_UART_LSR      5     /* line status */
#define TOY_UART_MSR      6
#define TOY_UART_SCR      7     /* scratch */
#define TOY_UART_IER_RX   0x01  /* received data available */
#define TOY_UART_IER_TX   0x02  /* transmitter holding register empty */
#define TOY_UART_LSR_DR   0x01  /* data ready */
#define TOY_UART_LSR_THRE 0x20  /* transmitter holding register empty */
#define TOY_UART_LSR_TEMT 0x40  /* transmitter empty */
/* MC146818 CMOS clock */
#define TOY_RTC_INDEX     0x70
#define TOY_RTC_DATA      0x71
#define TOY_RTC_SECONDS   0x00
#define TOY_RTC_MINUTES   0x02
#define TOY_RTC_HOURS     0x04
#define TOY_RTC_WEEKDAY   0x06
#define TOY_RTC_DAY       0x07
#define TOY_RTC_MONTH     0x08
#define TOY_RTC_YEAR      0x09
#define TOY_RTC_CENTURY   0x32
#define TOY_RTC_REG_A     0x0A  /* bit 7: update in progress */
#define TOY_RTC_REG_B     0x0B  /* bit 2: binary (else BCD); bit 1: 24 hours */
#define TOY_RTC_A_UIP     0x80
#define TOY_RTC_B_BINARY  0x04
#define TOY_RTC_B_24H     0x02
/* 8254 PIT */
#define TOY_PIT_CH0       0x40
#define TOY_PIT_CMD       0x43
#define TOY_PIT_HZ        1193182
/* Channel 0, low then high byte, mode 2 (rate generator), binary. */
#define TOY_PIT_CMD_CH0_RATE 0x34

#endif /* TOYOS_MACHINE_H */
