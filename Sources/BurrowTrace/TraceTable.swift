// The table as the tracer uses it: each row of the ABI's one syscall table, prepared once (names as
// bytes, constant sets resolved, JSON fragments pre-rendered) so that rendering an event does no
// lookups by name and no allocation. Nothing here is a second table: every fact comes from the row.
import BurrowABI
import CBurrowRuntime

/// A constant set ready for rendering.
public final class PreparedSet: @unchecked Sendable {
    public let id: ConstantSetID
    public let isBits: Bool
    let names: [[UInt8]]
    let values: [UInt64]
    /// Bits: entries to try, widest first, so a multi-bit field (O_RDWR = O_RDONLY|O_WRONLY's
    /// bits) wins over its parts; printed in table order afterwards.
    let matchOrder: [Int]
    /// Bits: the name of the entry whose value is 0 (F_OK, PROT_NONE), if any.
    let zeroName: [UInt8]?

    init(_ set: ConstantSet) {
        id = set.id
        isBits = set.kind == .bits
        names = set.entries.map { Array($0.name.utf8) }
        let values = set.entries.map { $0.value }
        self.values = values
        matchOrder = values.indices.filter { values[$0] != 0 }.sorted {
            let a = values[$0].nonzeroBitCount, b = values[$1].nonzeroBitCount
            return a != b ? a > b : $0 < $1
        }
        zeroName = set.entries.first { $0.value == 0 }.map { Array($0.name.utf8) }
        count = values.count
        rawNames = .allocate(capacity: max(1, count))
        rawValues = .allocate(capacity: max(1, count))
        for i in 0..<count {
            (rawNames + i).initialize(to: .copy(names[i]))
            (rawValues + i).initialize(to: values[i])
        }
        rawMatchOrder = .allocate(capacity: max(1, matchOrder.count))
        for (i, m) in matchOrder.enumerated() { (rawMatchOrder + i).initialize(to: m) }
        matchCount = matchOrder.count
        rawZeroName = zeroName.map { .copy($0) }
    }

    // The same facts as plain pointers for the per-event path: read through the arrays, every
    // flags or enumeration argument retained and released three of them. SAFETY: allocated in
    // init, freed in deinit; the tracer reaches a set only while its table lives.
    let count: Int
    let rawNames: UnsafeMutablePointer<RawBytes>
    let rawValues: UnsafeMutablePointer<UInt64>
    let matchCount: Int
    let rawMatchOrder: UnsafeMutablePointer<Int>
    let rawZeroName: RawBytes?

    deinit {
        for i in 0..<count { rawNames[i].free() }
        rawNames.deallocate()
        rawValues.deallocate()
        rawMatchOrder.deallocate()
        rawZeroName?.free()
    }

    /// The index of the entry with this value (enumerations).
    @inline(__always) func index(of value: UInt64) -> Int? {
        var i = 0
        while i < count {
            if rawValues[i] == value { return i }
            i &+= 1
        }
        return nil
    }

    /// The name of entry i.
    @inline(__always) func name(_ i: Int) -> RawBytes { rawNames[i] }
}

/// Bytes the tracer appends as they are (a name, a JSON fragment): a plain pointer and length into
/// storage its CallInfo owns, so appending them costs no retain or release.
struct RawBytes {
    let base: UnsafePointer<UInt8>
    let count: Int

    /// (Made only by `copy`, so that every one has its padding.)
    private init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// A copy of `bytes` that lives until `free()`, with BURROW_LANE_TRACE_PAD zero bytes after it:
    /// the lane's C renderer copies these fragments sixteen bytes a step (put_fragment).
    static func copy(_ bytes: [UInt8]) -> RawBytes {
        let room = bytes.count + Int(BURROW_LANE_TRACE_PAD)
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: room)
        p.initialize(repeating: 0, count: room)
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { p.update(from: b, count: $0.count) } }
        return RawBytes(base: p, count: bytes.count)
    }

    func free() { UnsafeMutablePointer(mutating: base).deallocate() }
}

/// One argument of a RawCallInfo.
struct RawArg {
    let kind: ArgKind
    let name: RawBytes
    /// `{"name":"NAME","value":"` (JSON Lines).
    let jsonHead: RawBytes
    /// The constant set of a `.flags` / `.enumeration` argument (owned by the table).
    let set: Unmanaged<PreparedSet>?
    /// Shown after the call (ArgDecoder.isDeferred).
    let deferred: Bool
}

