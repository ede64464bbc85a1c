// The tracer's clock and the lane's traced calls rendered in C (burrow_tracelane.h). Every byte
// written here is the byte Tracer.laneLine writes for the same call (BurrowTrace; LaneTraceTests
// holds the two together for random arguments, buffers and results): the same put routines as
// ByteBuffer's Put, the same quote tables (Swift's, handed over), the same clock.
#include "burrow_runtime.h"
#include "burrow_tracelane.h"
#include <stdlib.h>
#include <string.h>

// MARK: - The clock

/// A counter reading and the clock's at the same moment: the clock read between two counter
/// readings that lie close together (else again: the thread was preempted in between), the
/// counter taken halfway.
static void clock_pair(uint64_t *ticks, uint64_t *ns) {
    uint64_t best_span = UINT64_MAX, bt = 0, bn = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t t1 = burrow_rdtsc(), n = burrow_monotonic_ns(), t2 = burrow_rdtsc();
        if (t2 < t1) continue;
        if (t2 - t1 < best_span) { best_span = t2 - t1; bt = t1 + (t2 - t1) / 2; bn = n; }
        if (best_span < 4096) break;
    }
    if (best_span == UINT64_MAX) { bt = burrow_rdtsc(); bn = burrow_monotonic_ns(); }
    *ticks = bt;
    *ns = bn;
}

void burrow_event_clock_init(burrow_event_clock *c, int use_tsc) {
    memset(c, 0, sizeof *c);
    c->use_tsc = use_tsc != 0;
    if (c->use_tsc) {
        clock_pair(&c->base_ticks, &c->base_ns);
        c->anchor_ticks = c->base_ticks;
        c->anchor_ns = c->base_ns;
    }
}

__attribute__((noinline)) uint64_t burrow_event_clock_exact(burrow_event_clock *c) {
    if (c->fixed_exact) return c->fixed_exact;
    uint64_t t, ns;
    clock_pair(&t, &ns);
    c->exact_readings++;
    if (t > c->base_ticks && ns > c->base_ns && ns - c->base_ns >= BURROW_CLOCK_CALIBRATION_NS) {
        double r = (double)(ns - c->base_ns) / (double)(t - c->base_ticks) * 4294967296.0;
        c->rate = r < 17179869184.0 ? (uint64_t)r : 0;   // (below 4 ns a tick: any real TSC)
    }
    c->anchor_ticks = t;
    c->anchor_ns = ns;
    if (ns > c->last) c->last = ns;
    return c->last;
}

// MARK: - Writing (ByteBuffer's Put, in C; the digit pairs and hex pairs are the runtime's tables,
// which Put reads too)

#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE uint8_t *put_bytes(uint8_t *o, const void *p, size_t n) {
    memcpy(o, p, n);
    return o + n;
}
#define PUT_TEXT(o, s) put_bytes((o), (s), sizeof(s) - 1)
/// The first n bytes of a fixed-size array (the pid fragment, ENOSYS's text, the second's digits,
/// a set's memo): all its bytes copied, a few moves, where a copy of n bytes is a call to memmove
/// (~9 ns; eight of them in an unknown call's JSON Lines event). The event's and the staging's
/// room allow it. `a` must be an array (a pointer would copy 8 bytes: refused at compile time).
#define PUT_ARRAY(o, a, n) \
    ((void)sizeof(char[1 - 2 * __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))]), \
     memcpy((o), (a), sizeof(a)), (o) + (n))

/// One of the table's fragments (a row's name, JSON row, an argument's JSON head, a set's names,
/// an error's text: BurrowTrace's RawBytes, each with BURROW_LANE_TRACE_PAD readable bytes after
/// it), copied sixteen bytes a step, the last step's excess landing in the event's room: a read's
/// line is then no call to memmove (~9 ns each; a JSON Lines read event had four).
_Static_assert(BURROW_LANE_TRACE_PAD >= 16, "put_fragment reads up to 16 bytes past a fragment's start or 15 past its end");
ALWAYS_INLINE uint8_t *put_fragment(uint8_t *o, const uint8_t *p, size_t n) {
    size_t i = 0;
    do {
        uint8_t v[16];
        memcpy(v, p + i, 16);
        memcpy(o + i, v, 16);
        i += 16;
    } while (i < n);
    return o + n;
}

/// Out of line (one copy): inlined at each of its sites, a read's event touched ~9 more code lines.
__attribute__((noinline)) static uint8_t *put_decimal(uint8_t *o, uint64_t v) {
    if (v < 10) { *o = (uint8_t)('0' + v); return o + 1; }
    // The digits counted without a division where the number is short (lengths, results, fds,
    // durations in ns): a loop of divisions cost ~20 steps for a 4-digit count, twice a read's line.
    unsigned digits = 2 + (v >= 100) + (v >= 1000) + (v >= 10000) + (v >= 100000) + (v >= 1000000);
    if (v >= 10000000)
        for (uint64_t t = v / 10000000; t; t /= 10) digits++;
    unsigned i = digits;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100) * 2;
        v /= 100;
        i -= 2;
        o[i] = (uint8_t)burrow_digit_pairs[r];
        o[i + 1] = (uint8_t)burrow_digit_pairs[r + 1];
    }
    if (v >= 10) {
        o[0] = (uint8_t)burrow_digit_pairs[v * 2];
        o[1] = (uint8_t)burrow_digit_pairs[v * 2 + 1];
    } else {
        o[0] = (uint8_t)('0' + v);
    }
    return o + digits;
}

ALWAYS_INLINE uint8_t *put_signed(uint8_t *o, int64_t v) {
    if (v < 0) { *o++ = '-'; return put_decimal(o, 0 - (uint64_t)v); }
    return put_decimal(o, (uint64_t)v);
}

