// Clocks read directly (vDSO clock_gettime, no Foundation) and the wall-clock prefix of text lines.
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
        let sec = epochNs / 1_000_000_000
        if sec == 0 || sec >= 100_000_000_000 { b.appendDecimal(epochNs); return }
        if sec != decimalSecond {
            let scratch = ByteBuffer(capacity: 16)
            scratch.appendDecimal(sec)
            secondDigitCount = scratch.count
            withUnsafeMutableBytes(of: &secondDigits) { $0.copyMemory(from: UnsafeRawBufferPointer(start: scratch.base, count: scratch.count)) }
            decimalSecond = sec
        }
        withUnsafeBytes(of: &secondDigits) { b.append($0.baseAddress!, secondDigitCount) }
        b.appendNineDigits(epochNs % 1_000_000_000)
    }

    /// `HH:MM:SS.uuuuuu` of an epoch time in local time.
    mutating func append(_ epochNs: UInt64, to b: ByteBuffer) {
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
        withUnsafeBytes(of: &hms) { b.append($0.baseAddress!, 8) }
        b.append(UInt8(ascii: "."))
        b.appendSixDigits((epochNs / 1000) % 1_000_000)
    }
}
