/* fuzz: seeded, reproducible random ToyOS system calls (docs/fuzzing.md). Run it only through
 * tools/fuzz (or the integration tests), which sandbox it: --root on a scratch directory, its own
 * session, stdin from /dev/null, a timeout, and BURROW_DEBUG_CHECKS.
 *
 *   fuzz run SEED COUNT [-v]   COUNT random calls; -v prints each call before making it
 *   fuzz sweep                 every number 0..255 once with harmless arguments: "NR VALUE ERROR"
 *   fuzz canary                writes to the reserved page above the stack (tests the canaries)
 *
 * Arguments are drawn from interesting values (0, -1, huge, page edges, valid buffers, unmapped
 * memory, the stack's guard page, the reserved ranges, host and kernel addresses, wrapping
 * ranges), per argument kind. What keeps the run itself alive and harmless (see `sandbox`):
 *   - fd 0 (/dev/null), fds 1 and 2 (the report) and the keepers (900+: a dup of every pipe's
 *     read end, so no write ever raises SIGPIPE) are never closed, replaced or written to;
 *   - memory calls only touch the fuzzer's arena or ranges that must be refused, never its own
 *     image, stack or buffers; set_tls is undone at once;
 *   - kill only targets its own pid, with signals whose default action is to ignore (or invalid);
 *   - nothing can block: pipes and F_SETFL always get O_NONBLOCK, poll and nanosleep are bounded,
 *     waitpid gets WNOHANG, alarm is 0 or a million seconds, a forked child exits at once;
 *   - sigreturn is made with rsp on an invalid address, exec with paths that are not programs;
 *   - paths are relative names under --root; /dev/null, /dev/zero and /proc/self/fd/0 only for
 *     calls that do not modify, and symbolic links only to names in the root (chmod or utimens
 *     there would reach the host's file through the standard binds);
 *   - sigaction installs only SIG_DFL or SIG_IGN.
 * Every 4096 calls it closes its descriptors and removes its files, so nothing grows without bound.
 * The Linux twin only says it is ToyOS-only. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <toyos/abi.h>

#ifndef __TOYOS__
int main(void) {
    static const char msg[] = "fuzz: ToyOS only\n";
    write(1, msg, sizeof msg - 1);
    return 0;
}
#else

/* rax = regs[0] (all 64 bits: the upper half must be ignored), rdi..r9 = regs[1..6]. */
struct toy_result fuzz_raw(const uint64_t *regs);
/* The same with rsp = bad_rsp during the int 0x81 (sigreturn with no readable frame). */
struct toy_result fuzz_raw_badstack(const uint64_t *regs, uint64_t bad_rsp);
__asm__(
    ".text\n"
    ".globl fuzz_raw\n"
    "fuzz_raw:\n"
    "    push %rbx\n"
    "    mov %rdi, %rbx\n"
    "    mov 0(%rbx), %rax\n  mov 8(%rbx), %rdi\n  mov 16(%rbx), %rsi\n  mov 24(%rbx), %rdx\n"
    "    mov 32(%rbx), %rcx\n mov 40(%rbx), %r8\n  mov 48(%rbx), %r9\n"
    "    int $0x81\n"
    "    pop %rbx\n"
    "    ret\n"
    ".globl fuzz_raw_badstack\n"
    "fuzz_raw_badstack:\n"
    "    push %rbx\n  push %rbp\n"
    "    mov %rdi, %rbx\n  mov %rsp, %rbp\n"
    "    mov 0(%rbx), %rax\n  mov 8(%rbx), %rdi\n"
    "    mov %rsi, %rsp\n"
    "    int $0x81\n"
    "    mov %rbp, %rsp\n"
    "    pop %rbp\n  pop %rbx\n"
    "    ret\n");

/* ---- output without libc buffering (a crash must not lose lines) ---- */
static void out(const char *s) { toy_sys_write(1, s, strlen(s)); }
static void out_u(uint64_t v, int base) {
    char b[24]; int n = 0;
    do { b[n++] = "0123456789abcdef"[v % base]; v /= base; } while (v);
    char r[26]; int k = 0;
    if (base == 16) { r[k++] = '0'; r[k++] = 'x'; }
    while (n) r[k++] = b[--n];
    toy_sys_write(1, r, k);
}

