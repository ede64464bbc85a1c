/* ioctl: only what ToyOS can express. TIOCGWINSZ becomes tcgetwinsize on ToyOS. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

struct winsize {
    unsigned short ws_row;
    unsigned short ws_col;
    unsigned short ws_xpixel;
    unsigned short ws_ypixel;
};

#define TIOCGWINSZ 0x5413   /* Linux's number; on ToyOS the SDK's name for tcgetwinsize */

int ioctl(int fd, unsigned long request, ...);

#endif