/// A row as the tracer reads it on every event: the facts of CallInfo in plain values and pointers
/// (no arrays, strings or class references to retain and release per event).
struct RawCallInfo {
    let name: RawBytes
    let classJSON: RawBytes
    let classList: RawBytes
    /// `,"number":N,"name":"NAME","class":[...]` (JSON Lines).
    let jsonRow: RawBytes
    let returns: ReturnKind
    let hasOutArgs: Bool
    /// Every argument is shown in its place, before the result, whether it is read before the
    /// call or after it: no command's left-out argument, no in-out structure shown after the
    /// result, no structure filled only by a failure (Tracer.laneLine's rows).
    let onePass: Bool
    let argCount: Int
    let args: UnsafeMutablePointer<RawArg>
    /// The bytes of jsonRow and of every argument's jsonHead: the room renderJSONL reserves for
    /// the row's fixed fragments.
    let jsonFragments: Int
}

extension ByteBuffer {
    @inline(__always) func append(_ r: RawBytes) { append(UnsafeRawPointer(r.base), r.count) }
}

/// One row of the table, prepared for the tracer.
public final class CallInfo: @unchecked Sendable {
    public let number: UInt64
    public let name: String
    public let args: [SyscallArg]
    public let returns: ReturnKind
    public let classes: [SyscallClass]
    let nameBytes: [UInt8]
    let argNames: [[UInt8]]
    /// The constant set of each `.flags` / `.enumeration` argument.
    let argSets: [PreparedSet?]
    /// `["file","desc"]`
    let classJSON: [UInt8]
    /// `file,desc` (Chrome's "cat").
    let classList: [UInt8]
    /// Some argument is shown only after the call (out buffers and structures).
    let hasOutArgs: Bool

    init(number: UInt64, name: String, args: [SyscallArg], returns: ReturnKind, classes: [SyscallClass],
         sets: (ConstantSetID) -> PreparedSet) {
        self.number = number
        self.name = name
        self.args = args
        self.returns = returns
        self.classes = classes
        nameBytes = Array(name.utf8)
        argNames = args.map { Array($0.name.utf8) }
        argSets = args.map {
            switch $0.kind {
            case .flags(let id), .enumeration(let id): sets(id)
            default: nil
            }
        }
        classJSON = Array(("[" + classes.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]").utf8)
        classList = Array(classes.map(\.rawValue).joined(separator: ",").utf8)
        // Every argument shown after the call (didCall walks the row for them): the deferred ones
        // and an in-out structure's output. The same predicate as willCall's (isDeferred), so that
        // no deferred argument is left unrendered.
        hasOutArgs = args.contains {
            if ArgDecoder.isDeferred($0.kind) { return true }
            if case .structInOut = $0.kind { return true }
            return false
        }
        let rawArgs = UnsafeMutablePointer<RawArg>.allocate(capacity: max(1, args.count))
        for (i, a) in args.enumerated() {
            rawArgs.advanced(by: i).initialize(to: RawArg(kind: a.kind, name: .copy(argNames[i]),
                                                          jsonHead: .copy(Array("{\"name\":\"".utf8) + argNames[i] + Array("\",\"value\":\"".utf8)),
                                                          set: argSets[i].map { Unmanaged.passUnretained($0) },
                                                          deferred: ArgDecoder.isDeferred(a.kind)))
        }
        raw = .allocate(capacity: 1)
        let jsonRow = Array(",\"number\":\(number),\"name\":\"".utf8) + nameBytes + Array("\",\"class\":".utf8) + classJSON
        raw.initialize(to: RawCallInfo(name: .copy(nameBytes), classJSON: .copy(classJSON), classList: .copy(classList),
                                       jsonRow: .copy(jsonRow),
                                       returns: returns, hasOutArgs: hasOutArgs,
                                       onePass: args.allSatisfy {
                                           switch $0.kind {
                                           case .byCommand, .structInOut, .structOutOnEINTR: false
                                           default: true
                                           }
                                       },
                                       argCount: args.count, args: rawArgs,
                                       jsonFragments: jsonRow.count + (0..<args.count).reduce(0) { $0 + rawArgs[$1].jsonHead.count }))
    }

    /// The same row for the per-event path. SAFETY: owned by this CallInfo (freed in deinit); the
    /// sets it points to are the table's, which outlives its rows' use (the tracer holds the table).
    let raw: UnsafeMutablePointer<RawCallInfo>

    deinit {
        let r = raw.pointee
        for i in 0..<r.argCount {
            r.args[i].name.free()
            r.args[i].jsonHead.free()
        }
        r.args.deallocate()
        r.name.free()
        r.classJSON.free()
        r.classList.free()
        r.jsonRow.free()
        raw.deallocate()
    }
}

public final class TraceTable: @unchecked Sendable {
    public let rows: [CallInfo]
    /// The same rows as `--trace-filter` names them.
    public let names: CallNames
    public let maxNumber: Int
    private let byNumber: [CallInfo?]
    /// byNumber as raw rows. SAFETY: allocated in init, freed in deinit.
    private let rawByNumber: UnsafeMutablePointer<UnsafeMutablePointer<RawCallInfo>?>
    private let rawCount: Int
    private let sets: [ConstantSetID: PreparedSet]
    /// errno value -> its name (`ENOENT`: JSON Lines, Chrome) and its text form with the message
    /// (`ENOENT (No such file or directory)`), rendered once (nil: not in the set). Plain pointers,
    /// as the rows: read through arrays, every failed call's event retained and released them.
    /// SAFETY: allocated in init, freed in deinit.
    let errnoCount: Int
    let rawErrnoNames: UnsafeMutablePointer<RawBytes?>
    let rawErrnoTexts: UnsafeMutablePointer<RawBytes?>
    /// The longest errno name, in bytes (or `E?` and a number): what a renderer reserves for one.
    let errnoNameRoom: Int
    let signalSet: PreparedSet
    let fileTypeSet: PreparedSet
    let pollSet: PreparedSet
    let termiosSet: PreparedSet
    let sigactionFlagSet: PreparedSet
    let stackFlagSet: PreparedSet
    let direntTypeSet: PreparedSet

