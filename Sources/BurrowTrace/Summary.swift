// `--summary`: per call, like `strace -c`: calls, errors, total time, mean, p50 and p99. Durations
// are kept whole (8 bytes per call) so the percentiles are exact, not estimated from buckets.
import BurrowABI

public final class TraceSummary {
    // Written on every traced call by the one thread that traces: unchecked, as a dynamic
    // exclusivity check per call costs more than the append.
    final class Stat {
        @exclusivity(unchecked) var errors = 0
        @exclusivity(unchecked) var total: UInt64 = 0
        @exclusivity(unchecked) var durations: [UInt64] = []
    }

    private var byNumber: [Stat?] = Array(repeating: nil, count: 256)
    private var unknown: [UInt64: Stat] = [:]
    /// Machine events (MachineEvents.swift): privileged instructions, port I/O, hypercalls, interrupts.
    var machineCounts: [String: Int] = [:]
    func recordMachine(_ key: String) { machineCounts[key, default: 0] += 1 }

    public init() {}

    @inline(__always) func stat(_ number: UInt64) -> Stat {
        if number < 256 {
            if let s = byNumber[Int(number)] { return s }
            let s = Stat()
            byNumber[Int(number)] = s
            return s
        }
        if let s = unknown[number] { return s }
        let s = Stat()
        unknown[number] = s
        return s
    }

    /// Stub sites the fast path patched (nil: it was off), and the calls that came through them.
    public var fastPathSites: Int?
    @exclusivity(unchecked) public var fastCalls = 0
    /// Of those, the calls the fast lane made (the tracer heard of them after their host call).
    @exclusivity(unchecked) public var laneCalls = 0
    /// The raw-syscall guard's state in words (nil: none, or not reported).
    public var syscallGuardNote: String?

    public func record(number: UInt64, durationNs: UInt64, failed: Bool) {
        let s = stat(number)
        s.durations.append(durationNs)
        s.total &+= durationNs
        if failed { s.errors += 1 }
    }

    /// True when no call was recorded.
    public var isEmpty: Bool { byNumber.allSatisfy { $0 == nil } && unknown.isEmpty && machineCounts.isEmpty }

    /// Every call's record as bytes, for the process that prints the tree's summary (the first
    /// one): per call number, little-endian UInt64s `number, errors, count, duration...`, after a
    /// header `"BSUM", total length`. One record per process, appended with one write.
    public func encoded() -> [UInt8] {
        var words: [UInt64] = []
        func add(_ n: UInt64, _ s: Stat) {
            words += [n, UInt64(s.errors), UInt64(s.durations.count)]
            words += s.durations
        }
        for (n, s) in byNumber.enumerated() { if let s { add(UInt64(n), s) } }
        for (n, s) in unknown { add(n, s) }
        var out: [UInt8] = Array("BSUM".utf8)
        let length = UInt32(8 + words.count * 8)
        withUnsafeBytes(of: length.littleEndian) { out += $0 }
        for w in words { withUnsafeBytes(of: w.littleEndian) { out += $0 } }
        // The machine events' counts: "BMCH", total length, then per event a UInt32 key length,
        // the key, and a UInt64 count.
        if !machineCounts.isEmpty {
            var m: [UInt8] = []
            for (key, n) in machineCounts {
                let k = Array(key.utf8)
                withUnsafeBytes(of: UInt32(k.count).littleEndian) { m += $0 }
                m += k
                withUnsafeBytes(of: UInt64(n).littleEndian) { m += $0 }
            }
            out += Array("BMCH".utf8)
            withUnsafeBytes(of: UInt32(8 + m.count).littleEndian) { out += $0 }
            out += m
        }
        return out
    }

    /// Adds the calls of records made by `encoded()` (several, back to back). A record cut short
    /// (its process was killed while writing it) and anything after it are ignored.
    public func merge(encoded bytes: [UInt8]) {
        func word(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            return v
        }
        var at = 0
        while at + 8 <= bytes.count {
            let calls = bytes[at..<at + 4].elementsEqual("BSUM".utf8)
            guard calls || bytes[at..<at + 4].elementsEqual("BMCH".utf8) else { return }
            var length = 0
            for k in 0..<4 { length |= Int(bytes[at + 4 + k]) << (8 * k) }
            guard length >= 8, at + length <= bytes.count else { return }
            var i = at + 8
            let end = at + length
            if !calls {
                while i + 4 <= end {
                    var n = 0
                    for k in 0..<4 { n |= Int(bytes[i + k]) << (8 * k) }
                    guard n <= end - i - 12 else { return }
                    let key = String(decoding: bytes[i + 4 ..< i + 4 + n], as: UTF8.self)
                    machineCounts[key, default: 0] += Int(truncatingIfNeeded: word(i + 4 + n))
                    i += 12 + n
                }
                at = end
                continue
            }
            guard length % 8 == 0 else { return }
            while i + 24 <= end {
                let number = word(i), errors = Int(truncatingIfNeeded: word(i + 8))
                let count = Int(truncatingIfNeeded: word(i + 16))
                i += 24
                guard count >= 0, count <= (end - i) / 8, errors >= 0 else { return }
                let s = stat(number)
                s.errors += Int(errors)
                for k in 0..<count {
                    let d = word(i + 8 * k)
                    s.durations.append(d)
                    s.total &+= d
                }
                i += count * 8
            }
            at = end
        }
    }