/// Exactly six digits (v < 1,000,000).
ALWAYS_INLINE uint8_t *put_six(uint8_t *o, uint32_t v) {
    unsigned a = v / 10000 * 2, b = v / 100 % 100 * 2, c = v % 100 * 2;
    o[0] = (uint8_t)burrow_digit_pairs[a]; o[1] = (uint8_t)burrow_digit_pairs[a + 1];
    o[2] = (uint8_t)burrow_digit_pairs[b]; o[3] = (uint8_t)burrow_digit_pairs[b + 1];
    o[4] = (uint8_t)burrow_digit_pairs[c]; o[5] = (uint8_t)burrow_digit_pairs[c + 1];
    return o + 6;
}

/// Exactly nine digits (v < 1,000,000,000).
ALWAYS_INLINE uint8_t *put_nine(uint8_t *o, uint32_t v) {
    o[0] = (uint8_t)('0' + v / 100000000);
    uint32_t r = v % 100000000, a = r / 1000000 * 2;
    o[1] = (uint8_t)burrow_digit_pairs[a];
    o[2] = (uint8_t)burrow_digit_pairs[a + 1];
    return put_six(o + 3, r % 1000000);
}

/// `0x` and lower-case hex digits, no leading zeros (Put.hex): 16 digit bytes stored whatever
/// their number (the room allows it).
ALWAYS_INLINE uint8_t *put_hex(uint8_t *o, uint64_t v) {
    o[0] = '0';
    o[1] = 'x';
    unsigned digits = v ? (67 - (unsigned)__builtin_clzll(v)) >> 2 : 1;
    uint64_t s = v << ((16 - digits) * 4);
    const uint16_t *t = burrow_hex_pairs;
    uint64_t high = (uint64_t)t[s >> 56] | (uint64_t)t[(s >> 48) & 0xFF] << 16 | (uint64_t)t[(s >> 40) & 0xFF] << 32 | (uint64_t)t[(s >> 32) & 0xFF] << 48;
    uint64_t low = (uint64_t)t[(s >> 24) & 0xFF] | (uint64_t)t[(s >> 16) & 0xFF] << 16 | (uint64_t)t[(s >> 8) & 0xFF] << 32 | (uint64_t)t[s & 0xFF] << 48;
    memcpy(o + 2, &high, 8);
    memcpy(o + 10, &low, 8);
    return o + 2 + digits;
}

/// True when none of the 8 bytes needs escaping (ByteBuffer.plain8): every byte in 0x20...0x7E
/// and neither `"` nor `\`.
ALWAYS_INLINE int plain8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
#define ZERO_BYTE(v) (((v) - ones) & ~(v) & highs)
    uint64_t control = (x - ones * 0x20) & ~x & highs;
    uint64_t special = control | (x & highs) | ZERO_BYTE(x ^ (ones * 0x22)) | ZERO_BYTE(x ^ (ones * 0x5C)) | ZERO_BYTE(x ^ (ones * 0x7F));
#undef ZERO_BYTE
    return special == 0;
}

/// ByteBuffer.quoteIndex: byte c's entry when `next` follows it (256 up when next is an octal digit).
ALWAYS_INLINE size_t quote_index(uint8_t c, uint8_t next) {
    return (size_t)c | (size_t)((uint8_t)(next - '0') < 8) << 8;
}

/// ByteBuffer.putEntry: the entry's bytes (four stored), o advanced by its length.
ALWAYS_INLINE uint8_t *put_entry(uint8_t *o, uint32_t e) {
    memcpy(o, &e, 4);
    return o + (39 - __builtin_clz(e)) / 8;
}

/// ByteBuffer.putJSONEntry's bytes (ByteBuffer.jsonQuoteTable's entry) from the text entry `e`:
/// the escape written as JSON string contents. Every escape starts with a backslash, which JSON
/// doubles (one more byte, without a branch: the backslash stored first, the entry after it or
/// over it); only the escapes of `"` and `\` hold a second character JSON escapes, written whole.
/// So JSON needs no table of its own: reading its 4 KiB of 8-byte entries instead cost 0.05 µs
/// more a `seqread` event (bench/tracecost; docs/performance.md section 3, "Session 32").
ALWAYS_INLINE uint8_t *put_json_from_text(uint8_t *o, uint32_t e) {
    if (__builtin_expect(e == ('\\' | '"' << 8) || e == ('\\' | '\\' << 8), 0)) {
        o[0] = '\\'; o[1] = '\\'; o[2] = '\\'; o[3] = (uint8_t)(e >> 8);
        return o + 4;
    }
    size_t escaped = (e & 0xFF) == '\\';
    *o = '\\';
    memcpy(o + escaped, &e, 4);
    return o + escaped + (39 - __builtin_clz(e)) / 8;
}

/// ByteBuffer.quoteBytes: b[i..<n] by the text table (ByteBuffer.quoteTable's UInt32 entries),
/// each byte's entry chosen by whether an octal digit follows it, as text or (`json`, a constant at
/// each call) as JSON string contents.
ALWAYS_INLINE uint8_t *quote_bytes(uint8_t *o, const uint8_t *b, size_t i, size_t n, const uint32_t *table, int json) {
    size_t last = n - 1;
    uint8_t c = b[i];
    for (; i < last; i++) {
        uint8_t next = b[i + 1];
        uint32_t e = table[quote_index(c, next)];
        o = json ? put_json_from_text(o, e) : put_entry(o, e);
        c = next;
    }
    return json ? put_json_from_text(o, table[c]) : put_entry(o, table[c]);
}

#if defined(__x86_64__)
#include <immintrin.h>

