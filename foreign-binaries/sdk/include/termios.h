/* Terminal attributes: the subset ToyOS has (echo, canonical mode, signals, CR->NL on input, output
   processing, VMIN/VTIME). On Linux the structure is the kernel's, so nothing is lost on a round trip. */
#ifndef _TERMIOS_H
#define _TERMIOS_H

typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int speed_t;

#ifdef __TOYOS__
#include <toyos/abi.h>
#define NCCS 8
#define VTIME 5
#define VMIN 6
#define ECHO   TOY_TC_ECHO
#define ICANON TOY_TC_ICANON
#define ISIG   TOY_TC_ISIG
#define ICRNL  TOY_TC_ICRNL
#define OPOST  TOY_TC_OPOST
#define TCSANOW   TOY_TCSANOW
#define TCSADRAIN TOY_TCSADRAIN
#define TCSAFLUSH TOY_TCSAFLUSH
struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t c_cc[NCCS];
};
#else
#define NCCS 19
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define ISIG   0000001
#define ICANON 0000002
#define ECHO   0000010
#define ECHOE  0000020
#define ECHOK  0000040
#define ECHONL 0000100
#define IEXTEN 0100000
#define ICRNL  0000400
#define IXON   0002000
#define BRKINT 0000002
#define INPCK  0000020
#define ISTRIP 0000040
#define OPOST  0000001
#define CS8    0000060
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2
struct termios {                /* struct termios of the Linux kernel (TCGETS) */
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t c_line;
    cc_t c_cc[NCCS];
};
#endif

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);

#endif
