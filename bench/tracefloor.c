/* bench/tracefloor.c - what a trace costs natively: the floors under bench/tracecost's per-event
 * figures.
 *
 *   tracefloor TRACE OUT     prints the CPU time (user + system, seconds) of appending TRACE's
 *                            records (its lines) one by one to a new file OUT, then removes OUT:
 *                            what the trace's bytes alone cost (the "C floor" column)
 *   tracefloor --model W ARG FORMAT OUT
 *                            runs workload W's loop natively (seqread: ARG a file read once in
 *                            4 KiB blocks; write1: ARG one-byte writes to /dev/null; nosys: ARG
 *                            calls of an unknown number, ENOSYS; filechurn: ARG N:DIR, N rounds of
 *                            open, write, close, stat, unlink in DIR) and traces it
 *                            in C to a new file OUT, FORMAT text, jsonl or none (untraced); prints
 *                            the CPU seconds of the loop (the trace file opened and cut in it)
 *                            and its calls, then removes OUT. Traced minus untraced is what a
 *                            plain in-process C tracer pays for the same events (the "C tracer"
 *                            rows)
 *
 * The records are appended the way Burrow's trace writer appends events to a trace file
 * (Sources/BurrowTrace/TraceWriter.swift, MappedTraceFile): the file grown ahead by pwrite of 64 KiB
 * of spaces, a MAP_SHARED window of 8 MiB, one memcpy per record into it, the file cut to its
 * length at the end; on tmpfs each grown chunk's pages mapped at once (MADV_POPULATE_READ), as the
 * writer does there. So the difference between Burrow's cost per event and the first figure is what
 * Burrow's own code costs (formatting, the traced call's slower path), and that figure is what the
 * machine's page cache asks of anyone who writes those bytes (on the Intel machine of sessions
 * 8-9, new page-cache pages dominate it: docs/performance.md section 3).
 *
 * The model writes the same lines as `burrow run --trace-file` (text: pid, local time of day,
 * call, the first 32 bytes of a buffer quoted as strace does, result, duration; JSON Lines: the
 * same record with the same keys), times each call by two time-stamp counter readings as Burrow's
 * tracer does where the kernel's clock is the TSC, and formats with the plain means a C
 * programmer would use (a table for the quoting, digit loops, the time of day once a second), not
 * with Burrow's code. It answers: is a budget within reach of a plain tracer that formats each
 * event as it happens (SIGKILL keeps every event), on this machine, for this workload? (Not of
 * every such tracer: Burrow's renderer quotes binary data sixteen bytes a step with AVX-512 and
 * goes below this model's cost on `seqread`; docs/performance.md section 3, session 33.)
 *
 * Standalone C (the SDK's generated abi.h only, for ToyOS numbers), no Burrow code; bench/tracecost
 * builds it (cc -O2) and runs it beside the traced runs, in the same directory. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

/* ToyOS's call numbers and flag values, as its table generates them for the SDK (the JSON's
 * `number` and `raw`): never spelled here. */
#include "../foreign-binaries/sdk/include/toyos/abi.h"
#define STR_(x) #x
#define STR(x) STR_(x)

#define CHUNK (64 * 1024)
#define WINDOW (8 << 20)

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void fail(const char *what) {
    perror(what);
    exit(1);
}

/* The appender: Burrow's mapped trace file, in C. */
static struct {
    int fd, populate;
    size_t offset, allocated, window_start;
    char *window;
} out = {.fd = -1};

static void out_open(const char *path) {
    out.fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out.fd < 0) fail(path);
    struct statfs fs;
    out.populate = fstatfs(out.fd, &fs) == 0 && fs.f_type == TMPFS_MAGIC;
}

static void out_append(const char *p, size_t n) {
    static char spaces[CHUNK];
    if (!spaces[0]) memset(spaces, ' ', sizeof spaces);
    if (!out.window || out.offset + n > out.window_start + WINDOW) {
        if (out.window) munmap(out.window, WINDOW);
        out.window_start = out.offset & ~(size_t)4095;
        out.window = mmap(NULL, WINDOW, PROT_READ | PROT_WRITE, MAP_SHARED, out.fd, (off_t)out.window_start);
        if (out.window == MAP_FAILED) fail("mmap");
    }
    while (out.allocated < out.offset + n) {
        if (pwrite(out.fd, spaces, CHUNK, (off_t)out.allocated) != CHUNK) fail("pwrite");
        if (out.populate && out.allocated >= out.window_start && out.allocated + CHUNK <= out.window_start + WINDOW)
            madvise(out.window + (out.allocated - out.window_start), CHUNK, MADV_POPULATE_READ);
        out.allocated += CHUNK;
    }
    memcpy(out.window + (out.offset - out.window_start), p, n);
    out.offset += n;
}

