// The tracer's clock, and the lane's traced calls rendered in C (tracelane.c).
//
// The clock (burrow_event_clock) is BurrowTrace's EventClock: CLOCK_MONOTONIC read through the
// time-stamp counter. It lives here, in one C struct, so that the Swift tracer and the C renderer
// read one clock: a call's start and end and the order of events agree whichever side wrote the
// event.
//
// The renderer (burrow_lane_trace) writes the text line or JSON Lines record of a call the quick
// lane made for a tracer (read, write, pread, pwrite, getpid, getppid), byte for byte as
// BurrowTrace's Tracer.laneLine writes it (LaneTraceTests), and, handed over by Swift's didCall, a
// trapped call of an unknown number (renderText's and renderJSONL's bytes), and, in two halves
// from willCall and didCall (burrow_trace_call_begin, _end), a trapped or dispatched call whose
// arguments are all of kinds it shows, where the
// configuration is the default one: every result shown, no summary, no descriptor paths, no
// stack. Swift's tracer fills
// it (its rows, fragments and switches) and keeps it in step; Swift's observer stays the reference
// and takes every call the renderer does not. docs/performance.md section 3 has why: a Swift
// event cost +0.30 µs over the untraced read before its bytes were quoted, the C tracer's +0.09.
// (Included at the end of burrow_runtime.h, whose definitions it uses.)
#ifndef BURROW_TRACELANE_H
#define BURROW_TRACELANE_H

#include <stdint.h>
#include <stddef.h>
#include <time.h>

// MARK: - The clock

/// EventClock's state (Clock.swift has the method). `rate`: nanoseconds per tick × 2^32 (0: not
/// measured yet, every reading exact).
typedef struct burrow_event_clock {
    uint64_t base_ticks, base_ns;       // the first anchor (the rate's baseline)
    uint64_t anchor_ticks, anchor_ns;   // the last one
    uint64_t rate;
    uint64_t last;                      // the last reading returned (none goes below it)
    uint64_t exact_readings;            // how many were clock_gettime's (the tests' proof)
    /// Tests: nonzero, every exact reading returns it and changes nothing (a clock whose anchor
    /// lies ahead of the counter then reads only this, and converts ticks by the state it was
    /// given: both sides of an event compared byte for byte read the same times).
    uint64_t fixed_exact;
    uint32_t use_tsc;
} burrow_event_clock;

/// An exact reading is taken again after this many ticks (~1.6 ms at 2.6 GHz).
#define BURROW_CLOCK_ANCHOR_SPAN (1ull << 22)
/// How long a baseline the rate needs before readings use it.
#define BURROW_CLOCK_CALIBRATION_NS 1000000ull

static inline uint64_t burrow_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void burrow_event_clock_init(burrow_event_clock *c, int use_tsc);
/// A new anchor, and the rate from the baseline to it: an exact reading.
uint64_t burrow_event_clock_exact(burrow_event_clock *c);

/// CLOCK_MONOTONIC now: from the anchor at the rate, or exact.
static inline uint64_t burrow_event_clock_now(burrow_event_clock *c) {
    if (!c->use_tsc) return burrow_monotonic_ns();
    uint64_t t = __builtin_ia32_rdtsc();
    uint64_t dt = t - c->anchor_ticks;   // (a counter that ran backwards: huge)
    if (dt >= BURROW_CLOCK_ANCHOR_SPAN || c->rate == 0) return burrow_event_clock_exact(c);
    uint64_t ns = c->anchor_ns + ((dt * c->rate) >> 32);   // (dt < 2^22, rate < 2^34: no overflow)
    if (ns > c->last) c->last = ns;
    return c->last;
}

/// The time of an earlier counter reading `t` of this thread (the lane's start of a traced call),
/// from the latest anchor at the rate; only with a rate. Never before the last reading returned
/// (events stay in order), which it becomes.
static inline uint64_t burrow_event_clock_at(burrow_event_clock *c, uint64_t t) {
    uint64_t ns;
    if (t >= c->anchor_ticks) {
        ns = c->anchor_ns + (uint64_t)(((unsigned __int128)(t - c->anchor_ticks) * c->rate) >> 32);
    } else {
        uint64_t back = (uint64_t)(((unsigned __int128)(c->anchor_ticks - t) * c->rate) >> 32);
        ns = back < c->anchor_ns ? c->anchor_ns - back : 0;
    }
    if (ns > c->last) c->last = ns;
    return c->last;
}

// MARK: - The trace file's window