// MARK: - Quoting sixteen bytes a step (AVX-512)
//
// Binary data (a read of a file) needs an escape for most bytes, so the table's loop above spends
// a store, a length and a table line per byte: about 0.08 µs of a `seqread` event's 0.33 (the
// table's lines miss: the guest's read between two events evicts them). Here sixteen bytes'
// escapes are computed at once in the lanes of a vector register, by strace's rules as
// ByteBuffer.makeQuoteTable states them, and the bytes each escape does not use are squeezed out
// (vpcompressb): bench/tracecost, 41 rounds, seqread text 0.325 -> 0.248 µs an event
// (docs/performance.md section 3, session 33). The table stays the definition:
// ByteBufferTests.theRenderersQuotingMatchesTheByteRules holds this path and the table's loop to
// the byte rules (every byte before each kind of byte, at a step's edges, random buffers), and
// LaneTraceTests whole events to Swift's.
#define VECTOR_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2")))

/// The text table's entries (ByteBuffer.quoteTable) of the 16 bytes in c's 32-bit lanes, lane k's
/// from the 3-digit half when bit k of octal_follows is set.
VECTOR_TARGET ALWAYS_INLINE __m512i text_entries(__m512i c, __mmask16 octal_follows) {
    const __m512i seven = _mm512_set1_epi32(7);
    __m512i d0 = _mm512_and_si512(c, seven), d1 = _mm512_and_si512(_mm512_srli_epi32(c, 3), seven);
    __m512i d2 = _mm512_srli_epi32(c, 6);
    // `\ooo`, `\oo` (c < 0100), `\o` (c < 010): the backslash first, the digits after it.
    __m512i three = _mm512_or_si512(_mm512_set1_epi32(0x3030305C),
                                    _mm512_or_si512(_mm512_slli_epi32(d2, 8), _mm512_or_si512(_mm512_slli_epi32(d1, 16), _mm512_slli_epi32(d0, 24))));
    __m512i two = _mm512_or_si512(_mm512_set1_epi32(0x0030305C), _mm512_or_si512(_mm512_slli_epi32(d1, 8), _mm512_slli_epi32(d0, 16)));
    __m512i one = _mm512_or_si512(_mm512_set1_epi32(0x0000305C), _mm512_slli_epi32(d0, 8));
    __m512i e = _mm512_mask_blend_epi32(_mm512_cmpge_epu32_mask(c, _mm512_set1_epi32(010)), one, two);
    e = _mm512_mask_blend_epi32(_mm512_cmpge_epu32_mask(c, _mm512_set1_epi32(0100)) | octal_follows, e, three);
    // Printable ASCII as itself; `"` and `\` after a backslash; \t \n \v \f \r (9-13) by name.
    __mmask16 printable = _mm512_cmpge_epu32_mask(c, _mm512_set1_epi32(0x20)) & _mm512_cmple_epu32_mask(c, _mm512_set1_epi32(0x7E));
    e = _mm512_mask_mov_epi32(e, printable, c);
    __mmask16 quote = _mm512_cmpeq_epi32_mask(c, _mm512_set1_epi32('"')) | _mm512_cmpeq_epi32_mask(c, _mm512_set1_epi32('\\'));
    e = _mm512_mask_or_epi32(e, quote, _mm512_slli_epi32(c, 8), _mm512_set1_epi32('\\'));
    const __m512i named = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 0, '\\' | 't' << 8, '\\' | 'n' << 8, '\\' | 'v' << 8,
                                            '\\' | 'f' << 8, '\\' | 'r' << 8, 0, 0);
    __mmask16 control = _mm512_cmpge_epu32_mask(c, _mm512_set1_epi32(9)) & _mm512_cmple_epu32_mask(c, _mm512_set1_epi32(13));
    return _mm512_mask_permutexvar_epi32(e, control, c, named);
}

/// put_json_from_text for the entries in x's 64-bit lanes: a backslash doubled, `\"` and `\\`
/// written whole.
VECTOR_TARGET ALWAYS_INLINE __m512i json_entries(__m512i x) {
    const __m512i backslash = _mm512_set1_epi64('\\');
    __mmask8 escaped = _mm512_cmpeq_epi64_mask(_mm512_and_si512(x, _mm512_set1_epi64(0xFF)), backslash);
    __mmask8 whole = _mm512_cmpeq_epi64_mask(x, _mm512_set1_epi64('\\' | '"' << 8)) | _mm512_cmpeq_epi64_mask(x, _mm512_set1_epi64('\\' | '\\' << 8));
    __m512i y = _mm512_mask_or_epi64(x, escaped, _mm512_slli_epi64(x, 8), backslash);
    return _mm512_mask_or_epi64(y, whole, _mm512_slli_epi64(x, 16), _mm512_set1_epi64('\\' | '\\' << 8));
}

/// x's nonzero bytes, in order, at o (an entry's bytes are never zero; the bytes above them are):
/// exactly those stored.
VECTOR_TARGET ALWAYS_INLINE uint8_t *put_squeezed(uint8_t *o, __m512i x) {
    __mmask64 keep = _mm512_test_epi8_mask(x, x);
    unsigned count = (unsigned)__builtin_popcountll(keep);
    _mm512_mask_storeu_epi8(o, count == 64 ? ~0ull : (1ull << count) - 1, _mm512_maskz_compress_epi8(keep, x));
    return o + count;
}

/// quote_bytes, sixteen bytes a step: no byte read past b[n - 1] (masked loads), none stored
/// past the last escape.
__attribute__((noinline)) VECTOR_TARGET static uint8_t *quote_bytes_vector(uint8_t *o, const uint8_t *b, size_t i, size_t n, int json) {
    for (; i < n; i += 16) {
        // The step's bytes, and the bytes after each (the last byte's: none).
        __mmask16 lanes = 0xFFFF, nexts = 0xFFFF;
        if (n - i <= 16) { lanes = (__mmask16)((1u << (n - i)) - 1); nexts = lanes >> 1; }
        __m128i next = _mm_maskz_loadu_epi8(nexts, b + i + 1);
        __mmask16 octal_follows = _mm_mask_cmplt_epu8_mask(nexts, _mm_sub_epi8(next, _mm_set1_epi8('0')), _mm_set1_epi8(8));
        __m512i e = _mm512_maskz_mov_epi32(lanes, text_entries(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(lanes, b + i)), octal_follows));
        if (!json) {
            o = put_squeezed(o, e);
        } else {
            o = put_squeezed(o, json_entries(_mm512_cvtepu32_epi64(_mm512_castsi512_si256(e))));
            o = put_squeezed(o, json_entries(_mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(e, 1))));
        }
    }
    return o;
}
#endif

