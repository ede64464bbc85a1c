// Decoding arguments by their ArgKind: numbers, flags and enumerations from the table's constant
// sets, modes in octal, strings quoted and escaped, structures by their layouts. Guest memory is
// reached only through `TraceMemory`, which the VMM side implements (BurrowTrace never sees the VMM).
import BurrowABI
import CBurrowRuntime

/// Read-only access to guest memory for the tracer. Every pointer is checked by the implementer;
/// nil means "not readable", which the trace shows as the bare address (as strace does).
public protocol TraceMemory: AnyObject {
    /// [addr, addr+count) when it is wholly readable guest memory.
    func readable(_ addr: UInt64, _ count: Int) -> UnsafeRawBufferPointer?
    /// The bytes from addr up to the first NUL, at most `max` of them. `terminated` is false when no
    /// NUL was found within `max` bytes or readable memory ended first. nil when addr is unreadable.
    func cString(_ addr: UInt64, max: Int) -> (bytes: UnsafeRawBufferPointer, terminated: Bool)?
    /// Shows the trace's C renderer this memory as the fast lane sees it (its mirror of the
    /// region table, host base and limit: burrow_lane_state's fields) in `view`, now and whenever
    /// the table changes, until detachLaneView: the renderer reads guest bytes by the same rules.
    /// False when it cannot, and the renderer leaves every call that reads memory to Swift.
    func attachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>) -> Bool
    /// No more updates of `view` (if it is the attached one).
    func detachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>)
}

extension TraceMemory {
    public func attachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>) -> Bool { false }
    public func detachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>) {}
}

/// The six argument registers as the guest left them.
public typealias RawArgs = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

@inline(__always) func arg(_ a: RawArgs, _ i: Int) -> UInt64 {
    switch i {
    case 0: a.0
    case 1: a.1
    case 2: a.2
    case 3: a.3
    case 4: a.4
    default: a.5
    }
}

/// Longest path shown (PATH_MAX): paths are not cut at the string limit, as in strace.
let pathLimit = 4096
/// Array elements shown before `...` (pollfd arrays, argv).
let arrayLimit = 16

enum Layouts {
    static let statMode = ToyOS.statLayout.offset(of: "mode")
    static let statSize = ToyOS.statLayout.offset(of: "size")
    static let pollfd = ToyOS.pollfdLayout.size
    static let pollEvents = ToyOS.pollfdLayout.offset(of: "events")
    static let pollRevents = ToyOS.pollfdLayout.offset(of: "revents")
    static let utsFields = ToyOS.utsnameLayout.fields.map { (Array($0.name.utf8), $0.offset, $0.count) }
    static let termiosFlags = ToyOS.termiosLayout.offset(of: "flags")
    static let termiosVmin = ToyOS.termiosLayout.offset(of: "vmin")
    static let termiosVtime = ToyOS.termiosLayout.offset(of: "vtime")
    static let sigHandler = ToyOS.sigactionLayout.offset(of: "handler")
    static let sigMask = ToyOS.sigactionLayout.offset(of: "mask")
    static let sigFlags = ToyOS.sigactionLayout.offset(of: "flags")
    static let sigRestorer = ToyOS.sigactionLayout.offset(of: "restorer")
    static let stackSP = ToyOS.stackLayout.offset(of: "sp")
    static let stackFlags = ToyOS.stackLayout.offset(of: "flags")
    static let stackSize = ToyOS.stackLayout.offset(of: "size")
    static let winsizeFields = ToyOS.winsizeLayout.fields.map { (Array($0.name.utf8), $0.offset) }

    static func size(_ kind: GuestStructKind) -> Int { ToyOS.size(of: kind) }
}

@inline(__always) func load<T: FixedWidthInteger>(_ p: UnsafeRawBufferPointer, _ offset: Int, _: T.Type) -> T {
    T(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: T.self))
}

extension ByteBuffer {
    /// A C string literal: quoted, C escapes, other non-printables in octal (strace's rules), and
    /// `...` after the closing quote when the value was cut. `json`: the literal as the contents of
    /// a JSON string, every byte of it escaped as JSON escapes it (`\"\\0\"`), in the same single
    /// pass: the JSON formats append the argument texts as they are, without escaping them again.
    public func appendQuoted(_ p: UnsafeRawBufferPointer, truncated: Bool, json: Bool = false) {
        appendQuoted(p, truncated: truncated, json: json, table: json ? Self.jsonQuoteTable : Self.quoteTable)
    }

