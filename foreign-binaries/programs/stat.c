/* stat - display file status.
 * Options: -c FORMAT (newline added), --printf=FORMAT (escapes, no newline),
 * -L (follow links), -t (terse).  FORMAT directives: %a %A %b %B %d %D %f %F
 * %g %G %h %i %n %N %o %s %u %U %x %X %y %Y %z %Z %w %W %%.
 * Differences from GNU: %U and %G print the numeric id (no user database),
 * %w prints "-" and %W "0" (no birth time); the default (no -c) output uses
 * the GNU layout but "Device: HEXh/DECd" and numeric owner names. */
#include "common.h"
#include "modestr.h"
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

static int isdigit_(int c) { return c >= '0' && c <= '9'; }

static const char *file_type(const struct stat *st)
{
    mode_t m = st->st_mode;
    if (S_ISREG(m)) return st->st_size == 0 ? "regular empty file" : "regular file";
    if (S_ISDIR(m)) return "directory";
    if (S_ISLNK(m)) return "symbolic link";
    if (S_ISCHR(m)) return "character special file";
    if (S_ISBLK(m)) return "block special file";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    return "weird file";
}

static void human_time(struct timespec ts, char *buf, size_t n)
{
    time_t t = ts.tv_sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d.%09ld +0000", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)ts.tv_nsec);
}

static void emit(const char *fmt, const char *name, const struct stat *st, bool escapes)
{
    for (const char *p = fmt; *p; p++) {
        if (escapes && *p == '\\' && p[1]) {
            p++;
            switch (*p) {
            case 'n': putchar('\n'); break;
            case 't': putchar('\t'); break;
            case '\\': putchar('\\'); break;
            case 'a': putchar('\a'); break;
            case 'r': putchar('\r'); break;
            case '"': putchar('"'); break;
            default:
                if (*p >= '0' && *p <= '7') {
                    int v = 0;
                    for (int k = 0; k < 3 && *p >= '0' && *p <= '7'; k++, p++)
                        v = v * 8 + (*p - '0');
                    p--;
                    putchar(v);
                } else {
                    putchar('\\');
                    putchar(*p);
                }
            }
            continue;
        }
        if (*p != '%') {
            putchar(*p);
            continue;
        }
        /* flags/width/precision are passed through to printf */
        char spec[32] = "%";
        size_t sl = 1;
        p++;
        while (*p && strchr("-+ #0", *p) && sl < 10) spec[sl++] = *p++;
        while (*p && isdigit_((unsigned char)*p) && sl < 20) spec[sl++] = *p++;
        if (*p == '.') { spec[sl++] = *p++; while (isdigit_((unsigned char)*p) && sl < 28) spec[sl++] = *p++; }
        spec[sl] = '\0';
        char fs[40], tbuf[64], mbuf[11];
        switch (*p) {
        case '\0': putchar('%'); p--; break;
        case '%': putchar('%'); break;
#define NUM(v) do { snprintf(fs, sizeof fs, "%sllu", spec); printf(fs, (unsigned long long)(v)); } while (0)
#define STR(v) do { snprintf(fs, sizeof fs, "%ss", spec); printf(fs, (v)); } while (0)
#define OCT(v) do { snprintf(fs, sizeof fs, "%sllo", spec); printf(fs, (unsigned long long)(v)); } while (0)
#define HEX(v) do { snprintf(fs, sizeof fs, "%sllx", spec); printf(fs, (unsigned long long)(v)); } while (0)
        case 'a': OCT(st->st_mode & 07777); break;
        case 'A': mode_string(st->st_mode, mbuf); STR(mbuf); break;
        case 'b': NUM(st->st_blocks); break;
        case 'B': NUM(512); break;
        case 'd': NUM(st->st_dev); break;
        case 'D': HEX(st->st_dev); break;
        case 'f': HEX(st->st_mode); break;
        case 'F': STR(file_type(st)); break;
        case 'g': case 'G': NUM(st->st_gid); break;
        case 'h': NUM(st->st_nlink); break;
        case 'i': NUM(st->st_ino); break;
        case 'n': STR(name); break;
        case 'N': {
            printf("%s", quote(name));
            if (S_ISLNK(st->st_mode)) {
                char target[PATH_MAX];
                ssize_t r = readlink(name, target, sizeof target - 1);
                if (r >= 0) {
                    target[r] = '\0';
                    printf(" -> %s", quote(target));
                }
            }
            break;
        }
        case 'o': NUM(st->st_blksize); break;
        case 's': NUM(st->st_size); break;
        case 'u': case 'U': NUM(st->st_uid); break;
        case 'w': STR("-"); break;
        case 'W': NUM(0); break;
        case 'x': human_time(st->st_atim, tbuf, sizeof tbuf); STR(tbuf); break;
        case 'y': human_time(st->st_mtim, tbuf, sizeof tbuf); STR(tbuf); break;
        case 'z': human_time(st->st_ctim, tbuf, sizeof tbuf); STR(tbuf); break;
        case 'X': NUM(st->st_atim.tv_sec); break;
        case 'Y': NUM(st->st_mtim.tv_sec); break;
        case 'Z': NUM(st->st_ctim.tv_sec); break;
        default: putchar('?'); break;
        }
    }
}

int main(int argc, char **argv)
{
    prog = "stat";
    static const struct gopt_long longs[] = {
        {"format", 1, 'c'}, {"printf", 1, 'P'}, {"dereference", 0, 'L'}, {"terse", 0, 't'}, {NULL, 0, 0}};
    struct gopt g;
    gopt_init(&g, argc, argv, longs);
    const char *fmt = NULL;
    bool escapes = false, deref = false, terse = false;
    int c;
    while ((c = gopt_next(&g, "c:Lt")) != -1) {
        switch (c) {
        case 'c': fmt = g.arg; escapes = false; break;
        case 'P': fmt = g.arg; escapes = true; break;
        case 'L': deref = true; break;
        case 't': terse = true; break;
        default: usage_hint(1);
        }
    }
    if (g.nops == 0) {
        warnx_("missing operand");
        usage_hint(1);
    }
    int status = 0;
    for (int i = 0; i < g.nops; i++) {
        struct stat st;
        if ((deref ? stat(g.ops[i], &st) : lstat(g.ops[i], &st)) != 0) {
            warnx_("cannot statx %s: %s", quote(g.ops[i]), strerror(errno));
            status = 1;
            continue;
        }
        if (fmt) {
            emit(fmt, g.ops[i], &st, escapes);
            if (!escapes)
                putchar('\n');
        } else if (terse) {
            emit("%n %s %b %f %u %g %D %i %h 0 0 %X %Y %Z %W %o\n", g.ops[i], &st, false);
        } else {
            emit("  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n", g.ops[i], &st, true);
            emit("Device: %Dh/%dd\tInode: %-11i Links: %h\n", g.ops[i], &st, true);
            emit("Access: (%04a/%A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n", g.ops[i], &st, true);
            emit("Access: %x\nModify: %y\nChange: %z\n Birth: -\n", g.ops[i], &st, true);
        }
    }
    return finish_stdout(status);
}
