/* uart-rtc: a bare-metal-style program. Prints through the 16550 UART at COM1 by polling its line
   status register (no write calls), reads the CMOS clock the way a polling driver does (waits for
   "update in progress" to clear, reads twice until two reads agree, converts BCD), prints the
   date and time on the debug console (port 0xE9, standard error) and halts. Nothing can wake it,
   so hlt ends it like a halted machine, with status 0. */
#include <toyos/machine.h>

static void uart_putc(char c) {
    while (!(toy_inb(TOY_COM1 + TOY_UART_LSR) & TOY_UART_LSR_THRE)) {}
    toy_outb(TOY_COM1 + TOY_UART_DATA, (uint8_t)c);
}
static void uart_puts(const char *s) { while (*s) uart_putc(*s++); }
static void con_puts(const char *s) { while (*s) toy_outb(TOY_PORT_DEBUGCON, (uint8_t)*s++); }

static uint8_t cmos(uint8_t reg) { toy_outb(TOY_RTC_INDEX, reg); return toy_inb(TOY_RTC_DATA); }
static int bcd(uint8_t v) { return (v >> 4) * 10 + (v & 15); }

struct rtc { int year, month, day, hour, min, sec; };

static void read_rtc(struct rtc *t) {
    while (cmos(TOY_RTC_REG_A) & TOY_RTC_A_UIP) {}
    uint8_t b = cmos(TOY_RTC_REG_B);
    int bin = b & TOY_RTC_B_BINARY;
    int h24 = b & TOY_RTC_B_24H;
    uint8_t hour = cmos(TOY_RTC_HOURS);
    int pm = !h24 && (hour & 0x80);
    hour &= 0x7f;
#define V(x) (bin ? (int)(x) : bcd(x))
    t->sec = V(cmos(TOY_RTC_SECONDS));
    t->min = V(cmos(TOY_RTC_MINUTES));
    t->hour = V(hour);
    t->day = V(cmos(TOY_RTC_DAY));
    t->month = V(cmos(TOY_RTC_MONTH));
    t->year = V(cmos(TOY_RTC_CENTURY)) * 100 + V(cmos(TOY_RTC_YEAR));
#undef V
    if (!h24) t->hour = (t->hour % 12) + (pm ? 12 : 0);
}

static void put2(char *p, int v) { p[0] = (char)('0' + v / 10 % 10); p[1] = (char)('0' + v % 10); }

int main(void) {
    uart_puts("uart-rtc: hello through the UART\r\n");
    struct rtc a, b;
    do { read_rtc(&a); read_rtc(&b); } while (a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.day != b.day);
    char line[] = "rtc 0000-00-00 00:00:00\n";
    put2(line + 4, a.year / 100); put2(line + 6, a.year % 100);
    put2(line + 9, a.month); put2(line + 12, a.day);
    put2(line + 15, a.hour); put2(line + 18, a.min); put2(line + 21, a.sec);
    con_puts(line);
    int sane = a.year >= 2000 && a.month >= 1 && a.month <= 12 && a.day >= 1 && a.day <= 31 &&
               a.hour < 24 && a.min < 60 && a.sec < 60;
    uart_puts(sane ? "uart-rtc: the clock reads a valid UTC time\r\n" : "uart-rtc: the clock is not valid\r\n");
    uart_puts("uart-rtc: halting\r\n");
    toy_hlt();
    uart_puts("uart-rtc: not reached\r\n");
    return 1;
}