int burrow_trace_quote_vector_available(void) {
#if defined(__x86_64__)
    // (compiler-rt's and libgcc's answers include the kernel's saving of the vector state.)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512vbmi2");
#else
    return 0;
#endif
}

/// ByteBuffer.appendQuoted: the bytes as a C string literal (or its JSON string contents), `...`
/// after it when cut, by the renderer's table or (`quote_vector`) by sixteen bytes a step. Each
/// entry from the table stores all its bytes whatever its length (the room allows it).
static uint8_t *put_quoted(const burrow_lane_trace *t, uint8_t *o, const uint8_t *b, size_t n, int truncated) {
    int json = (int)t->json;
    uint64_t quote = json ? (2ull << 56 | 0x225C) : (1ull << 56 | 0x22);
    memcpy(o, &quote, 8);
    o += quote >> 56;
    size_t i = 0;
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, b + i, 8);
        if (!plain8(x)) break;
        memcpy(o, &x, 8);
        o += 8;
        i += 8;
    }
    if (i < n) {
#if defined(__x86_64__)
        // (A short rest, a path's tail: the table's loop is quicker below eight bytes.)
        if (t->quote_vector && n - i >= 8) o = quote_bytes_vector(o, b, i, n, json);
        else
#endif
        // (Each format's loop compiled with its entry size constant.)
        o = json ? quote_bytes(o, b, i, n, t->quote_table, 1) : quote_bytes(o, b, i, n, t->quote_table, 0);
    }
    memcpy(o, &quote, 8);
    o += quote >> 56;
    if (truncated) o = PUT_TEXT(o, "...");
    return o;
}

size_t burrow_trace_quote(const burrow_lane_trace *t, uint8_t *out, const uint8_t *b, size_t n, int truncated) {
    return (size_t)(put_quoted(t, out, b, n, truncated) - out);
}

/// WallClock.put: `HH:MM:SS.uuuuuu` in local time (localtime_r once a second).
static uint8_t *put_wall(burrow_lane_trace *t, uint8_t *o, uint64_t epoch_ns) {
    int64_t sec = (int64_t)(epoch_ns / 1000000000ull);
    if (sec != t->hms_second) {
        time_t s = (time_t)sec;
        struct tm tm;
        localtime_r(&s, &tm);
        uint8_t *h = t->hms;
        h[0] = (uint8_t)('0' + tm.tm_hour / 10); h[1] = (uint8_t)('0' + tm.tm_hour % 10); h[2] = ':';
        h[3] = (uint8_t)('0' + tm.tm_min / 10); h[4] = (uint8_t)('0' + tm.tm_min % 10); h[5] = ':';
        h[6] = (uint8_t)('0' + tm.tm_sec / 10); h[7] = (uint8_t)('0' + tm.tm_sec % 10);
        t->hms_second = sec;
    }
    o = put_bytes(o, t->hms, 8);
    *o++ = '.';
    return put_six(o, (uint32_t)(epoch_ns / 1000 % 1000000));
}

/// WallClock.putEpochNs: the epoch time in decimal, the second's digits formatted once a second.
static uint8_t *put_epoch(burrow_lane_trace *t, uint8_t *o, uint64_t epoch_ns) {
    uint64_t sec = epoch_ns / 1000000000ull;
    if (sec == 0 || sec >= 100000000000ull) return put_decimal(o, epoch_ns);
    if (sec != t->decimal_second) {
        t->decimal_count = (uint32_t)(put_decimal(t->decimal_digits, sec) - t->decimal_digits);
        t->decimal_second = sec;
    }
    return put_nine(PUT_ARRAY(o, t->decimal_digits, t->decimal_count), (uint32_t)(epoch_ns % 1000000000ull));
}

// MARK: - Guest bytes

/// The GuestMemoryReader's view: GuestMemory.check by the lane's mirror of the region table
/// (lane.c's own check), then the fault-tolerant copy into t->bytes.
static int guest_bytes(burrow_lane_trace *t, burrow_lane_state *s, uint64_t addr, size_t n) {
    if (!burrow_lane_readable(s, addr, n)) return 0;
    return n == 0 || burrow_safe_copy_short(t->bytes, (const void *)(uintptr_t)(s->host_base + addr), n) == 0;
}

/// ArgDecoder.appendBuffer: NULL, the bytes up to `limit` (the string limit; a path's, PATH_MAX)
/// quoted, or the address.
ALWAYS_INLINE uint8_t *put_buffer(burrow_lane_trace *t, burrow_lane_state *s, uint8_t *o, uint64_t addr, uint64_t length, size_t limit) {
    if (addr == 0) return PUT_TEXT(o, "NULL");
    size_t shown = length < limit ? (size_t)length : limit;
    if (!guest_bytes(t, s, addr, shown)) return put_hex(o, addr);
    return put_quoted(t, o, t->bytes, shown, length > shown);
}

// MARK: - The event

/// An event's start (Tracer.putTextPrefix, jsonHead): `[pid N] HH:MM:SS.uuuuuu ` or
/// `{"type":"syscall","ts":T,"pid":N,"tid":T`.
ALWAYS_INLINE uint8_t *put_head(burrow_lane_trace *t, uint8_t *o, uint64_t epoch) {
    if (!t->json) {
        o = put_wall(t, PUT_ARRAY(o, t->ids, t->ids_count), epoch);
        *o++ = ' ';
        return o;
    }
    o = put_epoch(t, PUT_TEXT(o, "{\"type\":\"syscall\",\"ts\":"), epoch);
    return PUT_ARRAY(o, t->ids, t->ids_count);
}