/// The mapped window of a trace file (BurrowTrace's MappedTraceFile keeps its position here, in
/// the TraceWriter's block): both the Swift writer and the renderer append through it.
typedef struct burrow_trace_window {
    uint8_t *window;                     // the shared mapping (NULL: none now; Swift maps it again)
    uint64_t window_start;               // the file offset it maps from
    uint64_t offset;                     // the trace's end
    uint64_t allocated;                  // the file's size: spaces run ahead of `offset`
    /// The fault-tolerant copy (burrow_safe_copy_short in Burrow): 0 when every byte was copied.
    size_t (*copy)(void *dst, const void *src, size_t n);
} burrow_trace_window;
#define BURROW_TRACE_WINDOW_SIZE (8u << 20)

/// Appends n bytes where the window and the file's spaces already hold them, as
/// MappedTraceFile.append's common case does: 1, or 0 when Swift's append must (move the window,
/// grow the file, write a huge event, meet a copy that faulted).
static inline int burrow_trace_window_append(burrow_trace_window *w, const void *p, size_t n) {
    uint64_t end = w->offset + n;
    if (!w->window || n > BURROW_TRACE_WINDOW_SIZE / 2 || end > w->allocated || w->offset < w->window_start ||
        end > w->window_start + BURROW_TRACE_WINDOW_SIZE)
        return 0;
    uint8_t *at = w->window + (w->offset - w->window_start);
    if (w->copy(at, p, n) != 0) return 0;   // (Swift's append copies again, meets the fault, reports it)
    // The next events' lines asked for now (MappedTraceFile.append has the measurements).
    burrow_prefetch_write(at + n);
    w->offset = end;
    return 1;
}

// MARK: - The renderer

/// How an argument is shown (the table's ArgKind, as Tracer.laneLine shows it).
enum {
    BURROW_LT_SIGNED = 1,     // decimal of the decoded value as signed (int, pid, fd without -y; offset)
    BURROW_LT_UNSIGNED,       // decimal (uint, size)
    BURROW_LT_BUFFER,         // a quoted buffer: NULL, its bytes up to the string limit, or its address
};
/// The kinds only a trapped or dispatched call's recipe (burrow_trace_call_row) has:
enum {
    BURROW_LT_HEX = 16,       // `0x...` (hex)
    BURROW_LT_ADDRESS,        // NULL or `0x...` (address)
    BURROW_LT_MODE,           // octal, `0644` (mode)
    BURROW_LT_FLAGS,          // names `|`-joined, leftover bits in hex (flags: `set`)
    BURROW_LT_ENUM,           // a name, or the signed decimal (enumeration: `set`)
    BURROW_LT_PATH,           // a quoted C string of at most PATH_MAX bytes, NULL, or the address
    BURROW_LT_BUFFER_OUT,     // a buffer the call fills: quoted after a success (`length`)
    BURROW_LT_PATH_OUT,       // the same, shown whole up to PATH_MAX (getcwd's)
    BURROW_LT_STAT_OUT,       // struct stat after a success: `{mode=S_IFREG|0644, size=N, ...}`
};
/// A length's source (BURROW_LT_BUFFER): argument `length` (0-5), or the result.
#define BURROW_LT_LENGTH_RESULT 255
/// How the result is shown.
enum { BURROW_LT_RET_SIGNED = 0, BURROW_LT_RET_HEX, BURROW_LT_RET_NONE };

typedef struct burrow_lane_trace_arg {
    uint8_t kind;             // BURROW_LT_*
    uint8_t length;           // BURROW_LT_BUFFER: the length's argument, or BURROW_LT_LENGTH_RESULT
    uint16_t json_head_count;
    const uint8_t *json_head; // `{"name":"NAME","value":"`
} burrow_lane_trace_arg;

/// A call number's recipe (`present` 0, an all-zero row: not rendered here).
typedef struct burrow_lane_trace_row {
    uint8_t present;          // 1: rendered here (traced, and every argument's kind is one above)
    uint8_t nargs;            // at most 4
    uint8_t ret;              // BURROW_LT_RET_*
    uint8_t name_count;
    uint16_t json_row_count;
    uint32_t widths;          // the arguments' decoding (4 bits each: 1 signed32, 2 unsigned32, 3 full)
    const uint8_t *name;
    const uint8_t *json_row;  // `,"number":N,"name":"NAME","class":[...]`
    burrow_lane_trace_arg args[4];
} burrow_lane_trace_row;

#define BURROW_LANE_TRACE_ROWS 256

