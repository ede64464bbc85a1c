/* toytest: a tiny TAP producer for conformance programs (one test file = one program).
 *
 *     plan(3);                                  // or call done_testing() at the end
 *     ok(x > 0, "x is positive (%d)", x);
 *     is_int(lseek(fd, 0, SEEK_END), 5, "size");
 *     is_str(buf, "hello", "content");
 *     is_errno(open("/nope", O_RDONLY), ENOENT, "open missing");
 *     return exit_status();                     // nonzero when any test failed
 *
 * Output goes to stdout (flushed after every line, so it interleaves with a crash); diagnostics
 * are "# " lines on stdout too, as TAP consumers expect. Errno values are printed by NAME, so a
 * ToyOS run and its Linux twin print the same text. */
#ifndef _TOYTEST_H
#define _TOYTEST_H

void plan(int n);
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int is_int(long long got, long long want, const char *name);
int is_str(const char *got, const char *want, const char *name);
/* Passes when result == -1 and errno == want (for pointer calls pass `p ? 0 : -1`). */
int is_errno(long long result, int want, const char *name);
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void skip(const char *why);
int done_testing(void);        /* prints the plan if plan() was not called; returns exit_status() */
int exit_status(void);         /* 0 if every test passed and the plan was met, else 1 */
const char *errno_name(int err);   /* "ENOENT", or "E?123" for an unknown value */

#endif