/// A text line's end (Tracer.appendLineEnd): ` <S.uuuuuu>\n`.
ALWAYS_INLINE uint8_t *put_text_duration(uint8_t *o, uint64_t duration) {
    o = put_decimal(PUT_TEXT(o, " <"), duration / 1000000000ull);
    *o++ = '.';
    return PUT_TEXT(put_six(o, (uint32_t)(duration / 1000 % 1000000)), ">\n");
}

/// Argument i's start: `, ` (text), or `,` and `{"name":"NAME","value":"` (JSON).
ALWAYS_INLINE uint8_t *put_arg_head(burrow_lane_trace *t, uint8_t *o, unsigned i, const uint8_t *json_head, size_t json_head_count) {
    if (t->json) {
        if (i > 0) *o++ = ',';
        return put_fragment(o, json_head, json_head_count);
    }
    return i > 0 ? PUT_TEXT(o, ", ") : o;
}

/// Argument's end: nothing (text), or `","raw":"0x..."}` (JSON).
ALWAYS_INLINE uint8_t *put_arg_tail(burrow_lane_trace *t, uint8_t *o, uint64_t raw) {
    if (!t->json) return o;
    o = PUT_TEXT(o, "\",\"raw\":\"");
    o = put_hex(o, raw);
    return PUT_TEXT(o, "\"}");
}

size_t burrow_lane_trace_render(burrow_lane_trace *t, burrow_lane_state *lane, uint64_t number, const uint64_t args[6],
                                uint64_t started, uint64_t result) {
    if (!t->on || number >= BURROW_LANE_TRACE_ROWS || t->clock->rate == 0) return 0;
    const burrow_lane_trace_row *row = &t->rows[number];
    if (!row->present) return 0;
    t->busy = 1;
    uint64_t start = burrow_event_clock_at(t->clock, started);
    uint64_t duration = burrow_event_clock_now(t->clock) - start;
    uint64_t epoch = start + t->wall_offset;
    uint8_t *o = put_head(t, t->event, epoch);
    if (!t->json) {
        o = put_fragment(o, row->name, row->name_count);
        *o++ = '(';
    } else {
        o = put_fragment(o, row->json_row, row->json_row_count);
        o = PUT_TEXT(o, ",\"path\":\"fast\",\"args\":[");
    }
    for (unsigned i = 0; i < row->nargs; i++) {
        const burrow_lane_trace_arg *a = &row->args[i];
        uint64_t v = args[i];
        o = put_arg_head(t, o, i, a->json_head, a->json_head_count);
        switch (a->kind) {
        case BURROW_LT_SIGNED: o = put_signed(o, (int64_t)v); break;
        case BURROW_LT_UNSIGNED: o = put_decimal(o, v); break;
        default: {
            uint64_t length = a->length == BURROW_LT_LENGTH_RESULT ? result : args[a->length];
            o = put_buffer(t, lane, o, v, length < t->max_transfer ? length : t->max_transfer, t->string_limit);
        }
        }
        o = put_arg_tail(t, o, v);
    }
    if (!t->json) {
        o = PUT_TEXT(o, ") = ");
        switch (row->ret) {
        case BURROW_LT_RET_NONE: *o++ = '?'; break;
        case BURROW_LT_RET_HEX: o = put_hex(o, result); break;
        default: o = put_signed(o, (int64_t)result);
        }
        o = put_text_duration(o, duration);
    } else {
        o = PUT_TEXT(o, "],\"ret\":");
        if (row->ret == BURROW_LT_RET_NONE) o = PUT_TEXT(o, "null"); else o = put_signed(o, (int64_t)result);
        o = PUT_TEXT(o, ",\"errno\":null,\"duration_ns\":");
        o = put_decimal(o, duration);
        o = PUT_TEXT(o, "}\n");
    }
    t->busy = 0;
    return (size_t)(o - t->event);
}

/// The event built in t->event (n bytes) into the trace: straight into the file's window, or
/// through the writer (Swift's laneCommit) when there is no window or it has no room. (Here, not
/// in Swift after the return: TraceWriter.commitEvent and MappedTraceFile.append were ~90 steps
/// and 8 code lines of a traced call.)
ALWAYS_INLINE void commit_event(burrow_lane_trace *t, size_t n) {
    if (!t->window || !burrow_trace_window_append(t->window, t->event, n)) t->commit(t->commit_context, t->event, n);
}

