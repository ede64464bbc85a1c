// A growable byte buffer with manually managed storage. Every trace line is built here: appends are
// plain stores into owned memory (no copy-on-write checks, no String, no Foundation), which is what
// keeps a traced system call well under a microsecond.
import CBurrowRuntime
import Glibc

public final class ByteBuffer {
    @exclusivity(unchecked) public private(set) var base: UnsafeMutablePointer<UInt8>
    /// Settable in this module: the escaping loops (Decode.swift) store through a pointer and set
    /// the count once.
    @exclusivity(unchecked) public internal(set) var count = 0
    @exclusivity(unchecked) public private(set) var capacity: Int

    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) public func reserve(_ n: Int) {
        if count &+ n > capacity { grow(count + n) }
    }

    @inline(never) private func grow(_ need: Int) {
        var c = capacity * 2
        while c < need { c *= 2 }
        let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        nb.update(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = c
    }

    @inline(__always) public func removeAll() { count = 0 }
    @inline(__always) public func truncate(to n: Int) { if n < count { count = n } }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
    /// The contents as a String (tests, the summary; never on the per-event path).
    public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    @inline(__always) public func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    @inline(__always) public func append(_ p: UnsafeRawPointer, _ n: Int) {
        if n <= 0 { return }
        reserve(n)
        count = Put.bytes(p, n, base + count) - base
    }

    @inline(__always) public func append(_ s: StaticString) {
        append(UnsafeRawPointer(s.utf8Start), s.utf8CodeUnitCount)
    }

    @inline(__always) public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { append(b, $0.count) } }
    }

    public func append(string: String) {
        var s = string
        s.withUTF8 { if let b = $0.baseAddress { append(b, $0.count) } }
    }

    /// Appends another buffer's bytes [from, to).
    @inline(__always) public func append(_ other: ByteBuffer, from: Int, to: Int) {
        append(other.base + from, to - from)
    }

    /// "00" "01" ... "99": two digits per division (CBurrowRuntime's, which the lane's C renderer
    /// reads too).
    @inline(__always) static var digitPairs: UnsafePointer<UInt8> { burrow_digit_pair_table()! }

    @inline(__always) static func decimalDigits(_ v: UInt64) -> Int {
        var n = 1
        var t = v
        while t >= 10_000 { t /= 10_000; n &+= 4 }
        if t >= 100 { n &+= t >= 1000 ? 3 : 2 } else if t >= 10 { n &+= 1 }
        return n
    }

    // Each of these is one of Put's writers (below) with its room reserved and the count set.

    public func appendDecimal(_ value: UInt64) {
        reserve(20)
        count = Put.decimal(value, base + count) - base
    }

    public func appendDecimal(signed value: Int64) {
        reserve(21)
        count = Put.decimal(signed: value, base + count) - base
    }

    /// Decimal padded with zeros to `width` digits.
    public func appendDecimal(_ value: UInt64, width: Int) {
        var pad = width &- Self.decimalDigits(value)
        if pad > 0 {
            reserve(pad)
            while pad > 0 { base[count] = 0x30; count &+= 1; pad &-= 1 }
        }
        appendDecimal(value)
    }

    /// Exactly six digits, zero-padded (value < 1_000_000).
    @inline(__always) public func appendSixDigits(_ value: UInt64) {
        reserve(6)
        count = Put.sixDigits(value, base + count) - base
    }

    /// Exactly nine digits, zero-padded (value < 1_000_000_000).
    @inline(__always) public func appendNineDigits(_ value: UInt64) {
        reserve(9)
        count = Put.nineDigits(value, base + count) - base
    }

    /// `0x` and lower-case hex digits, no leading zeros.
    public func appendHex(_ value: UInt64) {
        reserve(18)
        count = Put.hex(value, base + count) - base
    }

    /// The digits of `value` in hex without leading zeros.
    public func appendHexDigits(_ value: UInt64) {
        reserve(16)
        count = Put.hexDigits(value, base + count) - base
    }

    public func appendOctalDigits(_ value: UInt64) {
        reserve(22)
        let digits = value == 0 ? 1 : (64 - value.leadingZeroBitCount + 2) / 3
        var v = value
        var i = count &+ digits &- 1
        for _ in 0..<digits {
            base[i] = 0x30 &+ UInt8(v & 7)
            v >>= 3
            i &-= 1
        }
        count &+= digits
    }

    /// Writes everything to fd (retrying partial writes and EINTR) and empties the buffer.
    /// Returns false when the descriptor refused the bytes (they are dropped).
    @discardableResult
    public func flush(to fd: Int32) -> Bool {
        var off = 0
        var ok = true
        while off < count {
            let n = Glibc.write(fd, base + off, count - off)
            if n < 0 {
                if errno == EINTR { continue }
                ok = false
                break
            }
            off += n
        }
        count = 0
        return ok
    }
}

/// Writers at a raw position in room reserved beforehand (ByteBuffer.reserve): each returns the
/// position after what it wrote. The per-event renderers (Tracer.renderText, renderJSONL) write
/// most of a line through these and set the buffer's count once: through the buffer's appends,
/// each loaded and stored the count, and the next append waited for that store (~5 cycles, ~20
/// times a line). ByteBuffer's appends of the same things are these with the room and the count.
enum Put {
    typealias Position = UnsafeMutablePointer<UInt8>

    @inline(__always) static func byte(_ c: UInt8, _ o: Position) -> Position {
        o.pointee = c
        return o + 1
    }

    @inline(__always) static func text(_ s: StaticString, _ o: Position) -> Position {
        bytes(UnsafeRawPointer(s.utf8Start), s.utf8CodeUnitCount, o)
    }

