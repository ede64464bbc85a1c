// Judging one conformance test from its two runs: the program under Burrow and its native twin.
//
// The Burrow run passes when its own TAP shows no failure (plan met, no "not ok" without TODO), it
// exits with the expected status (0; 42 for exit42) and its sequence of verdicts (ok / not ok /
// skip / todo, per assertion) is the twin's. A twin that does not pass means the test itself is
// broken there: reported as BROKEN, not as a Burrow failure. Entries of expected-failures.txt turn
// listed failures into expected ones, and a listed failure that passes into a failure.

enum TestOutcome: String {
    case pass = "PASS"
    case fail = "FAIL"
    case timeout = "TIMEOUT"
    case crashed = "CRASHED"
    case broken = "BROKEN"
    case expectedFailure = "XFAIL"
    case unexpectedPass = "XPASS"
    case skipped = "SKIP"
    case notRun = "NOT RUN"

    /// Counted in "N failed" (and makes the run fail).
    var isFailure: Bool {
        switch self {
        case .fail, .timeout, .crashed, .broken, .unexpectedPass: return true
        default: return false
        }
    }
}

struct RunOutcome {
    var result: ChildResult
    var tap: TAPDocument

    init(_ result: ChildResult) {
        self.result = result
        self.tap = TAPDocument.parse(result.stdout)
    }

    /// "40/40 ok", "38/40 ok, exit 1", "TIMEOUT at 30 s after 12 assertions", "SIGSEGV after 3
    /// assertions": a count is always named, so "after 1" never leaves seconds and assertions to guess.
    var cell: String {
        let a = tap.assertions
        let okCount = a.filter { !$0.isFailure }.count
        var counts = a.isEmpty && tap.plan == nil ? "no TAP" : "\(okCount)/\(tap.plan ?? a.count) ok"
        if tap.skipCount > 0 { counts += " (\(tap.skipCount) skip)" }
        switch result.end {
        case .exited(0): return counts
        case .exited(let s): return "\(counts), exit \(s)"
        case .signaled(let s): return "\(signalName(s)) after \(Self.assertions(a.count))"
        case .timedOut: return "TIMEOUT at \(Self.duration(result.seconds)) after \(Self.assertions(a.count))"
        case .spawnFailed(let e): return "cannot start (\(FS.errorText(e)))"
        case .notRun: return "not run"
        }
    }
}