size_t burrow_lane_trace_render_unknown(burrow_lane_trace *t, uint64_t number, const uint64_t args[6], uint64_t start, uint64_t end,
                                        int fast) {
    if (!t->on || !t->enosys_count) return 0;
    t->busy = 1;
    uint64_t duration = end - start, epoch = start + t->wall_offset;
    uint8_t *o = put_head(t, t->event, epoch);
    if (t->json) {
        o = PUT_TEXT(o, ",\"number\":");
        o = put_decimal(o, number);
        o = PUT_TEXT(o, ",\"name\":\"");
    }
    o = put_hex(PUT_TEXT(o, "syscall_"), number);   // (CallNames.unknownNamePrefix)
    if (!t->json) {
        *o++ = '(';
        for (unsigned i = 0; i < 6; i++) {
            if (i > 0) o = PUT_TEXT(o, ", ");
            o = put_hex(o, args[i]);
        }
        o = PUT_TEXT(o, ") = -1 ");
        o = PUT_ARRAY(o, t->enosys, t->enosys_count);   // `ENOSYS (Function not implemented)`
        o = put_text_duration(o, duration);
    } else {
        o = PUT_TEXT(o, "\",\"class\":[]");
        o = fast ? PUT_TEXT(o, ",\"path\":\"fast\",\"args\":[") : PUT_TEXT(o, ",\"path\":\"trap\",\"args\":[");
        for (unsigned i = 0; i < 6; i++) {
            if (i > 0) *o++ = ',';
            o = PUT_TEXT(o, "{\"name\":\"arg");
            *o++ = (uint8_t)('0' + i);
            o = PUT_TEXT(o, "\",\"value\":\"");
            uint8_t *value = o;
            o = put_hex(o, args[i]);
            size_t n = (size_t)(o - value);
            o = PUT_TEXT(o, "\",\"raw\":\"");
            // (put_hex stored 18 bytes at `value` whatever the digits: all copied, n kept.)
            memcpy(o, value, 18);
            o += n;
            o = PUT_TEXT(o, "\"}");
        }
        o = PUT_TEXT(o, "],\"ret\":-1,\"errno\":\"");
        o = PUT_ARRAY(o, t->enosys, t->enosys_count);   // `ENOSYS`
        o = PUT_TEXT(o, "\",\"duration_ns\":");
        o = put_decimal(o, duration);
        o = PUT_TEXT(o, "}\n");
    }
    size_t n = (size_t)(o - t->event);
    commit_event(t, n);
    t->busy = 0;
    return n;
}

/// Argument i's value as the table decodes it (ArgKind.decode, SyscallArgs: the row's 4 bits of
/// `widths`; 0 for an argument past the row's).
ALWAYS_INLINE uint64_t decode_arg(uint32_t widths, unsigned i, uint64_t v) {
    switch ((widths >> (4 * i)) & 0xF) {
    case 1: return (uint64_t)(int64_t)(int32_t)v;
    case 2: return v & 0xFFFFFFFFu;
    case 3: return v;
    default: return 0;
    }
}

// MARK: - Calls heard of before and after (willCall, didCall)

/// ByteBuffer.appendOctalDigits.
static uint8_t *put_octal(uint8_t *o, uint64_t v) {
    unsigned digits = v == 0 ? 1 : (64 - (unsigned)__builtin_clzll(v) + 2) / 3;
    for (unsigned i = digits; i > 0; i--, v >>= 3) o[i - 1] = (uint8_t)('0' + (v & 7));
    return o + digits;
}

/// ByteBuffer.appendMode: like C's `%#03o` (0644, 000, 0755).
ALWAYS_INLINE uint8_t *put_mode(uint8_t *o, uint64_t v) {
    *o++ = '0';
    if (v < 8) *o++ = '0';
    return put_octal(o, v);
}

ALWAYS_INLINE int set_index(const burrow_trace_set *set, uint64_t v) {
    for (uint32_t i = 0; i < set->count; i++)
        if (set->values[i] == v) return (int)i;
    return -1;
}

/// ByteBuffer.appendFlags: names in table order, matched widest first; leftover bits in hex; 0 as
/// the set's zero entry or `0`.
static uint8_t *put_flags(uint8_t *o, uint64_t v, const burrow_trace_set *set) {
    if (v == 0) {
        if (set->zero_name) return put_fragment(o, set->zero_name, set->zero_count);
        *o++ = '0';
        return o;
    }
    uint64_t rest = v, matched = 0;
    for (uint32_t k = 0; k < set->match_count; k++) {
        uint32_t i = set->match_order[k];
        uint64_t bits = set->values[i];
        if ((rest & bits) == bits) { matched |= 1ull << i; rest &= ~bits; }
    }
    int first = 1;
    while (matched) {
        unsigned i = (unsigned)__builtin_ctzll(matched);
        matched &= matched - 1;
        if (!first) *o++ = '|';
        o = put_fragment(o, set->names[i], set->name_counts[i]);
        first = 0;
    }
    if (rest) {
        if (!first) *o++ = '|';
        o = put_hex(o, rest);
    }
    return o;
}

/// GuestMemory.readableCString into t->bytes: 1 with the count and whether a NUL ended it within
/// max + 1 bytes, 0 when addr is not readable, -1 when a page faulted (GuestMemory's slow reading
/// then answers, exact to the byte: Swift's).
static int guest_cstring(burrow_lane_trace *t, const burrow_lane_state *s, uint64_t addr, size_t max, size_t *count, int *terminated) {
    size_t want = max + 1, scanned = 0;
    uint64_t cursor = addr;
    int64_t i;
    while (scanned < want && (i = burrow_lane_region_index(s, cursor)) >= 0 && (s->regions[i].protection & BURROW_LANE_READ)) {
        uint64_t room = s->regions[i].end - cursor;
        size_t chunk = room < want - scanned ? (size_t)room : want - scanned;
        const void *host = (const void *)(uintptr_t)(s->host_base + cursor);
        long len = burrow_safe_strnlen(host, chunk);
        if (len < 0) return -1;
        size_t keep = (size_t)len < max - scanned ? (size_t)len : max - scanned;
        if (keep > 0 && burrow_safe_copy(t->bytes + scanned, host, keep) != 0) return -1;
        if ((size_t)len < chunk) { *count = scanned + (size_t)len; *terminated = 1; return 1; }
        scanned += chunk;
        cursor += chunk;
    }
    if (scanned == 0) return 0;
    *count = scanned < max ? scanned : max;
    *terminated = 0;
    return 1;
}

/// ArgDecoder.appendString: NULL, the quoted string (`...` when no NUL came within max + 1
/// bytes), or the address; NULL (returned) when a page faulted.
static uint8_t *put_cstring(burrow_lane_trace *t, uint8_t *o, uint64_t addr, size_t max) {
    if (addr == 0) return PUT_TEXT(o, "NULL");
    size_t n = 0;
    int terminated = 0;
    int r = guest_cstring(t, t->view, addr, max, &n, &terminated);
    if (r < 0) return NULL;
    if (r == 0) return put_hex(o, addr);
    return put_quoted(t, o, t->bytes, n, !terminated);
}