    /// appendQuoted with its table given (quoteTable or jsonQuoteTable, as `json` says): the
    /// decoder holds it, since reading the static costs a once-check on every use.
    func appendQuoted(_ p: UnsafeRawBufferPointer, truncated: Bool, json: Bool, table: UnsafeRawPointer) {
        let n = p.count
        // At most 5 bytes per input byte (`\\123` in JSON), and 8 stored after the last: stores
        // through a pointer, the count set once.
        reserve(n &* 5 &+ 16)
        var o = base + count
        // The quote (`"`, in JSON `\"`) is stored as 8 bytes, its length on top.
        let quote: UInt64 = json ? 2 << 56 | 0x225C : 1 << 56 | 0x22
        UnsafeMutableRawPointer(o).storeBytes(of: quote, as: UInt64.self)
        o += Int(truncatingIfNeeded: quote >> 56)
        // (An empty buffer may have no address: nothing to read.)
        if let b = p.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            // Eight bytes at a time while no byte needs escaping (paths, text); from the first
            // word that has one, a byte at a time to the end: binary data (a read of a file) needs
            // escapes throughout, and a word test that fails costs as much as the word's bytes.
            var i = 0
            if Self.copyPlainWords(b, &i, n, &o) > i {
                // (A whole entry stored whatever its length: the reserve leaves room.)
                if json {
                    Self.quoteBytes(b, i, n, table.assumingMemoryBound(to: UInt64.self), &o, Self.putJSONEntry)
                } else {
                    Self.quoteBytes(b, i, n, table.assumingMemoryBound(to: UInt32.self), &o, Self.putEntry)
                }
            }
        }
        UnsafeMutableRawPointer(o).storeBytes(of: quote, as: UInt64.self)
        o += Int(truncatingIfNeeded: quote >> 56)
        count = o - base
        if truncated { append("...") }
    }

    /// b[i..<n] by table `t` (i < n), each byte's entry stored by `put`: each byte loaded once (it
    /// is the previous byte's `next`), its entry chosen by the byte and whether an octal digit
    /// follows it, without a branch on either (binary data would mispredict one per byte); the
    /// last byte after the loop, with no next. Generic over the entry (text's UInt32, JSON's
    /// UInt64), specialised at each call.
    @inline(__always) static func quoteBytes<Entry>(_ b: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ t: UnsafePointer<Entry>,
                                                  _ o: inout UnsafeMutablePointer<UInt8>,
                                                  _ put: (Entry, inout UnsafeMutablePointer<UInt8>) -> Void) {
        var i = i
        let last = n &- 1
        var c = b[i]
        while i < last {
            let next = b[i &+ 1]
            put(t[quoteIndex(c, next)], &o)
            c = next
            i &+= 1
        }
        put(t[Int(truncatingIfNeeded: c)], &o)
    }

    /// The quote tables' index of byte c's entry when `next` follows it: c, plus 256 when next is
    /// an octal digit (a compare, not a table of 256 more: cache lines a read's event need not miss).
    @inline(__always) static func quoteIndex(_ c: UInt8, _ next: UInt8) -> Int {
        Int(truncatingIfNeeded: c) | (next &- 0x30 < 8 ? 256 : 0)
    }

    /// Stores a quoteTable entry's bytes at o (four, whatever its length) and advances o by its
    /// length: its bytes up to the highest nonzero one (an entry is never empty).
    @inline(__always) static func putEntry(_ e: UInt32, _ o: inout UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(o).storeBytes(of: e, as: UInt32.self)
        o += (39 &- e.leadingZeroBitCount) >> 3
    }

    /// The same for a jsonQuoteTable entry: eight bytes stored, its length in the top byte.
    @inline(__always) static func putJSONEntry(_ e: UInt64, _ o: inout UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(o).storeBytes(of: e, as: UInt64.self)
        o += Int(truncatingIfNeeded: e >> 56)
    }

    /// appendQuoted's output for each byte value (strace's rules): 512 UInt32, the escape's bytes
    /// little-endian, the bytes above them zero (2 KiB, of which binary data touches the first
    /// half only: the smaller the table, the fewer lines a read's event misses). Entries 256-511:
    /// the same when an octal digit follows, where every octal escape takes three digits, so that
    /// "\0" + "1" does not read as "\01".
    static let quoteTable = UnsafeRawPointer(makeQuoteTable(json: false))
    /// The same escapes as the contents of a JSON string, each `\` and `"` of them escaped again:
    /// up to 5 bytes (`\\377`), so 512 UInt64, the bytes in bits 0-55 and the length in 56-63.
    static let jsonQuoteTable = UnsafeRawPointer(makeQuoteTable(json: true))

    static func makeQuoteTable(json: Bool) -> UnsafeMutableRawPointer {
        let t = UnsafeMutableRawPointer.allocate(byteCount: 512 * (json ? 8 : 4), alignment: 8)
        for octalFollows in [false, true] {
            for c in 0..<256 {
                var out: [UInt8]
                switch c {
                case 0x22: out = [0x5C, 0x22]
                case 0x5C: out = [0x5C, 0x5C]
                case 0x0A: out = Array(#"\n"#.utf8)
                case 0x09: out = Array(#"\t"#.utf8)
                case 0x0D: out = Array(#"\r"#.utf8)
                case 0x0B: out = Array(#"\v"#.utf8)
                case 0x0C: out = Array(#"\f"#.utf8)
                case 0x20...0x7E: out = [UInt8(c)]
                default:
                    let digits = octalFollows || c >= 0o100 ? 3 : c >= 0o10 ? 2 : 1
                    out = [0x5C] + (0..<digits).reversed().map { UInt8(0x30 + (c >> (3 * $0)) & 7) }
                }
                let index = (octalFollows ? 256 : 0) + c
                if json {
                    // (A C escape is printable ASCII: only its `\` and `"` need JSON's escape.)
                    out = out.flatMap { $0 == 0x5C || $0 == 0x22 ? [0x5C, $0] : [$0] }
                    var v = UInt64(out.count) << 56
                    for (k, b) in out.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
                    t.storeBytes(of: v, toByteOffset: 8 * index, as: UInt64.self)
                } else {
                    var v: UInt32 = 0
                    for (k, b) in out.enumerated() { v |= UInt32(b) << (8 * UInt32(k)) }
                    t.storeBytes(of: v, toByteOffset: 4 * index, as: UInt32.self)
                }
            }
        }
        return t
    }

    /// Copies b[i...] to o eight bytes at a time while none needs escaping (in either form: paths
    /// and most buffers are plain ASCII), advancing both; returns the end of what must then be done
    /// a byte at a time: the first word with a byte that does, or the tail shorter than a word.
    @inline(__always) static func copyPlainWords(_ b: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int,
                                                 _ o: inout UnsafeMutablePointer<UInt8>) -> Int {
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
            if !plain8(x) { return i &+ 8 }
            UnsafeMutableRawPointer(o).storeBytes(of: x, as: UInt64.self)
            o += 8
            i &+= 8
        }
        return n
    }

    /// True when none of the 8 bytes in x needs escaping, in a C string literal (appendQuoted) or
    /// in JSON (appendJSONEscaped): every byte in 0x20...0x7E and neither `"` nor `\`. Word-wide
    /// tests (a byte below n: (x - n*ones) & ~x & highs; a zero byte: the same with n = 1) that
    /// never miss a byte that needs escaping.
    @inline(__always) static func plain8(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (x &- ones &* 0x20) & ~x & highs
        let special = control | (x & highs) | zeroByte(x ^ (ones &* 0x22)) | zeroByte(x ^ (ones &* 0x5C))
            | zeroByte(x ^ (ones &* 0x7F))
        return special == 0
    }

    /// Flag bits by name, `|`-joined in table order; leftover bits as `|0x...`; 0 as the set's
    /// zero entry (F_OK, PROT_NONE) or `0`.
    func appendFlags(_ value: UInt64, _ set: PreparedSet) {
        if value == 0 {
            if let z = set.rawZeroName { append(z) } else { append(UInt8(ascii: "0")) }
            return
        }
        var rest = value
        var matched: UInt64 = 0   // bit i set: entry i matched (sets are small)
        var k = 0
        while k < set.matchCount {
            let i = set.rawMatchOrder[k]
            let v = set.rawValues[i]
            if rest & v == v { matched |= 1 << UInt64(i); rest &= ~v }
            k &+= 1
        }
        var first = true
        var m = matched
        while m != 0 {
            let i = m.trailingZeroBitCount
            m &= m - 1
            if !first { append(UInt8(ascii: "|")) }
            append(set.name(i))
            first = false
        }
        if rest != 0 {
            if !first { append(UInt8(ascii: "|")) }
            appendHex(rest)
        }
    }

    /// An enumeration by name; an unknown value in decimal.
    func appendEnumeration(_ value: Int64, _ set: PreparedSet) {
        if value >= 0, let i = set.index(of: UInt64(value)) { append(set.name(i)) } else { appendDecimal(signed: value) }
    }

    /// Permission bits in octal like C's `%#03o`: 0644, 000, 0755.
    func appendMode(_ value: UInt64) {
        append(UInt8(ascii: "0"))
        if value < 0o10 { append(UInt8(ascii: "0")) }
        appendOctalDigits(value)
    }

    /// A ToyOS signal number (sigset bit i = signal i+1).
    func appendSignal(_ value: Int64, _ table: TraceTable) {
        appendEnumeration(value, table.signalSet)
    }

    /// JSON string contents: escapes `"`, `\`, control characters; bytes >= 0x80 as \u00XX so the
    /// document stays valid whatever the guest's bytes were.
    func appendJSONEscaped(_ p: UnsafeRawPointer, _ n: Int) {
        // At most \u00XX per byte, and 8 bytes stored for each: stores through a pointer, the count
        // set once.
        reserve(n * 6 + 2)
        let b = p.assumingMemoryBound(to: UInt8.self)
        let table = Self.jsonTable
        var o = base + count
        var i = 0
        while i < n {
            // A word that needs escaping is done a byte at a time, by table, then words again:
            // this text is mostly plain (paths, and the quoted literals' backslashes and digits),
            // where appendQuoted's binary buffers stay bytewise after the first escape.
            let stop = Self.copyPlainWords(b, &i, n, &o)
            while i < stop {
                let e = table[Int(b[i])]
                UnsafeMutableRawPointer(o).storeBytes(of: e, as: UInt64.self)
                o += Int(truncatingIfNeeded: e >> 56)
                i &+= 1
            }
        }
        count = o - base
    }

    /// appendJSONEscaped's output for each byte value: `"` and `\` after a backslash, control
    /// characters and bytes >= 0x7F as \u00XX, the rest as they are; the bytes little-endian in
    /// bits 0-47, the length in bits 56-63.
    static let jsonTable: UnsafeMutablePointer<UInt64> = {
        let t = UnsafeMutablePointer<UInt64>.allocate(capacity: 256)
        let hex = Array("0123456789abcdef".utf8)
        for c in 0..<256 {
            let out: [UInt8] = c == 0x22 || c == 0x5C ? [0x5C, UInt8(c)]
                : c < 0x20 || c >= 0x7F ? Array(#"\u00"#.utf8) + [hex[c >> 4], hex[c & 0xF]] : [UInt8(c)]
            var v = UInt64(out.count) << 56
            for (k, x) in out.enumerated() { v |= UInt64(x) << (8 * UInt64(k)) }
            t[c] = v
        }
        return t
    }()

    func appendJSONEscaped(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let p = $0.baseAddress { appendJSONEscaped(p, $0.count) } }
    }
}

/// Decodes argument values into text. One per tracer; holds the string limit.
/// A class: the tracer calls it for every argument, and a struct held in a `var` would be copied
/// (its table and closure retained and released) on each call.
public final class ArgDecoder {
    public let table: TraceTable
    public let stringLimit: Int
    /// The texts are for a JSON format (JSON Lines, Chrome): written as the contents of a JSON
    /// string, already escaped (quoted strings and -y paths, the only texts with bytes JSON
    /// escapes), so that the renderer appends them as they are instead of escaping each again.
    public let json: Bool
    /// appendQuoted's table for `json`, read once.
    let quoteTable: UnsafeRawPointer
    /// strace -y: the path behind a guest descriptor (nil: not shown).
    @exclusivity(unchecked) public var descriptorPath: ((Int64) -> [UInt8]?)?

    public init(table: TraceTable = .toyOS, stringLimit: Int = 32, json: Bool = false) {
        self.table = table
        self.stringLimit = stringLimit
        self.json = json
        quoteTable = json ? ByteBuffer.jsonQuoteTable : ByteBuffer.quoteTable
        fileTypes = Unmanaged.passUnretained(table.fileTypeSet)
    }

    /// struct stat's size, the offsets its decoding reads and the file type mask, taken once:
    /// through the statics each costs a once-check, and the size a copy of the whole layout (its
    /// arrays retained and released), on every stat event.
    let statBytes = Layouts.size(.stat)
    let statModeOffset = Layouts.statMode
    let statSizeOffset = Layouts.statSize
    let fileTypeMask = ToyOS.fileTypeMask
    /// The table's file types (stat's mode), reached without a retain and release per event.
    /// SAFETY: `table` (a constant) keeps the set alive as long as this decoder.
    let fileTypes: Unmanaged<PreparedSet>

    /// Whether an argument of this kind is shown after the call (filled by the call).
    @inline(__always) static func isDeferred(_ kind: ArgKind) -> Bool {
        switch kind {
        case .bufferOut, .pathOut, .structOut, .structOutOnEINTR, .recordsOut: true
        case .bufferIn(length: .returnValue): true
        default: false
        }
    }

    /// Renders an argument known before the call (everything except out buffers and structures).
    public func appendBefore(_ kind: ArgKind, set: PreparedSet?, index: Int, args: RawArgs, memory: TraceMemory?, into b: ByteBuffer) {
        let v = arg(args, index)
        switch kind {
        case .int, .pid: b.appendDecimal(signed: Int64(bitPattern: kind.decode(v)))
        case .fd: appendDescriptor(Int64(bitPattern: kind.decode(v)), into: b)
        case .uint, .size: b.appendDecimal(v)
        case .offset: b.appendDecimal(signed: Int64(bitPattern: v))
        case .hex: b.appendHex(v)
        case .address: if v == 0 { b.append("NULL") } else { b.appendHex(v) }
        case .mode: b.appendMode(kind.decode(v))
        case .nanoseconds: b.appendNanoseconds(v)
        case .flags: b.appendFlags(kind.decode(v), set!)
        case .enumeration: b.appendEnumeration(Int64(bitPattern: kind.decode(v)), set!)
        case .path:
            appendString(v, max: pathLimit, memory: memory, into: b)
        case .bufferIn(let length):
            appendBuffer(v, length: self.length(length, args: args, result: 0), memory: memory, into: b)
        case .structIn(let kind, let count), .structInOut(let kind, let count):
            let n = count.map { self.length($0, args: args, result: 0) } ?? 1
            appendStruct(kind, at: v, count: n, output: false, memory: memory, into: b)
        case .stringArray:
            appendStringArray(v, memory: memory, into: b)
        case .byCommand(let id):
            // The kind the command gives it; none: nothing (the tracer leaves the argument out).
            let spec = id.spec
            guard let kind = spec.kind(command: spec.command(in: args)) else { return }
            let set: PreparedSet?
            switch kind {
            case .flags(let id), .enumeration(let id): set = table.constantSet(id)
            default: set = nil
            }
            appendBefore(kind, set: set, index: index, args: args, memory: memory, into: b)
        case .bufferOut, .pathOut, .structOut, .structOutOnEINTR, .recordsOut:
            b.appendHex(v)   // only shown here when the call failed
        }
    }

    /// Renders an argument the call filled (after a successful call).
    public func appendAfter(_ kind: ArgKind, index: Int, args: RawArgs, result: UInt64, memory: TraceMemory?, into b: ByteBuffer) {
        let v = arg(args, index)
        switch kind {
        case .bufferOut(let length), .bufferIn(let length):
            appendBuffer(v, length: self.length(length, args: args, result: result), memory: memory, into: b)
        case .pathOut(let length):
            appendBuffer(v, length: self.length(length, args: args, result: result), limit: pathLimit, memory: memory, into: b)
        case .structOut(let kind), .structOutOnEINTR(let kind):
            appendStruct(kind, at: v, count: 1, output: true, memory: memory, into: b)
        case .recordsOut(let kind, let length):
            appendRecords(kind, at: v, length: self.length(length, args: args, result: result), memory: memory, into: b)
        case .structInOut(let kind, let count):
            let n = count.map { self.length($0, args: args, result: result) } ?? 1
            // poll's result counts the entries with events: none is strace's "(Timeout)".
            if kind == .pollfds && result == 0 { b.append("Timeout"); return }
            appendStruct(kind, at: v, count: n, output: true, memory: memory, into: b)
        default:
            b.appendHex(v)
        }
    }

    @inline(__always) func length(_ source: LengthSource, args: RawArgs, result: UInt64) -> Int {
        let v: UInt64
        switch source {
        case .argument(let i): v = arg(args, i)
        case .returnValue: v = result
        case .fixed(let n): return n
        }
        return Int(min(v, ToyOS.maxTransfer))
    }

    func appendString(_ addr: UInt64, max: Int, memory: TraceMemory?, into b: ByteBuffer) {
        if addr == 0 { b.append("NULL"); return }
        guard let s = memory?.cString(addr, max: max) else { b.appendHex(addr); return }
        b.appendQuoted(s.bytes, truncated: !s.terminated, json: json, table: quoteTable)
    }

    /// `limit`: the bytes shown before `...` (the string limit; a path's, PATH_MAX).
    func appendBuffer(_ addr: UInt64, length: Int, limit: Int? = nil, memory: TraceMemory?, into b: ByteBuffer) {
        if addr == 0 { b.append("NULL"); return }
        let shown = min(length, limit ?? stringLimit)
        guard let p = memory?.readable(addr, shown) else { b.appendHex(addr); return }
        b.appendQuoted(p, truncated: length > shown, json: json, table: quoteTable)
    }

    func appendStringArray(_ addr: UInt64, memory: TraceMemory?, into b: ByteBuffer) {
        if addr == 0 { b.append("NULL"); return }
        // Unreadable from the start: the address, as strace shows it (not an empty list).
        guard let memory, memory.readable(addr, 8) != nil else { b.appendHex(addr); return }
        b.append(UInt8(ascii: "["))
        var i = 0
        while true {
            guard let p = memory.readable(addr &+ UInt64(i * 8), 8) else { b.append("...]"); return }
            let s = load(p, 0, UInt64.self)
            if s == 0 { break }
            if i == arrayLimit {
                // strace says only "..."; how many were left out is worth the count.
                b.append(", ")
                appendLeftOut(countPointers(addr &+ UInt64(i * 8), memory: memory), into: b)
                break
            }
            if i > 0 { b.append(", ") }
            if let str = memory.cString(s, max: stringLimit) {
                b.appendQuoted(str.bytes, truncated: !str.terminated, json: json, table: quoteTable)
            } else {
                b.appendHex(s)
            }
            i += 1
        }
        b.append(UInt8(ascii: "]"))
    }

    /// A structure (or an array of `count` of them) read from guest memory; unreadable: the address.
    func appendStruct(_ kind: GuestStructKind, at addr: UInt64, count: Int, output: Bool, memory: TraceMemory?, into b: ByteBuffer) {
        if addr == 0 { b.append("NULL"); return }
        // Returned pollfds: the entries with events are shown, up to the limit, out of all of them.
        let shownCount = output && kind == .pollfds ? count : min(count, arrayLimit)
        let size: Int
        if case .stat = kind { size = statBytes } else { size = Layouts.size(kind) }
        guard let p = memory?.readable(addr, size * shownCount) else { b.appendHex(addr); return }
        decodeStruct(kind, p, count: count, output: output, into: b)
    }

    /// Decodes structure bytes (already captured) by the layouts in BurrowABI.
    public func decodeStruct(_ kind: GuestStructKind, _ p: UnsafeRawBufferPointer, count: Int = 1, output: Bool, into b: ByteBuffer) {
        switch kind {
        case .stat:
            let mode = UInt64(load(p, statModeOffset, UInt32.self))
            b.append("{mode=")
            let type = mode & fileTypeMask
            if let i = fileTypes._withUnsafeGuaranteedRef({ $0.index(of: type) }) {
                b.append(fileTypes._withUnsafeGuaranteedRef { $0.name(i) })
                b.append(UInt8(ascii: "|"))
            } else if type != 0 {
                b.appendHex(type)
                b.append(UInt8(ascii: "|"))
            }
            b.appendMode(mode & 0o7777)
            let other = mode & ~(fileTypeMask | 0o7777)
            if other != 0 { b.append(UInt8(ascii: "|")); b.appendHex(other) }
            b.append(", size=")
            b.appendDecimal(signed: load(p, statSizeOffset, Int64.self))
            b.append(", ...}")
        case .pollfds:
            b.append(UInt8(ascii: "["))
            // In: the first entries. Out (p holds all of them): the first entries with events, and
            // how many more have events.
            let shown = output ? count : min(count, arrayLimit)
            var first = true, listed = 0, more = 0
            for i in 0..<shown {
                let o = i * Layouts.pollfd
                let revents = UInt64(load(p, o + Layouts.pollRevents, UInt16.self))
                if output && revents == 0 { continue }
                if output && listed == arrayLimit { more += 1; continue }
                listed += 1
                if !first { b.append(", ") }
                first = false
                b.append("{fd=")
                b.appendDecimal(signed: Int64(load(p, o, Int32.self)))
                if output {
                    b.append(", revents=")
                    b.appendFlags(revents, table.pollSet)
                } else {
                    b.append(", events=")
                    b.appendFlags(UInt64(load(p, o + Layouts.pollEvents, UInt16.self)), table.pollSet)
                }
                b.append(UInt8(ascii: "}"))
            }
            if !output && count > shown { more = count - shown }
            if more > 0 {
                if !first { b.append(", ") }
                appendLeftOut(more, into: b)
            }
            b.append(UInt8(ascii: "]"))
        case .utsname:
            b.append(UInt8(ascii: "{"))
            for (i, f) in Layouts.utsFields.enumerated() {
                if i > 0 { b.append(", ") }
                b.append(f.0)
                b.append(UInt8(ascii: "="))
                var n = 0
                while n < f.2 && p[f.1 + n] != 0 { n += 1 }
                let field = UnsafeRawBufferPointer(rebasing: p[f.1 ..< f.1 + n])
                let shown = min(n, stringLimit)
                b.appendQuoted(UnsafeRawBufferPointer(rebasing: field[0..<shown]), truncated: n > shown, json: json, table: quoteTable)
            }
            b.append(UInt8(ascii: "}"))
        case .winsize:
            b.append(UInt8(ascii: "{"))
            for (i, f) in Layouts.winsizeFields.enumerated() {
                if i > 0 { b.append(", ") }
                b.append(f.0)
                b.append(UInt8(ascii: "="))
                b.appendDecimal(UInt64(load(p, f.1, UInt16.self)))
            }
            b.append(UInt8(ascii: "}"))
        case .termios:
            b.append("{flags=")
            b.appendFlags(UInt64(load(p, Layouts.termiosFlags, UInt32.self)), table.termiosSet)
            b.append(", vmin=")
            b.appendDecimal(UInt64(p[Layouts.termiosVmin]))
            b.append(", vtime=")
            b.appendDecimal(UInt64(p[Layouts.termiosVtime]))
            b.append(UInt8(ascii: "}"))
        case .sigaction:
            let handler = load(p, Layouts.sigHandler, UInt64.self)
            b.append("{handler=")
            switch handler {
            case ToyOS.sigDefault: b.append("SIG_DFL")
            case ToyOS.sigIgnore: b.append("SIG_IGN")
            default: b.appendHex(handler)
            }
            b.append(", mask=")
            appendSigset(load(p, Layouts.sigMask, UInt64.self), into: b)
            b.append(", flags=")
            b.appendFlags(UInt64(load(p, Layouts.sigFlags, UInt32.self)), table.sigactionFlagSet)
            b.append(", restorer=")
            let r = load(p, Layouts.sigRestorer, UInt64.self)
            if r == 0 { b.append("NULL") } else { b.appendHex(r) }
            b.append(UInt8(ascii: "}"))
        case .sigset:
            appendSigset(load(p, 0, UInt64.self), into: b)
        case .stack:
            // {sp=0x..., flags=SS_ONSTACK, size=32768}, as strace shows a stack_t.
            b.append("{sp=")
            let sp = load(p, Layouts.stackSP, UInt64.self)
            if sp == 0 { b.append("NULL") } else { b.appendHex(sp) }
            b.append(", flags=")
            b.appendFlags(UInt64(load(p, Layouts.stackFlags, UInt32.self)), table.stackFlagSet)
            b.append(", size=")
            b.appendDecimal(load(p, Layouts.stackSize, UInt64.self))
            b.append(UInt8(ascii: "}"))
        case .timesPair:
            b.append(UInt8(ascii: "["))
            for i in 0..<2 {
                if i > 0 { b.append(", ") }
                let t = load(p, i * 8, UInt64.self)
                switch t {
                case ToyOS.utimeNow: b.append("UTIME_NOW")
                case ToyOS.utimeOmit: b.append("UTIME_OMIT")
                default: b.appendNanoseconds(t)
                }
            }
            b.append(UInt8(ascii: "]"))
        case .nanoseconds:
            b.appendNanoseconds(load(p, 0, UInt64.self))
        case .dirent:
            appendDirents(p, into: b)
        case .xv6Stat:
            // xv6's struct stat: {type=T_FILE, ino=N, nlink=N, size=N}.
            b.append("{type=")
            let type = UInt64(UInt16(bitPattern: load(p, XV6.statLayout.offset(of: "type"), Int16.self)))
            if let i = table.fileTypeSet.index(of: type) { b.append(table.fileTypeSet.names[i]) } else { b.appendDecimal(type) }
            b.append(", ino=")
            b.appendDecimal(UInt64(load(p, XV6.statLayout.offset(of: "ino"), UInt32.self)))
            b.append(", nlink=")
            b.appendDecimal(signed: Int64(load(p, XV6.statLayout.offset(of: "nlink"), Int16.self)))
            b.append(", size=")
            b.appendDecimal(UInt64(load(p, XV6.statLayout.offset(of: "size"), UInt32.self)))
            b.append(UInt8(ascii: "}"))
        case .fdPair:
            // Descriptors the call returns: with their paths under -y, as strace -y shows pipe's.
            b.append(UInt8(ascii: "["))
            appendDescriptor(Int64(load(p, 0, Int32.self)), into: b)
            b.append(", ")
            appendDescriptor(Int64(load(p, 4, Int32.self)), into: b)
            b.append(UInt8(ascii: "]"))
        case .waitStatus:
            let s = UInt64(load(p, 0, UInt32.self))
            if s & ToyOS.exitSignaled != 0 {
                b.append("[{signaled, signal=")
                b.appendSignal(Int64((s >> 8) & 0xFF), table)
                if s & ToyOS.exitCoredump != 0 { b.append(", core dumped") }
                b.append("}]")
            } else if s & ToyOS.exitStopped != 0 {
                // WUNTRACED (ABI 1.1): stopped by the signal in bits 8-15.
                b.append("[{stopped, signal=")
                b.appendSignal(Int64((s >> 8) & 0xFF), table)
                b.append("}]")
            } else if s & ToyOS.exitContinued != 0 {
                b.append("[{continued}]")
            } else {
                b.append("[{exited, status=")
                b.appendDecimal(s & 0xFF)
                b.append("}]")
            }
        }
    }

    func appendSigset(_ mask: UInt64, into b: ByteBuffer) {
        b.append(UInt8(ascii: "["))
        var m = mask
        var first = true
        while m != 0 {
            let bit = m.trailingZeroBitCount
            m &= m - 1
            if !first { b.append(UInt8(ascii: " ")) }
            first = false
            b.appendSignal(Int64(bit + 1), table)
        }
        b.append(UInt8(ascii: "]"))
    }
}

extension CommandArgument {
    /// The command this event's arguments hold (a 32-bit enumeration, as the dispatcher reads it).
    func command(in args: RawArgs) -> UInt64 { arg(args, argument) & 0xFFFF_FFFF }
}