/* ---- the generator (splitmix64: one seed, one sequence) ---- */
static uint64_t state;
static uint64_t rnd(void) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t pick(const uint64_t *v, int n) { return v[rnd() % n]; }
#define PICK(a) pick(a, (int)(sizeof a / sizeof a[0]))

/* ---- memory the fuzzer owns ---- */
#define POOL_SIZE (64 * 1024)
/* The buffer pool is a mapping of its own with unmapped pages on both sides: a call given a
 * buffer near its end, with a length that runs past it, must fail with EFAULT instead of writing
 * over the fuzzer's own variables (which would be a legal write, and a crash of the guest). */
#define POOL_ADDRESS ((uint64_t)0xD0000000000ULL)
static unsigned char *const pool = (unsigned char *)(uintptr_t)POOL_ADDRESS;
#define ARENA ((uint64_t)0xE0000000000ULL)
#define ARENA_SIZE ((uint64_t)1 << 20)
#define PAGE 4096ULL
#define GUARD (0xFFFFFFFF000ULL - (8ULL << 20) - PAGE)
#define KEEPERS 900

static uint64_t tls_base;
static int64_t own_pid;
static int keepers;
static int verbose;

/* Addresses that must never be usable: every call that takes one fails with EFAULT (or, for the
 * memory calls, EINVAL/ENOMEM) and Burrow must not crash or touch anything. */
static const uint64_t bad_addresses[] = {
    0, 1, 0xFFF, 0x10000 - 8, 0x7F000000, 0x80000000, 0xFFFFF000, GUARD, GUARD + 8, 0xFFFFFFFF000ULL,
    0x100000000000ULL, 0x555555554000ULL, 0x7F0000000000ULL, 0x7FFFFFFFF000ULL, 0x800000000000ULL,
    0xFFFF800000000000ULL, 0xFFFFFFFFFFFFF000ULL, 0xFFFFFFFFFFFFFFFFULL, 0xE0000000000ULL - PAGE,
};
static const uint64_t numbers[] = {
    0, 1, 2, 3, 7, 8, 16, 255, 256, 4095, 4096, 4097, 65535, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
    0x100000000ULL, 0x100000003ULL, 0x5A5A5A5A00000003ULL, 0x7FFFF000, 0x7FFFFFFFFFFFFFFFULL,
    0x8000000000000000ULL, 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF80000000ULL,
};
static const char *const names[] = {
    "a", "b", "d", "d/x", "d/y", "d/y/z", "/a", "/d/x", "/", ".", "..", "../../..", "/../../etc/passwd",
    "a/", "//a", "d/../a", "l", "l/x", "\xff\xfe", "/proc/self/fd/0",
};
static const char *const devices[] = { "/dev/null", "/dev/zero" };

static uint64_t any_number(void) {
    switch (rnd() % 4) {
    case 0: return rnd();
    case 1: return rnd() % 8192;
    default: return PICK(numbers);
    }
}

/* A buffer pointer: mostly inside the pool (sometimes so near its end that the length runs
 * past it), otherwise a bad address. */
static uint64_t any_pointer(void) {
    uint64_t base = (uint64_t)(uintptr_t)pool;
    switch (rnd() % 8) {
    case 0: case 1: return PICK(bad_addresses);
    case 2: return base + POOL_SIZE - (rnd() % 64);
    case 3: return base + (rnd() % POOL_SIZE);
    default: return base + (rnd() % 16) * 4096;
    }
}

/* A path: a name from the list written into the pool, a long or unterminated string, or a bad
 * address. `modifies`: never a device. */
