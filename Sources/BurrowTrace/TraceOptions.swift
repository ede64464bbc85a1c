// What to trace and how: the format, the string limit, and the filter (strace's -e trace=, -z, -Z).
import BurrowABI

public enum TraceFormat: String, Sendable, CaseIterable {
    /// One strace-like line per call.
    case text
    /// One JSON object per line per event.
    case jsonl
    /// A Chrome trace in the JSON array form ([event, ...], the `]` optional), for Perfetto or
    /// chrome://tracing.
    case chrome
}

/// Which results to show (strace -z / -Z).
public enum TraceStatusFilter: Sendable {
    case all, failedOnly, successfulOnly
}

/// Which calls to trace: `--trace-filter EXPR`.
///
/// EXPR is a comma-separated list of call names (`open,read`) and classes (`%file`, `%desc`, ...).
/// A token prefixed with `!` is excluded. When the list holds at least one positive token, only
/// the calls it names are traced (minus the excluded ones); when it holds only exclusions, every
/// call is traced except those. `all` and `none` stand for every call and no call. Numbers the
/// table does not define (shown as `syscall_0xNNN`) are traced unless the list holds a positive
/// token, and can be named as the trace shows them (`syscall_0x1ff`, `!syscall_0x1ff`).
public struct TraceFilter: Sendable, Equatable {
    /// Indexed by call number; numbers past the end are unknown to the table.
    public private(set) var traced: [Bool]
    public private(set) var tracesUnknown: Bool
    /// Numbers past `traced` that the list names: traced the other way from tracesUnknown.
    public private(set) var unknownExceptions: Set<UInt64> = []

    public static let all = TraceFilter(traced: Array(repeating: true, count: TraceTable.toyOS.maxNumber + 1), tracesUnknown: true)

    private init(traced: [Bool], tracesUnknown: Bool, unknownExceptions: Set<UInt64> = []) {
        self.traced = traced
        self.tracesUnknown = tracesUnknown
        self.unknownExceptions = unknownExceptions
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let token: String
        /// Why the name names nothing (nil: an empty name or more than one `!`).
        public var failure: CallNames.Failure?
        public var names: CallNames
        public var description: String {
            var name = Substring(token)
            while name.first == " " { name.removeFirst() }
            while name.last == " " { name.removeLast() }
            if name.first == "!" { name.removeFirst() }   // one negation, as the parser takes it
            if name.first == "!" {
                return "--trace-filter: '!\(name)': a name is negated by one '!' ('!\(name.drop { $0 == "!" })')"
            }
            guard let failure, !name.isEmpty else {
                return "--trace-filter: an empty name (a filter names calls or classes: 'open,read', '%file', 'all', 'none')"
            }
            return "--trace-filter: " + names.explain(failure, name)
        }

        public static func == (a: ParseError, b: ParseError) -> Bool {
            a.token == b.token && a.failure == b.failure && a.names.label == b.names.label
        }
    }

    public init(parsing expr: String, table: TraceTable = .toyOS) throws(ParseError) {
        var include: [UInt64] = []
        var exclude: [UInt64] = []
        var anyPositive = false
        // Every name counts, an empty one too: '' names nothing (strace refuses it as well), and
        // 'open,,read' is taken for a slip (strace skips the empty name).
        for raw in expr.split(separator: ",", omittingEmptySubsequences: false) {
            var token = Substring(raw)
            while token.first == " " { token.removeFirst() }
            while token.last == " " { token.removeLast() }
            var negated = false
            if token.first == "!" { negated = true; token.removeFirst() }
            if token.isEmpty || token.first == "!" { throw ParseError(token: String(raw), failure: nil, names: table.names) }
            let numbers: [UInt64]
            do throws(CallNames.Failure) {
                numbers = try table.names.numbers(named: token)
            } catch {
                throw ParseError(token: String(raw), failure: error, names: table.names)
            }
            if negated {
                exclude += numbers
            } else {
                anyPositive = true
                include += numbers
            }
        }
        var traced = Array(repeating: !anyPositive, count: table.maxNumber + 1)
        var exceptions: Set<UInt64> = []
        for n in include {
            if n < traced.count { traced[Int(n)] = true } else if anyPositive { exceptions.insert(n) }
        }
        for n in exclude {
            if n < traced.count { traced[Int(n)] = false } else if anyPositive { exceptions.remove(n) } else { exceptions.insert(n) }
        }
        self.init(traced: traced, tracesUnknown: !anyPositive, unknownExceptions: exceptions)
    }

    @inline(__always) public func includes(_ number: UInt64) -> Bool {
        // (isEmpty first: an unknown number, on every call of a program that makes them, would
        // otherwise hash for a lookup in an empty set.)
        number < UInt64(traced.count) ? traced[Int(number)] : tracesUnknown != (!unknownExceptions.isEmpty && unknownExceptions.contains(number))
    }
}

public struct TraceOptions: Sendable {
    public var format: TraceFormat
    /// Bytes of a string or buffer shown before `...` (strace -s). Paths are shown whole.
    public var stringLimit: Int
    public var filter: TraceFilter
    public var status: TraceStatusFilter
    /// Signal and stop lines shown (false: strace -e signal=none). The fatal signal's `+++ killed
    /// by` line is the process's end and stays.
    public var signals = true

    public init(format: TraceFormat = .text, stringLimit: Int = 32, filter: TraceFilter = .all, status: TraceStatusFilter = .all) {
        self.format = format
        self.stringLimit = max(0, stringLimit)
        self.filter = filter
        self.status = status
    }
}
