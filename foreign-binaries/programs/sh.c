/* sh - a small POSIX-style shell.
 *
 *   sh [-e] [-i] [-c COMMAND [NAME [ARG...]]] | [SCRIPT [ARG...]]
 *
 * Pipelines, redirections (< > >> <> N>&M N<&M N>&-), lists (; & && || !), background jobs and
 * `wait`, quoting (' " \), $VAR ${VAR} $? $$ $! $# $0-$9 $@ $*, $(CMD) and `CMD`, ~, pathname
 * patterns, NAME=VALUE (alone: a shell variable; before a command: its environment), comments,
 * ( LIST ) subshells, ${NAME-W} ${NAME:-W} ${NAME+W} ${NAME:+W} ${#NAME}. -e (or `set -e`): exit
 * at the first command that fails untested. Compound commands: if/elif/else, while, until, for.
 * Builtins: cd, exit, wait, jobs, fg, bg, export, unset, exec, set (-e, +e), trap ('' and -
 * only), kill (job specs %N, then the kill program), read [-r], break, continue, :, true, false.
 * Reads commands from -c, a script file, or standard input (a line at a time, so the commands it
 * runs can read the rest). There are no functions, `case`, arithmetic or here-documents.
 *
 * Job control when interactive (standard input and error are a terminal, or -i): each pipeline
 * is a process group; the foreground one owns the terminal, so Ctrl-C (SIGINT) and Ctrl-Z
 * (SIGTSTP) reach it and not the shell; `jobs`, `fg [%N]`, `bg [%N]`.
 *
 * $? after a command killed by signal N is 128 + N, N in the system's own numbering (on ToyOS,
 * ToyOS signal numbers). Exit status: that of the last command; 2 for a syntax error in -c or a
 * script; 127 when the script cannot be opened. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh_expand.h"
#include "sh_parse.h"

static bool interactive;      /* job control and prompts */
static bool errexit;          /* -e, set -e: exit when a command fails */
static pid_t shell_pgid;
static volatile sig_atomic_t got_sigint;

#include "sh_jobs.h"

/* ---- running commands ---------------------------------------------------------------------- */
static int builtin(char **argv, bool in_child);
static int run_compound(struct command *c);
static bool is_builtin(const char *name);

static void child_signals(void)
{
    int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD};
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (unsigned i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], &dfl, NULL);
}

/* Applies redirections; a message and -1 on failure. With `saved`, remembers what it replaced
   (for builtins run in the shell itself). */
static int redirect(struct command *c, int *saved, int nsaved)
{
    for (int i = 0; i < c->nredirs; i++) {
        struct redir *r = &c->redirs[i];
        char *target = expand_one(r->word);
        if (saved && i < nsaved) saved[i] = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
        int fd = -1;
        if (r->kind == R_DUPOUT || r->kind == R_DUPIN) {
            if (strcmp(target, "-") == 0) { close(r->fd); free(target); continue; }
            char *end;
            long n = strtol(target, &end, 10);
            if (!*target || *end || n < 0) { fprintf(stderr, "sh: %s: bad file descriptor\n", target); free(target); return -1; }
            if (dup2((int)n, r->fd) < 0) { fprintf(stderr, "sh: %ld: %s\n", n, strerror(errno)); free(target); return -1; }
            free(target);
            continue;
        }
        int flags = r->kind == R_IN ? O_RDONLY : r->kind == R_OUT ? O_WRONLY | O_CREAT | O_TRUNC
                  : r->kind == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND : O_RDWR | O_CREAT;
        fd = open(target, flags, 0666);
        if (fd < 0) { fprintf(stderr, "sh: %s: %s\n", target, strerror(errno)); free(target); return -1; }
        if (fd != r->fd) { dup2(fd, r->fd); close(fd); }
        free(target);
    }
    return 0;
}

static void undo_redirect(struct command *c, int *saved, int nsaved)
{
    for (int i = (c->nredirs < nsaved ? c->nredirs : nsaved) - 1; i >= 0; i--) {
        if (saved[i] >= 0) { dup2(saved[i], c->redirs[i].fd); close(saved[i]); }
        else if (saved[i] == -1) close(c->redirs[i].fd);     /* it was not open before */
    }
}

