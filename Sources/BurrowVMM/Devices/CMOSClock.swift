// An MC146818 CMOS real-time clock at 0x70 (index) / 0x71 (data), holding UTC from the host's
// clock (read when the guest reads a time register: no host call shows in the guest's trace).
// Register B chooses BCD or binary (bit 2) and 12 or 24 hours (bit 1; 12-hour PM is bit 7 of the
// hour); register A's update-in-progress bit is set in the last 244 us before each second, as a
// polling driver expects. Writes to the time registers are ignored (the clock is the host's);
// the rest of the 128 bytes is RAM.
import Glibc

public final class CMOSClock: PortDevice {
    public let name = "rtc"
    var index: UInt8 = 0
    var ram = [UInt8](repeating: 0, count: 128)
    /// The host's UTC time, nanoseconds since the epoch (tests pin it).
    let now: () -> (seconds: Int, nanoseconds: Int)

    static let regA = 0x0A, regB = 0x0B, regC = 0x0C, regD = 0x0D, century = 0x32
    static let binary: UInt8 = 0x04, hours24: UInt8 = 0x02

    public init(now: (() -> (seconds: Int, nanoseconds: Int))? = nil) {
        self.now = now ?? {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return (ts.tv_sec, ts.tv_nsec)
        }
        ram[Self.regA] = 0x26          // 32.768 kHz time base, 1024 Hz rate
        ram[Self.regB] = Self.hours24  // 24 hours, BCD: what a PC BIOS leaves
        ram[Self.regD] = 0x80          // the battery is good
    }

    public func read(offset: UInt16) -> UInt8 {
        if offset == 0 { return 0xFF }   // the index port is write-only
        let r = Int(index)
        let (sec, nsec) = now()
        switch r {
        case Self.regA:
            // Update in progress: the last 244 us before the second changes.
            return ram[r] & 0x7F | (nsec >= 1_000_000_000 - 244_000 ? 0x80 : 0)
        case Self.regC: return 0
        case 0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, Self.century:
            var t = time_t(sec)
            var tm = Glibc.tm()
            gmtime_r(&t, &tm)
            let b = ram[Self.regB]
            func enc(_ v: Int) -> UInt8 { b & Self.binary != 0 ? UInt8(v) : UInt8((v / 10) << 4 | v % 10) }
            switch r {
            case 0x00: return enc(Int(tm.tm_sec) % 60)
            case 0x02: return enc(Int(tm.tm_min))
            case 0x04:
                let h = Int(tm.tm_hour)
                if b & Self.hours24 != 0 { return enc(h) }
                let h12 = h % 12 == 0 ? 12 : h % 12
                return enc(h12) | (h >= 12 ? 0x80 : 0)
            case 0x06: return enc(Int(tm.tm_wday) + 1)
            case 0x07: return enc(Int(tm.tm_mday))
            case 0x08: return enc(Int(tm.tm_mon) + 1)
            case 0x09: return enc(Int(tm.tm_year + 1900) % 100)
            default: return enc(Int(tm.tm_year + 1900) / 100)
            }
        default: return ram[r]
        }
    }

    public func write(offset: UInt16, value: UInt8) {
        if offset == 0 { index = value & 0x7F; return }   // bit 7 is the NMI mask
        let r = Int(index)
        switch r {
        case 0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, Self.century, Self.regC, Self.regD: break
        case Self.regA: ram[r] = value & 0x7F
        default: ram[r] = value
        }
    }
}