/// A constant set (BurrowTrace's PreparedSet) as the renderer reads it: at most 64 entries.
typedef struct burrow_trace_set {
    uint32_t count, match_count;
    const uint64_t *values;
    const uint8_t *const *names;
    const uint32_t *name_counts;
    const uint32_t *match_order;   // bits: entries to try, widest first
    const uint8_t *zero_name;      // bits: the name of the value 0 (NULL: `0`)
    uint32_t zero_count;
    /// Bits: the last value shown and its bytes (memo_count 0: none yet). A program passes the
    /// same flags again and again (open's), and matching them costs a walk of the set.
    uint32_t memo_count;
    uint64_t memo_value;
    uint8_t memo[112];
} burrow_trace_set;

typedef struct burrow_trace_call_arg {
    uint8_t kind;             // BURROW_LT_*
    uint8_t length;           // buffers: the length's argument, or BURROW_LT_LENGTH_RESULT
    uint16_t json_head_count;
    const uint8_t *json_head; // `{"name":"NAME","value":"`
    burrow_trace_set *set;
} burrow_trace_call_arg;

/// A call number's recipe for a call the tracer hears of before and after it (willCall,
/// didCall: trapped, or dispatched from a patched stub), `present` 0: Swift's.
typedef struct burrow_trace_call_row {
    uint8_t present;
    /// How the personality may hand this number over whole (burrow_trace_direct_begin):
    /// BURROW_TD_ROW (present, and nothing but the event to tell: not fork, whose failure the
    /// session hears of), BURROW_TD_UNKNOWN (a traced number the table does not have), or 0.
    uint8_t direct;
    uint8_t nargs;            // at most 6
    uint8_t ret;              // BURROW_LT_RET_SIGNED or _HEX
    uint8_t name_count;
    uint16_t json_row_count;
    uint32_t widths;          // ArgWidth.codes
    const uint8_t *name;
    const uint8_t *json_row;
    burrow_trace_call_arg args[6];
} burrow_trace_call_row;

/// One staged argument's bytes hold at most a quoted PATH_MAX (5 bytes a byte, JSON's worst) and
/// its marks; the staging room is six of them.
#define BURROW_TRACE_ARG_ROOM (5 * 4096 + 64)

/// Writes an event's bytes to the tracer's writer (Swift's TraceWriter: its mapping, its stream).
typedef void (*burrow_lane_trace_commit)(void *context, const uint8_t *bytes, size_t count);

