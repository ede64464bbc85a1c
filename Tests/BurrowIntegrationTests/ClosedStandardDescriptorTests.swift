// Started with a standard descriptor closed (`cmd <&-`, `>&-`, `2>&-`), a program finds it closed:
// EBADF on a read or write, and the next open takes the number. Burrow's own descriptors (the
// process table's memfd, trace files, the loader's) must not land on it and pass for the guest's
// stdin or stdout. Each case runs the ToyOS program under Burrow and its native twin the same way
// (through sh, which closes the descriptor), and they must agree.
import Foundation
import Testing

@Suite struct ClosedStandardDescriptorTests {
    /// sh -c "SCRIPT" with $B = burrow and $P = the program: first ToyOS under Burrow, then the
    /// native twin.
    func both(_ program: String, _ script: String, stdin: String = "") throws -> (burrow: Outcome, native: Outcome) {
        let toy = Repo.root.appendingPathComponent("foreign-binaries/build/toyos/" + program).path
        let native = Repo.root.appendingPathComponent("foreign-binaries/build/linux/" + program).path
        let b = try run("/bin/sh", ["-c", script, "sh", Repo.burrow + " run " + toy], stdin: stdin)
        let n = try run("/bin/sh", ["-c", script, "sh", native], stdin: stdin)
        return (b, n)
    }

    @Test func closedStdinIsClosedForTheGuest() throws {
        let (b, n) = try both("cat", "$1 <&-")
        #expect(n.status == 1 && n.stderr.contains("Bad file descriptor"), "native: \(n)")
        #expect(b.status == n.status && b.stdout == n.stdout && b.stderr.contains("Bad file descriptor"), "\(b)")
    }

    @Test func closedStdinAndAPipelineOfChildren() throws {
        let (b, n) = try both("sh", "$1 -c 'echo hi | wc' <&-")
        #expect(n.status == 0, "native: \(n)")
        #expect(b.status == 0 && b.stdout == n.stdout && b.stderr.isEmpty, "\(b)")
    }

    @Test func closedStdoutIsAWriteError() throws {
        let file = Repo.root.appendingPathComponent("README.md").path
        let (b, n) = try both("cat", "$1 '\(file)' >&-")
        #expect(n.status == 1 && n.stderr.contains("Bad file descriptor"), "native: \(n)")
        #expect(b.status == n.status && b.stderr.contains("Bad file descriptor"), "\(b)")
    }

    /// With stderr closed, the guest has no descriptor 2: its /proc/self/fd/2 names nothing (it
    /// named Burrow's process-table memfd before the fix, which the guest's errors went into).
    @Test func closedStderrIsNotTheGuests() throws {
        let (b, n) = try both("readlink", "$1 /proc/self/fd/2 2>&-")
        #expect(n.status == 1 && n.stdout.isEmpty, "native: \(n)")
        #expect(b.status == n.status && b.stdout.isEmpty, "\(b)")
    }
}