/// ArgDecoder.decodeStruct(.stat) after appendStruct's reading: `{mode=TYPE|0644, size=N, ...}`.
static uint8_t *put_stat(burrow_lane_trace *t, uint8_t *o, uint64_t addr) {
    if (addr == 0) return PUT_TEXT(o, "NULL");
    if (!guest_bytes(t, t->view, addr, t->stat_size)) return put_hex(o, addr);
    uint32_t m32;
    int64_t size;
    memcpy(&m32, t->bytes + t->stat_mode_offset, 4);
    memcpy(&size, t->bytes + t->stat_size_offset, 8);
    uint64_t mode = m32, type = mode & t->file_type_mask;
    o = PUT_TEXT(o, "{mode=");
    int i = set_index(t->file_types, type);
    if (i >= 0) {
        o = put_fragment(o, t->file_types->names[i], t->file_types->name_counts[i]);
        *o++ = '|';
    } else if (type != 0) {
        o = put_hex(o, type);
        *o++ = '|';
    }
    o = put_mode(o, mode & 07777);
    uint64_t other = mode & ~(t->file_type_mask | 07777);
    if (other) { *o++ = '|'; o = put_hex(o, other); }
    o = put_signed(PUT_TEXT(o, ", size="), size);
    return PUT_TEXT(o, ", ...}");
}

int burrow_trace_call_begin(burrow_lane_trace *t, uint64_t number, const uint64_t args[6]) {
    if (!burrow_trace_call_takes(t, number)) return 0;
    const burrow_trace_call_row *row = &t->calls[number];
    t->busy = 1;
    t->call_number = number;
    memcpy(t->call_args, args, sizeof t->call_args);
    uint8_t *o = t->staged;
    for (unsigned i = 0; i < row->nargs; i++) {
        const burrow_trace_call_arg *a = &row->args[i];
        uint64_t v = decode_arg(row->widths, i, args[i]);
        uint8_t *at = o;
        switch (a->kind) {
        case BURROW_LT_SIGNED: o = put_signed(o, (int64_t)v); break;
        case BURROW_LT_UNSIGNED: o = put_decimal(o, v); break;
        case BURROW_LT_HEX: o = put_hex(o, v); break;
        case BURROW_LT_ADDRESS: o = v ? put_hex(o, v) : PUT_TEXT(o, "NULL"); break;
        case BURROW_LT_MODE: o = put_mode(o, v); break;
        case BURROW_LT_FLAGS: {
            burrow_trace_set *set = a->set;
            if (set->memo_count && set->memo_value == v) { o = PUT_ARRAY(o, set->memo, set->memo_count); break; }
            o = put_flags(o, v, set);
            size_t n = (size_t)(o - at);
            if (n <= sizeof set->memo) { memcpy(set->memo, at, n); set->memo_value = v; set->memo_count = (uint32_t)n; }
            break;
        }
        case BURROW_LT_ENUM: {
            int k = (int64_t)v >= 0 ? set_index(a->set, v) : -1;
            o = k >= 0 ? put_fragment(o, a->set->names[k], a->set->name_counts[k]) : put_signed(o, (int64_t)v);
            break;
        }
        case BURROW_LT_PATH:
            o = put_cstring(t, o, v, t->path_limit);
            if (!o) { t->busy = 0; return 0; }
            break;
        case BURROW_LT_BUFFER: {
            uint64_t length = args[a->length];
            o = put_buffer(t, t->view, o, v, length < t->max_transfer ? length : t->max_transfer, t->string_limit);
            break;
        }
        default:   // shown after the call
            t->staged_at[i] = -1;
            t->staged_count[i] = 0;
            continue;
        }
        t->staged_at[i] = (int32_t)(at - t->staged);
        t->staged_count[i] = (uint32_t)(o - at);
    }
    t->busy = 0;
    return 1;
}

size_t burrow_trace_call_end(burrow_lane_trace *t, uint64_t start, uint64_t end, uint64_t result, int64_t error, int fast) {
    const burrow_trace_call_row *row = &t->calls[t->call_number];
    const uint8_t *shown_error = NULL;
    uint32_t shown_count = 0;
    if (error > 0) {
        if ((uint64_t)error >= t->errno_count || !t->errno_shown[error]) return 0;
        shown_error = t->errno_shown[error];
        shown_count = t->errno_shown_counts[error];
    }
    t->busy = 1;
    uint64_t duration = end - start, epoch = start + t->wall_offset;
    uint8_t *o = put_head(t, t->event, epoch);
    if (!t->json) {
        o = put_fragment(o, row->name, row->name_count);
        *o++ = '(';
    } else {
        o = put_fragment(o, row->json_row, row->json_row_count);
        o = fast ? PUT_TEXT(o, ",\"path\":\"fast\",\"args\":[") : PUT_TEXT(o, ",\"path\":\"trap\",\"args\":[");
    }
    for (unsigned i = 0; i < row->nargs; i++) {
        const burrow_trace_call_arg *a = &row->args[i];
        uint64_t v = t->call_args[i];
        o = put_arg_head(t, o, i, a->json_head, a->json_head_count);
        if (t->staged_at[i] >= 0) {
            o = put_bytes(o, t->staged + t->staged_at[i], t->staged_count[i]);
        } else if (error >= 0) {
            // Not filled by a failure: the address (Tracer.didCall).
            o = v ? put_hex(o, v) : PUT_TEXT(o, "NULL");
        } else if (a->kind == BURROW_LT_STAT_OUT) {
            o = put_stat(t, o, v);
        } else {
            uint64_t length = a->length == BURROW_LT_LENGTH_RESULT ? result : t->call_args[a->length];
            if (length > t->max_transfer) length = t->max_transfer;
            o = put_buffer(t, t->view, o, v, length, a->kind == BURROW_LT_PATH_OUT ? t->path_limit : t->string_limit);
        }
        o = put_arg_tail(t, o, v);
    }
    if (!t->json) {
        o = PUT_TEXT(o, ") = ");
        if (error >= 0) {
            o = PUT_TEXT(o, "-1");
            if (shown_error) { *o++ = ' '; o = put_fragment(o, shown_error, shown_count); }
        } else if (row->ret == BURROW_LT_RET_HEX) {
            o = put_hex(o, result);
        } else {
            o = put_signed(o, (int64_t)result);
        }
        o = put_text_duration(o, duration);
    } else {
        o = PUT_TEXT(o, "],\"ret\":");
        o = error >= 0 ? PUT_TEXT(o, "-1") : put_signed(o, (int64_t)result);
        o = PUT_TEXT(o, ",\"errno\":");
        if (shown_error) {
            *o++ = '"';
            o = put_fragment(o, shown_error, shown_count);
            *o++ = '"';
        } else {
            o = PUT_TEXT(o, "null");
        }
        o = PUT_TEXT(o, ",\"duration_ns\":");
        o = put_decimal(o, duration);
        o = PUT_TEXT(o, "}\n");
    }
    size_t n = (size_t)(o - t->event);
    commit_event(t, n);
    t->busy = 0;
    return n;
}

