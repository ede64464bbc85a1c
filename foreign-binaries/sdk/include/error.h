/* GNU error reporting: error() and error_at_line() flush stdout, then print "PROG: MESSAGE" (with
   error_at_line, "PROG:FILE:LINE: MESSAGE") and ": strerror(errnum)" when errnum is not 0 on
   stderr, and exit with `status` when it is not 0. Both targets. */
#ifndef _ERROR_H
#define _ERROR_H

void error(int status, int errnum, const char *format, ...) __attribute__((format(printf, 3, 4)));
void error_at_line(int status, int errnum, const char *file, unsigned line, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

/* Messages printed so far; when set, the program's own function that prints PROG; when not 0,
   error_at_line skips a message for the same FILE and LINE as the one before. */
extern unsigned error_message_count;
extern void (*error_print_progname)(void);
extern int error_one_per_line;

#endif