static uint64_t any_path(int modifies) {
    uint64_t slot = (rnd() % 8) * 4096;
    char *p = (char *)pool + slot;
    switch (rnd() % 10) {
    case 0: return PICK(bad_addresses);
    case 1: { /* longer than NAME_MAX, or than PATH_MAX, or with no NUL before the pool's end */
        static const uint64_t lengths[] = { 256, 300, 4095, 4096, 5000 };
        uint64_t n = PICK(lengths);
        char *q = (char *)pool + POOL_SIZE - 8192;
        memset(q, 'n', 8192);
        if (n < 8192) q[n] = 0;
        if (rnd() % 2 == 0) return (uint64_t)(uintptr_t)(pool + POOL_SIZE - 3);  /* "nnn" and the end */
        return (uint64_t)(uintptr_t)q;
    }
    case 2:
        if (!modifies) { strcpy(p, devices[rnd() % 2]); return (uint64_t)(uintptr_t)p; }
        /* fall through */
    default: {
        const char *name = names[rnd() % (sizeof names / sizeof names[0])];
        /* /proc/self/fd/N reaches whatever the descriptor is (stdin is the host's /dev/null):
           never for a call that modifies. */
        if (modifies && strncmp(name, "/proc/", 6) == 0) name = "a";
        strcpy(p, name);
        return (uint64_t)(uintptr_t)p;
    }
    }
}

static uint64_t any_fd(void) {
    static const uint64_t odd[] = { (uint64_t)-1, 1023, 1024, 0x7FFFFFFF, 0x80000000, 0x100000003ULL, 0x5A5A5A5A00000004ULL };
    uint64_t v = rnd() % 4 == 0 ? PICK(odd) : rnd() % 24;
    uint32_t low = (uint32_t)v;
    /* Standard input (host /dev/null), the report and the keepers. Standard input too: with a pipe
       there (dup2, or closed and then the lowest number for a new pipe), an open of
       /proc/self/fd/0 for reading and writing makes a new, blocking description of the pipe that
       is also its writer, and a read of it then waits forever (natively too). */
    if (low <= 2 || (low >= KEEPERS && low < 1024)) v = 3;
    return v;
}

/* Addresses for map/unmap/protect: the arena (aligned or not) or places that must be refused. */
static uint64_t memory_address(int *inside) {
    *inside = 0;
    switch (rnd() % 4) {
    case 0: case 1: *inside = 1; return ARENA + (rnd() % (ARENA_SIZE / PAGE)) * PAGE;
    case 2: *inside = 1; return ARENA + rnd() % ARENA_SIZE;
    default: return PICK(bad_addresses);
    }
}

/* Argument kinds, one letter each: f fd, i int, e enumeration, F flags, m mode, n number (size,
 * offset, uint, hex), P path (read only), W path (modified), b buffer or structure, A address,
 * L length of a memory call, v string array, k pid. */
