/* sh_builtins.h - the shell's builtins (part of sh.c, included once): cd, exit, wait, jobs, fg,
 * bg, export, unset, exec, trap ('' or - only: ignore or default), kill (%N job specs, then the
 * kill program), set (-e, +e), read, break, continue, :, true, false. */

static const char *const builtin_names[] = {"cd", "exit", "wait", "jobs", "fg", "bg", "export", "unset",
                                            "exec", "trap", "kill", "set", "read", "break", "continue", ":", "true", "false", NULL};

/* read [-r] NAME...: one line of standard input, a byte at a time (the rest stays for others),
   split at blanks; the last NAME takes what is left. Without -r a backslash quotes the next
   character and a backslash-newline continues the line. Status 1 at the end of the input. */
static int b_read(char **argv)
{
    int i = 1;
    bool raw = false;
    if (argv[i] && strcmp(argv[i], "-r") == 0) { raw = true; i++; }
    struct buf line = {0};
    bput(&line, "", 0);
    bool got = false, eof = false;
    for (;;) {
        char c;
        ssize_t n = read(0, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { eof = true; break; }
        got = true;
        if (c == '\n') break;
        if (!raw && c == '\\') {
            if (read(0, &c, 1) != 1) { eof = true; break; }
            if (c == '\n') continue;
            bputc(&line, '\\');              /* kept as a marker: the next byte is literal */
        }
        bputc(&line, c);
    }
    int nvars = 0;
    while (argv[i + nvars]) nvars++;
    const char *p = line.s;
    for (int v = 0; v < nvars; v++) {
        while (*p == ' ' || *p == '\t') p++;
        struct buf val = {0};
        bput(&val, "", 0);
        bool last = v == nvars - 1;
        while (*p && (last || (*p != ' ' && *p != '\t'))) {
            if (!raw && *p == '\\' && p[1]) p++;
            bputc(&val, *p++);
        }
        if (last) while (val.n && (val.s[val.n - 1] == ' ' || val.s[val.n - 1] == '\t')) val.s[--val.n] = 0;
        setvar(argv[i + v], val.s, false);
        free(val.s);
    }
    free(line.s);
    return eof && !got ? 1 : eof ? 1 : 0;
}

/* trap ACTION SIGNAL...: only '' (ignore) and - (default); a command as the action is refused. */
static int b_trap(char **argv)
{
    static const struct { const char *name; int sig; } names[] = {
        {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"TERM", SIGTERM}, {"USR1", SIGUSR1},
        {"USR2", SIGUSR2}, {"ALRM", SIGALRM}, {"PIPE", SIGPIPE}, {"TSTP", SIGTSTP}, {"CHLD", SIGCHLD}};
    if (!argv[1] || !argv[2]) { fprintf(stderr, "sh: trap: usage: trap '' | - SIGNAL...\n"); return 2; }
    bool ignore = argv[1][0] == 0;
    if (!ignore && strcmp(argv[1], "-") != 0) { fprintf(stderr, "sh: trap: only '' and - are supported\n"); return 2; }
    int status = 0;
    for (int i = 2; argv[i]; i++) {
        const char *n = strncmp(argv[i], "SIG", 3) == 0 ? argv[i] + 3 : argv[i];
        int sig = -1;
        for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strcmp(n, names[k].name) == 0) sig = names[k].sig;
        if (sig < 0) { fprintf(stderr, "sh: trap: %s: bad trap\n", argv[i]); status = 1; continue; }
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = ignore ? SIG_IGN : SIG_DFL;
        sigaction(sig, &sa, NULL);
    }
    return status;
}

static bool is_builtin(const char *name)
{
    for (int i = 0; builtin_names[i]; i++)
        if (strcmp(name, builtin_names[i]) == 0) return true;
    return false;
}

/* %N, %% or %+ (the newest job), or a pid of a job; NULL with a message. */
static struct job *find_job(const char *spec, const char *who)
{
    if (!spec || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0) {
        for (int i = 63; i > 0; i--)
            if (jobs[i] && jobs[i]->background) return jobs[i];
        fprintf(stderr, "sh: %s: no current job\n", who);
        return NULL;
    }
    if (spec[0] == '%') {
        int n = atoi(spec + 1);
        if (n > 0 && n < 64 && jobs[n]) return jobs[n];
    } else {
        pid_t pid = atoi(spec);
        for (int i = 1; i < 64; i++)
            if (jobs[i])
                for (int k = 0; k < jobs[i]->n; k++)
                    if (jobs[i]->pids[k] == pid) return jobs[i];
    }
    fprintf(stderr, "sh: %s: %s: no such job\n", who, spec);
    return NULL;
}

static void continue_job(struct job *j)
{
    for (int k = 0; k < j->n; k++) j->stopped[k] = false;
    if (interactive) kill(-j->pgid, SIGCONT);
    else for (int k = 0; k < j->n; k++) if (!j->ended[k]) kill(j->pids[k], SIGCONT);
}

static int b_wait(char **argv)
{
    int status = 0;
    if (!argv[1]) {
        /* Every background job. */
        for (int i = 1; i < 64; i++) {
            struct job *j = jobs[i];
            if (!j || !j->background) continue;
            wait_running(j, 0);
            if (job_state(j) == J_DONE) free_job(j);
        }
        return 0;
    }
    for (int a = 1; argv[a]; a++) {
        struct job *j = find_job(argv[a], "wait");
        if (!j) { status = 127; continue; }
        wait_running(j, 0);
        status = job_status(j);
        if (job_state(j) == J_DONE) free_job(j);
    }
    return status;
}