    /// The table, sorted by total time (most first), with a total line.
    public func render(table: TraceTable) -> String {
        var rows: [(name: String, stat: Stat)] = []
        for (n, s) in byNumber.enumerated() {
            if let s { rows.append((table.info(UInt64(n))?.name ?? "syscall_0x" + String(n, radix: 16), s)) }
        }
        for (n, s) in unknown { rows.append(("syscall_0x" + String(n, radix: 16), s)) }
        rows.sort { $0.stat.total != $1.stat.total ? $0.stat.total > $1.stat.total : $0.name < $1.name }
        let grand = rows.reduce(UInt64(0)) { $0 + $1.stat.total }
        let calls = rows.reduce(0) { $0 + $1.stat.durations.count }
        let errors = rows.reduce(0) { $0 + $1.stat.errors }

        // Cells first, then the columns as wide as their widest cell (strace's widths at least): a
        // call that lasts seconds widens its columns instead of pushing the rest of its row right.
        var lines: [[String]] = []
        for (name, s) in rows {
            let count = UInt64(s.durations.count)
            // Selected in place (their order matters to nothing else): p50, then p99 above it.
            let (p50, p99) = Self.percentiles(&s.durations)
            lines.append([fixed(grand == 0 ? 0 : s.total * 100_000 / grand, 1000, 2), fixed(s.total / 1000, 1_000_000, 6),
                          String(count), s.errors == 0 ? "" : String(s.errors), fixed(count == 0 ? 0 : s.total / count, 1000, 3),
                          fixed(p50, 1000, 3), fixed(p99, 1000, 3), name])
        }
        let total = [grand == 0 && calls == 0 ? "0.00" : "100.00", fixed(grand / 1000, 1_000_000, 6), String(calls),
                     errors == 0 ? "" : String(errors), fixed(calls == 0 ? 0 : grand / UInt64(calls), 1000, 3), "", "", "total"]
        let titles = ["% time", "seconds", "calls", "errors", "mean(us)", "p50(us)", "p99(us)"]
        var widths = [6, 11, 9, 9, 10, 10, 10]
        for line in lines + [total] { for i in widths.indices { widths[i] = max(widths[i], line[i].count) } }
        func row(_ cells: [String]) -> String {
            widths.indices.map { pad(cells[$0], widths[$0]) }.joined(separator: " ") + " " + cells[widths.count] + "\n"
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: " ") + " ----------------\n"
        var out = row(titles + ["syscall"]) + rule
        for line in lines { out += row(line) }
        out += rule + row(total)
        if let sites = fastPathSites {
            out += "fast path: \(sites) stub site\(sites == 1 ? "" : "s") patched, \(calls == 0 ? 0 : fastCalls) of \(calls) calls through them"
            out += laneCalls > 0 ? " (\(laneCalls) made by the fast lane)\n" : "\n"
        }
        if let note = syscallGuardNote, note != "always armed" { out += "raw-syscall guard: \(note)\n" }
        return out + renderMachine()
    }

    /// The nearest-rank index of percentile p among n values (0 for none).
    static func rank(_ n: Int, _ p: Int) -> Int { max(0, min(n - 1, (n * p + 99) / 100 - 1)) }

    /// The exact p50 and p99 (nearest rank) of `values`, which it reorders: the k-th smallest
    /// found by selection, O(n), instead of a sort of every duration (for a million calls the sort
    /// at exit was 7 % of a `--summary` run's samples).
    static func percentiles(_ values: inout [UInt64]) -> (UInt64, UInt64) {
        let n = values.count
        if n == 0 { return (0, 0) }
        return values.withUnsafeMutableBufferPointer { v in
            let i50 = rank(n, 50), i99 = rank(n, 99)
            select(v, i50, 0, n)
            // Everything from i50 on is >= v[i50]: the p99 lies there.
            select(v, i99, i50, n)
            return (v[i50], v[i99])
        }
    }

    /// Puts the value of rank k (0-based, among v[lo..<hi]) at v[k], with nothing larger before it
    /// and nothing smaller after it (Hoare's selection; the median of three as pivot, and a
    /// three-way partition, so that runs of equal durations do not make it quadratic).
    static func select(_ v: UnsafeMutableBufferPointer<UInt64>, _ k: Int, _ lo: Int, _ hi: Int) {
        var lo = lo, hi = hi
        while hi - lo > 1 {
            let a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1]
            let pivot = max(min(a, b), min(max(a, b), c))
            // [lo, lt): < pivot; [lt, i): == pivot; [gt, hi): > pivot.
            var lt = lo, i = lo, gt = hi
            while i < gt {
                let x = v[i]
                if x < pivot {
                    v.swapAt(lt, i); lt += 1; i += 1
                } else if x > pivot {
                    gt -= 1; v.swapAt(i, gt)
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt } else if k >= gt { lo = gt } else { return }
        }
    }

    /// value / unit as a decimal with `decimals` places (value is in units of 1/unit).
    func fixed(_ value: UInt64, _ unit: UInt64, _ decimals: Int) -> String {
        let whole = value / unit
        var frac = String(value % unit)
        var digits = 0
        var u = unit
        while u > 1 { u /= 10; digits += 1 }
        while frac.count < digits { frac = "0" + frac }
        frac = String(frac.prefix(decimals))
        while frac.count < decimals { frac += "0" }
        return decimals == 0 ? String(whole) : "\(whole).\(frac)"
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