/* The words of a command expanded; the leading assignments counted in *nassign. */
static char **expand_command(struct command *c, int *nassign, int *argc)
{
    char **v = NULL;
    int n = 0, k = 0;
    while (k < c->nwords && assignment_name(c->words[k])) k++;
    for (int i = 0; i < k; i++) {
        size_t len = assignment_name(c->words[i]);
        char *val = expand_one(c->words[i] + len + 1);
        v = realloc(v, (size_t)(n + 2) * sizeof *v);
        size_t total = len + 1 + strlen(val) + 1;
        v[n] = malloc(total);
        snprintf(v[n], total, "%.*s=%s", (int)len, c->words[i], val);
        n++;
        free(val);
    }
    *nassign = n;
    for (int i = k; i < c->nwords; i++) expand_word(c->words[i], &v, &n);
    if (!v) v = malloc(sizeof *v);
    v[n] = NULL;
    *argc = n - *nassign;
    return v;
}

/* In a child: runs the command (does not return). */
static _Noreturn void exec_command(char **v, int nassign)
{
    for (int i = 0; i < nassign; i++) {
        char *eq = strchr(v[i], '=');
        *eq = 0;
        setenv(v[i], eq + 1, 1);
    }
    char **argv = v + nassign;
    if (!argv[0]) _exit(0);
    if (is_builtin(argv[0])) { fflush(NULL); _exit(builtin(argv, true)); }
    execvp(argv[0], argv);
    int e = errno;
    if (e == ENOENT) fprintf(stderr, "sh: %s: not found\n", argv[0]);
    else fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

static int run_pipeline(struct pipeline *pl, const char *text, bool background)
{
    /* A lone builtin or assignment runs in the shell itself. */
    if (pl->ncmds == 1 && !background && pl->cmds[0].kind != C_SIMPLE) {
        struct command *c = &pl->cmds[0];
        int saved[16];
        for (int k = 0; k < 16; k++) saved[k] = -2;
        int status = redirect(c, saved, 16) < 0 ? 1 : run_compound(c);
        fflush(NULL);
        undo_redirect(c, saved, 16);
        return pl->bang ? !status : status;
    }
    /* A lone simple command is expanded once, here: its $(...) run once, also when it is no builtin. */
    char **expanded = NULL;
    int expanded_nassign = 0;
    if (pl->ncmds == 1 && !background && !pl->cmds[0].subshell) {
        struct command *c = &pl->cmds[0];
        int nassign, argc;
        char **v = expand_command(c, &nassign, &argc);
        if (argc == 0 || is_builtin(v[nassign])) {
            int saved[16];
            for (int k = 0; k < 16; k++) saved[k] = -2;     /* -2: not redirected */
            int status;
            if (redirect(c, saved, 16) < 0) status = 1;
            else if (argc == 0) {
                for (int i = 0; i < nassign; i++) {
                    char *eq = strchr(v[i], '=');
                    *eq = 0;
                    setvar(v[i], eq + 1, false);
                }
                status = last_status;     /* an assignment keeps the status of a $(...) in it */
            } else {
                status = builtin(v + nassign, false);
            }
            fflush(NULL);
            if (argc == 1 && strcmp(v[nassign], "exec") == 0) {
                for (int i = 0; i < c->nredirs && i < 16; i++) if (saved[i] >= 0) close(saved[i]);
            } else {
                undo_redirect(c, saved, 16);
            }
            for (int i = 0; v[i]; i++) free(v[i]);
            free(v);
            return pl->bang ? !status : status;
        }
        expanded = v;
        expanded_nassign = nassign;
    }
    struct job *j = new_job(pl->ncmds, text, background);
    int in = -1;
    fflush(NULL);
    for (int i = 0; i < pl->ncmds; i++) {
        int p[2] = {-1, -1};
        if (i + 1 < pl->ncmds && pipe(p) != 0) { perror("sh: pipe"); break; }
        for (int e = 0; e < 2; e++)
            if (p[e] >= 0 && p[e] < 3) {      /* standard descriptors were closed: keep clear of them */
                int moved = fcntl(p[e], F_DUPFD, 10);
                close(p[e]);
                p[e] = moved;
            }
        int nassign, argc;
        char **v;
        if (expanded) { v = expanded; nassign = expanded_nassign; expanded = NULL; }
        else v = expand_command(&pl->cmds[i], &nassign, &argc);
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "sh: fork: %s\n", strerror(errno));
            if (p[0] >= 0) { close(p[0]); close(p[1]); }
            for (int k = 0; v[k]; k++) free(v[k]);
            free(v);
            break;
        }
        if (pid == 0) {
            if (interactive) {
                setpgid(0, j->pgid ? j->pgid : getpid());
                if (!background) tcsetpgrp(0, j->pgid ? j->pgid : getpid());
                child_signals();
            } else {
                child_signals();
                if (background) {
                    struct sigaction ign;
                    memset(&ign, 0, sizeof ign);
                    ign.sa_handler = SIG_IGN;
                    sigaction(SIGINT, &ign, NULL);
                    sigaction(SIGQUIT, &ign, NULL);
                }
            }
            if (background && !interactive && i == 0) {
                int null = open("/dev/null", O_RDONLY);
                if (null >= 0 && null != 0) { dup2(null, 0); close(null); }
            }
            if (in >= 0) { dup2(in, 0); close(in); }
            if (p[1] >= 0) { dup2(p[1], 1); close(p[1]); close(p[0]); }
            if (redirect(&pl->cmds[i], NULL, 0) < 0) _exit(1);
            if (pl->cmds[i].kind != C_SIMPLE) {
                interactive = false;
                for (int k = 1; k < 64; k++) jobs[k] = NULL;
                int st = run_compound(&pl->cmds[i]);
                fflush(NULL);
                _exit(st);
            }
            if (pl->cmds[i].subshell) {
                interactive = false;
                for (int k = 1; k < 64; k++) jobs[k] = NULL;      /* the parent's, not ours */
                int st = run_string(pl->cmds[i].subshell);
                fflush(NULL);
                _exit(st);
            }
            exec_command(v, nassign);
        }
        if (!j->pgid) j->pgid = pid;
        if (interactive) setpgid(pid, j->pgid);
        j->pids[j->n++] = pid;
        for (int k = 0; v[k]; k++) free(v[k]);
        free(v);
        if (in >= 0) close(in);
        if (p[1] >= 0) close(p[1]);
        in = p[0];
    }
    if (in >= 0) close(in);
    if (j->n == 0) { free_job(j); return 1; }
    if (background) {
        last_bg = j->pids[j->n - 1];
        if (interactive) fprintf(stderr, "[%d] %d\n", j->id, (int)last_bg);
        return 0;
    }
    int status = wait_job(j);
    return pl->bang ? !status : status;
}

