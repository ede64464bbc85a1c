/* More of <stdlib.h>: temporary files, realpath, the glibc-compatible random generators, multibyte
   conversions of the "C" locale, and the rest of C11's list. */
#include "../internal.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- mkstemp and friends: the trailing XXXXXX (before `suffix` characters) become random letters
   and digits; O_EXCL makes the creation the test of uniqueness. */
static int fill_template(char *tmpl, int suffix, char **x) {
    size_t len = strlen(tmpl);
    if (suffix < 0 || len < 6 + (size_t)suffix || memcmp(tmpl + len - suffix - 6, "XXXXXX", 6)) {
        errno = EINVAL;
        return -1;
    }
    *x = tmpl + len - suffix - 6;
    return 0;
}

static void randomize(char *x) {
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static uint64_t counter;
    unsigned char r[6];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
        uint64_t v = (uint64_t)(uintptr_t)&r ^ (++counter * 0x9e3779b97f4a7c15ull) ^ (uint64_t)getpid();
        memcpy(r, &v, sizeof r);
    }
    for (int i = 0; i < 6; i++) x[i] = chars[r[i] % 62];
}

static int make_temp(char *tmpl, int suffix, int flags, int dir) {
    char *x;
    if (fill_template(tmpl, suffix, &x) < 0) return -1;
    for (int tries = 0; tries < 1000; tries++) {
        randomize(x);
        if (dir) {
            if (mkdir(tmpl, 0700) == 0) return 0;
        } else {
            int fd = open(tmpl, O_RDWR | O_CREAT | O_EXCL | (flags & ~O_ACCMODE), 0600);
            if (fd >= 0) return fd;
        }
        if (errno != EEXIST) return -1;
    }
    errno = EEXIST;
    return -1;
}

int mkstemp(char *tmpl) { return make_temp(tmpl, 0, 0, 0); }
int mkostemp(char *tmpl, int flags) { return make_temp(tmpl, 0, flags, 0); }
int mkstemps(char *tmpl, int suffixlen) { return make_temp(tmpl, suffixlen, 0, 0); }
char *mkdtemp(char *tmpl) { return make_temp(tmpl, 0, 0, 1) < 0 ? NULL : tmpl; }

/* mktemp: a name that did not exist when checked (unsafe by design; kept for old programs). */
char *mktemp(char *tmpl) {
    char *x;
    if (fill_template(tmpl, 0, &x) < 0) { tmpl[0] = 0; return tmpl; }
    for (int tries = 0; tries < 1000; tries++) {
        randomize(x);
        struct stat st;
        if (lstat(tmpl, &st) < 0 && errno == ENOENT) return tmpl;
    }
    tmpl[0] = 0;
    errno = EEXIST;
    return tmpl;
}

/* ---- realpath: walks the path a component at a time from "/" or the working directory, following
   symbolic links (at most 40), as the kernel would. Every component must exist. */
char *realpath(const char *restrict path, char *restrict resolved) {
    if (!path) { errno = EINVAL; return NULL; }
    if (!*path) { errno = ENOENT; return NULL; }
    char out[PATH_MAX], rest[PATH_MAX], link[PATH_MAX];
    size_t olen;
    if (strlen(path) >= sizeof rest) { errno = ENAMETOOLONG; return NULL; }
    strcpy(rest, path);
    if (path[0] == '/') {
        strcpy(out, "/");
    } else if (!getcwd(out, sizeof out)) {
        return NULL;
    }
    olen = strlen(out);
    int links = 0;
    char *p = rest;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        char *end = strchrnul(p, '/');
        size_t n = (size_t)(end - p);
        if (n == 1 && p[0] == '.') { p = end; continue; }
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (olen > 1 && out[olen - 1] != '/') olen--;
            if (olen > 1) olen--;
            out[olen] = 0;
            p = end;
            continue;
        }
        if (olen + 1 + n >= sizeof out) { errno = ENAMETOOLONG; return NULL; }
        if (out[olen - 1] != '/') out[olen++] = '/';
        memcpy(out + olen, p, n);
        size_t before = olen;
        olen += n;
        out[olen] = 0;
        p = end;
        struct stat st;
        if (lstat(out, &st) < 0) return NULL;
        if (S_ISLNK(st.st_mode)) {
            if (++links > 40) { errno = ELOOP; return NULL; }
            ssize_t k = readlink(out, link, sizeof link - 1);
            if (k < 0) return NULL;
            link[k] = 0;
            size_t restlen = strlen(p);
            if ((size_t)k + restlen + 1 >= sizeof rest) { errno = ENAMETOOLONG; return NULL; }
            memmove(rest + k, p, restlen + 1);
            memcpy(rest, link, (size_t)k);
            p = rest;
            if (link[0] == '/') olen = 1;
            else olen = before > 1 ? before - 1 : 1;   /* drop the link's own name */
            out[olen] = 0;
        } else if (*p && !S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return NULL;
        }
    }
    if (!resolved) return strdup(out);
    strcpy(resolved, out);
    return resolved;
}