    @inline(__always) static func bytes(_ p: UnsafeRawPointer, _ n: Int, _ o: Position) -> Position {
        if n <= 0 { return o }
        let d = UnsafeMutableRawPointer(o)
        if n <= 16 {
            // Most are short fragments (`", "`, a name, `,"raw":"`): two overlapping loads and
            // stores instead of a call to memmove. Reads and writes stay within the n bytes.
            if n >= 8 {
                let head = p.loadUnaligned(as: UInt64.self)
                let tail = p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                d.storeBytes(of: head, as: UInt64.self)
                d.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 {
                let head = p.loadUnaligned(as: UInt32.self)
                let tail = p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                d.storeBytes(of: head, as: UInt32.self)
                d.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
            } else {
                let src = p.assumingMemoryBound(to: UInt8.self)
                o[0] = src[0]
                o[n >> 1] = src[n >> 1]
                o[n &- 1] = src[n &- 1]
            }
        } else {
            d.copyMemory(from: p, byteCount: n)
        }
        return o + n
    }

    /// At most 20 bytes.
    static func decimal(_ value: UInt64, _ o: Position) -> Position {
        if value < 10 {
            o.pointee = 0x30 &+ UInt8(truncatingIfNeeded: value)
            return o + 1
        }
        let digits = ByteBuffer.decimalDigits(value)
        let pairs = ByteBuffer.digitPairs
        var v = value
        var i = digits
        while v >= 100 {
            let r = Int(truncatingIfNeeded: v % 100) &* 2
            v /= 100
            i &-= 2
            o[i] = pairs[r]
            o[i &+ 1] = pairs[r &+ 1]
        }
        if v >= 10 {
            let r = Int(truncatingIfNeeded: v) &* 2
            i &-= 2
            o[i] = pairs[r]
            o[i &+ 1] = pairs[r &+ 1]
        } else {
            i &-= 1
            o[i] = 0x30 &+ UInt8(truncatingIfNeeded: v)
        }
        return o + digits
    }

    /// At most 20 bytes (`-9223372036854775808`).
    static func decimal(signed value: Int64, _ o: Position) -> Position {
        if value < 0 { return decimal(value.magnitude, byte(UInt8(ascii: "-"), o)) }
        return decimal(UInt64(value), o)
    }

    /// Exactly six digits, zero-padded (value < 1_000_000): the microseconds of every text line's
    /// time and duration, three digit pairs without counting digits first.
    @inline(__always) static func sixDigits(_ value: UInt64, _ o: Position) -> Position {
        let pairs = ByteBuffer.digitPairs
        let v = UInt32(truncatingIfNeeded: value % 1_000_000)
        let a = Int(v / 10_000) &* 2, b = Int((v / 100) % 100) &* 2, c = Int(v % 100) &* 2
        o[0] = pairs[a]; o[1] = pairs[a &+ 1]
        o[2] = pairs[b]; o[3] = pairs[b &+ 1]
        o[4] = pairs[c]; o[5] = pairs[c &+ 1]
        return o + 6
    }

    /// Exactly nine digits, zero-padded (value < 1_000_000_000): the nanoseconds after the second.
    @inline(__always) static func nineDigits(_ value: UInt64, _ o: Position) -> Position {
        let pairs = ByteBuffer.digitPairs
        let v = UInt32(truncatingIfNeeded: value % 1_000_000_000)
        let r = v % 100_000_000
        let a = Int(r / 1_000_000) &* 2, b = Int((r / 10_000) % 100) &* 2
        let c = Int((r / 100) % 100) &* 2, d = Int(r % 100) &* 2
        o[0] = 0x30 &+ UInt8(truncatingIfNeeded: v / 100_000_000)
        o[1] = pairs[a]; o[2] = pairs[a &+ 1]
        o[3] = pairs[b]; o[4] = pairs[b &+ 1]
        o[5] = pairs[c]; o[6] = pairs[c &+ 1]
        o[7] = pairs[d]; o[8] = pairs[d &+ 1]
        return o + 9
    }

    /// `0x` and lower-case hex digits, no leading zeros: at most 18 bytes.
    static func hex(_ value: UInt64, _ o: Position) -> Position {
        o[0] = 0x30
        o[1] = 0x78
        return hexDigits(value, o + 2)
    }

    /// The digits of `value` without leading zeros; 16 bytes stored whatever their number (the
    /// first `digits` of them are kept, the rest lie past the returned position, inside the room).
    /// Two characters a byte from a table of the 256 pairs, without a branch on a digit (a loop
    /// as long as the number mispredicted on nearly every argument of an unknown call and every
    /// `raw` of a JSON Lines record); eight independent loads, where the nibble arithmetic it
    /// replaced was one long chain (the compiler made it a vector one): ~9 -> ~7.5 ns a number
    /// when each waits for the one before.
    static func hexDigits(_ value: UInt64, _ o: Position) -> Position {
        let digits = max(1, (67 &- value.leadingZeroBitCount) &>> 2)
        let v = value &<< UInt64(truncatingIfNeeded: (16 &- digits) &* 4)   // the first digit on top
        let t = burrow_hex_pair_table()!
        @inline(__always) func pair(_ shift: UInt64) -> UInt64 { UInt64(t[Int(truncatingIfNeeded: (v &>> shift) & 0xFF)]) }
        let high = pair(56) | pair(48) &<< 16 | pair(40) &<< 32 | pair(32) &<< 48
        let low = pair(24) | pair(16) &<< 16 | pair(8) &<< 32 | pair(0) &<< 48
        let d = UnsafeMutableRawPointer(o)
        d.storeBytes(of: high, as: UInt64.self)
        d.storeBytes(of: low, toByteOffset: 8, as: UInt64.self)
        return o + digits
    }
}