static int errexit_off;       /* > 0 while a condition runs: -e does not apply there */
static int loop_break, loop_continue;   /* break and continue, on their way out of a loop */

static int run_and_or(struct and_or *a);

static int run_list(struct list *l)
{
    int status = 0;
    for (int i = 0; i < l->n && !loop_break && !loop_continue; i++) {
        status = run_and_or(&l->items[i]);
        last_status = status;
    }
    return status;
}

static int run_condition(struct list *l)
{
    errexit_off++;
    int st = run_list(l);
    errexit_off--;
    return st;
}

/* if, while, until, for: in the shell itself (a pipeline or & runs it in a child). */
static int run_compound(struct command *c)
{
    struct compound *k = c->comp;
    int status = 0;
    if (c->kind == C_IF) {
        for (int i = 0; i < k->n; i++)
            if (run_condition(&k->conds[i]) == 0) return run_list(&k->bodies[i]);
        return k->elsepart ? run_list(k->elsepart) : 0;
    }
    if (c->kind == C_FOR) {
        char **v = NULL;
        int n = 0;
        if (k->has_in) for (int i = 0; i < k->nforwords; i++) expand_word(k->forwords[i], &v, &n);
        else { v = calloc((size_t)npos + 1, sizeof *v); for (int i = 0; i < npos; i++) v[n++] = strdup(pos_args[i]); }
        for (int i = 0; i < n && !loop_break; i++) {
            setvar(k->var, v[i], false);
            status = run_list(&k->bodies[0]);
            loop_continue = 0;
        }
        for (int i = 0; i < n; i++) free(v[i]);
        free(v);
        loop_break = 0;
        return status;
    }
    for (;;) {
        int c0 = run_condition(&k->conds[0]);
        if (loop_break || (c0 == 0) != (c->kind == C_WHILE)) break;
        status = run_list(&k->bodies[0]);
        loop_continue = 0;
        if (loop_break) break;
    }
    loop_break = 0;
    return status;
}

