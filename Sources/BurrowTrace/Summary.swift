// `--summary`: per call, like `strace -c`: calls, errors, total time, mean, p50 and p99. The
// percentiles (nearest rank) come from a histogram of the durations, a count per duration: a long
// run's memory is bounded by how many different durations its calls took, not by how many calls it
// made (8 bytes a call before: 800 MB for 100 M calls). Exact to the nanosecond below 16,384 ns,
// and above it until a call has taken more than 4096 different long durations; from then on its long
// durations count rounded down to 13 significant bits (1 part in 4096, shown under the table).
// Totals, and so seconds and means, stay exact.
import BurrowABI
import Glibc

public final class TraceSummary {
    // Written on every traced call by the one thread that traces: unchecked, as a dynamic
    // exclusivity check per call costs more than the increment.
    final class Stat {
        @exclusivity(unchecked) var errors = 0
        @exclusivity(unchecked) var total: UInt64 = 0
        @exclusivity(unchecked) var count = 0
        /// short[d]: the calls that took d ns, for d below shortLimit (16 µs: nearly every call of
        /// a run): one increment, no hashing. 128 KiB mapped anonymously, so its zero pages become
        /// memory only where a call's durations (which cluster) touch them; `shortLow`...`shortHigh`
        /// bound the entries touched, the only ones the summary reads. Only for the numbers the
        /// table can name (below 256): an unknown number (a guest sweeping ENOSYS over thousands)
        /// counts in `long` alone, where durations below 8192 ns stay exact even once rounded.
        let short: UnsafeMutablePointer<UInt64>?
        @exclusivity(unchecked) var shortLow = Stat.shortLimit, shortHigh = -1
        /// The calls that took longer (or any, without `short`), by duration (rounded once `rounded`).
        @exclusivity(unchecked) var long: [UInt64: UInt64] = [:]
        @exclusivity(unchecked) var rounded = false

        static let shortLimit = 16384
        /// Different long durations kept exact.
        static let exactLongLimit = 4096

        init(short wanted: Bool) {
            let bytes = Self.shortLimit * MemoryLayout<UInt64>.stride
            let p = wanted ? mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : nil
            short = p == nil || p == MAP_FAILED ? nil : p!.bindMemory(to: UInt64.self, capacity: Self.shortLimit)
        }

        deinit { if let short { munmap(short, Self.shortLimit * MemoryLayout<UInt64>.stride) } }

        @inline(__always) func add(_ d: UInt64, times n: UInt64) {
            tally(d, times: n)
            total &+= d &* n
        }

        /// Counts n calls of d ns, their time left to the caller (a merged record carries its
        /// exact total: its durations may be rounded).
        @inline(__always) func tally(_ d: UInt64, times n: UInt64) {
            if let short, d < UInt64(Self.shortLimit) {
                let i = Int(d)
                short[i] &+= n
                shortLow = min(shortLow, i)
                shortHigh = max(shortHigh, i)
            } else {
                addLong(d, n)
            }
            count &+= Int(truncatingIfNeeded: n)
        }

        /// d with the bits below its 13 most significant cleared.
        static func round(_ d: UInt64) -> UInt64 {
            let shift = max(0, UInt64.bitWidth - d.leadingZeroBitCount - 13)
            return (d >> shift) << shift
        }

        func addLong(_ d: UInt64, _ n: UInt64) {
            long[rounded ? Self.round(d) : d, default: 0] &+= n
            if !rounded && long.count > Self.exactLongLimit { roundLong() }
        }

        /// From now on, long durations rounded; those counted so far folded the same way.
        func roundLong() {
            rounded = true
            var folded: [UInt64: UInt64] = [:]
            for (k, c) in long { folded[Self.round(k), default: 0] &+= c }
            long = folded
        }