/* ---- random(): glibc's additive feedback generator (a seed gives glibc's sequence). The state
   holds `deg` words; r[i] = r[i - deg] + r[i - deg + sep]; TYPE_0 (a 8..31-byte state) is the
   plain LCG. The seed is spread with 16807 * x mod (2^31 - 1) and the first 10 * deg outputs are
   dropped. */
static const int degrees[5] = { 0, 7, 15, 31, 63 };
static const int seps[5] = { 0, 3, 1, 3, 1 };

struct rstate {
    int type;
    int deg, sep;
    int f, r;          /* indices of the front and rear pointers */
    int32_t *tbl;
};

static int32_t default_buf[32];      /* header word + TYPE_3 table, like an initstate buffer */
static struct rstate rs = { 3, 31, 3, 3, 0, default_buf + 1 };
static int rs_seeded;

static int32_t lcg16807(int32_t x) {
    int32_t hi = x / 127773, lo = x % 127773;
    int32_t w = 16807 * lo - 2836 * hi;
    return w < 0 ? w + 2147483647 : w;
}

static int32_t rs_next(struct rstate *s) {
    if (s->type == 0) {
        s->tbl[0] = (int32_t)(((uint32_t)s->tbl[0] * 1103515245u + 12345u) & 0x7fffffff);
        return s->tbl[0];
    }
    uint32_t v = (uint32_t)s->tbl[s->f] + (uint32_t)s->tbl[s->r];
    s->tbl[s->f] = (int32_t)v;
    if (++s->f >= s->deg) s->f = 0;
    if (++s->r >= s->deg) s->r = 0;
    return (int32_t)(v >> 1);
}

static void rs_seed(struct rstate *s, unsigned seed) {
    if (seed == 0) seed = 1;
    s->tbl[0] = (int32_t)seed;
    if (s->type == 0) return;
    for (int i = 1; i < s->deg; i++) s->tbl[i] = lcg16807(s->tbl[i - 1]);
    s->f = s->sep;
    s->r = 0;
    for (int i = 0; i < 10 * s->deg; i++) rs_next(s);
}

void srandom(unsigned seed) { rs_seed(&rs, seed); rs_seeded = 1; }
long random(void) {
    if (!rs_seeded) srandom(1);
    return rs_next(&rs);
}
void srand(unsigned seed) { srandom(seed); }
int rand(void) { return (int)random(); }

/* A state buffer handed to initstate keeps, in its first word, the type and the rear index, as
   glibc's does, followed by the table. */
static char *rs_buffer = (char *)default_buf;

static void save_header(void) {
    ((int32_t *)(void *)rs_buffer)[0] = rs.type == 0 ? 0 : (rs.r * 5 + rs.type);
}

char *initstate(unsigned seed, char *state, size_t n) {
    if (n < 8) { errno = EINVAL; return NULL; }
    int type = n < 32 ? 0 : n < 64 ? 1 : n < 128 ? 2 : n < 256 ? 3 : 4;
    if (!rs_seeded) srandom(1);
    char *old = rs_buffer;
    save_header();
    rs.type = type;
    rs.deg = degrees[type];
    rs.sep = seps[type];
    rs.tbl = (int32_t *)(void *)state + 1;
    rs_buffer = state;
    rs_seed(&rs, seed);
    rs_seeded = 1;
    return old;
}

