// The table and Burrow's behaviour agree, row by row; arguments are decoded by the table's kinds;
// and a short seeded slice of the system-call fuzzer (tools/fuzz, docs/fuzzing.md) with the
// integrity checks on.
import BurrowABI
import Foundation
import Testing

private let enosys = Int64(ToyOS.errno["ENOSYS"])

@Suite("The table drives behaviour")
struct TableBehaviourTests {
    /// Every number 0-255 once (exit by the program's own end): an unimplemented row and a number
    /// outside the table answer ENOSYS and are reported once each; every other row has a handler.
    @Test func everyRowsSupportLevelMatchesWhatTheCallDoes() throws {
        let root = try temporaryDirectory("sweep")
        defer { cleanup(root) }
        let o = try burrow(["run", "--root", root, Repo.toy("guests/fuzz"), "sweep"])
        #expect(o.status == 0, "\(o)")   // the exit row: the program's own exit(0)
        var seen = 0
        var enosysCount = 0
        for line in o.stdout.split(separator: "\n") {
            let f = line.split(separator: " ").compactMap { Int64($0) }
            guard f.count == 3 else { Issue.record("bad line \(line)"); continue }
            seen += 1
            let (number, value, error) = (f[0], f[1], f[2])
            let answeredENOSYS = error == 1 && value == enosys
            if answeredENOSYS { enosysCount += 1 }
            guard let row = ToyOS.row(number: UInt64(number)) else {
                #expect(answeredENOSYS, "number \(number) is not in the table but answered \(value)/\(error)")
                continue
            }
            if case .unimplemented = row.support {
                #expect(answeredENOSYS, "\(row.name) is unimplemented in the table but answered \(value)/\(error)")
            } else {
                #expect(!answeredENOSYS, "\(row.name) is \(row.support.name) in the table but answered ENOSYS")
            }
        }
        #expect(seen == 255)
        // One report per number that answered ENOSYS, however often it is called.
        let reports = o.stderr.split(separator: "\n").filter { $0.hasSuffix("; reported once") }
        #expect(reports.count == enosysCount, "\(o.stderr)")
    }

    /// fcntl's arg is 64-bit in the table: F_DUPFD with 0x1_0000_0003 fails with EINVAL instead of
    /// duplicating onto 3; 32-bit kinds ignore their upper halves; write(fd, NULL, 0) is 0.
    @Test func argumentsAreDecodedByTheTablesKinds() throws {
        let o = try burrow(["run", Repo.toy("guests/wide-args")])
        #expect(o.status == 0, "\(o)")
        var results: [String: (Int64, Int64)] = [:]
        for line in o.stdout.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 3, let v = Int64(f[1]), let e = Int64(f[2]) { results[String(f[0])] = (v, e) }
        }
        let einval = Int64(ToyOS.errno["EINVAL"]), efault = Int64(ToyOS.errno["EFAULT"])
        #expect(results["fcntl-dupfd-wide"].map { $0 == (einval, 1) } == true, "\(o)")
        #expect(results["fcntl-setfd-wide"].map { $0 == (einval, 1) } == true, "\(o)")
        #expect(results["fcntl-dupfd-upper"].map { $0.1 == 0 && $0.0 >= 10 } == true, "\(o)")
        #expect(results["write-fd-upper"].map { $0 == (5, 0) } == true, "\(o)")
        #expect(results["write-count-wide"].map { $0 == (efault, 1) } == true, "\(o)")
        #expect(results["write-null-0"].map { $0 == (0, 0) } == true, "\(o)")
    }
}

@Suite("System-call fuzzer")
struct FuzzTests {
    /// Two fixed seeds: Burrow survives every call, leaks no descriptor, and its canaries and
    /// read-only segments are intact (checked every 500 calls and at exit).
    @Test(arguments: [1, 2])
    func seededSliceRunsCleanly(seed: Int) throws {
        let root = try temporaryDirectory("fuzz\(seed)")
        defer {
            _ = try? run("/bin/chmod", ["-R", "u+rwx", root])
            cleanup(root)
        }
        var env = ProcessInfo.processInfo.environment
        env["BURROW_DEBUG_CHECKS"] = "500"
        let o = try burrow(["run", "--root", root, "--clear-env", Repo.toy("guests/fuzz"), "run", "\(seed)", "20000"],
                           environment: env, timeout: 120)
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout.contains("fuzz: seed \(seed): 20000 calls done"), "\(o)")
        #expect(!o.stderr.contains("internal error"), "\(o)")
        // Unknown numbers are reported once each, and at most 1,000 of them (then one last line).
        let lines = o.stderr.split(separator: "\n")
        let reports = lines.filter { $0.hasSuffix("; reported once") }
        #expect(reports.count <= 1000)
        #expect(Set(reports).count == reports.count, "a number reported twice: \(o.stderr.prefix(2000))")
        #expect(lines.allSatisfy { $0.hasSuffix("; reported once") || $0.hasSuffix("no more are reported") }, "\(o.stderr.prefix(2000))")
    }

    /// The canaries are real: a write to the reserved page above the stack (what a Burrow bug
    /// writing outside guest memory would do) is found at the next check.
    @Test func aChangedCanaryPageIsReported() throws {
        var env = ProcessInfo.processInfo.environment
        env["BURROW_DEBUG_CHECKS"] = "1"
        let o = try burrow(["run", Repo.toy("guests/fuzz"), "canary"], environment: env)
        #expect(o.status == 125, "\(o)")
        #expect(o.stderr.contains("burrow: integrity check failed after "), "\(o)")
        #expect(o.stderr.contains("canary page at 0xffffffff000 changed"), "\(o)")
    }

    /// The raw-syscall guard's own descriptors (its hardware breakpoints, opened when a watched
    /// page first runs) are Burrow's, not a leak: guests/guard-page "a" runs a page whose
    /// accidental system-call bytes get a breakpoint (or, where perf breakpoints are refused, the
    /// guard arms instead), checked after every call. The breakpoints are made at once (no
    /// hand-over, whose SUD could stand in until the end), and the summary says they were.
    @Test func theGuardsDescriptorsAreNotALeak() throws {
        var env = ProcessInfo.processInfo.environment
        env["BURROW_DEBUG_CHECKS"] = "1"
        env["BURROW_TEST_GUARD_HANDOVER"] = "0"
        for arg in ["clean", "a"] {
            let args = arg == "clean" ? [] : [arg]
            let o = try burrow(["run", "--summary", Repo.toy("guests/guard-page")] + args, environment: env)
            #expect(o.status == 0 && !o.stderr.contains("integrity check failed"), "\(arg): \(o)")
            if arg == "a" {
                #expect(o.stderr.contains("watched by hardware breakpoints") || o.stderr.contains("hardware breakpoints unavailable"),
                        "\(o)")
            }
        }
    }

    @Test func aBadSettingIsOneLine() throws {
        var env = ProcessInfo.processInfo.environment
        env["BURROW_DEBUG_CHECKS"] = "often"
        let o = try burrow(["run", Repo.toy("hello")], environment: env)
        #expect(o.status == 125, "\(o)")
        #expect(o.stderr == "burrow: BURROW_DEBUG_CHECKS=often: expected a positive number of calls\n", "\(o)")
    }
}
