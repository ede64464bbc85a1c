// The renderings of a `burrow test` run: the table (default), TAP (--tap), JUnit XML (--junit),
// JSON (--json) and docs/compatibility.md (--compat-doc). All are derived from the same results.
import BurrowABI

struct TestCounts {
    var passed = 0, failed = 0, skipped = 0
    var expectedFailures = 0, broken = 0, notRun = 0

    init(_ results: [TestResult]) {
        for r in results {
            switch r.outcome {
            case .pass: passed += 1
            case .skipped: skipped += 1
            case .expectedFailure: skipped += 1; expectedFailures += 1
            case .notRun: notRun += 1
            case .broken: failed += 1; broken += 1
            case .fail, .timeout, .crashed, .unexpectedPass: failed += 1
            }
        }
    }

    /// Exactly `N passed, N failed, N skipped`.
    var summaryLine: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }

    /// What the summary line folds in, when anything.
    var footnote: String? {
        var parts: [String] = []
        if expectedFailures > 0 { parts.append("\(expectedFailures) expected failure\(expectedFailures == 1 ? "" : "s") (expected-failures.txt) counted as skipped") }
        if broken > 0 { parts.append("\(broken) broken test\(broken == 1 ? "" : "s") (native twin fails) counted as failed") }
        if notRun > 0 { parts.append("\(notRun) not run (stopped at the first failure: --fail-fast)") }
        return parts.isEmpty ? nil : "(" + parts.joined(separator: "; ") + ")"
    }
}

enum TestReport {
    // MARK: table

    /// A test's row: name, the run under Burrow, the native run, whether they agree, the outcome.
    static func cells(_ r: TestResult) -> [String] {
        let same: String
        switch r.same {
        case true?: same = "yes"
        case false?: same = r.firstDifference.map { "no (#\($0))" } ?? "no"
        case nil: same = "-"
        }
        return [r.name, r.burrow.cell, r.native?.cell ?? "missing", same, r.outcome.rawValue]
    }

    /// The report of each test that did not simply pass: its name, the headline, the difference.
    static func details(_ results: [TestResult]) -> String {
        var out = ""
        for r in results {
            switch r.outcome {
            case .pass, .skipped, .notRun: continue
            case .expectedFailure:
                out += "\nXFAIL \(r.name): \(r.note)\n"
            default:
                out += "\n\(r.outcome.rawValue) \(r.name): \(r.headline)\n"
                for d in r.details { out += d + "\n" }
            }
        }
        return out
    }

    // MARK: JUnit XML