static int builtin(char **argv, bool in_child)
{
    const char *name = argv[0];
    if (strcmp(name, ":") == 0 || strcmp(name, "true") == 0) return 0;
    if (strcmp(name, "false") == 0) return 1;
    if (strcmp(name, "exit") == 0) {
        int st = argv[1] ? atoi(argv[1]) & 0xff : last_status;
        fflush(NULL);
        exit(st);
    }
    if (strcmp(name, "cd") == 0) {
        const char *dir = argv[1];
        bool print = false;
        if (!dir) dir = getvar("HOME");
        else if (strcmp(dir, "-") == 0) { dir = getvar("OLDPWD"); print = true; }
        if (!dir) { fprintf(stderr, "sh: cd: %s not set\n", argv[1] ? "OLDPWD" : "HOME"); return 1; }
        char old[4096];
        if (!getcwd(old, sizeof old)) old[0] = 0;
        if (chdir(dir) != 0) { fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno)); return 1; }
        char now[4096];
        if (getcwd(now, sizeof now)) {
            setvar("PWD", now, false);
            if (print) printf("%s\n", now);
        }
        if (old[0]) setvar("OLDPWD", old, false);
        return 0;
    }
    if (strcmp(name, "export") == 0) {
        for (int i = 1; argv[i]; i++) {
            char *eq = strchr(argv[i], '=');
            if (eq) {
                *eq = 0;
                setvar(argv[i], eq + 1, true);
                *eq = '=';
            } else {
                const char *v = getvar(argv[i]);
                if (v) { char *copy = strdup(v); setvar(argv[i], copy, true); free(copy); }
            }
        }
        if (!argv[1]) for (char **e = environ; *e; e++) printf("export %s\n", *e);
        return 0;
    }
    if (strcmp(name, "unset") == 0) {
        for (int i = 1; argv[i]; i++) { unset_local(argv[i]); unsetenv(argv[i]); }
        return 0;
    }
    if (strcmp(name, "exec") == 0) {
        if (!argv[1]) return 0;        /* the redirections stay: the caller does not undo them */
        execvp(argv[1], argv + 1);
        fprintf(stderr, "sh: exec: %s: %s\n", argv[1], errno == ENOENT ? "not found" : strerror(errno));
        exit(errno == ENOENT ? 127 : 126);
    }
    if (strcmp(name, "kill") == 0) {
        /* %N becomes the job's process group (its pid without job control); the kill program does
           the rest, a stopped job is continued so that it sees the signal. */
        int n = 0;
        while (argv[n]) n++;
        char **args = calloc((size_t)n + 1, sizeof *args);
        char (*nums)[16] = calloc((size_t)n + 1, sizeof *nums);
        struct job *stopped[64];
        int nstopped = 0;
        for (int i = 0; i < n; i++) {
            args[i] = argv[i];
            if (i > 0 && argv[i][0] == '%') {
                struct job *j = find_job(argv[i], "kill");
                if (!j) { free(args); free(nums); return 1; }
                snprintf(nums[i], sizeof nums[i], "%d", interactive ? -(int)j->pgid : (int)j->pids[j->n - 1]);
                args[i] = nums[i];
                if (job_state(j) == J_STOPPED && nstopped < 64) stopped[nstopped++] = j;
            }
        }
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            child_signals();
            execvp("kill", args);
            fprintf(stderr, "sh: kill: %s\n", strerror(errno));
            _exit(127);
        }
        int st = 0;
        while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
        for (int i = 0; i < nstopped; i++) continue_job(stopped[i]);
        free(args);
        free(nums);
        return pid < 0 ? 1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
    if (strcmp(name, "set") == 0) {
        for (int i = 1; argv[i]; i++) {
            if (strcmp(argv[i], "-e") == 0) errexit = true;
            else if (strcmp(argv[i], "+e") == 0) errexit = false;
            else { fprintf(stderr, "sh: set: %s: unsupported option\n", argv[i]); return 2; }
        }
        return 0;
    }
    if (strcmp(name, "wait") == 0) return b_wait(argv);
    if (strcmp(name, "read") == 0) return b_read(argv);
    if (strcmp(name, "break") == 0) { loop_break = 1; return 0; }
    if (strcmp(name, "continue") == 0) { loop_continue = 1; return 0; }
    if (strcmp(name, "trap") == 0) return b_trap(argv);
    if (strcmp(name, "jobs") == 0) {
        reap();
        for (int i = 1; i < 64; i++) {
            struct job *j = jobs[i];
            if (!j || !j->background) continue;
            int s = job_state(j);
            print_job(stdout, j, s == J_RUNNING ? "Running" : s == J_STOPPED ? "Stopped" : "Done");
            if (s == J_DONE && !in_child) free_job(j);
        }
        return 0;
    }
    if (strcmp(name, "fg") == 0 || strcmp(name, "bg") == 0) {
        if (!interactive) { fprintf(stderr, "sh: %s: no job control\n", name); return 1; }
        struct job *j = find_job(argv[1], name);
        if (!j) return 1;
        printf("%s\n", j->text);
        fflush(stdout);
        if (name[0] == 'b') {
            j->background = true;
            continue_job(j);
            return 0;
        }
        j->background = false;
        tcsetpgrp(0, j->pgid);
        continue_job(j);
        return wait_job(j);
    }
    return 0;
}