struct row { uint32_t nr; const char *kinds; };
static const struct row rows[] = {
    { TOY_SYS_fork, "" }, { TOY_SYS_exec, "Pvv" }, { TOY_SYS_waitpid, "kbF" }, { TOY_SYS_getpid, "" },
    { TOY_SYS_getppid, "" }, { TOY_SYS_kill, "ke" }, { TOY_SYS_setpgid, "kk" }, { TOY_SYS_getpgid, "k" },
    { TOY_SYS_yield, "" }, { TOY_SYS_sysinfo, "b" },
    { TOY_SYS_open, "PFm" }, { TOY_SYS_close, "f" }, { TOY_SYS_read, "fbn" }, { TOY_SYS_write, "fbn" },
    { TOY_SYS_pread, "fbnn" }, { TOY_SYS_pwrite, "fbnn" }, { TOY_SYS_lseek, "fne" }, { TOY_SYS_fcntl, "fen" },
    { TOY_SYS_poll, "bni" }, { TOY_SYS_dup, "f" }, { TOY_SYS_dup2, "ff" }, { TOY_SYS_pipe, "bF" },
    { TOY_SYS_ftruncate, "fn" }, { TOY_SYS_fsync, "f" }, { TOY_SYS_stat, "Pb" }, { TOY_SYS_fstat, "fb" },
    { TOY_SYS_lstat, "Pb" },
    { TOY_SYS_readdir, "fbn" }, { TOY_SYS_mkdir, "Wm" }, { TOY_SYS_rmdir, "W" }, { TOY_SYS_unlink, "W" },
    { TOY_SYS_rename, "WW" }, { TOY_SYS_link, "WW" }, { TOY_SYS_symlink, "PW" }, { TOY_SYS_readlink, "Pbn" },
    { TOY_SYS_chdir, "P" }, { TOY_SYS_getcwd, "bn" }, { TOY_SYS_access, "PF" }, { TOY_SYS_chmod, "Wm" },
    { TOY_SYS_utimens, "WbF" },
    { TOY_SYS_map, "ALFFfn" }, { TOY_SYS_unmap, "AL" }, { TOY_SYS_protect, "ALF" }, { TOY_SYS_set_tls, "n" },
    { TOY_SYS_clock_gettime, "eb" }, { TOY_SYS_nanosleep, "nb" }, { TOY_SYS_alarm, "n" }, { TOY_SYS_getrandom, "bnF" },
    { TOY_SYS_sigaction, "ebb" }, { TOY_SYS_sigprocmask, "ebb" }, { TOY_SYS_sigreturn, "" },
    { TOY_SYS_tcgetattr, "fb" }, { TOY_SYS_tcsetattr, "feb" }, { TOY_SYS_isatty, "f" }, { TOY_SYS_tcgetwinsize, "fb" },
    { TOY_SYS_tcgetpgrp, "f" }, { TOY_SYS_tcsetpgrp, "fk" },
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static uint64_t arg_of_kind(char kind, int *inside, uint64_t addr) {
    switch (kind) {
    case 'f': return any_fd();
    case 'k': { static const uint64_t pids[] = { 0, (uint64_t)-1, 0x7FFFFFFF, 0xFFFFFFFF00000000ULL };
                return rnd() % 2 ? (uint64_t)own_pid | (rnd() << 32) : PICK(pids); }
    case 'i': case 'e': case 'F': case 'm': case 'n': return any_number();
    case 'P': return any_path(0);
    case 'W': return any_path(1);
    case 'b': case 'v': return any_pointer();
    case 'A': return memory_address(inside);
    case 'L': { /* inside the arena: lengths that stay in it; elsewhere anything */
        static const uint64_t small[] = { 0, 1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, ARENA_SIZE };
        if (*inside) { uint64_t n = PICK(small); return addr - ARENA + n <= ARENA_SIZE ? n : ARENA + ARENA_SIZE - addr; }
        return any_number();
    }
    default: return 0;
    }
}

/* Makes a drawn call harmless to the run (see the comment at the top). Returns 0 to skip it. */
static int sandbox(uint64_t *r) {
    uint32_t nr = (uint32_t)r[0];
    switch (nr) {
    case TOY_SYS_exit: return 0;
    case TOY_SYS_kill: {
        static const uint64_t sigs[] = { 0, TOY_SIGCHLD, TOY_SIGWINCH, TOY_SIGCONT, 24, 100, 0xFFFFFFFF };
        r[1] = (uint64_t)own_pid | (rnd() << 32);
        r[2] = PICK(sigs) | (rnd() << 32);
        return 1;
    }
    case TOY_SYS_waitpid: r[3] |= TOY_WNOHANG; return 1;
    case TOY_SYS_alarm: r[1] = rnd() % 2 ? 0 : 1000000; return 1;
    case TOY_SYS_nanosleep: r[1] %= 1000000; return 1;
    case TOY_SYS_poll: r[3] = rnd() % 2; return 1;   /* 0 or 1 ms (any upper bits are ignored: int) */
    case TOY_SYS_pipe:
        if (keepers >= 64) r[1] = 0;     /* NULL: EFAULT, no new pipe */
        r[2] |= TOY_O_NONBLOCK;
        return 1;
    case TOY_SYS_fcntl:
        if ((uint32_t)r[2] == TOY_F_SETFL) r[3] |= TOY_O_NONBLOCK;
        return 1;
    case TOY_SYS_sigaction:
        /* A handler can only be SIG_DFL or SIG_IGN: the fuzzer has no handlers to run. An act
           outside the pool (its own image or stack) could hold any address: only NULL then. */
        if (r[2] >= (uint64_t)(uintptr_t)pool && r[2] <= (uint64_t)(uintptr_t)pool + POOL_SIZE - 8)
            *(uint64_t *)(uintptr_t)r[2] = rnd() % 2;
        else if (r[2] >= 0x10000 && r[2] < 0x100000000000ULL)
            r[2] = 0;
        return 1;
    case TOY_SYS_symlink: {
        /* A link to a device or /proc would let a later chmod or utimens of the link reach the
           host's file through the standard binds: targets are names inside the scratch root. */
        static const char *const targets[] = { "a", "d/x", "/a", "..", "l", "missing" };
        r[1] = (uint64_t)(uintptr_t)targets[rnd() % 6];
        return 1;
    }
    default: return 1;
    }
}

static void print_call(uint64_t k, const uint64_t *r) {
    out("call "); out_u(k, 10);
    for (int i = 0; i < 7; i++) { out(" "); out_u(r[i], 16); }
    out("\n");
}

static struct toy_result make_call(uint64_t *r) {
    uint32_t nr = (uint32_t)r[0];
    if (nr == TOY_SYS_sigreturn) return fuzz_raw_badstack(r, PICK(bad_addresses) & ~15ULL);
    struct toy_result res = fuzz_raw(r);
    if (nr == TOY_SYS_fork && !res.error && res.value == 0) toy_sys_exit(0);   /* the child */
    if (nr == TOY_SYS_fork && !res.error && res.value > 0) toy_sys_waitpid((int)res.value, 0, 0);   /* no zombies pile up */
    if (nr == TOY_SYS_set_tls) toy_sys_set_tls(tls_base);
    if (nr == TOY_SYS_pipe && !res.error) {
        int rd = *(int *)(uintptr_t)r[1];
        struct toy_result k = toy_sys_fcntl(rd, TOY_F_DUPFD, KEEPERS + keepers);
        if (!k.error) keepers++;
    }
    return res;
}

/* Closes every descriptor above 2 (keepers too when `all`), removes the files the names can
 * reach, and goes back to the root. */
static void cleanup(int all) {
    for (int fd = 3; fd < 1024; fd++)
        if (all || fd < KEEPERS) toy_sys_close(fd);
    if (all) keepers = 0;
    toy_sys_chdir("/");
    static const char *const files[] = { "d/y/z", "d/x", "d/y", "a", "b", "l", "d", "/a", "/d/x" };
    for (int round = 0; round < 2; round++)
        for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
            toy_sys_unlink(files[i]);
            toy_sys_rmdir(files[i]);
        }
}