static int run_and_or(struct and_or *a)
{
    if (a->background && a->npipes > 1) {
        /* A whole && || list in the background: a child shell runs it. */
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            interactive = false;
            a->background = false;
            _exit(run_and_or(a));
        }
        if (pid > 0) {
            struct job *j = new_job(1, a->text, true);
            j->pids[0] = j->pgid = pid;
            j->n = 1;
            last_bg = pid;
            if (interactive) fprintf(stderr, "[%d] %d\n", j->id, (int)pid);
        }
        return 0;
    }
    int status = 0;
    for (int i = 0; i < a->npipes; i++) {
        if (i > 0 && ((a->ops[i - 1] == '&' && status != 0) || (a->ops[i - 1] == '|' && status == 0))) continue;
        status = run_pipeline(&a->pipes[i], a->text, a->background);
        last_status = status;
        /* -e: a failure ends the shell, unless it is tested (before && or ||, or after !). */
        if (errexit && !errexit_off && status != 0 && i == a->npipes - 1 && !a->pipes[i].bang) {
            fflush(NULL);
            exit(status);
        }
    }
    return status;
}

#include "sh_builtins.h"

/* Runs every command of a complete text, a line at a time: every command of a line (up to a newline
   outside quotes and compound commands) is parsed before any of it runs, as dash and bash do, so
   `echo x; echo "unterminated` runs nothing. The last status; a syntax error: a message, status 2. */
static int run_text(const char *text, bool *syntax_error)
{
    struct parser ps = {text, text, NULL, false};
    struct and_or *line = NULL;
    int cap = 0;
    for (;;) {
        while (skip_blanks(&ps), *ps.p == '\n') ps.p++;
        if (!*ps.p) break;
        int n = 0;
        for (;;) {
            skip_blanks(&ps);
            if (*ps.p == ';') { ps.err = "syntax error near unexpected ';'"; break; }
            if (n == cap) { cap = cap ? 2 * cap : 4; line = realloc(line, (size_t)cap * sizeof *line); }
            if (!parse_and_or(&ps, &line[n])) break;
            n++;
            skip_blanks(&ps);
            if (*ps.p == '\n' || !*ps.p) break;
        }
        if (!ps.err)
            for (int i = 0; i < n; i++) {
                last_status = run_and_or(&line[i]);
                if (!interactive) reap();
            }
        for (int i = 0; i < n; i++) free_and_or(&line[i]);
        if (ps.err) break;
    }
    free(line);
    if (ps.err) {
        fprintf(stderr, "sh: %s\n", ps.err);
        last_status = 2;
        if (syntax_error) *syntax_error = true;
    }
    return last_status;
}

static int run_string(const char *text) { return run_text(text, NULL); }

/* Is text complete (no open quote, no trailing | && || \)? */
static bool complete(const char *text)
{
    struct parser ps = {text, text, NULL, false};
    for (;;) {
        while (skip_blanks(&ps), *ps.p == '\n' || *ps.p == ';') ps.p++;
        if (!*ps.p) return true;
        struct and_or a;
        bool okay = parse_and_or(&ps, &a);
        if (okay) free_and_or(&a);
        if (!okay) return !ps.incomplete;
    }
}

static void on_sigint(int sig) { (void)sig; got_sigint = 1; }

/* Appends one line from fd 0, a byte at a time (what follows stays for the commands): 1 for a
   line (the last one may lack its newline), 0 at the end of the input, -1 after Ctrl-C. */
