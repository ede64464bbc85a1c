/* isatty, tcgetattr, tcsetattr, ioctl(TIOCGWINSZ) (the tcgetwinsize call) on things that are not
 * terminals: a pipe, a regular file, /dev/null (ENOTTY), and a closed descriptor (EBADF). Then the
 * positive cases on a pseudo-terminal master (/dev/ptmx, a terminal the suite can open without a
 * controlling tty): isatty 1, tcgetattr/tcsetattr round trips of ECHO, ICANON, VMIN, VTIME, every
 * `when`, EINVAL for an unknown `when`, and a fresh window size of 0x0. Skipped when /dev/ptmx
 * cannot be opened. */
#include "tt.h"
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
    tt_scratch("tty");
    int p[2];
    pipe(p);
    tt_write_str(tt_path("f"), "x");
    int f = open(tt_path("f"), O_RDONLY);
    int null = open("/dev/null", O_RDWR);
    int closed = tt_free_fd(100);
    struct termios t;
    struct winsize ws;
    const struct {
        const char *what;
        int fd;
        int err;
    } cases[] = {
        {"a pipe", p[0], ENOTTY},
        {"a pipe's write end", p[1], ENOTTY},
        {"a regular file", f, ENOTTY},
        {"/dev/null", null, ENOTTY},
        {"a closed fd", closed, EBADF},
        {"fd -1", -1, EBADF},
    };
    char name[128];
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *en = errno_name(cases[i].err);
        errno = 0;
        snprintf(name, sizeof name, "isatty on %s: 0, %s", cases[i].what, en);
        is_errno_val(isatty(cases[i].fd), 0, cases[i].err, name);
        snprintf(name, sizeof name, "tcgetattr on %s: %s", cases[i].what, en);
        is_errno(tcgetattr(cases[i].fd, &t), cases[i].err, name);
        memset(&t, 0, sizeof t);
        snprintf(name, sizeof name, "tcsetattr on %s: %s", cases[i].what, en);
        is_errno(tcsetattr(cases[i].fd, TCSANOW, &t), cases[i].err, name);
        snprintf(name, sizeof name, "ioctl TIOCGWINSZ on %s: %s", cases[i].what, en);
        is_errno(ioctl(cases[i].fd, TIOCGWINSZ, &ws), cases[i].err, name);
    }
    close(p[0]);
    close(p[1]);
    close(f);
    close(null);

    /* a terminal: the master side of a new pseudo-terminal */
    const int NPTY = 16;
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
    if (m < 0) {
        diag("cannot open /dev/ptmx: %s", errno_name(errno));
        for (int i = 0; i < NPTY; i++)
            skip("no pseudo-terminal available");
    } else {
        is_int(isatty(m), 1, "isatty on a pty master: 1");
        memset(&t, 0, sizeof t);
        is_int(tcgetattr(m, &t), 0, "tcgetattr on a pty");
        ok((t.c_lflag & (ECHO | ICANON)) == (ECHO | ICANON), "a new pty is in canonical mode with echo");
        struct termios raw = t;
        raw.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
        raw.c_cc[VMIN] = 3;
        raw.c_cc[VTIME] = 7;
        is_int(tcsetattr(m, TCSANOW, &raw), 0, "tcsetattr TCSANOW: echo and canonical mode off");
        struct termios back;
        memset(&back, 0xff, sizeof back);
        is_int(tcgetattr(m, &back), 0, "tcgetattr again");
        is_int(back.c_lflag & (ECHO | ICANON), 0, "ECHO and ICANON read back cleared");
        is_int(back.c_cc[VMIN], 3, "VMIN reads back 3");
        is_int(back.c_cc[VTIME], 7, "VTIME reads back 7");
        is_int(back.c_lflag & ISIG, t.c_lflag & ISIG, "ISIG untouched");
        is_int(tcsetattr(m, TCSADRAIN, &t), 0, "tcsetattr TCSADRAIN: restore");
        memset(&back, 0, sizeof back);
        tcgetattr(m, &back);
        is_int(back.c_lflag & (ECHO | ICANON), ECHO | ICANON, "ECHO and ICANON restored");
        is_int(tcsetattr(m, TCSAFLUSH, &t), 0, "tcsetattr TCSAFLUSH");
        is_errno(tcsetattr(m, 99, &t), EINVAL, "tcsetattr with an unknown `when` (99): EINVAL");
        memset(&ws, 0xff, sizeof ws);
        is_int(ioctl(m, TIOCGWINSZ, &ws), 0, "ioctl TIOCGWINSZ on a pty");
        ok(ws.ws_row == 0 && ws.ws_col == 0, "a new pty is 0x0");
        ok(ws.ws_xpixel == 0 && ws.ws_ypixel == 0, "and 0x0 pixels");
        close(m);
    }
    tt_cleanup();
    return done_testing();
}
