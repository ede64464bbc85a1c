// How `burrow test` words a run's outcome in its table (TestEvaluate.swift).
import Testing
@testable import BurrowCLI

struct TestOutcomeTests {
    /// A timeout below one second reads in milliseconds (`--timeout 0.25` read "TIMEOUT at 0 s").
    @Test func aTimeoutSaysHowLongItWaited() {
        let tap = "TAP version 13\n1..3\nok 1 - a\nok 2 - b\n"
        #expect(RunOutcome(ChildResult(end: .timedOut, stdout: tap, stderr: "", seconds: 0.25)).cell == "TIMEOUT at 250 ms after 2 assertions")
        #expect(RunOutcome(ChildResult(end: .timedOut, stdout: "", stderr: "", seconds: 30.2)).cell == "TIMEOUT at 30 s after 0 assertions")
        #expect(RunOutcome.duration(1) == "1 s")
        #expect(RunOutcome.duration(0.0004) == "0 ms")
        #expect(RunOutcome.duration(0.9996) == "1 s")
        #expect(RunOutcome.duration(1.5) == "1.5 s")
        #expect(RunOutcome.duration(9.96) == "10 s")
    }
}