char *setstate(char *state) {
    int32_t *hdr = (int32_t *)(void *)state;
    int type = hdr[0] % 5;
    if (type < 0 || type > 4) { errno = EINVAL; return NULL; }
    if (!rs_seeded) srandom(1);
    char *old = rs_buffer;
    save_header();
    rs.type = type;
    rs.deg = degrees[type];
    rs.sep = seps[type];
    rs.tbl = hdr + 1;
    if (type) {
        rs.r = hdr[0] / 5;
        rs.f = (rs.r + rs.sep) % rs.deg;
    }
    rs_buffer = state;
    rs_seeded = 1;
    return old;
}

int rand_r(unsigned *seed) {
    /* glibc's: three steps of the ANSI LCG, 11 + 10 + 10 bits. */
    unsigned next = *seed;
    int result;
    next = next * 1103515245 + 12345;
    result = (unsigned)(next / 65536) % 2048;
    next = next * 1103515245 + 12345;
    result <<= 10;
    result ^= (unsigned)(next / 65536) % 1024;
    next = next * 1103515245 + 12345;
    result <<= 10;
    result ^= (unsigned)(next / 65536) % 1024;
    *seed = next;
    return result;
}

/* ---- the 48-bit generators: X' = (a X + c) mod 2^48. */
static unsigned short x48[3] = { 0x330e, 0xabcd, 0x1234 };
static unsigned short a48[3] = { 0xe66d, 0xdeec, 0x5 };
static unsigned short c48 = 0xb;

static uint64_t step48(unsigned short x[3]) {
    uint64_t X = (uint64_t)x[0] | (uint64_t)x[1] << 16 | (uint64_t)x[2] << 32;
    uint64_t A = (uint64_t)a48[0] | (uint64_t)a48[1] << 16 | (uint64_t)a48[2] << 32;
    X = (A * X + c48) & 0xffffffffffffull;
    x[0] = (unsigned short)X;
    x[1] = (unsigned short)(X >> 16);
    x[2] = (unsigned short)(X >> 32);
    return X;
}

double erand48(unsigned short x[3]) { return (double)step48(x) / 281474976710656.0; }
double drand48(void) { return erand48(x48); }
long nrand48(unsigned short x[3]) { return (long)(step48(x) >> 17); }
long lrand48(void) { return nrand48(x48); }
long jrand48(unsigned short x[3]) { return (long)(int32_t)(uint32_t)(step48(x) >> 16); }
long mrand48(void) { return jrand48(x48); }

void srand48(long seed) {
    x48[0] = 0x330e;
    x48[1] = (unsigned short)seed;
    x48[2] = (unsigned short)(seed >> 16);
    a48[0] = 0xe66d; a48[1] = 0xdeec; a48[2] = 0x5;
    c48 = 0xb;
}

unsigned short *seed48(unsigned short x[3]) {
    static unsigned short old[3];
    memcpy(old, x48, sizeof old);
    memcpy(x48, x, sizeof x48);
    a48[0] = 0xe66d; a48[1] = 0xdeec; a48[2] = 0x5;
    c48 = 0xb;
    return old;
}

void lcong48(unsigned short p[7]) {
    memcpy(x48, p, 3 * sizeof *p);
    memcpy(a48, p + 3, 3 * sizeof *p);
    c48 = p[6];
}

/* ---- the rest. */
lldiv_t lldiv(long long a, long long b) { return (lldiv_t){ a / b, a % b }; }



#define QUICK_MAX 32
static void (*quick_handlers[QUICK_MAX])(void);
static int nquick;

int at_quick_exit(void (*fn)(void)) {
    if (nquick == QUICK_MAX) return -1;
    quick_handlers[nquick++] = fn;
    return 0;
}

_Noreturn void quick_exit(int status) {
    while (nquick > 0) quick_handlers[--nquick]();
    _Exit(status);
}

int getsubopt(char **restrict opt, char *const *restrict tokens, char **restrict value) {
    char *s = *opt;
    char *end = strchrnul(s, ',');
    char *eq = memchr(s, '=', (size_t)(end - s));
    *value = NULL;
    if (*end) *end++ = 0;
    *opt = end;
    size_t klen = eq ? (size_t)(eq - s) : strlen(s);
    for (int i = 0; tokens[i]; i++) {
        if (strncmp(tokens[i], s, klen) == 0 && tokens[i][klen] == 0) {
            if (eq) *value = eq + 1;
            return i;
        }
    }
    *value = s;
    return -1;
}
