// An 8254 programmable interval timer at 0x40-0x43. Channel 0 in its periodic modes (2, rate
// generator; 3, square wave) raises interrupt line 0 at the programmed rate: 1193182 Hz / reload
// (0 is 65536), but never more often than once a millisecond (`minimumPeriodNs`). The ticks come
// from a POSIX timer on CLOCK_MONOTONIC that sends a real-time host signal to the guest's thread:
// never SIGALRM or setitimer, which the guest's `alarm` owns. The host signal becomes the ToyOS
// interrupt signal like any other signal, so delivery is the signal machinery's. The counters
// read back as they count (latched by the counter-latch command); channels 1 and 2 keep their
// values and raise nothing.
import CBurrowRuntime
import Glibc

public final class PIT8254: PortDevice {
    public let name = "pit"
    public static let irq = 0
    public static let inputHz: UInt64 = 1_193_182
    public static let minimumPeriodNs: UInt64 = 1_000_000

    struct Channel {
        var reload: UInt32 = 0x10000
        var mode: UInt8 = 0
        var access: UInt8 = 3        // 1 low byte, 2 high byte, 3 low then high
        var writeHigh = false        // the low/high flip-flop for writes
        var readHigh = false         // and for reads
        var latched: UInt16?
        var pendingLow: UInt8 = 0
        var start: UInt64 = 0        // monotonic ns when the count was loaded
    }
    var channels = [Channel](repeating: Channel(), count: 3)
    let hostSignal: Int32
    var timer: Int?
    /// The period channel 0 ticks at now (0: stopped).
    public private(set) var periodNs: UInt64 = 0

    public init(hostSignal: Int32) { self.hostSignal = hostSignal }

    deinit { if let timer { _ = burrow_timer_delete(timer) } }

    static func monotonic() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The count now: it runs down from reload at inputHz and starts again.
    func count(_ c: Channel) -> UInt16 {
        let ticks = (Self.monotonic() &- c.start) * Self.inputHz / 1_000_000_000
        return UInt16(truncatingIfNeeded: UInt64(c.reload) - ticks % UInt64(c.reload))
    }

    public func read(offset: UInt16) -> UInt8 {
        guard offset < 3 else { return 0xFF }   // the control word is write-only
        var c = channels[Int(offset)]
        let value = c.latched ?? count(c)
        var byte: UInt8
        switch c.access {
        case 1: byte = UInt8(value & 0xFF); c.latched = nil
        case 2: byte = UInt8(value >> 8); c.latched = nil
        default:
            byte = c.readHigh ? UInt8(value >> 8) : UInt8(value & 0xFF)
            if c.readHigh { c.latched = nil }
            c.readHigh.toggle()
        }
        channels[Int(offset)] = c
        return byte
    }

    public func write(offset: UInt16, value: UInt8) {
        if offset == 3 {
            let ch = Int(value >> 6)
            guard ch < 3 else { return }   // read-back command: not modelled
            let access = (value >> 4) & 3
            if access == 0 {
                // Counter latch: freeze the current count until it is read.
                if channels[ch].latched == nil { channels[ch].latched = count(channels[ch]) }
                return
            }
            channels[ch].access = access
            channels[ch].mode = (value >> 1) & 7
            channels[ch].writeHigh = false
            channels[ch].readHigh = false
            if ch == 0 { program(nil) }   // a new mode stops the channel until its count is written
            return
        }
        guard offset < 3 else { return }
        var c = channels[Int(offset)]
        var complete = true
        switch c.access {
        case 1: c.reload = UInt32(value)
        case 2: c.reload = UInt32(value) << 8
        default:
            if !c.writeHigh { c.pendingLow = value; complete = false } else { c.reload = UInt32(value) << 8 | UInt32(c.pendingLow) }
            c.writeHigh.toggle()
        }
        if complete {
            if c.reload == 0 { c.reload = 0x10000 }
            c.start = Self.monotonic()
        }
        channels[Int(offset)] = c
        if complete && offset == 0 { program(c) }
    }

    /// Starts channel 0 ticking for a periodic mode, or stops it.
    func program(_ c: Channel?) {
        var period: UInt64 = 0
        if let c, c.mode & 3 == 2 || c.mode & 3 == 3 {   // modes 2, 3 (and their aliases 6, 7)
            period = max(Self.minimumPeriodNs, UInt64(c.reload) * 1_000_000_000 / Self.inputHz)
        }
        if period == periodNs { return }
        if timer == nil && period != 0 {
            var t: Int = 0
            let rc = burrow_timer_create(hostSignal, &t)
            guard rc == 0 else {
                Diagnostics.error("the interval timer cannot get a host timer: \(String(cString: strerror(rc)))")
                return
            }
            timer = t
        }
        if let timer { _ = burrow_timer_set(timer, period) }
        periodNs = period
    }

    public var canInterrupt: Bool { periodNs != 0 }
}