extension RunOutcome {
    static func assertions(_ n: Int) -> String { n == 1 ? "1 assertion" : "\(n) assertions" }
    /// Milliseconds below a second (`--timeout 0.5` read "0 s"), tenths below ten, else seconds.
    static func duration(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        if ms < 1000 { return "\(ms) ms" }
        let tenths = Int((seconds * 10).rounded())
        if tenths < 100 { return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s" }
        return "\(Int(seconds.rounded())) s"
    }
}

struct TestResult {
    let name: String
    let burrow: RunOutcome
    let native: RunOutcome?
    var outcome: TestOutcome
    /// Whether the verdict sequences agree (nil when there is nothing to compare).
    var same: Bool?
    /// The first differing assertion number, when they differ there.
    var firstDifference: Int?
    /// One line: why the test did not simply pass.
    var headline: String = ""
    /// Further lines: the differing TAP lines with their diagnostics, stderr tails.
    var details: [String] = []
    /// Expected-failure entries that applied.
    var expected: [ExpectedFailure] = []
    var note: String = ""
}

enum TestJudge {
    static func judge(test: SuiteTest, burrow b: ChildResult, native n: ChildResult?,
                      expected: [ExpectedFailure]) -> TestResult {
        let bo = RunOutcome(b)
        let no = n.map(RunOutcome.init)
        var r = TestResult(name: test.name, burrow: bo, native: no, outcome: .pass, expected: expected)
        let wantExit = Suite.expectedExitStatus(test.name)

        if b.end == .notRun || n?.end == .notRun {
            r.outcome = .notRun
            r.headline = "not run (the run stopped at the first failure: --fail-fast)"
            return r
        }

        // The twin first: without a passing twin there is nothing to hold Burrow to.
        guard let no else {
            r.outcome = .broken
            r.headline = "no native twin (build it: make -C foreign-binaries)"
            return r
        }
        if let why = problem(of: no, wantExit: wantExit) {
            r.outcome = .broken
            r.headline = "broken test, the native twin fails: \(why)"
            r.details = failureDetails(no, label: "native") + stderrTail(no.result.stderr, label: "native stderr")
            judgeSequence(&r, bo, no)
            return r
        }

        // The Burrow run.
        judgeSequence(&r, bo, no)
        var failing: Set<Int> = Set(bo.tap.failures.map(\.number))
        if let d = r.firstDifference { failing.insert(d) }
        for (i, a) in bo.tap.assertions.enumerated() where i < no.tap.assertions.count {
            if a.verdict != no.tap.assertions[i].verdict { failing.insert(a.number) }
        }
        let burrowProblem = problem(of: bo, wantExit: wantExit)

        let wholeTest = expected.first { $0.assertion == nil }
        let listed = Set(expected.compactMap(\.assertion))

        switch bo.result.end {
        case .timedOut:
            r.outcome = .timeout
            let last = bo.tap.assertions.last.map { "after \"\($0.line)\"" } ?? "before any assertion"
            r.headline = "TIMEOUT: killed after \(RunOutcome.duration(bo.result.seconds)), \(last)"
        case .signaled(let s):
            r.outcome = .crashed
            let last = bo.tap.assertions.last.map { " after \"\($0.line)\"" } ?? " before any assertion"
            r.headline = "CRASHED under Burrow: killed by \(signalName(s))\(last)"
        case .spawnFailed(let e):
            r.outcome = .fail
            r.headline = "cannot start burrow: \(FS.errorText(e))"
        case .exited(let s) where s == 125 || s == 126 || s == 127:
            if s != wantExit {
                r.outcome = .fail
                let msg = lastLine(bo.result.stderr) ?? "(no message)"
                r.headline = "burrow itself failed (status \(s)): \(msg)"
            }
        default:
            break
        }
        if r.outcome == .pass, let why = burrowProblem {
            r.outcome = .fail
            r.headline = why
        }
        if r.outcome == .pass, r.same == false {
            r.outcome = .fail
            r.headline = "the sequence of verdicts differs from the native twin"
        }
        if r.outcome != .pass {
            r.details += differenceDetails(r, bo, no)
            r.details += stderrTail(bo.result.stderr, label: "stderr under Burrow")
        }

        // Expected failures.
        if let whole = wholeTest {
            if r.outcome == .pass {
                r.outcome = .unexpectedPass
                r.headline = "unexpectedly passed: remove it from expected-failures.txt (line \(whole.line))"
            } else {
                r.note = "expected failure (\(whole.row)): \(r.headline)"
                r.outcome = .expectedFailure
            }
        } else if !listed.isEmpty {
            // A listed assertion passes when Burrow printed it and it agrees with the twin.
            let passingListed = listed.filter { $0 <= bo.tap.assertions.count && !failing.contains($0) }.sorted()
            let unlisted = failing.subtracting(listed).sorted()
            // toytest ends with status 1 when an assertion failed; anything else is another failure.
            let plainFailure = bo.result.end == .exited(0) || bo.result.end == .exited(1)
            if !passingListed.isEmpty {
                let text = "assertion\(passingListed.count == 1 ? "" : "s") \(passingListed.map(String.init).joined(separator: ", ")) unexpectedly passed: remove \(passingListed.count == 1 ? "it" : "them") from expected-failures.txt"
                if r.outcome == .pass || unlisted.isEmpty {
                    r.outcome = .unexpectedPass
                    r.headline = text
                } else {
                    r.details.append("  also: \(text)")
                }
            } else if r.outcome == .fail && unlisted.isEmpty && plainFailure && bo.tap.plan == no.tap.plan
                        && bo.tap.assertions.count == no.tap.assertions.count {
                r.outcome = .expectedFailure
                r.note = "expected failure of assertion\(listed.count == 1 ? "" : "s") \(listed.sorted().map(String.init).joined(separator: ", "))"
                    + " (\(Set(expected.map(\.row)).sorted().joined(separator: ", ")))"
            }
        }
        if r.outcome == .pass && bo.tap.allSkipped && no.tap.allSkipped {
            r.outcome = .skipped
            r.headline = "all assertions skipped"
                + (bo.tap.planSkipReason.map { ": \($0)" } ?? bo.tap.assertions.first.flatMap { a -> String? in
                    if case .skip(let why) = a.directive { return ": \(why)" }
                    return nil
                } ?? "")
        }
        return r
    }

