/* exec (execve) with strings that are not UTF-8: the new program gets every byte of argv and envp
 * exactly as the caller passed them (all byte values 1-255, invalid sequences, an empty string,
 * an argv[0] and a variable name that are not UTF-8), also as a `#!` script's interpreter, whose
 * argument from the `#!` line is bytes too. Strings are C strings: no system passes a NUL.
 * The test runs itself again in "bytes" and "shebang" modes as the new program; the check there
 * returns a bit per mismatch as its exit status. (Not covered: a program or script path that is
 * not UTF-8, since the paths exec opens are another matter.) */
#include "tt.h"
#include <sys/wait.h>

extern char **environ;

static char all_bytes[256];   /* 1, 2, ..., 255 */
static char all_env[260];     /* "ALL=" all_bytes */

static char *const byte_argv[] = {
    "\xad\xff name", "bytes", "\xad", all_bytes,
    "\xc3\x28",             /* a lead byte without its continuation */
    "\xed\xa0\x80",         /* an encoded surrogate */
    "\xf4\x90\x80\x80",     /* beyond U+10FFFF */
    "\xc0\xaf",             /* an overlong '/' */
    "\x80", "", "w\xc3\xb6rld", "-x", "--", "---debug", NULL,
};
static char *const byte_envp[] = {"X=\255", all_env, "\xff\xfe=name", "E=", "PLAIN=v", NULL};

static int count(char *const *v)
{
    int n = 0;
    while (v[n]) n++;
    return n;
}

/* 1: argc; 2: an argv string; 4: the number of environment entries; 8: an entry. */
static int same_strings(char *const *got, char *const *want, int count_bit, int string_bit)
{
    int bad = 0, n = count(want);
    if (count(got) != n) return count_bit;
    for (int i = 0; i < n; i++)
        if (strcmp(got[i], want[i]) != 0) bad |= string_bit;
    return bad;
}

static int check_bytes(char **argv)
{
    return same_strings(argv, byte_argv, 1, 2) | same_strings(environ, byte_envp, 4, 8);
}

/* The interpreter of a script "#!SELF shebang\xad" run with argv {"script", "\xfe"} and the
   environment below (SELF and SCRIPT: the paths, as the parent knew them). */
static int check_shebang(char **argv)
{
    const char *self = getenv("SELF"), *script = getenv("SCRIPT");
    if (!self || !script) return 16;
    char *const want[] = {(char *)self, "shebang\xad", (char *)script, "\xfe", "\x80\x81", NULL};
    int bad = same_strings(argv, want, 1, 2);
    const char *s = getenv("S");
    if (!s || strcmp(s, "\xad\xff") != 0) bad |= 8;
    return bad;
}

/* Runs execve(path, argv, envp) in a child; its exit status, or 255 (not exited, or exec failed). */
static int run_exec(const char *path, char *const argv[], char *const envp[])
{
    pid_t pid = fork();
    if (pid == 0) {
        execve(path, argv, envp);
        _exit(255);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return 255;
    return WEXITSTATUS(st);
}

int main(int argc, char **argv)
{
    for (int i = 0; i < 255; i++) all_bytes[i] = (char)(i + 1);
    snprintf(all_env, sizeof all_env, "ALL=%s", all_bytes);
    if (argc > 1 && strcmp(argv[1], "bytes") == 0) return check_bytes(argv);
    if (argc > 1 && strncmp(argv[1], "shebang", 7) == 0) return check_shebang(argv);
    tt_scratch("exec_bytes");

    int bad = run_exec(argv[0], byte_argv, byte_envp);
    ok(bad != 255, "the new program ran and exited");
    ok(bad != 255 && !(bad & 1), "argc as given");
    ok(bad != 255 && !(bad & 2), "every argv string byte for byte (argv[0] included)");
    ok(bad != 255 && !(bad & 4), "as many environment entries as given");
    ok(bad != 255 && !(bad & 8), "every environment entry byte for byte");

    /* A #! script: the line's argument and the caller's strings reach the interpreter as bytes. */
    const char *script = tt_path("script");
    char line[600];
    int n = snprintf(line, sizeof line, "#!%s shebang\xad\n", argv[0]);
    if (n > 200) diag("the interpreter path is too long for a #! line: %s", argv[0]);
    tt_write_file(script, line, strlen(line));
    chmod(script, 0755);
    char self_env[600], script_env[600];
    snprintf(self_env, sizeof self_env, "SELF=%s", argv[0]);
    snprintf(script_env, sizeof script_env, "SCRIPT=%s", script);
    char *const sargv[] = {"script", "\xfe", "\x80\x81", NULL};
    char *const senv[] = {self_env, script_env, "S=\xad\xff", NULL};
    bad = run_exec(script, sargv, senv);
    ok(bad != 255 && !(bad & 16), "the script's interpreter ran with the environment given");
    ok(bad != 255 && !(bad & 3), "its argv: the interpreter, the line's argument, the script, then the caller's, byte for byte");
    ok(bad != 255 && !(bad & 8), "a variable that is not UTF-8 arrives byte for byte");

    tt_cleanup();
    return done_testing();
}
