/* ls - list directory contents.
 * Options: -l (long format, owners shown numerically: identical to GNU
 * "ls -ln"), -n (same as -l), -a, -A, -1, -d, -r, -i, -R is not supported.
 * Output is always one name per line (GNU's format when stdout is not a
 * terminal); names are sorted bytewise (C locale) and printed unquoted.
 * Long format matches GNU "ls -ln" in the C locale: mode, links, uid, gid,
 * size, mtime as "%b %e %H:%M" (within the last six months) or
 * "%b %e  %Y", name, and " -> target" for symlinks; "total N" counts 1 KiB
 * blocks.  Device files show their size, not major/minor numbers. */
#include "common.h"
#include "modestr.h"
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

struct ent { char *name; char *path; struct stat st; bool ok; };
static bool opt_l, opt_a, opt_A, opt_d, opt_r, opt_i;
static int status;
static struct timespec now;

static int ecmp(const void *a, const void *b)
{
    int r = strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
    return opt_r ? -r : r;
}

static int digits(unsigned long long v)
{
    int n = 1;
    while (v >= 10) { v /= 10; n++; }
    return n;
}

/* Column widths come from E plus EXTRA (GNU sizes operand files' columns
 * using every operand, directories included). */
static void print_list(struct ent *e, size_t n, bool with_total, struct ent *extra, size_t nextra)
{
    int wl = 1, wu = 1, wg = 1, ws = 1, wi = 1;
    unsigned long long blocks = 0;
    for (size_t k = 0; k < n + nextra; k++) {
        const struct ent *x = k < n ? &e[k] : &extra[k - n];
        if (!x->ok) continue;
        int d;
        if ((d = digits((unsigned long long)x->st.st_nlink)) > wl) wl = d;
        if ((d = digits((unsigned long long)x->st.st_uid)) > wu) wu = d;
        if ((d = digits((unsigned long long)x->st.st_gid)) > wg) wg = d;
        if ((d = digits((unsigned long long)x->st.st_size)) > ws) ws = d;
        if ((d = digits((unsigned long long)x->st.st_ino)) > wi) wi = d;
        if (k < n)
            blocks += (unsigned long long)x->st.st_blocks;
    }
    if (opt_l && with_total)
        printf("total %llu\n", (blocks + 1) / 2);
    for (size_t k = 0; k < n; k++) {
        const struct stat *st = &e[k].st;
        if (opt_i) {
            if (e[k].ok) printf("%*llu ", wi, (unsigned long long)st->st_ino);
            else printf("%*s ", wi, "?");
        }
        if (!opt_l) {
            printf("%s\n", e[k].name);
            continue;
        }
        if (!e[k].ok) {
            printf("l????????? ? ? ? ?            ? %s\n", e[k].name);
            continue;
        }
        char mode[11];
        mode_string(st->st_mode, mode);
        char when[32];
        time_t t = st->st_mtim.tv_sec;
        struct tm tm;
        gmtime_r(&t, &tm);
        static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        long long six_months_ago = (long long)now.tv_sec - 31556952 / 2;
        bool recent = ((long long)st->st_mtim.tv_sec > six_months_ago ||
                       ((long long)st->st_mtim.tv_sec == six_months_ago && st->st_mtim.tv_nsec > now.tv_nsec)) &&
                      ((long long)st->st_mtim.tv_sec < (long long)now.tv_sec ||
                       (st->st_mtim.tv_sec == now.tv_sec && st->st_mtim.tv_nsec <= now.tv_nsec));
        if (recent)
            snprintf(when, sizeof when, "%s %2d %02d:%02d", mon[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min);
        else
            snprintf(when, sizeof when, "%s %2d  %d", mon[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
        printf("%s %*llu %-*llu %-*llu %*llu %s %s", mode, wl, (unsigned long long)st->st_nlink,
               wu, (unsigned long long)st->st_uid, wg, (unsigned long long)st->st_gid,
               ws, (unsigned long long)st->st_size, when, e[k].name);
        if (S_ISLNK(st->st_mode)) {
            char target[PATH_MAX];
            ssize_t r = readlink(e[k].path, target, sizeof target - 1);
            if (r >= 0) {
                target[r] = '\0';
                printf(" -> %s", target);
            }
        }
        putchar('\n');
    }
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *r = malloc(dl + nl + 2);
    memcpy(r, dir, dl);
    size_t o = dl;
    if (dl == 0 || dir[dl - 1] != '/')
        r[o++] = '/';
    memcpy(r + o, name, nl + 1);
    return r;
}

static void list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        warnx_("cannot open directory %s: %s", quote(dir), strerror(errno));
        status = 2;
        return;
    }
    struct ent *e = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *nm = de->d_name;
        if (nm[0] == '.' && !opt_a) {
            if (!opt_A)
                continue;
            if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0)
                continue;
        }
        e = realloc(e, (n + 1) * sizeof *e);
        e[n].name = strdup(nm);
        e[n].path = join(dir, nm);
        e[n].ok = true;
        if ((opt_l || opt_i) && lstat(e[n].path, &e[n].st) != 0) {
            warnx_("cannot access %s: %s", quote(e[n].path), strerror(errno));
            e[n].ok = false;
            status = 1;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(e, n, sizeof *e, ecmp);
    print_list(e, n, true, NULL, 0);
    for (size_t k = 0; k < n; k++) {
        free(e[k].name);
        free(e[k].path);
    }
    free(e);
}

int main(int argc, char **argv)
{
    prog = "ls";
    static const struct gopt_long longs[] = {
        {"all", 0, 'a'}, {"almost-all", 0, 'A'}, {"directory", 0, 'd'}, {"reverse", 0, 'r'},
        {"numeric-uid-gid", 0, 'n'}, {"inode", 0, 'i'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    int c;
    while ((c = gopt_next(&g, "lnaA1dri")) != -1) {
        switch (c) {
        case 'l': case 'n': opt_l = true; break;
        case 'a': opt_a = true; break;
        case 'A': opt_A = true; break;
        case '1': break;
        case 'd': opt_d = true; break;
        case 'r': opt_r = true; break;
        case 'i': opt_i = true; break;
        default: usage_hint(2);
        }
    }
    clock_gettime(CLOCK_REALTIME, &now);
    static char *dot[] = {"."};
    char **ops = g.nops ? g.ops : dot;
    int nops = g.nops ? g.nops : 1;
    struct ent *files = calloc((size_t)nops, sizeof *files);
    struct ent *dirs = calloc((size_t)nops, sizeof *dirs);
    size_t nf = 0, nd = 0;
    for (int i = 0; i < nops; i++) {
        struct stat st;
        int r;
        if (opt_l || opt_d) {
            r = lstat(ops[i], &st);
            if (r == 0 && S_ISLNK(st.st_mode) && !opt_d && !opt_l) r = stat(ops[i], &st);
        } else {
            r = stat(ops[i], &st);
            if (r != 0) r = lstat(ops[i], &st);
        }
        if (r != 0) {
            warnx_("cannot access %s: %s", quote(ops[i]), strerror(errno));
            status = 2;
            continue;
        }
        struct ent *dst = (S_ISDIR(st.st_mode) && !opt_d) ? &dirs[nd++] : &files[nf++];
        dst->name = ops[i];
        dst->path = ops[i];
        dst->st = st;
        dst->ok = true;
    }
    qsort(files, nf, sizeof *files, ecmp);
    qsort(dirs, nd, sizeof *dirs, ecmp);
    print_list(files, nf, false, dirs, nd);
    bool headers = nops > 1 || nf > 0 || status != 0;
    for (size_t k = 0; k < nd; k++) {
        if (nf > 0 || k > 0)
            putchar('\n');
        if (headers)
            printf("%s:\n", dirs[k].name);
        list_dir(dirs[k].path);
    }
    return finish_stdout(status) ? (status ? status : 2) : 0;
}