    /// Why a run is not a passing program, or nil.
    static func problem(of o: RunOutcome, wantExit: Int32) -> String? {
        switch o.result.end {
        case .timedOut: return "TIMEOUT"
        case .signaled(let s): return "killed by \(signalName(s))"
        case .spawnFailed(let e): return "cannot start: \(FS.errorText(e))"
        case .notRun: return "not run"
        case .exited(let s):
            // exit42 and similar: the status is the test; TAP is optional.
            if wantExit != 0 && !o.tap.hasTAP {
                return s == wantExit ? nil : "exit status \(s), expected \(wantExit)"
            }
            if let p = o.tap.verdictProblem {
                if let f = o.tap.failures.first {
                    let diag = f.diagnostics.isEmpty ? "" : " (\(f.diagnostics.map { $0.trimmingSpaces() }.joined(separator: "; ")))"
                    return "\(f.line)\(diag)"
                }
                return p
            }
            if s != wantExit { return "exit status \(s), expected \(wantExit)" }
            return nil
        }
    }

    /// Compares the verdict sequences; sets same / firstDifference.
    static func judgeSequence(_ r: inout TestResult, _ b: RunOutcome, _ n: RunOutcome) {
        guard b.tap.hasTAP || n.tap.hasTAP else { r.same = nil; return }
        let ba = b.tap.assertions, na = n.tap.assertions
        for i in 0..<min(ba.count, na.count) where ba[i].verdict != na[i].verdict {
            r.same = false
            r.firstDifference = i + 1
            return
        }
        if ba.count != na.count || b.tap.plan != n.tap.plan {
            r.same = false
            r.firstDifference = min(ba.count, na.count) + 1
            return
        }
        r.same = true
    }

    /// The difference, as the report shows it: the first differing TAP line on each side with the
    /// diagnostics the test printed (got/expected values, errno names).
    static func differenceDetails(_ r: TestResult, _ b: RunOutcome, _ n: RunOutcome) -> [String] {
        var lines: [String] = []
        let ba = b.tap.assertions, na = n.tap.assertions
        if let d = r.firstDifference {
            let bl = d <= ba.count ? ba[d - 1] : nil
            let nl = d <= na.count ? na[d - 1] : nil
            lines.append("first difference at assertion \(d):")
            if let bl {
                lines.append("  under Burrow: \(bl.line)")
                lines += bl.diagnostics.map { "      # \($0.trimmingSpaces())" }
            } else {
                lines.append("  under Burrow: (no assertion \(d): output stops after \(ba.count)\(b.tap.plan.map { " of a plan of \($0)" } ?? ""))")
            }
            if let nl {
                lines.append("  native:       \(nl.line)")
                lines += nl.diagnostics.map { "      # \($0.trimmingSpaces())" }
            } else {
                lines.append("  native:       (no assertion \(d): \(na.count) in all)")
            }
        }
        // Other failures under Burrow beyond the first difference, one line each.
        let others = b.tap.failures.filter { $0.number != r.firstDifference }
        for f in others.prefix(10) {
            let diag = f.diagnostics.isEmpty ? "" : "  (\(f.diagnostics.map { $0.trimmingSpaces() }.joined(separator: "; ")))"
            lines.append("  also under Burrow: \(f.line)\(diag)")
        }
        if others.count > 10 { lines.append("  … and \(others.count - 10) more failures") }
        if let bail = b.tap.bailOut { lines.append("  Bail out! \(bail)") }
        if case .exited(let s) = b.result.end, s != Suite.expectedExitStatus(r.name) {
            lines.append("  exit status under Burrow: \(s) (native: \(n.result.end.description))")
        }
        return lines
    }

    static func failureDetails(_ o: RunOutcome, label: String) -> [String] {
        var lines: [String] = []
        for f in o.tap.failures.prefix(10) {
            lines.append("  \(label): \(f.line)")
            lines += f.diagnostics.map { "      # \($0.trimmingSpaces())" }
        }
        return lines
    }

    static func stderrTail(_ s: String, label: String, count: Int = 8) -> [String] {
        let lines = s.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard !lines.isEmpty else { return [] }
        return ["  \(label):"] + lines.suffix(count).map { "    \($0)" }
    }

    static func lastLine(_ s: String) -> String? {
        s.split(separator: "\n").last.map(String.init)
    }
}
