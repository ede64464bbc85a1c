// `burrow test` output as the run goes: one table row or one TAP line per test, written the moment
// the test is judged and flushed at once, so `burrow test | cat` (or a CI log) shows each result as
// it finishes instead of everything at the end. Rows come in the order tests finish; the details of
// each failure and the summary follow when the run ends.
import BurrowVMM
import Glibc

final class TestStream {
    let tap: Bool
    let total: Int
    /// Whether a progress line is shown on stderr (a terminal); it is cleared before each row and
    /// redrawn by the next tick.
    let progress: Bool
    private let widths: [Int]
    /// Results printed so far (TAP numbers them in this order).
    private(set) var printed = 0
    private var progressShown = false

    static let header = ["test", "under Burrow", "native", "same?", "result"]

    init(tap: Bool, names: [String], progress: Bool) {
        self.tap = tap
        self.total = names.count
        self.progress = progress
        // Cells of the other columns are short ("40/40 ok", "TIMEOUT at 10 s after 1 ok"); a
        // longer one pushes its row's later cells right rather than holding every row back.
        widths = [max(Self.header[0].count, names.map(\.count).max() ?? 0), 16, 16, 8, 0]
    }

    /// The first lines: the table's header, or TAP's version and plan (the count is known before
    /// any test runs, so the plan comes first, as a streaming TAP producer's must).
    func begin() {
        emit(tap ? "TAP version 13\n1..\(total)\n" : row(Self.header))
    }

    /// One test's result, at once.
    func result(_ r: TestResult) {
        printed += 1
        emit(tap ? Self.tapLines(r, number: printed) : row(TestReport.cells(r)))
    }

    /// The end of the run: the details of what failed (the table) and the summary, which TAP gets
    /// as `#` comments so that the stream stays valid TAP to its last line.
    func end(details: String, notes: [String], counts: TestCounts) {
        var out = tap ? "" : details
        var tail = notes
        if let f = counts.footnote { tail.append(f) }
        tail.append(counts.summaryLine)
        if tap {
            for line in tail { out += "# \(line)\n" }
        } else {
            out += "\n"
            for line in tail { out += line + "\n" }
        }
        emit(out)
    }

    /// The progress line (terminal only): done/total, running, failed, elapsed seconds.
    func tick(_ line: String) {
        guard progress else { return }
        Diagnostics.write("\r\(line)\u{1B}[K")
        progressShown = true
    }

    func clearProgress() {
        guard progress, progressShown else { return }
        Diagnostics.write("\r\u{1B}[K")
        progressShown = false
    }

    /// Set when stdout was closed by its reader (`burrow test | head`): the run then stops as if
    /// interrupted, so that no test keeps running for a reader that is gone.
    private(set) var outputClosed = false

    private func emit(_ text: String) {
        clearProgress()
        guard !outputClosed else { return }
        var t = text
        let ok = t.withUTF8 { p -> Bool in
            var off = 0
            while off < p.count {
                let n = write(1, p.baseAddress! + off, p.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        if !ok {
            outputClosed = true
            testRunnerInterrupted = 1
        }
    }

    private func row(_ cells: [String]) -> String {
        var s = ""
        for (i, c) in cells.enumerated() {
            if i == cells.count - 1 { s += c; break }
            s += c + String(repeating: " ", count: max(0, widths[i] - c.count) + 2)
        }
        return s + "\n"
    }

    /// `ok N - name`, `not ok N - name: FAIL` with the reasons as `#` diagnostics, `# SKIP`, `# TODO`.
    static func tapLines(_ r: TestResult, number n: Int) -> String {
        switch r.outcome {
        case .pass: return "ok \(n) - \(r.name)\n"
        case .skipped: return "ok \(n) - \(r.name) # SKIP \(r.headline)\n"
        case .notRun: return "ok \(n) - \(r.name) # SKIP not run (stopped at the first failure: --fail-fast)\n"
        case .expectedFailure: return "not ok \(n) - \(r.name) # TODO \(r.note)\n"
        default:
            var out = "not ok \(n) - \(r.name): \(r.outcome.rawValue)\n# \(r.headline)\n"
            for d in r.details { out += "# \(d)\n" }
            return out
        }
    }
}