        /// Every duration with its count, shortest first.
        func histogram() -> [(duration: UInt64, count: UInt64)] {
            var out: [(duration: UInt64, count: UInt64)] = []
            if let short, shortLow <= shortHigh {
                for d in shortLow...shortHigh where short[d] != 0 { out.append((UInt64(d), short[d])) }
            }
            for d in long.keys.sorted() { out.append((d, long[d]!)) }
            return out
        }
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
            let s = Stat(short: true)
            byNumber[Int(number)] = s
            return s
        }
        if let s = unknown[number] { return s }
        let s = Stat(short: false)
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
        s.add(durationNs, times: 1)
        if failed { s.errors += 1 }
    }

    /// True when no call was recorded.
    public var isEmpty: Bool { byNumber.allSatisfy { $0 == nil } && unknown.isEmpty && machineCounts.isEmpty }

    /// Every call's record as bytes, for the process that prints the tree's summary (the first
    /// one): per call number, little-endian UInt64s `number, errors, pairs` (bit 63: its long
    /// durations are rounded), `total` (the exact sum of its durations, in ns), then `pairs` times
    /// `duration, count` (its histogram), after a header `"BSUM", total length`. One record per
    /// process, appended with one write.
    public func encoded() -> [UInt8] {
        var words: [UInt64] = []
        func add(_ n: UInt64, _ s: Stat) {
            let h = s.histogram()
            words += [n, UInt64(s.errors), UInt64(h.count) | (s.rounded ? 1 << 63 : 0), s.total]
            for (d, c) in h { words += [d, c] }
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

    /// Adds the calls of records made by `encoded()` (several, back to back). Each record is
    /// checked whole before any of it counts: a record cut short (its process was killed while
    /// writing it) may be followed by another's bytes, which must not pass for its numbers. A
    /// record that does not hold is ignored, and the merge goes on at the next record's mark.
    public func merge(encoded bytes: [UInt8]) {
        func word(_ i: Int) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            return v
        }
        func magic(_ at: Int) -> Bool {
            at + 4 <= bytes.count && (bytes[at..<at + 4].elementsEqual("BSUM".utf8) || bytes[at..<at + 4].elementsEqual("BMCH".utf8))
        }
        /// More calls than any run makes (2^48): a count past it is not a count.
        let most: UInt64 = 1 << 48
        /// The record at `at`, counted if it holds; where the next one begins, or nil if it does not hold.
        func record(_ at: Int) -> Int? {
            guard at + 8 <= bytes.count else { return nil }
            let calls = bytes[at..<at + 4].elementsEqual("BSUM".utf8)
            var length = 0
            for k in 0..<4 { length |= Int(bytes[at + 4 + k]) << (8 * k) }
            let end = at + length
            // A record ends where the bytes do or where the next one begins (its first byte: the
            // next may be cut short within its mark).
            guard length >= 8, end <= bytes.count, end == bytes.count || bytes[end] == UInt8(ascii: "B") else { return nil }
            var i = at + 8
            if !calls {
                var events: [(String, Int)] = []
                while i + 4 <= end {
                    var n = 0
                    for k in 0..<4 { n |= Int(bytes[i + k]) << (8 * k) }
                    guard n <= end - i - 12, word(i + 4 + n) <= most else { return nil }
                    events.append((String(decoding: bytes[i + 4 ..< i + 4 + n], as: UTF8.self), Int(word(i + 4 + n))))
                    i += 12 + n
                }
                guard i == end else { return nil }
                for (key, n) in events { machineCounts[key, default: 0] &+= n }
                return end
            }
            guard length % 8 == 0 else { return nil }
            var rows: [(number: UInt64, errors: Int, rounded: Bool, total: UInt64, pairs: Range<Int>)] = []
            while i + 32 <= end {
                let number = word(i), errors = word(i + 8), total = word(i + 24)
                let pairs = Int(truncatingIfNeeded: word(i + 16) & ~(1 << 63)), rounded = word(i + 16) >> 63 != 0
                i += 32
                guard pairs <= (end - i) / 16 else { return nil }
                // Durations rising, counts from 1 up, no more errors than calls.
                var made: UInt64 = 0, last: UInt64? = nil
                for k in 0..<pairs {
                    let d = word(i + 16 * k), c = word(i + 16 * k + 8)
                    guard c >= 1, c <= most, made <= most, last.map({ $0 < d }) ?? true else { return nil }
                    made += c
                    last = d
                }
                guard made <= most, errors <= made else { return nil }
                rows.append((number, Int(errors), rounded, total, i ..< i + 16 * pairs))
                i += pairs * 16
            }
            guard i == end else { return nil }
            for r in rows {
                let s = stat(r.number)
                s.errors &+= r.errors
                s.total &+= r.total
                if r.rounded && !s.rounded { s.roundLong() }
                for k in stride(from: r.pairs.lowerBound, to: r.pairs.upperBound, by: 16) { s.tally(word(k), times: word(k + 8)) }
            }
            return end
        }
        var at = 0
        while at < bytes.count {
            if magic(at), let next = record(at) { at = next; continue }
            at += 1
            while at < bytes.count && !magic(at) { at += 1 }   // (the next record's mark)
        }
    }

    /// The table, sorted by total time (most first), with a total line.
    public func render(table: TraceTable) -> String {
        var rows: [(name: String, stat: Stat)] = []
        for (n, s) in byNumber.enumerated() {
            if let s { rows.append((table.info(UInt64(n))?.name ?? CallNames.unknownName(UInt64(n)), s)) }
        }
        for (n, s) in unknown { rows.append((CallNames.unknownName(n), s)) }
        rows.sort { $0.stat.total != $1.stat.total ? $0.stat.total > $1.stat.total : $0.name < $1.name }
        let grand = rows.reduce(UInt64(0)) { $0 &+ $1.stat.total }
        let calls = rows.reduce(0) { $0 &+ $1.stat.count }
        let errors = rows.reduce(0) { $0 &+ $1.stat.errors }

        // Cells first, then the columns as wide as their widest cell (strace's widths at least): a
        // call that lasts seconds widens its columns instead of pushing the rest of its row right.
        var lines: [[String]] = []
        for (name, s) in rows {
            let count = UInt64(truncatingIfNeeded: s.count)
            let (p50, p99) = Self.percentiles(s.histogram())
            lines.append([fixed(Self.share(s.total, of: grand), 1000, 2), fixed(s.total / 1000, 1_000_000, 6),
                          String(count), s.errors == 0 ? "" : String(s.errors), fixed(count == 0 ? 0 : s.total / count, 1000, 3),
                          fixed(p50, 1000, 3), fixed(p99, 1000, 3), name])
        }
        let total = [grand == 0 && calls == 0 ? "0.00" : "100.00", fixed(grand / 1000, 1_000_000, 6), String(calls),
                     errors == 0 ? "" : String(errors), fixed(calls <= 0 ? 0 : grand / UInt64(calls), 1000, 3), "", "", "total"]
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
        let rounded = rows.filter { $0.stat.rounded }.map(\.name)
        if !rounded.isEmpty {
            out += "p50 and p99 of \(rounded.joined(separator: ", ")): long durations to 1 part in 4096 "
                + "(more than \(Stat.exactLongLimit) different ones)\n"
        }
        if let note = syscallGuardNote, note != "always armed" { out += "raw-syscall guard: \(note)\n" }
        return out + renderMachine()
    }

    /// part's share of whole in thousandths of a percent, without the overflow of part × 100,000
    /// (which a row of more than ~51 hours of calls, a tree of sleepers, reaches).
    static func share(_ part: UInt64, of whole: UInt64) -> UInt64 {
        if whole == 0 { return 0 }
        return whole.dividingFullWidth(min(part, whole).multipliedFullWidth(by: 100_000)).quotient
    }

    /// The nearest-rank index of percentile p among n values (0 for none).
    static func rank(_ n: Int, _ p: Int) -> Int {
        let (high, low) = UInt64(n).multipliedFullWidth(by: UInt64(p))   // (no overflow, whatever n)
        let sum = low.addingReportingOverflow(99)
        let ceiling = UInt64(100).dividingFullWidth((high &+ (sum.overflow ? 1 : 0), sum.partialValue)).quotient
        return max(0, min(n - 1, Int(truncatingIfNeeded: ceiling) - 1))
    }

    /// The exact p50 and p99 (nearest rank) of the durations a histogram counts (shortest first).
    static func percentiles(_ histogram: [(duration: UInt64, count: UInt64)]) -> (UInt64, UInt64) {
        let n = histogram.reduce(0) { $0 &+ Int(truncatingIfNeeded: $1.count) }
        if n == 0 { return (0, 0) }
        let i50 = rank(n, 50), i99 = rank(n, 99)
        var p50: UInt64?
        var below = 0   // durations before the current entry
        for (d, c) in histogram {
            below &+= Int(truncatingIfNeeded: c)
            if p50 == nil && i50 < below { p50 = d }
            if i99 < below { return (p50 ?? d, d) }
        }
        return (p50 ?? 0, histogram.last!.duration)   // (unreachable: i99 < n)
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
