/* /etc/passwd and /etc/group. Each entry is parsed into the caller's buffer (the _r functions) or a
   static one; lines that do not have the right number of fields are skipped, as glibc does. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits line (in place) at ':' into exactly n fields. */
static int split(char *line, char **f, int n) {
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p; p++)
        if (*p == ':') {
            if (k == n) return -1;
            *p = 0;
            f[k++] = p + 1;
        }
    return k == n ? 0 : -1;
}

static int parse_id(const char *s, unsigned *out) {
    char *end;
    if (!*s) return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v > 0xffffffffu) return -1;
    *out = (unsigned)v;
    return 0;
}

/* Copies line into buf and parses a passwd entry there. Returns 0, ERANGE, or -1 (malformed). */
static int parse_pw(const char *line, struct passwd *pw, char *buf, size_t size) {
    size_t len = strlen(line);
    if (len + 1 > size) return ERANGE;
    memcpy(buf, line, len + 1);
    char *f[7];
    unsigned uid, gid;
    if (split(buf, f, 7) < 0 || parse_id(f[2], &uid) < 0 || parse_id(f[3], &gid) < 0) return -1;
    *pw = (struct passwd){ f[0], f[1], uid, gid, f[4], f[5], f[6] };
    return 0;
}

/* The same for a group; the member pointers go at the aligned end of buf. */
static int parse_gr(const char *line, struct group *gr, char *buf, size_t size) {
    size_t len = strlen(line);
    size_t members = 1;
    for (const char *p = line; *p; p++) members += *p == ',';
    size_t need = len + 1 + 8 + (members + 1) * sizeof(char *);
    if (need > size) return ERANGE;
    memcpy(buf, line, len + 1);
    char *f[4];
    unsigned gid;
    if (split(buf, f, 4) < 0 || parse_id(f[2], &gid) < 0) return -1;
    char **mem = (char **)(((uintptr_t)buf + len + 1 + 7) & ~(uintptr_t)7);
    size_t k = 0;
    if (*f[3]) {
        char *p = f[3];
        for (;;) {
            mem[k++] = p;
            char *c = strchr(p, ',');
            if (!c) break;
            *c = 0;
            p = c + 1;
        }
    }
    mem[k] = NULL;
    *gr = (struct group){ f[0], f[1], gid, mem };
    return 0;
}

/* Reads the next line of f into *line without its newline; 0 at the end. */
static int next_line(FILE *f, char **line, size_t *cap) {
    ssize_t n = getline(line, cap, f);
    if (n < 0) return 0;
    if (n && (*line)[n - 1] == '\n') (*line)[n - 1] = 0;
    return 1;
}

enum { BY_NAME, BY_ID };

static int pw_lookup(int how, const char *name, uid_t uid, struct passwd *pw, char *buf, size_t size,
                     struct passwd **result) {
    *result = NULL;
    FILE *f = fopen("/etc/passwd", "re");
    if (!f) return errno == ENOENT ? 0 : errno;
    char *line = NULL;
    size_t cap = 0;
    int r = 0;
    while (next_line(f, &line, &cap)) {
        int e = parse_pw(line, pw, buf, size);
        if (e == ERANGE) {
            /* Too small only matters for the entry asked for. */
            struct passwd tmp;
            char big[4096];
            if (parse_pw(line, &tmp, big, sizeof big) == 0 &&
                (how == BY_NAME ? !strcmp(tmp.pw_name, name) : tmp.pw_uid == uid)) { r = ERANGE; break; }
            continue;
        }
        if (e) continue;
        if (how == BY_NAME ? !strcmp(pw->pw_name, name) : pw->pw_uid == uid) { *result = pw; break; }
    }
    free(line);
    fclose(f);
    return r;
}

static int gr_lookup(int how, const char *name, gid_t gid, struct group *gr, char *buf, size_t size,
                     struct group **result) {
    *result = NULL;
    FILE *f = fopen("/etc/group", "re");
    if (!f) return errno == ENOENT ? 0 : errno;
    char *line = NULL;
    size_t cap = 0;
    int r = 0;
    while (next_line(f, &line, &cap)) {
        int e = parse_gr(line, gr, buf, size);
        if (e == ERANGE) { r = ERANGE; break; }    /* (conservative: any long line) */
        if (e) continue;
        if (how == BY_NAME ? !strcmp(gr->gr_name, name) : gr->gr_gid == gid) { *result = gr; break; }
    }
    free(line);
    fclose(f);
    return r;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size, struct passwd **result) {
    return pw_lookup(BY_NAME, name, 0, pw, buf, size, result);
}
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **result) {
    return pw_lookup(BY_ID, NULL, uid, pw, buf, size, result);
}
int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size, struct group **result) {
    return gr_lookup(BY_NAME, name, 0, gr, buf, size, result);
}
int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result) {
    return gr_lookup(BY_ID, NULL, gid, gr, buf, size, result);
}

static struct passwd pw_static;
static char pw_buf[4096];
static struct group gr_static;
static char gr_buf[16384];

struct passwd *getpwnam(const char *name) {
    struct passwd *r;
    int e = getpwnam_r(name, &pw_static, pw_buf, sizeof pw_buf, &r);
    if (e) errno = e;
    return r;
}
struct passwd *getpwuid(uid_t uid) {
    struct passwd *r;
    int e = getpwuid_r(uid, &pw_static, pw_buf, sizeof pw_buf, &r);
    if (e) errno = e;
    return r;
}
struct group *getgrnam(const char *name) {
    struct group *r;
    int e = getgrnam_r(name, &gr_static, gr_buf, sizeof gr_buf, &r);
    if (e) errno = e;
    return r;
}
struct group *getgrgid(gid_t gid) {
    struct group *r;
    int e = getgrgid_r(gid, &gr_static, gr_buf, sizeof gr_buf, &r);
    if (e) errno = e;
    return r;
}

/* Enumeration. */
static FILE *pw_file, *gr_file;
static char *ent_line;
static size_t ent_cap;

void setpwent(void) { if (pw_file) rewind(pw_file); }
void endpwent(void) { if (pw_file) fclose(pw_file); pw_file = NULL; }
struct passwd *getpwent(void) {
    if (!pw_file && !(pw_file = fopen("/etc/passwd", "re"))) return NULL;
    while (next_line(pw_file, &ent_line, &ent_cap))
        if (parse_pw(ent_line, &pw_static, pw_buf, sizeof pw_buf) == 0) return &pw_static;
    return NULL;
}

void setgrent(void) { if (gr_file) rewind(gr_file); }
void endgrent(void) { if (gr_file) fclose(gr_file); gr_file = NULL; }
struct group *getgrent(void) {
    if (!gr_file && !(gr_file = fopen("/etc/group", "re"))) return NULL;
    while (next_line(gr_file, &ent_line, &ent_cap))
        if (parse_gr(ent_line, &gr_static, gr_buf, sizeof gr_buf) == 0) return &gr_static;
    return NULL;
}