static int run(uint64_t seed, uint64_t count) {
    /* Standard input from /dev/null, whatever the caller gave: a pipe as stdin could be opened for
       writing through /proc/self/fd/0, and a read of it would then wait forever. */
    toy_sys_close(0);
    toy_sys_open("/dev/null", TOY_O_RDONLY, 0);
    state = seed;
    uint64_t errors = 0, unknown = 0;
    for (uint64_t k = 0; k < count; k++) {
        uint64_t r[7];
        if (rnd() % 16 == 0) {
            /* An unknown number (upper half of rax garbage, too). */
            r[0] = (rnd() % 2 ? 118 + rnd() % 400 : rnd()) | (rnd() << 32);
            uint32_t low = (uint32_t)r[0];
            int known = 0;
            for (int i = 0; i < NROWS; i++) if (rows[i].nr == low) known = 1;
            if (known || low == TOY_SYS_exit) r[0] = 0;
            for (int i = 1; i < 7; i++) r[i] = any_number();
            unknown++;
        } else {
            const struct row *row = &rows[rnd() % NROWS];
            int inside = 0;
            r[0] = row->nr | (rnd() % 4 == 0 ? rnd() << 32 : 0);
            uint64_t addr = 0;
            for (int i = 1; i < 7; i++) {
                char kind = row->kinds[0] ? row->kinds[i - 1] : 0;
                if (kind == 0) { r[i] = rnd() % 4 ? any_number() : 0; for (int j = i + 1; j < 7; j++) r[j] = any_number(); break; }
                r[i] = arg_of_kind(kind, &inside, addr);
                if (kind == 'A') addr = r[i];
                if (!row->kinds[i]) { for (int j = i + 1; j < 7; j++) r[j] = any_number(); break; }
            }
            /* A row whose call must not run (exit) is skipped, but still draws the same numbers. */
            if (!sandbox(r)) continue;
        }
        if (verbose) print_call(k, r);
        struct toy_result res = make_call(r);
        if (res.error) errors++;
        if ((k + 1) % 4096 == 0) cleanup(0);
        if ((k + 1) % 10000 == 0) { out("fuzz: "); out_u(k + 1, 10); out(" calls\n"); }
    }
    cleanup(1);
    out("fuzz: seed "); out_u(seed, 10); out(": "); out_u(count, 10); out(" calls done ("); out_u(errors, 10);
    out(" failed, "); out_u(unknown, 10); out(" unknown numbers)\n");
    return 0;
}

