// Fault injection, as strace's `-e inject=`: `--inject SET:error=ERRNO[:when=EXPR]` or
// `--inject SET:retval=VALUE[:when=EXPR]` makes the chosen calls return that error or value
// WITHOUT running them. The dispatcher asks the injector before it dispatches (one path for every
// call, ToyOSPersonality.handleSyscall), and the observer is told the result was injected, so every
// trace format marks it. This is the seed's "interposition: the monitor can inspect, modify, deny".
import BurrowABI

/// One `--inject` rule.
public struct InjectionRule: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case error(GuestErrno)
        case value(UInt64)
    }

    /// Call numbers the rule applies to.
    public let numbers: Set<UInt64>
    public let action: Action
    /// strace's `when=FIRST[..LAST][+[STEP]]`: the FIRST-th invocation of each call in the set
    /// (counting from 1), then every STEP-th after it (STEP 0: only FIRST), up to LAST.
    public let first: Int
    public let step: Int
    public let last: Int

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether the `n`-th invocation (from 1) is hit.
    public func hits(_ n: Int) -> Bool {
        guard n >= first, n <= last else { return false }
        return step == 0 ? n == first : (n - first) % step == 0
    }

    /// Parses `SET:error=ERRNO|retval=VALUE[:when=EXPR]`. SET: names, %classes, `all` and unknown
    /// numbers (`syscall_0x1ff`), comma-separated, resolved as --trace-filter resolves them
    /// (CallNames); no `!` and no `none` (a rule that changes nothing is a mistake).
    public init(parsing spec: String) throws(ParseError) {
        func fail(_ why: String) -> ParseError { ParseError(description: "--inject \(spec): \(why)") }
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty else {
            throw fail("expected CALL:error=ERRNO or CALL:retval=VALUE, optionally :when=N, N+, N+STEP or N..M")
        }
        var numbers: Set<UInt64> = []
        // Spaces around a name are dropped, as --trace-filter drops them; an empty name is a slip.
        for raw in parts[0].split(separator: ",", omittingEmptySubsequences: false) {
            var token = Substring(raw)
            while token.first == " " { token.removeFirst() }
            while token.last == " " { token.removeLast() }
            if token.isEmpty { throw fail("an empty name in '\(parts[0])' (names, %classes or all, comma-separated)") }
            // A rule changes the calls it names: "all but" (--trace-filter's `!`) or none is a mistake.
            if token.first == "!" { throw fail("'\(token)': --inject names the calls to change ('!' is for --trace-filter)") }
            if token == "none" { throw fail("'none' names no call: the rule would change nothing") }
            do throws(CallNames.Failure) {
                numbers.formUnion(try CallNames.toyOS.numbers(named: token))
            } catch {
                throw fail(CallNames.toyOS.explain(error, token))
            }
        }
        var action: Action?
        var first = 1, step = 1, last = Int.max   // without when=: every invocation, as strace
        var sawWhen = false
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "=") else { throw fail("'\(part)': expected KEY=VALUE") }
            let key = part[..<eq], value = String(part[part.index(after: eq)...])
            switch key {
            case "error":
                guard action == nil else { throw fail("give one of error= and retval=") }
                if let e = ToyOS.errno.entry(named: value) {
                    action = .error(GuestErrno(value: UInt32(e.value)))
                } else if let n = UInt32(value), n > 0, ToyOS.errno.name(of: UInt64(n)) != nil {
                    action = .error(GuestErrno(value: n))
                } else {
                    throw fail("unknown ToyOS errno '\(value)' (`burrow syscalls` and docs/abi.md list them)")
                }
            case "retval":
                guard action == nil else { throw fail("give one of error= and retval=") }
                if let v = Int64(value), v >= 0 {
                    action = .value(UInt64(v))
                } else if value.hasPrefix("0x"), let v = UInt64(value.dropFirst(2), radix: 16) {
                    action = .value(v)
                } else {
                    throw fail("retval=\(value): expected a number of 0 or more (a failure is error=NAME)")
                }
            case "when":
                guard !sawWhen else { throw fail("when= given twice") }
                sawWhen = true
                guard let w = Self.parseWhen(value) else {
                    throw fail("when=\(value): expected N (only the N-th call), N+ (the N-th and every one after), N+STEP or N..M, with N from 1")
                }
                (first, step, last) = w
            default:
                throw fail("unknown key '\(key)' (error=, retval=, when=)")
            }
        }
        guard let action else { throw fail("say what the call returns: error=ERRNO or retval=VALUE") }
        self.numbers = numbers
        self.action = action
        self.first = first
        self.step = step
        self.last = last
    }

    /// `N`, `N+`, `N+S`, `N..M`, `N..M+S` → (first, step, last). A bare N fires once (as in
    /// strace); `N+` fires from N on.
    static func parseWhen(_ s: String) -> (Int, Int, Int)? {
        var rest = Substring(s)
        var step = 0
        if let plus = rest.firstIndex(of: "+") {
            let after = rest[rest.index(after: plus)...]
            if after.isEmpty { step = 1 } else { guard let st = Int(after), st >= 1 else { return nil }; step = st }
            rest = rest[..<plus]
        }
        var last = Int.max
        if let dots = rest.firstRange(of: "..") {
            guard let l = Int(rest[dots.upperBound...]) else { return nil }
            last = l
            rest = rest[..<dots.lowerBound]
            if step == 0 { step = 1 }
        }
        guard let first = Int(rest), first >= 1, last >= first else { return nil }
        if step == 0 { last = first }
        return (first, step, last)
    }
}

/// The rules of one process and their counters. Counters are per rule and per call, as strace
/// counts per system call; a forked child continues from its parent's counts (it has a copy).
public final class Injector {
    public let rules: [InjectionRule]
    /// counts[rule][number]: invocations of that call seen by that rule.
    private var counts: [[UInt64: Int]]

    public init(rules: [InjectionRule]) {
        self.rules = rules
        counts = Array(repeating: [:], count: rules.count)
    }

    /// The action for this invocation of `number`, or nil to run the call. Every rule that names
    /// the call counts it; the first one that fires decides.
    public func decide(_ number: UInt64) -> InjectionRule.Action? {
        var chosen: InjectionRule.Action?
        for i in rules.indices where rules[i].numbers.contains(number) {
            let n = (counts[i][number] ?? 0) + 1
            counts[i][number] = n
            if chosen == nil && rules[i].hits(n) { chosen = rules[i].action }
        }
        return chosen
    }
}
