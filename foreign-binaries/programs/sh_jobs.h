/* sh_jobs.h - the shell's jobs (part of sh.c, included once): a pipeline's processes, their
 * states as waitpid reports them, the notices of background jobs, waiting for a foreground job. */

enum { J_RUNNING, J_STOPPED, J_DONE };
struct job {
    int id;
    pid_t pgid;
    pid_t *pids;
    int *status;      /* wait status of each process */
    bool *ended;      /* each process: ended (exited or killed) */
    bool *stopped;
    int n;
    char *text;
    bool background, notified;
};
static struct job *jobs[64];
static int job_state(struct job *j);
static void free_job(struct job *j);

static struct job *new_job(int n, const char *text, bool background)
{
    struct job *j = calloc(1, sizeof *j);
    j->pids = calloc((size_t)n, sizeof *j->pids);
    j->status = calloc((size_t)n, sizeof *j->status);
    j->ended = calloc((size_t)n, sizeof *j->ended);
    j->stopped = calloc((size_t)n, sizeof *j->stopped);
    j->text = strdup(text);
    j->background = background;
    for (int pass = 0; pass < 2 && !j->id; pass++) {
        for (int i = 1; i < 64; i++)
            if (!jobs[i]) { j->id = i; jobs[i] = j; break; }
        /* Full: forget background jobs that have ended (their status is lost to `wait`). */
        for (int i = 1; !j->id && i < 64; i++)
            if (jobs[i]->background && job_state(jobs[i]) == J_DONE) free_job(jobs[i]);
    }
    return j;
}

static void free_job(struct job *j)
{
    if (j->id) jobs[j->id] = NULL;
    free(j->pids); free(j->status); free(j->ended); free(j->stopped); free(j->text); free(j);
}

static int job_state(struct job *j)
{
    bool any_stopped = false;
    for (int i = 0; i < j->n; i++) {
        if (!j->ended[i] && !j->stopped[i]) return J_RUNNING;
        if (j->stopped[i]) any_stopped = true;
    }
    return any_stopped ? J_STOPPED : J_DONE;
}

/* The status a job reports: its last process's, as a shell number. */
static int job_status(struct job *j)
{
    int st = j->status[j->n - 1];
    if (WIFSTOPPED(st)) return 128 + WSTOPSIG(st);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Records a wait status reported for pid; false when no job owns pid. */
static bool record(pid_t pid, int st)
{
    for (int i = 1; i < 64; i++) {
        struct job *j = jobs[i];
        if (!j) continue;
        for (int k = 0; k < j->n; k++)
            if (j->pids[k] == pid) {
                if (WIFSTOPPED(st)) { j->stopped[k] = true; j->status[k] = st; }
                else if (WIFCONTINUED(st)) j->stopped[k] = false;
                else { j->ended[k] = true; j->stopped[k] = false; j->status[k] = st; }
                j->notified = false;
                return true;
            }
    }
    return false;
}

/* Reaps what has changed state, without waiting. */
static void reap(void)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG | (interactive ? WUNTRACED | WCONTINUED : 0))) > 0) record(pid, st);
}

static void print_job(FILE *out, struct job *j, const char *state)
{
    fprintf(out, "[%d]  %-24s %s\n", j->id, state, j->text);
}

/* Before a prompt: report background jobs that ended or stopped, and forget the ended ones. */
static void notify_jobs(void)
{
    reap();
    for (int i = 1; i < 64; i++) {
        struct job *j = jobs[i];
        if (!j || !j->background) continue;
        int s = job_state(j);
        if (s == J_DONE) {
            if (interactive) print_job(stderr, j, "Done");
            free_job(j);
        } else if (s == J_STOPPED && !j->notified && interactive) {
            print_job(stderr, j, "Stopped");
            j->notified = true;
        }
    }
}

/* Reaps the shell's children (record() files each status under its job) while job j runs:
   until it has ended, or with WUNTRACED in `options` stopped, or nothing is left to wait for. */
static void wait_running(struct job *j, int options)
{
    while (job_state(j) == J_RUNNING) {
        int st;
        pid_t pid = waitpid(-1, &st, options);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;                          /* ECHILD: nothing left to wait for */
        }
        record(pid, st);
    }
}

/* Waits for a foreground job to end or stop; returns its status. A stopped job becomes a
   background job the user can resume with fg or bg. */
static int wait_job(struct job *j)
{
    wait_running(j, interactive ? WUNTRACED : 0);
    if (interactive) {
        tcsetpgrp(0, shell_pgid);
    }
    int status = job_status(j);
    if (job_state(j) == J_STOPPED) {
        j->background = true;
        j->notified = true;
        fputc('\n', stderr);
        print_job(stderr, j, "Stopped");
    } else {
        int st = j->status[j->n - 1];
        if (interactive && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT) fputc('\n', stderr);
        free_job(j);
    }
    return status;
}