    public static let toyOS = TraceTable(ToyOS.abi)

    /// The tracer's view of a personality's table (its rows, constant sets and struct layouts).
    public convenience init(_ abi: PersonalityABI) {
        self.init(rows: abi.rows.map { ($0.number, $0.name, $0.args, $0.returns, $0.classes) }, constantSets: abi.constantSets,
                  names: CallNames(abi))
    }

    public init(rows: [(UInt32, String, [SyscallArg], ReturnKind, [SyscallClass])], constantSets: [ConstantSet], names: CallNames) {
        self.names = names
        var sets: [ConstantSetID: PreparedSet] = [:]
        for s in constantSets { sets[s.id] = PreparedSet(s) }
        func set(_ id: ConstantSetID) -> PreparedSet {
            guard let s = sets[id] else { preconditionFailure("the table names constant set \(id), which is not defined") }
            return s
        }
        let infos = rows.map { CallInfo(number: UInt64($0.0), name: $0.1, args: $0.2, returns: $0.3, classes: $0.4, sets: set) }
        self.rows = infos
        maxNumber = Int(rows.map(\.0).max() ?? 0)
        var by = [CallInfo?](repeating: nil, count: maxNumber + 1)
        for i in infos { by[Int(i.number)] = i }
        byNumber = by
        rawCount = by.count
        rawByNumber = .allocate(capacity: max(1, by.count))
        for (i, r) in by.enumerated() { rawByNumber[i] = r?.raw }
        self.sets = sets
        let errnoSet = set(.errno)
        let maxErrno = Int(errnoSet.values.max() ?? 0)
        errnoCount = maxErrno + 1
        rawErrnoNames = .allocate(capacity: errnoCount)
        rawErrnoNames.initialize(repeating: nil, count: errnoCount)
        rawErrnoTexts = .allocate(capacity: errnoCount)
        rawErrnoTexts.initialize(repeating: nil, count: errnoCount)
        if let e = constantSets.first(where: { $0.id == .errno }) {
            for c in e.entries {
                let i = Int(c.value)
                rawErrnoNames[i]?.free()
                rawErrnoTexts[i]?.free()
                rawErrnoNames[i] = .copy(Array(c.name.utf8))
                rawErrnoTexts[i] = .copy(Array((c.name + " (" + c.text + ")").utf8))
            }
        }
        errnoNameRoom = max(22, constantSets.first { $0.id == .errno }?.entries.map(\.name.utf8.count).max() ?? 0)
        signalSet = set(.signal)
        fileTypeSet = set(.fileType)
        pollSet = set(.pollEvents)
        termiosSet = set(.termiosFlags)
        sigactionFlagSet = set(.sigactionFlags)
        stackFlagSet = set(.stackFlags)
        direntTypeSet = set(.direntType)
    }

    @inline(__always) public func info(_ number: UInt64) -> CallInfo? {
        number < UInt64(byNumber.count) ? byNumber[Int(number)] : nil
    }

    /// The row of a number for the per-event path (nil: not in the table). SAFETY: pointers owned
    /// by this table's rows, valid while the table lives.
    @inline(__always) func rawInfo(_ number: UInt64) -> UnsafeMutablePointer<RawCallInfo>? {
        number < UInt64(rawCount) ? rawByNumber[Int(number)] : nil
    }

    public func constantSet(_ id: ConstantSetID) -> PreparedSet? { sets[id] }

    deinit {
        rawByNumber.deallocate()
        for i in 0..<errnoCount {
            rawErrnoNames[i]?.free()
            rawErrnoTexts[i]?.free()
        }
        rawErrnoNames.deallocate()
        rawErrnoTexts.deallocate()
    }
}
