// A growable byte buffer with manually managed storage. Every trace line is built here: appends are
// plain stores into owned memory (no copy-on-write checks, no String, no Foundation), which is what
// keeps a traced system call well under a microsecond.
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
        let o = UnsafeMutableRawPointer(base + count)
        if n <= 16 {
            // Most appends are short fragments (`", "`, a name, `,"raw":"`): two overlapping loads
            // and stores instead of a call to memmove. Reads and writes stay within the n bytes.
            if n >= 8 {
                let head = p.loadUnaligned(as: UInt64.self)
                let tail = p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                o.storeBytes(of: head, as: UInt64.self)
                o.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 {
                let head = p.loadUnaligned(as: UInt32.self)
                let tail = p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                o.storeBytes(of: head, as: UInt32.self)
                o.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
            } else {
                let src = p.assumingMemoryBound(to: UInt8.self), dst = o.assumingMemoryBound(to: UInt8.self)
                dst[0] = src[0]
                dst[n >> 1] = src[n >> 1]
                dst[n &- 1] = src[n &- 1]
            }
        } else {
            o.copyMemory(from: p, byteCount: n)
        }
        count &+= n
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

    /// "00" "01" ... "99": two digits per division.
    static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    @inline(__always) static func decimalDigits(_ v: UInt64) -> Int {
        var n = 1
        var t = v
        while t >= 10_000 { t /= 10_000; n &+= 4 }
        if t >= 100 { n &+= t >= 1000 ? 3 : 2 } else if t >= 10 { n &+= 1 }
        return n
    }

    public func appendDecimal(_ value: UInt64) {
        reserve(20)
        if value < 10 {
            base[count] = 0x30 &+ UInt8(truncatingIfNeeded: value)
            count &+= 1
            return
        }
        let digits = Self.decimalDigits(value)
        let pairs = Self.digitPairs.utf8Start
        var v = value
        var i = count &+ digits
        while v >= 100 {
            let r = Int(truncatingIfNeeded: v % 100) &* 2
            v /= 100
            i &-= 2
            base[i] = pairs[r]
            base[i &+ 1] = pairs[r &+ 1]
        }
        if v >= 10 {
            let r = Int(truncatingIfNeeded: v) &* 2
            i &-= 2
            base[i] = pairs[r]
            base[i &+ 1] = pairs[r &+ 1]
        } else {
            i &-= 1
            base[i] = 0x30 &+ UInt8(truncatingIfNeeded: v)
        }
        count &+= digits
    }

    public func appendDecimal(signed value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(value.magnitude)
        } else {
            appendDecimal(UInt64(value))
        }
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

    /// Exactly six digits, zero-padded (value < 1_000_000): the microseconds of every text line's
    /// time and duration, three digit pairs without counting digits first.
    @inline(__always) public func appendSixDigits(_ value: UInt64) {
        reserve(6)
        let pairs = Self.digitPairs.utf8Start
        let v = UInt32(truncatingIfNeeded: value % 1_000_000)
        let a = Int(v / 10_000) &* 2, b = Int((v / 100) % 100) &* 2, c = Int(v % 100) &* 2
        let o = base + count
        o[0] = pairs[a]; o[1] = pairs[a &+ 1]
        o[2] = pairs[b]; o[3] = pairs[b &+ 1]
        o[4] = pairs[c]; o[5] = pairs[c &+ 1]
        count &+= 6
    }

    /// Exactly nine digits, zero-padded (value < 1_000_000_000): the nanoseconds after the second.
    @inline(__always) public func appendNineDigits(_ value: UInt64) {
        reserve(9)
        let pairs = Self.digitPairs.utf8Start
        let v = UInt32(truncatingIfNeeded: value % 1_000_000_000)
        let r = v % 100_000_000
        let a = Int(r / 1_000_000) &* 2, b = Int((r / 10_000) % 100) &* 2
        let c = Int((r / 100) % 100) &* 2, d = Int(r % 100) &* 2
        let o = base + count
        o[0] = 0x30 &+ UInt8(truncatingIfNeeded: v / 100_000_000)
        o[1] = pairs[a]; o[2] = pairs[a &+ 1]
        o[3] = pairs[b]; o[4] = pairs[b &+ 1]
        o[5] = pairs[c]; o[6] = pairs[c &+ 1]
        o[7] = pairs[d]; o[8] = pairs[d &+ 1]
        count &+= 9
    }

    /// `0x` and lower-case hex digits, no leading zeros.
    public func appendHex(_ value: UInt64) {
        reserve(18)
        base[count] = 0x30
        base[count &+ 1] = 0x78
        count &+= 2
        appendHexDigits(value)
    }

    /// The digits of `value` without leading zeros. All sixteen characters are made at once,
    /// without a branch on a digit (a loop as long as the number mispredicted on nearly every
    /// argument of an unknown call, and on every `raw` of a JSON Lines record), and stored whole:
    /// the first `digits` of them are kept, the rest lie past the count, inside the reserve.
    public func appendHexDigits(_ value: UInt64) {
        reserve(16)
        let digits = max(1, (67 &- value.leadingZeroBitCount) &>> 2)
        let v = value &<< UInt64(truncatingIfNeeded: (16 &- digits) &* 4)   // the first digit on top
        let o = UnsafeMutableRawPointer(base + count)
        o.storeBytes(of: Self.hexCharacters(UInt32(truncatingIfNeeded: v &>> 32)), as: UInt64.self)
        o.storeBytes(of: Self.hexCharacters(UInt32(truncatingIfNeeded: v)), toByteOffset: 8, as: UInt64.self)
        count &+= digits
    }

    /// Eight lower-case hex characters of `h` as a little-endian word: its most significant
    /// digit in the lowest byte, as they are read.
    @inline(__always) static func hexCharacters(_ h: UInt32) -> UInt64 {
        // Nibble k into byte k, then each to its character: '0' + n, and 'a' - '0' - 10 more
        // where n > 9 (n + 6 carries into the byte's upper half). No byte carries into the next.
        var x = UInt64(h)
        x = (x | (x &<< 16)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x &<< 8)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x &<< 4)) & 0x0F0F_0F0F_0F0F_0F0F
        let letters = ((x &+ 0x0606_0606_0606_0606) &>> 4) & 0x0101_0101_0101_0101
        let chars = x &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
        return chars.byteSwapped   // (the host is little-endian: x86-64)
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
