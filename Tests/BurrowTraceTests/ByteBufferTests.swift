// The shortcuts of the per-event path give exactly the bytes of the plain byte-by-byte rules:
// escaping eight bytes at a time, short copies without memmove, fixed-width digits, the JSON Lines
// timestamp formatted per second. Each is checked against a straightforward reference over every
// byte value at every position of a word, and over pseudo-random input.
import CBurrowRuntime
import Testing
@testable import BurrowTrace

/// strace's C string literal, one byte at a time (the rules appendQuoted implements).
func referenceQuoted(_ p: [UInt8], truncated: Bool) -> [UInt8] {
    var o: [UInt8] = [0x22]
    for (i, c) in p.enumerated() {
        switch c {
        case 0x22: o += [0x5C, 0x22]
        case 0x5C: o += [0x5C, 0x5C]
        case 0x0A: o += Array(#"\n"#.utf8)
        case 0x09: o += Array(#"\t"#.utf8)
        case 0x0D: o += Array(#"\r"#.utf8)
        case 0x0B: o += Array(#"\v"#.utf8)
        case 0x0C: o += Array(#"\f"#.utf8)
        case 0x20...0x7E: o.append(c)
        default:
            let nextIsOctal = i + 1 < p.count && p[i + 1] >= 0x30 && p[i + 1] <= 0x37
            let digits = nextIsOctal || c >= 0o100 ? 3 : c >= 0o10 ? 2 : 1
            let octal = String(c, radix: 8)
            o.append(0x5C)
            o += Array((String(repeating: "0", count: digits - octal.count) + octal).utf8)
        }
    }
    o.append(0x22)
    if truncated { o += Array("...".utf8) }
    return o
}

/// JSON string contents, one byte at a time.
func referenceJSON(_ p: [UInt8]) -> [UInt8] {
    let hex = Array("0123456789abcdef".utf8)
    var o: [UInt8] = []
    for c in p {
        if c == 0x22 || c == 0x5C { o += [0x5C, c] } else if c < 0x20 || c >= 0x7F {
            o += Array(#"\u00"#.utf8) + [hex[Int(c >> 4)], hex[Int(c & 0xF)]]
        } else { o.append(c) }
    }
    return o
}

/// A fixed pseudo-random sequence (the test is the same on every run).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func bytes(_ b: ByteBuffer) -> [UInt8] { Array(UnsafeBufferPointer(start: b.base, count: b.count)) }

/// Inputs: every byte value at each position of a 19-byte plain path (so it lands in the first
/// word, the second, and the tail), and pseudo-random strings of every length up to 40, some of
/// mostly printable bytes, some of any bytes, and some of bytes that escape next to digits (the
/// octal rule looks one byte ahead, across the 8-byte words the quoting goes by).
func escapingInputs() -> [[UInt8]] {
    let plain = Array("/tmp/dir.1234/file.".utf8)
    var inputs: [[UInt8]] = [[], plain]
    for c in 0...255 {
        for pos in 0..<plain.count {
            var s = plain
            s[pos] = UInt8(c)
            inputs.append(s)
        }
    }
    var rng = SplitMix(state: 42)
    for length in 0...40 {
        for round in 0..<20 {
            inputs.append((0..<length).map { _ in
                let r = rng.next()
                return round % 2 == 0 && r % 8 != 0 ? UInt8(0x20 + (r >> 8) % 95) : UInt8(truncatingIfNeeded: r >> 16)
            })
        }
    }
    let tricky: [UInt8] = [0x00, 0x01, 0x07, 0x08, 0x0A, 0x1F, 0x22, 0x30, 0x37, 0x38, 0x39, 0x41, 0x5C, 0x7F, 0x80, 0xFF]
    for length in 0...40 {
        for _ in 0..<10 {
            inputs.append((0..<length).map { _ in tricky[Int(rng.next() % UInt64(tricky.count))] })
        }
    }
    return inputs
}

struct ByteBufferTests {
    @Test func quotingEightBytesAtATimeMatchesTheByteRules() {
        for input in escapingInputs() {
            for truncated in [false, true] {
                let b = ByteBuffer(capacity: 16)
                b.append("x=")
                input.withUnsafeBytes { b.appendQuoted($0, truncated: truncated) }
                #expect(bytes(b) == Array("x=".utf8) + referenceQuoted(input, truncated: truncated), "\(input)")
            }
        }
    }

    /// The JSON formats' single pass: the C string literal, escaped as JSON string contents.
    @Test func quotingForJSONIsTheLiteralEscapedAsJSON() {
        for input in escapingInputs() {
            for truncated in [false, true] {
                let b = ByteBuffer(capacity: 16)
                b.append("x=")
                input.withUnsafeBytes { b.appendQuoted($0, truncated: truncated, json: true) }
                #expect(bytes(b) == Array("x=".utf8) + referenceJSON(referenceQuoted(input, truncated: truncated)), "\(input)")
            }
        }
    }

    @Test func jsonEscapingEightBytesAtATimeMatchesTheByteRules() {
        for input in escapingInputs() {
            let b = ByteBuffer(capacity: 16)
            b.append("x=")
            b.appendJSONEscaped(input)
            #expect(bytes(b) == Array("x=".utf8) + referenceJSON(input), "\(input)")
        }
    }

    /// The lane's C renderer quotes by the table a byte at a time or, where the CPU has AVX-512
    /// (burrow_trace_quote_vector_available), computes sixteen escapes a step (when eight bytes or
    /// more are left to quote): both give the byte rules' bytes. Inputs: the inputs above; every
    /// byte followed by bytes of each kind (octal digits, other digits, escapes, plain) and by
    /// none, as the last lane of a step (whose next byte is the next step's first), within a
    /// step's last lanes and alone; pseudo-random buffers of every length up to 80 (five steps).
    @Test(arguments: [false, true])
    func theRenderersQuotingMatchesTheByteRules(_ json: Bool) {
        let r = burrow_lane_trace_new()!
        defer { burrow_lane_trace_free(r) }
        r.pointee.json = json ? 1 : 0
        r.pointee.quote_table = ByteBuffer.quoteTable.assumingMemoryBound(to: UInt32.self)
        let vector = burrow_trace_quote_vector_available() != 0
        #expect((r.pointee.quote_vector != 0) == vector, "a new renderer quotes by vectors exactly where the CPU can")
        let followers: [UInt8] = [0x00, 0x07, 0x08, 0x09, 0x0D, 0x1F, 0x20, 0x22, 0x2F, 0x30, 0x31, 0x37, 0x38, 0x39, 0x40, 0x5C, 0x7E, 0x7F,
                                  0x80, 0xFF]
        var inputs = escapingInputs()
        for c in 0...255 {
            for d in followers {
                inputs.append([UInt8](repeating: 0x01, count: 15) + [UInt8(c), d])
                inputs.append([UInt8](repeating: 0x01, count: 7) + [UInt8(c), d])
                inputs.append([UInt8(c), d])
            }
            inputs.append([UInt8](repeating: 0x01, count: 8) + [UInt8(c)])
            inputs.append([UInt8(c)])
        }
        var rng = SplitMix(state: 0x51D)
        let tricky: [UInt8] = [0x00, 0x01, 0x08, 0x0A, 0x22, 0x30, 0x37, 0x38, 0x41, 0x5C, 0x7E, 0x7F, 0x80, 0xFF]
        for length in 0...80 {
            for _ in 0..<8 {
                inputs.append((0..<length).map { _ in
                    let v = rng.next()
                    return v % 3 == 0 ? tricky[Int(v >> 8) % tricky.count] : UInt8(truncatingIfNeeded: v >> 16)
                })
            }
        }
        var out = [UInt8](repeating: 0, count: 5 * 80 + 24)
        var checked = 0
        for (k, input) in inputs.enumerated() {
            let truncated = k % 2 == 1
            let literal = referenceQuoted(input, truncated: truncated)
            let expected = json ? referenceJSON(literal) : literal
            for mode: UInt32 in vector ? [0, 1] : [0] {
                r.pointee.quote_vector = mode
                let n = input.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { burrow_trace_quote(r, $0.baseAddress, b.baseAddress, b.count, truncated ? 1 : 0) }
                }
                #expect(Array(out[..<n]) == expected, "\(input) by \(mode == 1 ? "vectors" : "the table")")
                checked += 1
            }
        }
        #expect(checked == inputs.count * (vector ? 2 : 1))
        // By vectors the table is not read at all (eight bytes or more left): with a table whose
        // every entry is `X`, 32 binary bytes still quote by the rules, and by the table they do not.
        if vector {
            let wrong = [UInt32](repeating: 0x58, count: 512)
            let input = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 128) }
            let literal = referenceQuoted(input, truncated: false)
            let expected = json ? referenceJSON(literal) : literal
            wrong.withUnsafeBufferPointer { table in
                r.pointee.quote_table = table.baseAddress
                for mode: UInt32 in [1, 0] {
                    r.pointee.quote_vector = mode
                    let n = input.withUnsafeBufferPointer { b in
                        out.withUnsafeMutableBufferPointer { burrow_trace_quote(r, $0.baseAddress, b.baseAddress, b.count, 0) }
                    }
                    #expect((Array(out[..<n]) == expected) == (mode == 1), "by \(mode == 1 ? "vectors" : "the table")")
                }
            }
        }
    }

    @Test func shortAndLongCopiesAppendExactlyTheirBytes() {
        let source = (0..<64).map { UInt8(0x41 + $0 % 26) }
        for length in 0...40 {
            for offset in 0..<8 {
                let b = ByteBuffer(capacity: 16)
                b.append("ab")
                source.withUnsafeBytes { b.append($0.baseAddress! + offset, length) }
                b.append(UInt8(ascii: "|"))
                #expect(bytes(b) == Array("ab".utf8) + Array(source[offset ..< offset + length]) + [UInt8(ascii: "|")])
            }
        }
    }

    @Test func fixedWidthDigits() {
        for v: UInt64 in [0, 1, 9, 10, 99, 100, 12_345, 99_999, 100_000, 999_999] {
            let b = ByteBuffer()
            b.appendSixDigits(v)
            let s = String(v)
            #expect(b.string == String(repeating: "0", count: 6 - s.count) + s)
        }
        for v: UInt64 in [0, 7, 10, 123_456, 1_000_000, 12_345_678, 100_000_000, 999_999_999] {
            let b = ByteBuffer()
            b.appendNineDigits(v)
            let s = String(v)
            #expect(b.string == String(repeating: "0", count: 9 - s.count) + s)
        }
    }

    @Test func jsonTimestampsHaveTheDigitsOfTheWholeNumber() {
        var clock = WallClock(offset: 0)
        var rng = SplitMix(state: 7)
        var values: [UInt64] = [0, 1, 999_999_999, 1_000_000_000, 1_000_000_001, 9_999_999_999, 10_000_000_000,
                                1_700_000_000_000_000_000, 1_700_000_000_999_999_999, 1_700_000_001_000_000_000,
                                1_700_000_001_000_000_007, 1_700_000_000_000_000_001, UInt64.max]
        // Runs within one second and across seconds, as a trace's events come.
        var t: UInt64 = 1_796_192_642_277_806_804
        for _ in 0..<200 {
            t &+= rng.next() % 40_000_000
            values.append(t)
        }
        for v in values {
            let b = ByteBuffer()
            clock.appendEpochNs(v, to: b)
            #expect(b.string == String(v))
        }
    }

    /// The C renderer copies the table's fragments sixteen bytes a step (put_fragment): every
    /// RawBytes, whatever its length, has BURROW_LANE_TRACE_PAD readable bytes after it (zero).
    @Test func fragmentsCarryTheRenderersPadding() {
        for length in [0, 1, 15, 16, 17, 64, 256] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
            let r = RawBytes.copy(bytes)
            defer { r.free() }
            #expect(r.count == length)
            #expect(Array(UnsafeBufferPointer(start: r.base, count: length)) == bytes)
            #expect(Array(UnsafeBufferPointer(start: r.base + length, count: Int(BURROW_LANE_TRACE_PAD))) == Array(repeating: 0, count: Int(BURROW_LANE_TRACE_PAD)))
        }
    }
}
