/* ports: probes the port bus and the devices' registers (docs/abi.md 7.3), printing what it reads. */
#include <stdio.h>
#include <toyos/machine.h>

static uint8_t cmos(uint8_t reg) { toy_outb(TOY_RTC_INDEX, reg); return toy_inb(TOY_RTC_DATA); }

int main(void) {
    printf("debugcon reads 0x%02x\n", toy_inb(TOY_PORT_DEBUGCON));
    printf("unassigned: inb(0x80)=0x%02x inw(0x1234)=0x%04x inl(0x2f8)=0x%08x\n", toy_inb(0x80), toy_inw(0x1234), toy_inl(0x2f8));
    toy_outb(0x80, 0x55);   /* a write nobody takes is dropped */
    toy_outb(TOY_COM1 + TOY_UART_SCR, 0xa5);
    printf("uart scratch 0x%02x\n", toy_inb(TOY_COM1 + TOY_UART_SCR));
    toy_outb(TOY_COM1 + TOY_UART_LCR, 0x83);          /* DLAB on, 8N1 */
    toy_outb(TOY_COM1 + TOY_UART_DATA, 0x03);         /* divisor 3: 38400 baud */
    toy_outb(TOY_COM1 + TOY_UART_IER, 0x00);
    printf("uart divisor %u\n", toy_inb(TOY_COM1 + TOY_UART_DATA) | toy_inb(TOY_COM1 + TOY_UART_IER) << 8);
    toy_outb(TOY_COM1 + TOY_UART_LCR, 0x03);          /* DLAB off */
    printf("uart lcr 0x%02x ier 0x%02x iir 0x%02x lsr&0x60 0x%02x\n", toy_inb(TOY_COM1 + TOY_UART_LCR),
           toy_inb(TOY_COM1 + TOY_UART_IER), toy_inb(TOY_COM1 + TOY_UART_IIR), toy_inb(TOY_COM1 + TOY_UART_LSR) & 0x60);
    /* A 16-bit access to byte ports is two byte accesses: scratch 0xa5 then MSR... read LCR/MCR pair. */
    toy_outb(TOY_COM1 + TOY_UART_MCR, 0x0b);
    printf("uart inw(lcr) 0x%04x\n", toy_inw(TOY_COM1 + TOY_UART_LCR));
    printf("rtc reg B 0x%02x reg D 0x%02x\n", cmos(TOY_RTC_REG_B), cmos(0x0d));
    cmos(0);
    toy_outb(TOY_RTC_INDEX, 0x20); toy_outb(TOY_RTC_DATA, 0x42);   /* CMOS RAM */
    printf("cmos ram 0x%02x\n", cmos(0x20));
    /* Binary mode: the month is 1-12 as a plain number, never above 12 (BCD 0x10-0x12 is 16-18). */
    toy_outb(TOY_RTC_INDEX, TOY_RTC_REG_B); toy_outb(TOY_RTC_DATA, TOY_RTC_B_BINARY | TOY_RTC_B_24H);
    uint8_t month = cmos(TOY_RTC_MONTH), hour = cmos(TOY_RTC_HOURS);
    printf("rtc binary month in 1..12: %s, hour in 0..23: %s\n", month >= 1 && month <= 12 ? "yes" : "no", hour < 24 ? "yes" : "no");
    /* 12-hour BCD: the hour is 1-12, bit 7 for PM. */
    toy_outb(TOY_RTC_INDEX, TOY_RTC_REG_B); toy_outb(TOY_RTC_DATA, 0);
    hour = cmos(TOY_RTC_HOURS);
    int h = ((hour & 0x70) >> 4) * 10 + (hour & 15);
    printf("rtc 12-hour hour in 1..12: %s\n", h >= 1 && h <= 12 ? "yes" : "no");
    /* PIT: program channel 1 (no interrupt), latch and read its count back. */
    toy_outb(TOY_PIT_CMD, 0x74);            /* channel 1, lo/hi, mode 2 */
    toy_outb(0x41, 0x00); toy_outb(0x41, 0x80);   /* reload 0x8000 */
    toy_outb(TOY_PIT_CMD, 0x40);            /* latch channel 1 */
    unsigned c = toy_inb(0x41); c |= (unsigned)toy_inb(0x41) << 8;
    printf("pit channel 1 count in 1..0x8000: %s\n", c >= 1 && c <= 0x8000 ? "yes" : "no");
    printf("hypercall query 0x%x, get_if %d\n", toy_hv_query(), toy_hv_get_if());
    toy_cli();
    printf("after cli: get_if %d\n", toy_hv_get_if());
    toy_sti();
    printf("after sti: get_if %d\n", toy_hv_get_if());
    struct toy_result r = toy_hypercall2(99, 0, 0);
    printf("hypercall 99: error %ld value %ld (ENOSYS %d)\n", (long)r.error, (long)r.value, TOY_ENOSYS);
    r = toy_hv_console_write("console line\n", 13);
    printf("console_write: %ld\n", (long)r.value);
    r = toy_hv_console_write((void *)8, 13);
    printf("console_write bad buffer: error %ld value %ld (EFAULT %d)\n", (long)r.error, (long)r.value, TOY_EFAULT);
    /* rep outsb to the debug console. */
    toy_outsb(TOY_PORT_DEBUGCON, "outsb line\n", 11);
    return 0;
}
