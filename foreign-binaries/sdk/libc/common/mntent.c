/* <mntent.h>: a parser and writer of the fstab/mtab text format over stdio (glibc's format and
   escapes: \040 space, \011 tab, \012 newline, \134 backslash). ToyOS has no mount table of its
   own, so nothing here is faked: these read and write the file they are given. */
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

FILE *setmntent(const char *file, const char *mode) {
    return fopen(file, mode);
}

int endmntent(FILE *stream) {
    if (stream) fclose(stream);
    return 1;   /* always 1, as the interface says */
}

/* Decodes a field in place: glibc's escapes only (\040 \011 \012 \134, and \\ for a backslash);
   any other backslash stays as written. */
static char *unescape(char *s) {
    static const struct { const char *esc; char c; } map[] = {
        { "\\040", ' ' }, { "\\011", '\t' }, { "\\012", '\n' }, { "\\134", '\\' }, { "\\\\", '\\' },
    };
    char *r = s, *w = s;
    while (*r) {
        size_t i, n = 0;
        for (i = 0; i < sizeof map / sizeof map[0]; i++) {
            n = strlen(map[i].esc);
            if (strncmp(r, map[i].esc, n) == 0) break;
        }
        if (i < sizeof map / sizeof map[0]) { *w++ = map[i].c; r += n; }
        else *w++ = *r++;
    }
    *w = 0;
    return s;
}

/* The next blank-separated field, decoded; "" when the line has no more (as glibc). */
static char *field(char **p) {
    static char empty[] = "";
    char *s = *p + strspn(*p, " \t");
    if (!*s) { *p = s; return empty; }
    char *e = s + strcspn(s, " \t");
    if (*e) *e++ = 0;
    *p = e;
    return unescape(s);
}

struct mntent *getmntent_r(FILE *stream, struct mntent *m, char *buf, int size) {
    char *p;
    do {
        if (!fgets(buf, size, stream)) return NULL;
        char *nl = strchr(buf, '\n');
        if (nl) {
            while (nl > buf && (nl[-1] == ' ' || nl[-1] == '\t')) nl--;
            *nl = 0;
        } else {                                     /* a line too long for buf: drop its rest */
            int c;
            while ((c = getc(stream)) != EOF && c != '\n') {}
        }
        p = buf + strspn(buf, " \t");
    } while (*p == 0 || *p == '#');
    m->mnt_fsname = field(&p);
    m->mnt_dir = field(&p);
    m->mnt_type = field(&p);
    m->mnt_opts = field(&p);
    m->mnt_freq = m->mnt_passno = 0;
    if (sscanf(p, " %d %d", &m->mnt_freq, &m->mnt_passno) < 1) m->mnt_freq = 0;
    return m;
}

struct mntent *getmntent(FILE *stream) {
    static struct mntent m;
    static char buf[4096];
    return getmntent_r(stream, &m, buf, sizeof buf);
}

static int put_escaped(FILE *f, const char *s) {
    for (; *s; s++) {
        int c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
            if (fprintf(f, "\\%03o", c) < 0) return -1;
        } else if (putc(c, f) == EOF) return -1;
    }
    return 0;
}

int addmntent(FILE *stream, const struct mntent *m) {
    if (fseek(stream, 0, SEEK_END) != 0) return 1;
    const char *fields[] = { m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts };
    for (int i = 0; i < 4; i++) {
        if (put_escaped(stream, fields[i] ? fields[i] : "") != 0 || putc(' ', stream) == EOF) return 1;
    }
    if (fprintf(stream, "%d %d\n", m->mnt_freq, m->mnt_passno) < 0) return 1;
    return fflush(stream) != 0;
}

char *hasmntopt(const struct mntent *m, const char *opt) {
    size_t n = strlen(opt);
    char *p = m->mnt_opts;
    while (p && *p) {
        if (strncmp(p, opt, n) == 0 && (p[n] == 0 || p[n] == ',' || p[n] == '=')) return p;
        p = strchr(p, ',');
        if (p) p++;
    }
    return NULL;
}