static void out_close(void) {
    if (out.window) munmap(out.window, WINDOW);
    if (ftruncate(out.fd, (off_t)out.offset) != 0) fail("ftruncate");
    close(out.fd);
}

/* The model's formatting. */
enum format { NONE, TEXT, JSONL };
enum workload { SEQREAD, WRITE1, NOSYS, FILECHURN };

static char *put(char *p, const char *s) {
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

static char *put_u(char *p, uint64_t v) {
    char tmp[20];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    while (n) *p++ = tmp[--n];
    return p;
}

static char *put_hex(char *p, uint64_t v) {
    char tmp[16];
    int n = 0;
    do tmp[n++] = "0123456789abcdef"[v & 15]; while ((v >>= 4) != 0);
    p = put(p, "0x");
    while (n) *p++ = tmp[--n];
    return p;
}

static char *put_2(char *p, unsigned v) {
    *p++ = (char)('0' + v / 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

static char *put_frac(char *p, uint64_t v, int digits) {
    for (int i = digits - 1; i >= 0; i--, v /= 10) p[i] = (char)('0' + v % 10);
    return p + digits;
}

/* strace's quoting of one byte, without a branch on the data: the escape or the byte, an octal
 * escape in 3 digits when the next byte shown is an octal digit. quote[fmt][b * 2 + next_is_digit]
 * holds the form (at most 5 bytes, stored as a whole word) with its length in the word's last byte;
 * fmt 1 is JSON's, whose string holds the text form with its quotes and backslashes escaped again.
 * 4 KiB a format, as Burrow's tables. */
static union form { char bytes[8]; uint64_t word; } quote[2][512];

static void quote_init(void) {
    for (int b = 0; b < 256; b++)
        for (int digit_next = 0; digit_next < 2; digit_next++) {
            char s[8];
            switch (b) {
            case '"': strcpy(s, "\\\""); break;
            case '\\': strcpy(s, "\\\\"); break;
            case '\t': strcpy(s, "\\t"); break;
            case '\n': strcpy(s, "\\n"); break;
            case '\v': strcpy(s, "\\v"); break;
            case '\f': strcpy(s, "\\f"); break;
            case '\r': strcpy(s, "\\r"); break;
            default:
                if (b >= 0x20 && b < 0x7f) s[0] = (char)b, s[1] = 0;
                else snprintf(s, sizeof s, digit_next ? "\\%03o" : "\\%o", b);
            }
            union form *t = &quote[0][b * 2 + digit_next], *j = &quote[1][b * 2 + digit_next];
            char n = 0;
            for (const char *c = s; *c; c++) {
                t->bytes[(int)t->bytes[7]++] = *c;
                if (*c == '\\' || *c == '"') j->bytes[(int)n++] = '\\';
                j->bytes[(int)n++] = *c;
            }
            j->bytes[7] = n;
        }
}

static const unsigned char octal_digit[256] = {['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1};

/* The buffer's first 32 of n bytes as a quoted string (JSON: as a JSON string's content). */
static char *put_quoted(char *p, const unsigned char *buf, size_t n, int json) {
    size_t shown = n < 32 ? n : 32;
    const union form *table = quote[json];
    p = put(p, json ? "\\\"" : "\"");
    for (size_t i = 0; i < shown; i++) {
        uint64_t f = table[buf[i] * 2 + (i + 1 < shown ? octal_digit[buf[i + 1]] : 0)].word;
        memcpy(p, &f, 8);
        p += f >> 56;
    }
    p = put(p, json ? "\\\"" : "\"");
    if (shown < n) p = put(p, "...");
    return p;
}

/* Time: ticks to nanoseconds from one exact reading at start and a rate measured over 20 ms. */
static uint64_t tsc0, ns0;
static double ns_per_tick;

static uint64_t realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void clock_init(void) {
    tsc0 = __rdtsc();
    ns0 = realtime_ns();
    struct timespec d = {0, 20000000};
    nanosleep(&d, NULL);
    ns_per_tick = (double)(realtime_ns() - ns0) / (double)(__rdtsc() - tsc0);
}

static uint64_t ticks_ns(uint64_t t) { return ns0 + (uint64_t)((double)(t - tsc0) * ns_per_tick); }

static char *put_time_of_day(char *p, uint64_t ns) {
    static time_t second = -1;
    static char hms[8];
    time_t s = (time_t)(ns / 1000000000u);
    if (s != second) {
        struct tm tm;
        localtime_r(&s, &tm);
        put_2(put_2(put_2(hms, (unsigned)tm.tm_hour) + 1, (unsigned)tm.tm_min) + 1, (unsigned)tm.tm_sec);
        hms[2] = hms[5] = ':';
        second = s;
    }
    memcpy(p, hms, 8);
    p[8] = '.';
    return put_frac(p + 9, ns % 1000000000u / 1000, 6);
}

static char line[1024];

/* Every event's start: `[pid N] HH:MM:SS.uuuuuu ` (text) or `{"type":"syscall","ts":N,"pid":N,"tid":N`. */
static char *put_head(char *p, enum format f, uint64_t start) {
    static uint64_t pid;
    if (!pid) pid = (uint64_t)getpid();
    if (f == TEXT) return put(put_time_of_day(put(put_u(put(p, "[pid "), pid), "] "), start), " ");
    p = put_u(put(p, "{\"type\":\"syscall\",\"ts\":"), start);
    return put_u(put(put_u(put(p, ",\"pid\":"), pid), ",\"tid\":"), pid);
}

/* A text line's end: ` <S.uuuuuu>` and the newline. */
static char *put_took(char *p, uint64_t took) {
    p = put_u(put(p, " <"), took / 1000000000u);
    return put(put_frac(put(p, "."), took % 1000000000u / 1000, 6), ">\n");
}

static void trace_event(enum format f, enum workload w, int fd, const unsigned char *buf, size_t count,
                        long ret, uint64_t t0, uint64_t t1) {
    const char *name = w == SEQREAD ? "read" : "write";
    uint64_t start = ticks_ns(t0), took = ticks_ns(t1) - start;
    char *p = put_head(line, f, start);
    if (f == TEXT) {
        p = put(put(p, name), "(");
        p = put_quoted(put(put_u(p, (uint64_t)fd), ", "), buf, (size_t)ret, 0);
        p = put_u(put(p, ", "), count);
        p = put_took(put_u(put(p, ") = "), (uint64_t)ret), took);
    } else {
        p = put(p, w == SEQREAD ? ",\"number\":" STR(TOY_SYS_read) ",\"name\":\"read\"" : ",\"number\":" STR(TOY_SYS_write) ",\"name\":\"write\"");
        p = put(p, ",\"class\":[\"desc\"],\"path\":\"fast\",\"args\":[{\"name\":\"fd\",\"value\":\"");
        p = put_u(p, (uint64_t)fd);
        p = put_hex(put(p, "\",\"raw\":\""), (uint64_t)fd);
        p = put(p, "\"},{\"name\":\"buf\",\"value\":\"");
        p = put_quoted(p, buf, (size_t)ret, 1);
        p = put_hex(put(p, "\",\"raw\":\""), (uint64_t)(uintptr_t)buf);
        p = put_u(put(p, "\"},{\"name\":\"count\",\"value\":\""), count);
        p = put_hex(put(p, "\",\"raw\":\""), count);
        p = put_u(put(p, "\"}],\"ret\":"), (uint64_t)ret);
        p = put_u(put(p, ",\"errno\":null,\"duration_ns\":"), took);
        p = put(p, "}\n");
    }
    out_append(line, (size_t)(p - line));
}

/* An unknown call's event, as Burrow shows the trapped ToyOS call 0xffff: its six registers in hex
 * (JSON: each as value and raw), -1 ENOSYS. */
static void trace_nosys(enum format f, const uint64_t a[6], uint64_t t0, uint64_t t1) {
    uint64_t start = ticks_ns(t0), took = ticks_ns(t1) - start;
    char *p = put_head(line, f, start);
    if (f == TEXT) {
        p = put(p, "syscall_0xffff(");
        for (int i = 0; i < 6; i++) p = put_hex(i ? put(p, ", ") : p, a[i]);
        p = put_took(put(p, ") = -1 ENOSYS (Function not implemented)"), took);
    } else {
        p = put(p, ",\"number\":65535,\"name\":\"syscall_0xffff\",\"class\":[],\"path\":\"trap\",\"args\":[");
        for (int i = 0; i < 6; i++) {
            p = put(p, i ? ",{\"name\":\"arg" : "{\"name\":\"arg");
            *p++ = (char)('0' + i);
            p = put_hex(put(p, "\",\"value\":\""), a[i]);
            p = put(put_hex(put(p, "\",\"raw\":\""), a[i]), "\"}");
        }
        p = put_u(put(p, "],\"ret\":-1,\"errno\":\"ENOSYS\",\"duration_ns\":"), took);
        p = put(p, "}\n");
    }
    out_append(line, (size_t)(p - line));
}

/* One of bench/filechurn's calls, as Burrow shows the ToyOS call: open, write, close, stat, unlink
 * of `path` (their ToyOS numbers and raw values: the JSON's `raw` is the guest's register). */
enum churn_call { C_OPEN, C_WRITE, C_CLOSE, C_STAT, C_UNLINK };

static char *put_json_path(char *p, const char *path) {
    /* A plain path: its quotes escaped as the JSON string's contents (\"...\"). */
    return put(put(put(p, "\\\""), path), "\\\"");
}

static void trace_churn(enum format f, enum churn_call c, const char *path, const unsigned char *payload, long fd,
                        long ret, uint64_t t0, uint64_t t1) {
    uint64_t start = ticks_ns(t0), took = ticks_ns(t1) - start;
    char *p = put_head(line, f, start);
    if (f == TEXT) {
        switch (c) {
        case C_OPEN: p = put(put(put(p, "open(\""), path), "\", O_WRONLY|O_CREAT|O_TRUNC, 0600"); break;
        case C_WRITE: p = put_u(put(put_quoted(put(put_u(put(p, "write("), (uint64_t)fd), ", "), payload, 64, 0), ", "), 64); break;
        case C_CLOSE: p = put_u(put(p, "close("), (uint64_t)fd); break;
        case C_STAT: p = put(put(put(p, "stat(\""), path), "\", {mode=S_IFREG|0600, size=64, ...}"); break;
        case C_UNLINK: p = put(put(put(p, "unlink(\""), path), "\""); break;
        }
        p = put_took(put_u(put(p, ") = "), (uint64_t)ret), took);
    } else {
        static const char *const row[] = {
            ",\"number\":" STR(TOY_SYS_open) ",\"name\":\"open\",\"class\":[\"file\",\"desc\"],\"path\":\"fast\",\"args\":[",
            ",\"number\":" STR(TOY_SYS_write) ",\"name\":\"write\",\"class\":[\"desc\"],\"path\":\"fast\",\"args\":[",
            ",\"number\":" STR(TOY_SYS_close) ",\"name\":\"close\",\"class\":[\"desc\"],\"path\":\"fast\",\"args\":[",
            ",\"number\":" STR(TOY_SYS_stat) ",\"name\":\"stat\",\"class\":[\"file\"],\"path\":\"fast\",\"args\":[",
            ",\"number\":" STR(TOY_SYS_unlink) ",\"name\":\"unlink\",\"class\":[\"file\"],\"path\":\"fast\",\"args\":[",
        };
        p = put(p, row[c]);
        uint64_t path_raw = (uint64_t)(uintptr_t)path;
        switch (c) {
        case C_OPEN:
            p = put_hex(put(put_json_path(put(p, "{\"name\":\"path\",\"value\":\""), path), "\",\"raw\":\""), path_raw);
            p = put(p, "\"},{\"name\":\"flags\",\"value\":\"O_WRONLY|O_CREAT|O_TRUNC\",\"raw\":\"");
            p = put(put_hex(p, TOY_O_WRONLY | TOY_O_CREAT | TOY_O_TRUNC), "\"},{\"name\":\"mode\",\"value\":\"0600\",\"raw\":\"");
            p = put(put_hex(p, 0600), "\"}");
            break;
        case C_WRITE:
            p = put_hex(put(put_u(put(p, "{\"name\":\"fd\",\"value\":\""), (uint64_t)fd), "\",\"raw\":\""), (uint64_t)fd);
            p = put(p, "\"},{\"name\":\"buf\",\"value\":\"");
            p = put_hex(put(put_quoted(p, payload, 64, 1), "\",\"raw\":\""), (uint64_t)(uintptr_t)payload);
            p = put(p, "\"},{\"name\":\"count\",\"value\":\"64\",\"raw\":\"0x40\"}");
            break;
        case C_CLOSE:
            p = put_hex(put(put_u(put(p, "{\"name\":\"fd\",\"value\":\""), (uint64_t)fd), "\",\"raw\":\""), (uint64_t)fd);
            p = put(p, "\"}");
            break;
        case C_STAT:
            p = put_hex(put(put_json_path(put(p, "{\"name\":\"path\",\"value\":\""), path), "\",\"raw\":\""), path_raw);
            p = put(p, "\"},{\"name\":\"st\",\"value\":\"{mode=S_IFREG|0600, size=64, ...}\",\"raw\":\"");
            p = put(put_hex(p, path_raw - 0x70), "\"}");
            break;
        case C_UNLINK:
            p = put_hex(put(put_json_path(put(p, "{\"name\":\"path\",\"value\":\""), path), "\",\"raw\":\""), path_raw);
            p = put(p, "\"}");
            break;
        }
        p = put_u(put(p, "],\"ret\":"), (uint64_t)ret);
        p = put_u(put(p, ",\"errno\":null,\"duration_ns\":"), took);
        p = put(p, "}\n");
    }
    out_append(line, (size_t)(p - line));
}

/* A call's two clock readings are the tracer's work: the untraced loop (NONE) takes none, as
 * Burrow's untraced calls take none, so the traced - untraced difference includes them (~10 ns
 * each here; before session 29 both loops read them and the C tracer's cost left them out). */
#define STAMP(f) ((f) != NONE ? __rdtsc() : 0)

/* bench/filechurn's round: create, write 64 bytes, close, stat, unlink; each call timed and traced.
 * (The file's descriptor is 4 here when the trace file holds 3; the same digits either way.) */
static void churn_round(enum format f, const char *path, const unsigned char *payload) {
    struct stat st;
    uint64_t t0 = STAMP(f);
    long fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    uint64_t t1 = STAMP(f);
    if (fd < 0) fail("open");
    if (f != NONE) trace_churn(f, C_OPEN, path, payload, fd, fd, t0, t1);
    t0 = STAMP(f);
    long r = write((int)fd, payload, 64);
    t1 = STAMP(f);
    if (r != 64) fail("write");
    if (f != NONE) trace_churn(f, C_WRITE, path, payload, fd, r, t0, t1);
    t0 = STAMP(f);
    r = close((int)fd);
    t1 = STAMP(f);
    if (r != 0) fail("close");
    if (f != NONE) trace_churn(f, C_CLOSE, path, payload, fd, r, t0, t1);
    t0 = STAMP(f);
    r = stat(path, &st);
    t1 = STAMP(f);
    if (r != 0 || st.st_size != 64) fail("stat");
    if (f != NONE) trace_churn(f, C_STAT, path, payload, fd, r, t0, t1);
    t0 = STAMP(f);
    r = unlink(path);
    t1 = STAMP(f);
    if (r != 0) fail("unlink");
    if (f != NONE) trace_churn(f, C_UNLINK, path, payload, fd, r, t0, t1);
}

/* bench/nosys's call: a number no kernel knows. */
__attribute__((noinline)) static long nosys(void) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(0xFFFF) : "rcx", "r11", "memory");
    return ret;
}

static int model(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: tracefloor --model seqread|write1|nosys|filechurn ARG text|jsonl|none OUT\n");
        return 2;
    }
    enum workload w = strcmp(argv[2], "seqread") == 0 ? SEQREAD : strcmp(argv[2], "nosys") == 0 ? NOSYS
                      : strcmp(argv[2], "filechurn") == 0 ? FILECHURN : WRITE1;
    enum format f = strcmp(argv[4], "text") == 0 ? TEXT : strcmp(argv[4], "jsonl") == 0 ? JSONL : NONE;
    quote_init();
    clock_init();
    static unsigned char buf[4096];
    long calls = 0;
    unsigned long sum = 0;
    long n = w == SEQREAD ? 0 : atol(argv[3]);
    /* filechurn: ARG is N:DIR, the file DIR/tracefloor-churn.PID/f (as bench/filechurn's). */
    char dir[512] = "", path[600] = "";
    if (w == FILECHURN) {
        const char *colon = strchr(argv[3], ':');
        if (!colon) fail("filechurn's ARG is N:DIR");
        snprintf(dir, sizeof dir, "%s/tracefloor-churn.%d", colon + 1, (int)getpid());
        if (mkdir(dir, 0700) != 0) fail(dir);
        snprintf(path, sizeof path, "%s/f", dir);
    }
    int fd = w == SEQREAD ? open(argv[3], O_RDONLY) : w == FILECHURN ? -1 : open("/dev/null", O_WRONLY);
    if (fd < 0 && w != FILECHURN) fail(argv[3]);
    static const unsigned char payload[64] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";
    /* The trace file's opening and final cut are in the window, as in Burrow's whole-process time. */
    double c0 = cpu_seconds();
    if (f != NONE) out_open(argv[5]);
    /* nosys: six register values of the sizes Burrow's trace of bench/nosys shows (a stack
     * address, small numbers, a counter, 32-bit leftovers). */
    for (uint64_t a[6] = {(uint64_t)(uintptr_t)&calls, 3, 0, 0x107fef4f, 0xffffffbf, 0}; w == NOSYS;) {
        a[2] = (uint64_t)calls;
        uint64_t t0 = STAMP(f);
        long r = nosys();
        uint64_t t1 = STAMP(f);
        calls++;
        if (r != -38) { fprintf(stderr, "nosys: %ld, not -ENOSYS\n", r); exit(1); }
        if (f != NONE) trace_nosys(f, a, t0, t1);
        if (calls == n) break;
    }
    for (; w == FILECHURN && calls < n * 5; calls += 5) churn_round(f, path, payload);
    for (; w != NOSYS && w != FILECHURN;) {
        uint64_t t0 = STAMP(f);
        long r = w == SEQREAD ? read(fd, buf, sizeof buf) : write(fd, "x", 1);
        uint64_t t1 = STAMP(f);
        calls++;
        if (r < 0) fail(w == SEQREAD ? "read" : "write");
        if (f != NONE)
            trace_event(f, w, fd, w == SEQREAD ? buf : (const unsigned char *)"x", w == SEQREAD ? sizeof buf : 1, r, t0, t1);
        if (w == SEQREAD) {
            if (r == 0) break;
            sum += buf[0] + buf[r - 1];
        } else if (calls == n) {
            break;
        }
    }
    if (f != NONE) out_close();
    double c1 = cpu_seconds();
    if (fd >= 0) close(fd);
    if (w == FILECHURN) rmdir(dir);
    if (f != NONE && !getenv("TRACEFLOOR_KEEP")) unlink(argv[5]);
    printf("%.6f %ld\n", c1 - c0, calls);
    return sum == 1 ? 3 : 0;   /* the checksum is used, so the reads stay */
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--model") == 0) return model(argc, argv);
    if (argc != 3) {
        fprintf(stderr, "usage: tracefloor TRACE OUT | tracefloor --model W ARG FORMAT OUT\n");
        return 2;
    }
    int in = open(argv[1], O_RDONLY);
    if (in < 0) fail(argv[1]);
    struct stat st;
    if (fstat(in, &st) != 0) fail("fstat");
    size_t size = (size_t)st.st_size;
    char *src = malloc(size ? size : 1);
    if (!src) fail("malloc");
    for (size_t done = 0; done < size;) {
        ssize_t r = read(in, src + done, size - done);
        if (r <= 0) fail("read");
        done += (size_t)r;
    }
    close(in);
    out_open(argv[2]);
    double t0 = cpu_seconds();
    for (size_t start = 0; start < size;) {
        const char *nl = memchr(src + start, '\n', size - start);
        size_t n = (nl ? (size_t)(nl - src) + 1 : size) - start;   // one record, its newline included
        out_append(src + start, n);
        start += n;
    }
    out_close();
    double t1 = cpu_seconds();
    unlink(argv[2]);
    printf("%.6f\n", t1 - t0);
    return 0;
}
