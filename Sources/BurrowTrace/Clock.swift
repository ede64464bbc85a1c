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
        b.appendDecimal((epochNs / 1000) % 1_000_000, width: 6)
    }
}