int burrow_trace_direct_begin(burrow_lane_trace *t, uint64_t number, const uint64_t regs[6], int fast) {
    if (!t->direct || !t->on) return 0;
    uint32_t kind = number < BURROW_LANE_TRACE_ROWS ? t->calls[number].direct : t->direct_beyond ? BURROW_TD_UNKNOWN : 0;
    if (kind == BURROW_TD_ROW) {
        uint32_t widths = t->calls[number].widths;
        uint64_t args[6];
        for (unsigned i = 0; i < 6; i++) args[i] = decode_arg(widths, i, regs[i]);
        if (!burrow_trace_call_begin(t, number, args)) return 0;
    } else if (kind == BURROW_TD_UNKNOWN) {
        // (SyscallArgs(raw:): an unknown number's registers as they are.)
        t->call_number = number;
        memcpy(t->call_args, regs, sizeof t->call_args);
    } else {
        return 0;
    }
    t->pending = kind;
    t->call_fast = (uint32_t)fast;
    t->call_start = burrow_event_clock_now(t->clock);
    return 1;
}

size_t burrow_trace_direct_end(burrow_lane_trace *t, uint64_t result, int64_t error) {
    if (!t->pending || !t->on) return 0;
    uint64_t end = burrow_event_clock_now(t->clock);
    size_t n;
    if (t->pending == BURROW_TD_ROW) {
        n = burrow_trace_call_end(t, t->call_start, end, result, error, (int)t->call_fast);
    } else {
        if (error != (int64_t)t->unknown_errno) return 0;
        n = burrow_lane_trace_render_unknown(t, t->call_number, t->call_args, t->call_start, end, (int)t->call_fast);
    }
    if (n) t->pending = 0;
    return n;
}

burrow_lane_trace *burrow_lane_trace_new(void) {
    burrow_lane_trace *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->event = malloc(BURROW_LANE_TRACE_ROOM);
    t->bytes = malloc(BURROW_LANE_TRACE_LIMIT + 16);
    t->staged = malloc(6 * BURROW_TRACE_ARG_ROOM);
    t->view = calloc(1, sizeof *t->view);
    if (!t->event || !t->bytes || !t->staged || !t->view) abort();
    t->hms_second = -1;
    t->quote_vector = (uint32_t)burrow_trace_quote_vector_available();
    return t;
}

void burrow_lane_trace_free(burrow_lane_trace *t) {
    if (!t) return;
    free(t->event);
    free(t->bytes);
    free(t->staged);
    free(t->view);
    free(t);
}

// MARK: - The observer

static burrow_lane_trace *installed;
static void (*fallback)(void *, long);
static uint8_t arg_regs[6];

void burrow_lane_trace_install(burrow_lane_trace *t) { installed = t; }
void burrow_lane_trace_uninstall(burrow_lane_trace *t) { if (installed == t) installed = NULL; }

void burrow_lane_trace_set_personality(void (*f)(void *, long), const uint8_t regs[6]) {
    fallback = f;
    memcpy(arg_regs, regs, sizeof arg_regs);
}

void burrow_lane_trace_decode(uint32_t widths, const uint8_t regs_of_args[6], const uint64_t *regs, uint64_t args[6]) {
    // The row's arguments only (its widths end at the first 0); the rest are 0 (stored first: a
    // loop over the rest becomes a call to memset).
    memset(args, 0, 6 * sizeof *args);
    for (unsigned i = 0; i < 6 && (widths >> (4 * i)) & 0xF; i++) args[i] = decode_arg(widths, i, regs[regs_of_args[i]]);
}

void burrow_lane_trace_observe(void *context, long result) {
    burrow_lane_trace *t = installed;
    if (t && t->on) {
        const burrow_vcpu *v = burrow_current_vcpu;
        uint64_t number = v->regs[BURROW_RAX] & 0xFFFFFFFFu;
        if (number < BURROW_LANE_TRACE_ROWS && t->rows[number].present) {
            uint64_t args[6];
            burrow_lane_trace_decode(t->rows[number].widths, arg_regs, v->regs, args);
            size_t n = burrow_lane_trace_render(t, &burrow_fast_lane, number, args, burrow_fast_lane.started, (uint64_t)result);
            if (n) {
                burrow_fast_lane.started = 0;
                t->busy = 1;
                commit_event(t, n);
                t->busy = 0;
                return;
            }
        }
    }
    fallback(context, result);
}
