// TAP (Test Anything Protocol) as the conformance programs print it through toytest.h: a plan
// ("1..N", possibly "1..0 # SKIP why"), "ok N - name" / "not ok N - name" lines with an optional
// "# SKIP" or "# TODO" directive, "# ..." diagnostics (attached to the assertion before them) and
// "Bail out!". Anything else on stdout is kept as noise and ignored, as TAP consumers do.

/// What one assertion line says.
enum TAPDirective: Equatable {
    case skip(String)
    case todo(String)
}

struct TAPAssertion: Equatable {
    /// The number printed (or the position, when the line has none).
    var number: Int
    var ok: Bool
    var description: String
    var directive: TAPDirective?
    /// The line as printed.
    var line: String
    /// "# ..." lines that followed it (toytest prints got/expected and errno names there).
    var diagnostics: [String] = []

    /// A failure counts: "not ok" without TODO.
    var isFailure: Bool {
        if ok { return false }
        if case .todo = directive { return false }
        return true
    }

    var isSkip: Bool {
        if case .skip = directive { return true }
        return false
    }

    /// The part compared with the native twin: ok / not ok / skip / todo. Descriptions are not
    /// compared: they may print pids and scratch paths.
    var verdict: String {
        switch directive {
        case .skip: return "skip"
        case .todo: return ok ? "todo-ok" : "todo"
        case nil: return ok ? "ok" : "not ok"
        }
    }
}

struct TAPDocument: Equatable {
    var plan: Int?
    var planSkipReason: String?
    var assertions: [TAPAssertion] = []
    var bailOut: String?
    /// Diagnostics before the first assertion.
    var leadingDiagnostics: [String] = []
    /// Assertion numbers out of sequence, a second plan, and the like.
    var problems: [String] = []

    var failures: [TAPAssertion] { assertions.filter(\.isFailure) }
    var skipCount: Int { assertions.filter(\.isSkip).count }
    var hasTAP: Bool { plan != nil || !assertions.isEmpty || bailOut != nil }

    /// True when every assertion was skipped (or the plan skipped them all).
    var allSkipped: Bool {
        if plan == 0 && planSkipReason != nil { return true }
        return !assertions.isEmpty && assertions.allSatisfy(\.isSkip)
    }

    /// Why this TAP stream does not show a passing program (nil when it does): a failed assertion,
    /// a bail-out, a missing plan or a plan not met.
    var verdictProblem: String? {
        if let b = bailOut { return "Bail out! \(b)" }
        if let f = failures.first { return f.line }
        guard let p = plan else { return assertions.isEmpty ? "no TAP output" : "no plan (1..N) printed" }
        if p != assertions.count { return "planned \(p) tests but ran \(assertions.count)" }
        if let first = problems.first { return first }
        return nil
    }

    static func parse(_ text: String) -> TAPDocument {
        var doc = TAPDocument()
        var sawPlan = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                var d = String(line.dropFirst())
                if d.hasPrefix(" ") { d.removeFirst() }
                if doc.assertions.isEmpty { doc.leadingDiagnostics.append(d) } else {
                    doc.assertions[doc.assertions.count - 1].diagnostics.append(d)
                }
                continue
            }
            if line.hasPrefix("Bail out!") {
                doc.bailOut = String(line.dropFirst("Bail out!".count)).trimmingSpaces()
                continue
            }
            if let (count, reason) = parsePlan(line) {
                if sawPlan { doc.problems.append("a second plan: \(line)") }
                sawPlan = true
                doc.plan = count
                doc.planSkipReason = reason
                continue
            }
            if var a = parseAssertion(line, position: doc.assertions.count + 1) {
                if a.number != doc.assertions.count + 1 {
                    doc.problems.append("assertion \(a.number) out of sequence (expected \(doc.assertions.count + 1))")
                    a.number = doc.assertions.count + 1
                }
                doc.assertions.append(a)
            }
            // Anything else (program output, YAML blocks) is not TAP; ignored.
        }
        return doc
    }

    /// "1..N" or "1..0 # SKIP reason".
    private static func parsePlan(_ line: String) -> (Int, String?)? {
        guard line.hasPrefix("1..") else { return nil }
        let rest = line.dropFirst(3)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits) else { return nil }
        let tail = rest.dropFirst(digits.count).trimmingSpaces()
        if tail.isEmpty { return (n, nil) }
        guard tail.hasPrefix("#") else { return nil }
        let comment = String(tail.dropFirst()).trimmingSpaces()
        if comment.lowercased().hasPrefix("skip") {
            return (n, String(comment.dropFirst(4)).trimmingSpaces())
        }
        return (n, nil)
    }

    private static func parseAssertion(_ line: String, position: Int) -> TAPAssertion? {
        let ok: Bool
        var rest: Substring
        if line.hasPrefix("ok") {
            ok = true
            rest = line.dropFirst(2)
        } else if line.hasPrefix("not ok") {
            ok = false
            rest = line.dropFirst(6)
        } else {
            return nil
        }
        // "okay" is not "ok": the keyword ends at a space or the end of the line.
        if let c = rest.first, c != " " && c != "\t" { return nil }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        var number = position
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let n = Int(digits) {
            number = n
            rest = rest.dropFirst(digits.count)
        }
        var text = rest.trimmingSpaces()
        if text.hasPrefix("- ") { text = String(text.dropFirst(2)) } else if text == "-" { text = "" }
        // The directive: the last "#" followed by SKIP or TODO (descriptions may contain "#").
        var directive: TAPDirective?
        var searchEnd = text.endIndex
        while let hash = text[..<searchEnd].lastIndex(of: "#") {
            let after = text[text.index(after: hash)...].trimmingSpaces()
            let lower = after.lowercased()
            if lower.hasPrefix("skip") || lower.hasPrefix("todo") {
                let word = after.prefix { !$0.isWhitespace }
                let reason = String(after.dropFirst(word.count)).trimmingSpaces()
                directive = lower.hasPrefix("skip") ? .skip(reason) : .todo(reason)
                text = String(text[..<hash]).trimmingSpaces()
                break
            }
            searchEnd = hash
        }
        return TAPAssertion(number: number, ok: ok, description: text, directive: directive, line: line)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let chars = Array(self)
        var lo = 0, hi = chars.count
        while lo < hi && chars[lo].isWhitespace { lo += 1 }
        while hi > lo && chars[hi - 1].isWhitespace { hi -= 1 }
        return String(chars[lo..<hi])
    }
}
