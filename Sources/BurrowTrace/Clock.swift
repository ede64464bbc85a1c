// Clocks read directly (vDSO clock_gettime, no Foundation) and the wall-clock prefix of text lines.
import CBurrowRuntime
import Glibc

@inline(__always) func monotonicNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

@inline(__always) func realtimeNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// CLOCK_MONOTONIC as the tracer reads it, twice an event (a call's start and end): through the
/// time-stamp counter where the kernel's own clock source is the TSC, so that a reading is one
/// unserialised `rdtsc` (~11 ns on the Intel machine) instead of the vDSO's clock_gettime (~27 ns:
/// it serialises rdtsc and checks its sequence count). Ticks turn into nanoseconds from the last
/// exact reading (an anchor), at a rate measured between the first anchor and the latest one, so
/// the rate grows more exact as the run goes on. An exact reading is taken again whenever
/// BURROW_CLOCK_ANCHOR_SPAN ticks have passed (~1.6 ms at 2.6 GHz), so that CLOCK_MONOTONIC's own
/// slewing is followed; until the first millisecond has passed (no rate yet), and whenever the
/// counter seems to run backwards (another CPU's), every reading is exact. A reading never goes
/// below the one before it. Elsewhere (another clock source: the TSC may then not be trustworthy)
/// every reading is clock_gettime's, as before.
///
/// The state and the arithmetic are C's (burrow_tracelane.h), so that the lane's C renderer and
/// this tracer read one clock: whichever side writes an event, starts and ends agree and events
/// stay in order.
final class EventClock {
    /// SAFETY: allocated here, freed in deinit; read and written by the one tracing thread.
    let state: UnsafeMutablePointer<burrow_event_clock>

    init(useTSC: Bool = EventClock.kernelClockIsTSC) {
        state = .allocate(capacity: 1)
        burrow_event_clock_init(state, useTSC ? 1 : 0)
    }

    deinit { state.deallocate() }

    /// The kernel's clock source, read once: CLOCK_MONOTONIC then is the TSC scaled (so the
    /// counter is stable and the same on every CPU, or the kernel would have dropped it).
    static let kernelClockIsTSC: Bool = {
        guard let f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r") else { return false }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 32)
        guard fgets(&line, Int32(line.count), f) != nil else { return false }
        return line.prefix(4).elementsEqual([0x74, 0x73, 0x63, 0x0A])   // "tsc\n"
    }()

    @inline(__always) func now() -> UInt64 { burrow_event_clock_now(state) }

    /// Whether `at(ticks:)` can convert a counter reading: the counter is the clock's, and its
    /// rate is known.
    var convertsTicks: Bool { state.pointee.use_tsc != 0 && state.pointee.rate != 0 }

    /// The time of an earlier counter reading `t` of this thread (the fast lane's start of a
    /// traced call, read before its host call), from the latest anchor at the rate. Only when
    /// convertsTicks. Never later than the reading after it would be; never before the last
    /// reading returned (so events stay in order), which it becomes.
    @inline(__always) func at(ticks t: UInt64) -> UInt64 { burrow_event_clock_at(state, t) }

    /// How many readings were exact (clock_gettime): the tests' proof that the counter is used.
    var exactReadings: Int { Int(state.pointee.exact_readings) }
}

/// Turns monotonic readings into wall-clock time: one offset taken at start (so each event reads
/// one clock, not two). A wall-clock step during the run is not followed; durations never jump.
struct WallClock {
    let offset: UInt64
    /// The second last formatted, and its `HH:MM:SS` in local time (localtime_r once per second).
    private var cachedSecond: Int64 = -1
    private var hms: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)

    init() {
        let r = realtimeNow()
        let m = monotonicNow()
        offset = r &- m
    }

    /// Test hook: a fixed offset (monotonic 0 = this many ns since the epoch).
    init(offset: UInt64) { self.offset = offset }

    @inline(__always) func epochNs(_ mono: UInt64) -> UInt64 { mono &+ offset }

    /// The epoch second appendEpochNs last wrote, and its decimal digits (at most 11 for any
    /// second before the year 5138: 16 bytes of room).
    private var decimalSecond: UInt64 = 0
    private var secondDigits: (UInt64, UInt64) = (0, 0)
    private var secondDigitCount = 0

    /// An epoch time in nanoseconds in decimal (JSON Lines' `ts`), the same digits as
    /// `appendDecimal`: the second's digits, formatted once per second, then nine digits of
    /// nanoseconds.
    mutating func appendEpochNs(_ epochNs: UInt64, to b: ByteBuffer) {
        b.reserve(20)
        b.count = putEpochNs(epochNs, b.base + b.count) - b.base
    }

    /// appendEpochNs at a position with 20 bytes of room.
    mutating func putEpochNs(_ epochNs: UInt64, _ o: Put.Position) -> Put.Position {
        let sec = epochNs / 1_000_000_000
        if sec == 0 || sec >= 100_000_000_000 { return Put.decimal(epochNs, o) }
        if sec != decimalSecond {
            var digits: (UInt64, UInt64) = (0, 0)
            secondDigitCount = withUnsafeMutableBytes(of: &digits) { raw in
                let start = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                return Put.decimal(sec, start) - start
            }
            secondDigits = digits
            decimalSecond = sec
        }
        let after = withUnsafeBytes(of: &secondDigits) { Put.bytes($0.baseAddress!, secondDigitCount, o) }
        return Put.nineDigits(epochNs % 1_000_000_000, after)
    }

    /// `HH:MM:SS.uuuuuu` of an epoch time in local time.
    mutating func append(_ epochNs: UInt64, to b: ByteBuffer) {
        b.reserve(15)
        b.count = put(epochNs, b.base + b.count) - b.base
    }

    /// append at a position with 15 bytes of room.
    mutating func put(_ epochNs: UInt64, _ o: Put.Position) -> Put.Position {
        let sec = Int64(epochNs / 1_000_000_000)
        if sec != cachedSecond {
            var t = time_t(sec)
            var tm = Glibc.tm()
            localtime_r(&t, &tm)
            func d(_ v: Int32) -> (UInt8, UInt8) { (0x30 + UInt8(v / 10), 0x30 + UInt8(v % 10)) }
            let h = d(tm.tm_hour), m = d(tm.tm_min), s = d(tm.tm_sec)
            hms = (h.0, h.1, 0x3A, m.0, m.1, 0x3A, s.0, s.1)
            cachedSecond = sec
        }
        let after = withUnsafeBytes(of: &hms) { Put.bytes($0.baseAddress!, 8, o) }
        return Put.sixDigits((epochNs / 1000) % 1_000_000, Put.byte(UInt8(ascii: "."), after))
    }
}
