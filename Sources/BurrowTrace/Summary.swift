// `--summary`: per call, like `strace -c`: calls, errors, total time, mean, p50 and p99. Durations
// are kept whole (8 bytes per call) so the percentiles are exact, not estimated from buckets.
import BurrowABI

public final class TraceSummary {
    final class Stat {
        var errors = 0
        var total: UInt64 = 0
        var durations: [UInt64] = []
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
    public var fastCalls = 0
    /// The raw-syscall guard's state in words (nil: none, or not reported).
    public var syscallGuardNote: String?

    public func record(number: UInt64, durationNs: UInt64, failed: Bool) {
        let s = stat(number)
        s.durations.append(durationNs)
        s.total &+= durationNs
        if failed { s.errors += 1 }
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

        let header = pad("% time", 6) + " " + pad("seconds", 11) + " " + pad("calls", 9) + " " + pad("errors", 9) + " "
            + pad("mean(us)", 10) + " " + pad("p50(us)", 10) + " " + pad("p99(us)", 10) + " syscall\n"
        let rule = "------ ----------- --------- --------- ---------- ---------- ---------- ----------------\n"
        var out = header + rule
        for (name, s) in rows {
            let sorted = s.durations.sorted()
            let count = UInt64(sorted.count)
            out += pad(fixed(grand == 0 ? 0 : s.total * 100_000 / grand, 1000, 2), 6) + " "
            out += pad(fixed(s.total / 1000, 1_000_000, 6), 11) + " "
            out += pad(String(sorted.count), 9) + " "
            out += pad(s.errors == 0 ? "" : String(s.errors), 9) + " "
            out += pad(fixed(count == 0 ? 0 : s.total / count, 1000, 3), 10) + " "
            out += pad(fixed(percentile(sorted, 50), 1000, 3), 10) + " "
            out += pad(fixed(percentile(sorted, 99), 1000, 3), 10) + " "
            out += name + "\n"
        }
        out += rule
        out += pad(grand == 0 && calls == 0 ? "0.00" : "100.00", 6) + " " + pad(fixed(grand / 1000, 1_000_000, 6), 11) + " "
        out += pad(String(calls), 9) + " " + pad(errors == 0 ? "" : String(errors), 9) + " "
        out += pad(fixed(calls == 0 ? 0 : grand / UInt64(calls), 1000, 3), 10) + " " + pad("", 10) + " " + pad("", 10) + " total\n"
        if let sites = fastPathSites {
            out += "fast path: \(sites) stub site\(sites == 1 ? "" : "s") patched, \(calls == 0 ? 0 : fastCalls) of \(calls) calls through them\n"
        }
        if let note = syscallGuardNote, note != "always armed" { out += "raw-syscall guard: \(note)\n" }
        return out + renderMachine()
    }

    /// Nearest-rank percentile of sorted values.
    func percentile(_ sorted: [UInt64], _ p: Int) -> UInt64 {
        if sorted.isEmpty { return 0 }
        let rank = (sorted.count * p + 99) / 100
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
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