/* Every number from 0 to 255 once, with arguments no call can act on harmfully: NULL pointers, fd
 * -1, the calls that could end or fork the process defused as in `run`. Prints "NR VALUE ERROR". */
static int sweep(void) {
    for (uint64_t nr = 0; nr < 256; nr++) {
        if (nr == TOY_SYS_exit) continue;
        uint64_t r[7] = { nr, 0, 0, 0, 0, 0, 0 };
        switch (nr) {
        case TOY_SYS_kill: r[1] = (uint64_t)own_pid; break;            /* signal 0: a check */
        case TOY_SYS_close: case TOY_SYS_dup: case TOY_SYS_fsync: case TOY_SYS_isatty:
        case TOY_SYS_tcgetpgrp: case TOY_SYS_fcntl: case TOY_SYS_lseek: case TOY_SYS_ftruncate:
        case TOY_SYS_fstat: case TOY_SYS_tcgetattr: case TOY_SYS_tcsetattr: case TOY_SYS_tcgetwinsize:
        case TOY_SYS_readdir: case TOY_SYS_read: case TOY_SYS_write: case TOY_SYS_pread: case TOY_SYS_pwrite:
        case TOY_SYS_tcsetpgrp:
            r[1] = (uint64_t)-1; break;
        case TOY_SYS_dup2: r[1] = (uint64_t)-1; r[2] = (uint64_t)-1; break;
        case TOY_SYS_waitpid: r[3] = TOY_WNOHANG; break;
        case TOY_SYS_set_tls: r[1] = tls_base; break;
        case TOY_SYS_getpgid: case TOY_SYS_setpgid: r[1] = 0x7FFFFFFF; break;   /* no such process */
        default: break;
        }
        struct toy_result res = make_call(r);
        out_u(nr, 10); out(" "); out_u((uint64_t)res.value, 10); out(" "); out_u((uint64_t)res.error, 10); out("\n");
    }
    return 0;
}

static uint64_t parse(const char *s) {
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (uint64_t)(*s++ - '0');
    return v;
}

int main(int argc, char **argv) {
    tls_base = *(__seg_gs uint64_t *)0;   /* struct __toy_tls.self */
    own_pid = toy_sys_getpid().value;
    /* The arena: map and unmap calls work inside it (MAP_FIXED_NOREPLACE: it must be free). */
    struct toy_result m = toy_sys_map(ARENA, ARENA_SIZE, TOY_PROT_READ | TOY_PROT_WRITE,
                                      TOY_MAP_PRIVATE | TOY_MAP_ANON | TOY_MAP_FIXED_NOREPLACE, -1, 0);
    if (m.error) { out("fuzz: cannot map the arena\n"); return 2; }
    m = toy_sys_map(POOL_ADDRESS, POOL_SIZE, TOY_PROT_READ | TOY_PROT_WRITE,
                    TOY_MAP_PRIVATE | TOY_MAP_ANON | TOY_MAP_FIXED_NOREPLACE, -1, 0);
    if (m.error) { out("fuzz: cannot map the buffer pool\n"); return 2; }
    if (argc >= 2 && strcmp(argv[1], "sweep") == 0) return sweep();
    if (argc >= 2 && strcmp(argv[1], "canary") == 0) {
        /* What a Burrow bug that wrote outside the guest's memory would do: the reserved page above
         * the stack holds a canary under BURROW_DEBUG_CHECKS (and is unmapped otherwise: a crash). */
        *(volatile uint64_t *)(uintptr_t)0xFFFFFFFF000ULL = 42;
        toy_sys_getpid();
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "run") == 0) {
        verbose = argc >= 5 && strcmp(argv[4], "-v") == 0;
        return run(parse(argv[2]), parse(argv[3]));
    }
    out("usage: fuzz run SEED COUNT [-v] | fuzz sweep | fuzz canary\n");
    return 2;
}
#endif