typedef struct burrow_lane_trace {
    /// Nonzero while the tracer's configuration lets this renderer write lane calls (Swift sets it
    /// whenever what it depends on changes: a fork's child until its fork call returns is Swift's).
    uint32_t on;
    uint32_t json;                       // JSON Lines (else text)
    /// Nonzero while an event is built: an emergency flush (from a signal handler) must not cut
    /// the file mid-event.
    volatile uint32_t busy;
    uint32_t string_limit;               // strace -s (at most BURROW_LANE_TRACE_LIMIT here)
    uint32_t path_limit;                 // a path's (PATH_MAX, ArgDecoder's pathLimit; at most the same)
    uint64_t max_transfer;               // a length's cap (ToyOS.maxTransfer)
    burrow_event_clock *clock;
    uint64_t wall_offset;                // WallClock.offset: epoch ns = monotonic + this
    const uint32_t *quote_table;         // ByteBuffer.quoteTable (JSON's escapes derived from it)
    /// Nonzero: escapes computed sixteen bytes a step (AVX-512; set by burrow_lane_trace_new where
    /// burrow_trace_quote_vector_available), else read from the table a byte at a time.
    uint32_t quote_vector;
    uint8_t ids[64];                     // `[pid N] ` (text) or `,"pid":N,"tid":T` (JSON)
    uint32_t ids_count;
    /// ENOSYS as an unknown call's failure shows it: `ENOSYS (Function not implemented)` (text)
    /// or `ENOSYS` (JSON); none (0): unknown calls are Swift's.
    uint8_t enosys[64];
    uint32_t enosys_count;
    /// Nonzero while the personality may hand its trapped and dispatched calls here whole
    /// (burrow_trace_direct_begin and _end): `on`, and nothing the tracer's Swift observer adds
    /// (every status shown, no stack frames; Tracer.updateLaneRenderer). Numbers from
    /// BURROW_LANE_TRACE_ROWS on are traced unknown calls when `direct_beyond`.
    uint32_t direct;
    uint32_t direct_beyond;
    uint32_t unknown_errno;              // ENOSYS's number (the failure render_unknown shows)
    /// The call handed over whole and not yet written: 0 none, else its row's `direct` kind;
    /// Swift's didCall adopts it when the personality tells Swift of its end instead.
    uint32_t pending;
    uint32_t call_fast;                  // it came through a patched stub
    uint64_t call_start;                 // monotonic, as Tracer.willCall reads it
    burrow_lane_trace_commit commit;
    void *commit_context;
    /// The writer's window (NULL: a stream or memory writer): an event appended here directly, the
    /// writer's buffer being empty between events whenever its file is mapped; else `commit`.
    burrow_trace_window *window;
    /// The wall clock's caches: the second last formatted, its `HH:MM:SS` (local time) and its
    /// decimal digits.
    int64_t hms_second;
    uint8_t hms[8];
    uint64_t decimal_second;
    uint8_t decimal_digits[16];
    uint32_t decimal_count;
    /// The event is built here (BURROW_LANE_TRACE_ROOM bytes), the shown bytes copied here first.
    uint8_t *event;
    uint8_t *bytes;

    // A call heard of before and after it (burrow_trace_call_begin and _end).
    /// Its guest memory, as the tracer's TraceMemory shows it (regions, host base, limit) before
    /// each half: a map or unmap in the call may move the table.
    struct burrow_lane_state *view;
    /// Errors as a failed call's result shows them (text: `ENOENT (No such file or directory)`;
    /// JSON: the name), for errno < errno_count; (NULL: a gap, `E?N`).
    uint32_t errno_count;
    const uint8_t *const *errno_shown;
    const uint32_t *errno_shown_counts;
    /// The staged call: its number, arguments (as given: JSON's raw), and each argument's bytes
    /// shown before it (staged_at[i] < 0: shown after it) in `staged`.
    uint64_t call_number;
    uint64_t call_args[6];
    int32_t staged_at[6];
    uint32_t staged_count[6];
    uint8_t *staged;
    /// struct stat as ArgDecoder reads it (ToyOS's layout) and the table's file types.
    uint32_t stat_size, stat_mode_offset, stat_size_offset;
    uint64_t file_type_mask;
    const burrow_trace_set *file_types;
    // The tables last: every field above, read on each event, shares the struct's first page and
    // lines instead of lying on both sides of ~24 KiB of lane rows.
    burrow_lane_trace_row rows[BURROW_LANE_TRACE_ROWS];
    burrow_trace_call_row calls[BURROW_LANE_TRACE_ROWS];
} burrow_lane_trace;

/// The largest string limit rendered here, and the room an event needs with it: one quoted buffer
/// (a row with two is Swift's) and every fragment bounded by the fill (a name of at most 64 bytes,
/// a JSON row of 256, argument heads of 64, four arguments).
#define BURROW_LANE_TRACE_LIMIT 4096
/// The readable bytes after each of the table's fragments (BurrowTrace's RawBytes: rows' names,
/// JSON rows and heads, set names, error texts) that the renderer may read past their end: it
/// copies them sixteen bytes a step (put_fragment).
#define BURROW_LANE_TRACE_PAD 16
#define BURROW_LANE_TRACE_ROOM (2048 + 7 * BURROW_TRACE_ARG_ROOM)

/// A renderer with its buffers, off, every row absent (freed with burrow_lane_trace_free).
burrow_lane_trace *burrow_lane_trace_new(void);
void burrow_lane_trace_free(burrow_lane_trace *t);

/// Whether this CPU (and kernel) can quote by vectors: AVX-512 F, BW, VL and VBMI2.
int burrow_trace_quote_vector_available(void);
/// The renderer's quoting of n bytes (ByteBuffer.appendQuoted's bytes, `...` after them when
/// truncated) into out (room for 5 * n + 24 bytes), by its json, quote_table and quote_vector:
/// its length. For tests.
size_t burrow_trace_quote(const burrow_lane_trace *t, uint8_t *out, const uint8_t *b, size_t n, int truncated);

/// The event of call `number` with decoded arguments `args` (SyscallArgs', by the row's widths),
/// started at counter reading `started`, that returned `result` (a value), built in t->event: its
/// length, or 0 when the renderer does not take it (off, no row, no rate to convert the start).
/// Reads guest memory through `lane`'s mirror of the region table (the observer's is
/// burrow_fast_lane), the bytes copied fault-tolerantly.
struct burrow_lane_state;
size_t burrow_lane_trace_render(burrow_lane_trace *t, struct burrow_lane_state *lane, uint64_t number, const uint64_t args[6],
                                uint64_t started, uint64_t result);