    static func junit(_ results: [TestResult], seconds: Double) -> String {
        let c = TestCounts(results)
        let total = results.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"burrow test\" tests=\"\(total)\" failures=\"\(c.failed)\" skipped=\"\(c.skipped + c.notRun)\" time=\"\(fmt(seconds))\">\n"
        out += "  <testsuite name=\"toyos-conformance\" tests=\"\(total)\" failures=\"\(c.failed)\" errors=\"0\" skipped=\"\(c.skipped + c.notRun)\" time=\"\(fmt(seconds))\">\n"
        for r in results {
            out += "    <testcase classname=\"toyos.conformance\" name=\"\(xml(r.name))\" time=\"\(fmt(r.burrow.result.seconds))\""
            var body = ""
            switch r.outcome {
            case .pass: break
            case .skipped: body += "      <skipped message=\"\(xml(r.headline))\"/>\n"
            case .notRun: body += "      <skipped message=\"not run\"/>\n"
            case .expectedFailure: body += "      <skipped message=\"\(xml("expected failure: " + r.note))\"/>\n"
            default:
                body += "      <failure type=\"\(r.outcome.rawValue)\" message=\"\(xml(r.headline))\">"
                body += xml(([r.headline] + r.details).joined(separator: "\n"))
                body += "</failure>\n"
            }
            if r.outcome != .pass && r.outcome != .notRun {
                body += "      <system-out>\(xml(r.burrow.result.stdout))</system-out>\n"
                if !r.burrow.result.stderr.isEmpty { body += "      <system-err>\(xml(r.burrow.result.stderr))</system-err>\n" }
            }
            out += body.isEmpty ? "/>\n" : ">\n" + body + "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func xml(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(u)
            default:
                // XML 1.0 cannot carry other control characters, even escaped.
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { out += "?" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    static func fmt(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }

    // MARK: JSON

    static func json(_ results: [TestResult], seconds: Double, runAs: String, evidence: [String: TraceEvidence]?) -> String {
        let c = TestCounts(results)
        func run(_ o: RunOutcome?) -> String {
            guard let o else { return "null" }
            var end = ""
            switch o.result.end {
            case .exited(let s): end = "\"exit\": \(s)"
            case .signaled(let s): end = "\"signal\": \(jsonString(signalName(s)))"
            case .timedOut: end = "\"timedOut\": true"
            case .spawnFailed(let e): end = "\"spawnError\": \(jsonString(FS.errorText(e)))"
            case .notRun: end = "\"notRun\": true"
            }
            let a = o.tap.assertions
            return "{\(end), \"plan\": \(o.tap.plan.map(String.init) ?? "null"), \"assertions\": \(a.count), "
                + "\"failed\": \(o.tap.failures.count), \"skipped\": \(o.tap.skipCount), \"seconds\": \(fmt(o.result.seconds)), "
                + "\"verdicts\": [\(a.map { jsonString($0.verdict) }.joined(separator: ", "))]}"
        }
        var out = "{\n  \"summary\": {\"passed\": \(c.passed), \"failed\": \(c.failed), \"skipped\": \(c.skipped), "
        out += "\"expectedFailures\": \(c.expectedFailures), \"broken\": \(c.broken), \"notRun\": \(c.notRun), "
        out += "\"seconds\": \(fmt(seconds)), \"runAs\": \(jsonString(runAs)), \"line\": \(jsonString(c.summaryLine))},\n"
        out += "  \"tests\": [\n"
        for (i, r) in results.enumerated() {
            out += "    {\"name\": \(jsonString(r.name)), \"outcome\": \(jsonString(r.outcome.rawValue)), "
            out += "\"same\": \(r.same.map { $0 ? "true" : "false" } ?? "null"), "
            out += "\"firstDifference\": \(r.firstDifference.map(String.init) ?? "null"), "
            out += "\"headline\": \(jsonString(r.headline)), \"note\": \(jsonString(r.note)), "
            out += "\"details\": [\(r.details.map(jsonString).joined(separator: ", "))], "
            out += "\"expectedFailures\": [\(r.expected.map { "{\"assertion\": \($0.assertion.map(String.init) ?? "null"), \"row\": \(jsonString($0.row)), \"reason\": \(jsonString($0.reason))}" }.joined(separator: ", "))], "
            if let ev = evidence?[r.name] {
                out += "\"calls\": {\(ev.calls.keys.sorted().map { "\(jsonString($0)): \(ev.calls[$0]!)" }.joined(separator: ", "))}, "
                out += "\"errnos\": {\(ev.errnos.keys.sorted().map { k in "\(jsonString(k)): [\(ev.errnos[k]!.keys.sorted().map(jsonString).joined(separator: ", "))]" }.joined(separator: ", "))}, "
            }
            out += "\"burrow\": \(run(r.burrow)), \"native\": \(run(r.native))}"
            out += i == results.count - 1 ? "\n" : ",\n"
        }
        out += "  ]\n}\n"
        return out
    }

    // MARK: docs/compatibility.md

    /// The calls a test is about: those its name names ("open" → open, "read_write" → read and
    /// write, "exit42" → exit; longer row names first, "clock_gettime") and those its title names:
    /// the part of the source's leading comment before the first ':' ("mmap, munmap, mprotect (the
    /// map, unmap and protect calls): ..."). Calls a test merely uses show up from traces instead.
    static func callsCovered(by test: String, title: String?) -> [String] {
        let names = ToyOS.table.map(\.name).sorted { $0.count > $1.count }
        var found: Set<String> = []
        var stem = test
        while let last = stem.last, last.isNumber { stem.removeLast() }
        var rest = "_" + stem + "_"
        for n in names where rest.contains("_" + n + "_") {
            found.insert(n)
            rest = rest.replacingFirst("_" + n + "_", with: "__")
        }
        if let title {
            let words = Set(title.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
            for n in names where words.contains(n) { found.insert(n) }
        }
        return ToyOS.table.map(\.name).filter { found.contains($0) }
    }

    /// The title of a test's source: its leading /* comment */ up to the first ':'.
    static func title(ofSource text: String) -> String? {
        let t = text.trimmingSpaces()
        guard t.hasPrefix("/*"), let end = t.firstRange(of: "*/") else { return nil }
        let comment = t[t.index(t.startIndex, offsetBy: 2)..<end.lowerBound]
        guard let colon = comment.firstIndex(of: ":") else { return nil }
        return String(comment[..<colon])
    }

    static func compatibilityDoc(_ results: [TestResult], counts: TestCounts, runAs: String,
                                 tracing: String?, evidence: [String: TraceEvidence],
                                 expected: ExpectedFailures, titles: [String: String], command: String) -> String {
        var byCall: [String: [TestResult]] = [:]
        var covered: [String: [String]] = [:]
        for r in results {
            covered[r.name] = callsCovered(by: r.name, title: titles[r.name])
            for c in covered[r.name]! { byCall[c, default: []].append(r) }
        }
        var all = TraceEvidence()
        var callers: [String: [String]] = [:]
        for r in results {
            guard let ev = evidence[r.name] else { continue }
            all.merge(ev)
            for c in ev.calls.keys { callers[c, default: []].append(r.name) }
        }
        let traced = tracing == nil

        var out = """
        # ToyOS compatibility

        <!-- Generated by `\(command)`. Do not edit: run it again. -->

        What the conformance suite (foreign-binaries/tests/) shows about each call of the ToyOS table
        (Sources/BurrowABI/ToyOS/ToyOSCalls.swift): the tests named after it and their result under
        Burrow compared with the native Linux twin (a test is "about" a call when its name or the title of
        its source names it), and, from the traces of the same run, which calls
        were really made and which of their documented errno values were really returned.

        Result of this run: **\(counts.summaryLine)**\(counts.footnote.map { " \($0)" } ?? "").
        Programs ran as user `\(runAs)`.

        """
        if let tracing {
            out += "Traces: none. \(tracing) The evidence columns are empty until it is; `burrow test --compat-doc` uses traces whenever `burrow run --trace-file F --trace-format jsonl` exists.\n\n"
        } else {
            out += "Traces: `burrow run --trace-file F --trace-format jsonl` of each test under Burrow (\(evidence.count) of \(results.count) tests traced).\n\n"
        }

        out += "## Calls\n\n"
        out += "| nr | call | support | tests about it | result | called by (traces) | documented errno returned | documented errno never returned |\n"
        out += "|---:|---|---|---|---|---|---|---|\n"
        var untested: [String] = []
        for row in ToyOS.table {
            let tests = byCall[row.name] ?? []
            if tests.isEmpty { untested.append(row.name) }
            let testCell = tests.isEmpty ? "—" : tests.map { "`\($0.name)`" }.joined(separator: ", ")
            let resultCell = tests.isEmpty ? "—" : tests.map { "\($0.name): \($0.outcome.rawValue)" }.joined(separator: ", ")
            var support = row.support.name
            if let note = row.support.note { support += " (\(mdEscape(note)))" }
            var calledCell = "no trace", seenCell = "no trace", unseenCell = "no trace"
            if traced {
                let who = callers[row.name] ?? []
                calledCell = who.isEmpty ? "never" : (who.count <= 4 ? who.sorted().joined(separator: ", ") : "\(who.count) tests")
                let seen = all.errnos[row.name] ?? [:]
                let documented = Set(row.errors)
                var seenParts = row.errors.filter { seen[$0] != nil }
                seenParts += seen.keys.filter { !documented.contains($0) }.sorted().map { "**\($0) (undocumented)**" }
                seenCell = seenParts.isEmpty ? "—" : seenParts.joined(separator: ", ")
                let unseen = row.errors.filter { seen[$0] == nil }
                unseenCell = unseen.isEmpty ? (row.errors.isEmpty ? "(none documented)" : "—") : unseen.joined(separator: ", ")
            } else if row.errors.isEmpty {
                unseenCell = "(none documented)"
            }
            out += "| \(row.number) | `\(row.name)` | \(support) | \(testCell) | \(resultCell) | \(calledCell) | \(seenCell) | \(unseenCell) |\n"
        }
        if traced {
            let known = Set(ToyOS.table.map(\.name))
            let other = all.calls.keys.filter { !known.contains($0) }.sorted()
            if !other.isEmpty {
                out += "\nCalled but not in the table (each returned ENOSYS): \(other.map { "`\($0)` (\(all.calls[$0]!)×)" }.joined(separator: ", ")).\n"
            }
        }
        if !untested.isEmpty {
            out += "\nNo test is about: \(untested.map { "`\($0)`" }.joined(separator: ", ")).\n"
        }

        out += "\n## Tests\n\n| test | result | under Burrow | native | calls it is about |\n|---|---|---|---|---|\n"
        for r in results {
            let calls = covered[r.name] ?? []
            out += "| `\(r.name)` | \(r.outcome.rawValue) | \(mdEscape(r.burrow.cell)) | \(mdEscape(r.native?.cell ?? "missing")) | \(calls.isEmpty ? "—" : calls.joined(separator: ", ")) |\n"
        }

        out += "\n## Expected failures\n\n"
        if expected.entries.isEmpty {
            out += "None: foreign-binaries/tests/expected-failures.txt lists no entry.\n"
        } else {
            out += "From foreign-binaries/tests/expected-failures.txt; each points at a row that is not `full`.\n\n"
            out += "| test | assertion | row | support | reason | this run |\n|---|---|---|---|---|---|\n"
            for e in expected.entries {
                let row = ToyOS.table.first { $0.name == e.row }
                let r = results.first { $0.name == e.test }
                out += "| `\(e.test)` | \(e.assertion.map(String.init) ?? "all") | `\(e.row)` | \(row?.support.name ?? "?") | \(mdEscape(e.reason)) | \(r?.outcome.rawValue ?? "not in this run") |\n"
            }
        }

        let bad = results.filter { $0.outcome.isFailure }
        out += "\n## Failures\n\n"
        if bad.isEmpty {
            out += "None.\n"
        } else {
            for r in bad {
                out += "### \(r.name): \(r.outcome.rawValue)\n\n\(mdEscape(r.headline))\n\n"
                if !r.details.isEmpty { out += "```\n" + r.details.joined(separator: "\n") + "\n```\n\n" }
            }
        }
        return out
    }

    static func mdEscape(_ s: String) -> String {
        s.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }
}

extension String {
    func replacingAll(_ a: String, with b: String) -> String {
        guard !a.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    func replacingFirst(_ a: String, with b: String) -> String {
        guard let r = firstRange(of: a) else { return self }
        return String(self[..<r.lowerBound]) + b + String(self[r.upperBound...])
    }
}