static int read_line(struct buf *b)
{
    size_t start = b->n;
    for (;;) {
        char c;
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR) {
            if (got_sigint) return -1;
            continue;
        }
        if (n <= 0) return b->n > start;
        bputc(b, c);
        if (c == '\n') return 1;
    }
}

static int interact(void)
{
    struct buf b = {0};
    for (;;) {
        if (interactive) notify_jobs();
        b.n = 0;
        bput(&b, "", 0);
        got_sigint = 0;
        for (;;) {
            if (interactive) {
                const char *ps = b.n ? getvar("PS2") : getvar("PS1");
                fputs(ps ? ps : b.n ? "> " : "$ ", stderr);
            }
            int r = read_line(&b);
            if (r < 0) { fputc('\n', stderr); b.n = 0; b.s[0] = 0; break; }
            if (r == 0) {
                if (b.n == 0) {
                    if (interactive) fputc('\n', stderr);
                    return last_status;
                }
                break;                      /* the end, in the middle of a command: run_text says so */
            }
            if (complete(b.s) || b.s[b.n - 1] != '\n') break;
        }
        if (b.n) run_text(b.s, NULL);
    }
}

int main(int argc, char **argv)
{
    shell_pid = getpid();
    const char *command = NULL;
    bool force_interactive = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) { i++; break; }
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'c') command = "";
            else if (*o == 'e') errexit = true;
            else if (*o == 'i') force_interactive = true;
            else if (*o == 's') {}
            else { fprintf(stderr, "sh: -%c: invalid option\nUsage: sh [-e] [-i] [-c COMMAND [NAME [ARG...]]] [SCRIPT [ARG...]]\n", *o); return 2; }
        }
    }
    if (command) {
        if (i >= argc) { fprintf(stderr, "sh: -c requires an argument\n"); return 2; }
        command = argv[i++];
        if (i < argc) arg0 = argv[i++];
        pos_args = argv + i;
        npos = argc - i;
        bool bad = false;
        int st = run_text(command, &bad);
        fflush(NULL);
        return st;
    }
    if (i < argc) {
        /* A script file. */
        arg0 = argv[i];
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) { fprintf(stderr, "sh: cannot open %s: %s\n", argv[i], strerror(errno)); return 127; }
        struct buf b = {0};
        bput(&b, "", 0);
        char chunk[4096];
        ssize_t n;
        while ((n = read(fd, chunk, sizeof chunk)) > 0) bput(&b, chunk, (size_t)n);
        close(fd);
        /* A NUL in the first line is a binary file (a Linux program, say, that exec refused and
           execvp handed to us as a script), not a script: said so, as bash says it, status 126. */
        size_t first = 0;
        while (first < b.n && first < 512 && b.s[first] != '\n') first++;
        if (memchr(b.s, 0, first)) {
            fprintf(stderr, "sh: %s: cannot execute binary file\n", argv[i]);
            return 126;
        }
        pos_args = argv + i + 1;
        npos = argc - i - 1;
        const char *text = b.s;
        if (text[0] == '#' && text[1] == '!') { text = strchr(text, '\n'); if (!text) text = ""; }
        int st = run_text(text, NULL);
        fflush(NULL);
        return st;
    }
    interactive = force_interactive || (isatty(0) && isatty(2));
    if (interactive && !isatty(0)) interactive = false;
    if (interactive) {
        /* Started in the background of another shell: wait until it puts us in the foreground. */
        while (tcgetpgrp(0) != getpgrp()) kill(-getpgrp(), SIGTTIN);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_IGN;
        sigaction(SIGQUIT, &sa, NULL);
        sigaction(SIGTSTP, &sa, NULL);
        sigaction(SIGTTIN, &sa, NULL);
        sigaction(SIGTTOU, &sa, NULL);
        sa.sa_handler = on_sigint;         /* no SA_RESTART: Ctrl-C ends the line being read */
        sigaction(SIGINT, &sa, NULL);
        setpgid(0, 0);
        shell_pgid = getpgrp();
        tcsetpgrp(0, shell_pgid);
    }
    int st = interact();
    fflush(NULL);
    return st;
}