/// A trapped call of a number the table does not have (`syscall_0x1ff(...)`), failed with ENOSYS,
/// neither injected nor interrupted, that started and ended at monotonic `start` and `end`: Swift's
/// didCall hands it here (renderText's and renderJSONL's bytes for it); built in t->event and
/// committed (into t->window, else through t->commit), its length, or 0 (off: nothing written).
/// `fast`: it came through a patched stub.
size_t burrow_lane_trace_render_unknown(burrow_lane_trace *t, uint64_t number, const uint64_t args[6], uint64_t start, uint64_t end,
                                        int fast);

/// A traced call's start (Tracer.willCall, the default configuration as for lane calls): when the
/// renderer is on and has a recipe for `number` (burrow_trace_call_takes), stages what is shown of
/// its arguments before the call (paths, flags, modes, numbers, buffers handed in), reading guest
/// memory through t->view, and returns 1; else 0, and Swift decodes them. `args`: SyscallArgs'
/// (each decoded again by the row's widths, as ArgDecoder does). A path whose bytes fault is
/// Swift's (0): its slow reading is exact to the byte.
int burrow_trace_call_begin(burrow_lane_trace *t, uint64_t number, const uint64_t args[6]);
/// Whether burrow_trace_call_begin takes call `number` now (the renderer on, a recipe for it).
static inline int burrow_trace_call_takes(const burrow_lane_trace *t, uint64_t number) {
    return t->on && number < BURROW_LANE_TRACE_ROWS && t->calls[number].present;
}
/// The staged call's event (Tracer.didCall), started and ended at monotonic `start` and `end`,
/// that returned `result` or failed with `error` (-1: none; 0: a failure without an errno, xv6's
/// -1): the arguments the call filled (after a success) read through t->view, the event built in
/// t->event and committed (as burrow_lane_trace_render_unknown's); its length, or 0 when its error
/// has no name here (nothing written: Swift then adopts the staged bytes). Neither injected nor
/// interrupted (Swift's). `fast`: through a patched stub.
size_t burrow_trace_call_end(burrow_lane_trace *t, uint64_t start, uint64_t end, uint64_t result, int64_t error, int fast);

/// How a number is handed over whole (burrow_trace_call_row.direct).
enum { BURROW_TD_ROW = 1, BURROW_TD_UNKNOWN = 2 };
/// A trapped or dispatched call handed to the renderer whole, before it runs (the personality's
/// handleSyscall, in place of its observer's willCall, when no --inject rule can choose the
/// result): when t->direct and the number's row allows (burrow_trace_call_row.direct), stages it
/// as burrow_trace_call_begin does (an unknown number: its registers), reads the start and
/// returns 1 (the call is then pending); else 0, and the observer hears of it as ever. `regs`:
/// the argument registers as the guest passed them, decoded here by the row's widths as
/// SyscallArgs decodes them (an unknown number's as they are).
int burrow_trace_direct_begin(burrow_lane_trace *t, uint64_t number, const uint64_t regs[6], int fast);
/// The end of the pending call (the personality's, in place of its observer's didCall): its event
/// written (burrow_trace_call_end's, or an unknown call's ENOSYS) and its length; 0 when there is
/// no pending call, or the renderer leaves the event to Swift (an error it has no name for, an
/// unknown number's other failure, the renderer off since: a fork's child): the personality then
/// tells its observer, whose didCall adopts the pending call.
size_t burrow_trace_direct_end(burrow_lane_trace *t, uint64_t result, int64_t error);
/// The renderer the quick lane's observer uses (NULL: none; every call goes to the fall-back).
void burrow_lane_trace_install(burrow_lane_trace *t);
/// No renderer any more if `t` is the installed one (its tracer ends).
void burrow_lane_trace_uninstall(burrow_lane_trace *t);
/// The quick lane's observer (burrow_fastpath_set_observer): renders the call in the vCPU with
/// the installed renderer and commits it, or hands it to `fallback` (Swift's observer) untouched.
void burrow_lane_trace_observe(void *context, long result);
/// The arguments as SyscallArgs decodes them: argument i from regs[regs_of_args[i]] (burrow_vcpu.regs
/// indices, the personality's convention) by its 4 bits of `widths` (ArgWidth.codes).
void burrow_lane_trace_decode(uint32_t widths, const uint8_t regs_of_args[6], const uint64_t *regs, uint64_t args[6]);
/// The personality's part: its own observer (the fall-back) and the argument registers of its
/// calling convention (burrow_vcpu.regs indices).
void burrow_lane_trace_set_personality(void (*fallback)(void *, long), const uint8_t arg_regs[6]);

#endif
