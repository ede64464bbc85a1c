// `burrow test` against a small suite built here with the ToyOS SDK: a passing test, a failing
// assertion, a hang, a crash, an expected failure, one that unexpectedly passes, a broken twin,
// exit42 and an all-skipped test. Runs the built `burrow` as a child (docs/architecture.md, §5).
// Needs the SDK (make -C foreign-binaries sdk); skipped with a message when it is not built.

import Foundation
import Testing

private enum TCEnv {
    static let repo: String = {
        // <repo>/Tests/BurrowIntegrationTests/TestCommandTests.swift
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `burrow` next to this test bundle in the build directory (or $BURROW_EXECUTABLE).
    static let burrow: String? = {
        if let e = ProcessInfo.processInfo.environment["BURROW_EXECUTABLE"] { return e }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("burrow").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    static var cc: String { repo + "/foreign-binaries/sdk/bin/toyos-cc" }
    static var sdkLib: String { repo + "/foreign-binaries/build/sdk" }

    static var sdkBuilt: Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: cc)
            && fm.fileExists(atPath: sdkLib + "/toyos/libc.a") && fm.fileExists(atPath: sdkLib + "/linux/libc.a")
            && fm.fileExists(atPath: sdkLib + "/bin/toyos-brand")
    }

    static var ready: Bool { sdkBuilt && burrow != nil }
    static let why = "needs the ToyOS SDK (make -C foreign-binaries sdk) and a built burrow next to the test bundle"
}

/// The programs of the temporary suite. Each builds for ToyOS and as its Linux twin; `__TOYOS__`
/// tells them apart, so a program can misbehave under Burrow only.
private let programs: [String: String] = [
    "pass_basic": """
        #include <toytest.h>
        int main(void) {
            plan(3);
            ok(1, "truth");
            is_int(2 + 2, 4, "arithmetic");
            is_str("abc", "abc", "strings");
            return exit_status();
        }
        """,
    "fail_assert": """
        #include <errno.h>
        #include <toytest.h>
        int main(void) {
            plan(3);
            ok(1, "first");
        #ifdef __TOYOS__
            errno = ENOENT;
        #else
            errno = EACCES;
        #endif
            is_errno(-1, EACCES, "open of an unreadable file: EACCES");
            ok(1, "third");
            return exit_status();
        }
        """,
    "hang": """
        #include <toytest.h>
        int main(void) {
            plan(1);
        #ifdef __TOYOS__
            for (volatile unsigned long i = 0;; i++) {}
        #endif
            ok(1, "not hanging natively");
            return exit_status();
        }
        """,
    "crash": """
        #include <toytest.h>
        int main(void) {
            plan(2);
            ok(1, "before the crash");
        #ifdef __TOYOS__
            *(volatile int *)0x10 = 1;
        #endif
            ok(1, "after");
            return exit_status();
        }
        """,
    "xpass_listed": """
        #include <toytest.h>
        int main(void) {
            plan(1);
            ok(1, "works everywhere");
            return exit_status();
        }
        """,
    "xfail_listed": """
        #include <toytest.h>
        int main(void) {
            plan(3);
            ok(1, "first");
        #ifdef __TOYOS__
            ok(0, "a known gap under Burrow");
        #else
            ok(1, "a known gap under Burrow");
        #endif
            ok(1, "third");
            return exit_status();
        }
        """,
    "broken_twin": """
        #include <toytest.h>
        int main(void) {
            plan(1);
        #ifdef __TOYOS__
            ok(1, "fine under Burrow");
        #else
            ok(0, "fails natively");
        #endif
            return exit_status();
        }
        """,
    "exit42": """
        #include <stdlib.h>
        #include <toytest.h>
        int main(void) {
            plan(1);
            ok(1, "about to exit 42");
            exit(42);
        }
        """,
    "gate": """
        #include <stdlib.h>
        #include <unistd.h>
        #include <toytest.h>
        /* Waits until the file $BURROW_TEST_GATE exists (at most about 100 s), so a test of the
           runner decides when this test finishes. Without the variable it passes at once. */
        int main(void) {
            plan(1);
            const char *gate = getenv("BURROW_TEST_GATE");
            int waited = 0;
            while (gate && access(gate, F_OK) != 0 && waited < 10000) { usleep(10000); waited++; }
            ok(!gate || access(gate, F_OK) == 0, "the gate opened");
            return exit_status();
        }
        """,
    "injected": """
        /* Both sides must see the directive's fault: without it fsync of a pipe is EINVAL.
         * burrow-test: inject fsync:error=EIO:when=2
         */
        #include <errno.h>
        #include <unistd.h>
        #include <toytest.h>
        int main(void) {
            plan(2);
            int p[2];
            pipe(p);
            is_errno(fsync(p[0]), EINVAL, "first fsync runs: EINVAL on a pipe");
            is_errno(fsync(p[0]), EIO, "second fsync: EIO (injected)");
            return exit_status();
        }
        """,
    "skip_all": """
        #include <toytest.h>
        int main(void) {
            skip("needs something this host lacks");
            skip("needs something this host lacks");
            return done_testing();
        }
        """,
]

private let expectedFailuresText = """
    # test list for TestCommandTests
    xpass_listed -- exec: partial, pretend this test needs it
    xfail_listed 2 -- exec: partial, pretend assertion 2 needs it

    """

/// Builds the suite once: <tmp>/toyos/tests/NAME, <tmp>/linux/tests/NAME, <tmp>/expected-failures.txt.
private let suiteDir: String? = {
    guard TCEnv.ready else { Issue.record(Comment(rawValue: TCEnv.why)); return nil }
    let fm = FileManager.default
    // Suites left by earlier runs (no teardown hook runs after the last test): remove those whose
    // test process is gone.
    for name in (try? fm.contentsOfDirectory(atPath: fm.temporaryDirectory.path)) ?? [] where name.hasPrefix("burrow-testcmd-") {
        if let pid = Int32(name.dropFirst("burrow-testcmd-".count)), pid != getpid(), kill(pid, 0) != 0 {
            try? fm.removeItem(atPath: fm.temporaryDirectory.appendingPathComponent(name).path)
        }
    }
    let dir = fm.temporaryDirectory.appendingPathComponent("burrow-testcmd-\(getpid())").path
    try? fm.removeItem(atPath: dir)
    for sub in ["src", "toyos/tests", "linux/tests"] {
        try? fm.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
    }
    for (name, source) in programs {
        let src = "\(dir)/src/\(name).c"
        try? source.write(toFile: src, atomically: true, encoding: .utf8)
        for (flag, out) in [([String](), "toyos"), (["--twin"], "linux")] {
            let r = tcRun(TCEnv.cc, flag + ["-O1", src, "-o", "\(dir)/\(out)/tests/\(name)"], env: ["TOYOS_LIBDIR": TCEnv.sdkLib])
            if r.status != 0 { Issue.record("toyos-cc \(name) (\(out)) failed: \(r.stderr)"); return nil }
        }
    }
    try? expectedFailuresText.write(toFile: dir + "/expected-failures.txt", atomically: true, encoding: .utf8)
    // When burrow test runs as root, the programs run as nobody: everything must be reachable.
    _ = tcRun("/bin/chmod", ["-R", "a+rX", dir])
    return dir
}()

private struct TCResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

private func tcRun(_ path: String, _ args: [String], env: [String: String] = [:]) -> TCResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    var e = ProcessInfo.processInfo.environment
    e["SWIFT_BACKTRACE"] = "enable=no"
    for (k, v) in env { e[k] = v }
    p.environment = e
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { return TCResult(status: -1, stdout: "", stderr: "\(error)") }
    // Read both pipes before waiting (a full pipe would block the child).
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.data
    p.waitUntilExit()
    return TCResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                  stderr: String(decoding: errData, as: UTF8.self))
}

private func burrowTest(_ args: [String]) throws -> TCResult {
    let suite = try #require(suiteDir, "the temporary suite did not build")
    return tcRun(TCEnv.burrow!, ["test", "--suite", suite] + args)
}

/// `burrow test --jobs 4 ARGS` on the suite, running (stdout on a pipe, stderr discarded), with
/// BURROW_TEST_GATE naming the file the `gate` test waits for: for the tests that act while the run
/// goes on.
private func startGatedRun(suite: String, gate: String, _ args: [String]) throws -> (Process, stdout: Pipe) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: TCEnv.burrow!)
    p.arguments = ["test", "--suite", suite, "--jobs", "4"] + args
    var env = ProcessInfo.processInfo.environment
    env["SWIFT_BACKTRACE"] = "enable=no"
    env["BURROW_TEST_GATE"] = gate
    p.environment = env
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    return (p, out)
}

private func tcLastLine(_ s: String) -> String {
    s.split(separator: "\n").last.map(String.init) ?? ""
}

/// The table row of a test.
private func tableRow(_ out: String, _ name: String) -> String {
    out.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map(String.init) ?? ""
}

@Suite("burrow test", .serialized)
struct TestCommandTests {
    @Test func wholeSuite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-testcmd-out-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let junit = dir + "/junit.xml", json = dir + "/results.json"
        // The timeout is generous so that no real test reaches it on a loaded machine; only `hang` does.
        let r = try burrowTest(["--keep-going", "--timeout", "10", "--jobs", "4", "--junit", junit, "--json", json])
        let out = r.stdout

        // Summary: pass_basic and exit42 pass; fail_assert, hang, crash, xpass_listed and
        // broken_twin fail; skip_all and the expected failure xfail_listed are skipped.
        #expect(tcLastLine(out) == "4 passed, 5 failed, 2 skipped", "\(out)\n\(r.stderr)")
        #expect(r.status == 1)

        #expect(tableRow(out, "pass_basic").hasSuffix("PASS"))
        #expect(tableRow(out, "exit42").hasSuffix("PASS"))
        #expect(tableRow(out, "skip_all").hasSuffix("SKIP"))
        #expect(tableRow(out, "xfail_listed").hasSuffix("XFAIL"))

        // The hang is killed and reported while the others complete.
        #expect(tableRow(out, "hang").contains("TIMEOUT"))
        #expect(out.contains("TIMEOUT hang: TIMEOUT: killed after"))

        // The crash: the signal and what came before it.
        #expect(tableRow(out, "crash").hasSuffix("CRASHED"))
        #expect(out.contains("CRASHED crash: CRASHED under Burrow: killed by SIGSEGV after \"ok 1 - before the crash\""))

        // The failing assertion: the test, the first differing TAP line, the errno names it printed.
        #expect(tableRow(out, "fail_assert").contains("no (#2)"))
        #expect(out.contains("FAIL fail_assert: not ok 2 - open of an unreadable file: EACCES"))
        #expect(out.contains("under Burrow: not ok 2 - open of an unreadable file: EACCES"))
        #expect(out.contains("# errno: ENOENT"))
        #expect(out.contains("# expected: EACCES"))
        #expect(out.contains("native:       ok 2 - open of an unreadable file: EACCES"))

        // Listed in expected-failures.txt but passing: fails the run.
        #expect(tableRow(out, "xpass_listed").hasSuffix("XPASS"))
        #expect(out.contains("unexpectedly passed: remove it from expected-failures.txt"))

        // A failing twin is a broken test, not a Burrow failure.
        #expect(tableRow(out, "broken_twin").hasSuffix("BROKEN"))
        #expect(out.contains("BROKEN broken_twin: broken test, the native twin fails: not ok 1 - fails natively"))

        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testcase classname=\"toyos.conformance\" name=\"pass_basic\""))
        #expect(xml.components(separatedBy: "<failure ").count - 1 == 5)
        #expect(xml.contains("failures=\"5\""))
        let jsonText = try Data(contentsOf: URL(fileURLWithPath: json))
        let parsed = try #require(try JSONSerialization.jsonObject(with: jsonText) as? [String: Any])
        let summary = try #require(parsed["summary"] as? [String: Any])
        #expect(summary["line"] as? String == "4 passed, 5 failed, 2 skipped")
        #expect((parsed["tests"] as? [Any])?.count == programs.count)
    }

    @Test func passingSelectionExitsZero() throws {
        let r = try burrowTest(["pass_basic"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(tcLastLine(r.stdout) == "1 passed, 0 failed, 0 skipped")
        #expect(r.stdout.hasPrefix("test "))
    }

    /// --json into something that is not a regular file (a FIFO here; as root, /dev/null) writes
    /// through it: renaming a temporary file over it replaced the node itself.
    @Test func jsonIntoAFIFOIsWrittenThroughIt() throws {
        let dir = try temporaryDirectory("test-json-fifo")
        defer { cleanup(dir) }
        let fifo = dir + "/results"
        try #require(mkfifo(fifo, 0o600) == 0)
        // Our end is open (non-blocking) first, so burrow's open for writing finds a reader; the
        // JSON (under 1 KiB) waits in the pipe's buffer. Before the fix, our FIFO got nothing.
        let readEnd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        try #require(readEnd >= 0)
        defer { close(readEnd) }
        let r = try burrowTest(["pass_basic", "--json", fifo])
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(readEnd, &buffer, buffer.count)
        let got = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(got.contains("\"summary\""), "\(got)")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "still a FIFO")
    }

    @Test func globSelectsExit42() throws {
        let r = try burrowTest(["ex*42"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(tcLastLine(r.stdout) == "1 passed, 0 failed, 0 skipped")
    }

    @Test func expectedFailureIsNotAFailure() throws {
        let r = try burrowTest(["xfail_listed"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("XFAIL xfail_listed: expected failure of assertion 2 (exec)"))
        #expect(tcLastLine(r.stdout) == "0 passed, 0 failed, 1 skipped")
    }

    @Test func tapOutput() throws {
        let r = try burrowTest(["--tap", "*_assert"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("1..1"))
        #expect(lines.contains("not ok 1 - fail_assert: FAIL"))
        #expect(lines.last == "# 0 passed, 1 failed, 0 skipped")
    }

    /// Without flags every test runs and every failure is reported (as pytest does).
    @Test func everyFailureIsReportedByDefault() throws {
        let r = try burrowTest(["fail_assert", "crash", "pass_basic"])
        #expect(r.status == 1)
        #expect(tcLastLine(r.stdout) == "1 passed, 2 failed, 0 skipped", "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("\nFAIL fail_assert: "))
        #expect(r.stdout.contains("\nCRASHED crash: "))
        #expect(!r.stdout.contains("NOT RUN"))
    }

    /// -x stops at the first failure: with one program at a time, `crash` (first in name order)
    /// fails and nothing after it starts. --keep-going stays accepted.
    @Test func failFastStopsAtTheFirstFailure() throws {
        let r = try burrowTest(["-x", "-j1", "fail_assert", "crash", "pass_basic"])
        #expect(r.status == 1)
        #expect(tableRow(r.stdout, "crash").hasSuffix("CRASHED"), "\(r.stdout)")
        #expect(tableRow(r.stdout, "fail_assert").hasSuffix("NOT RUN"))
        #expect(tableRow(r.stdout, "pass_basic").hasSuffix("NOT RUN"))
        #expect(r.stdout.contains("(2 not run (stopped at the first failure: --fail-fast))"))
        #expect(tcLastLine(r.stdout) == "0 passed, 1 failed, 0 skipped")
        let k = try burrowTest(["--keep-going", "--jobs=1", "pass_basic"])
        #expect(k.status == 0, "\(k.stdout)\n\(k.stderr)")
        #expect(try burrowTest(["-x", "--keep-going", "pass_basic"]).status == 125)
    }

    /// Each result is written as its test finishes, also into a pipe: `pass_basic`'s row arrives
    /// while `gate` still runs, and `gate` is released only once that row has been read. Were
    /// the output held back until the end, the row would never come and the gate never open
    /// (the test then fails after its deadline instead of hanging).
    @Test func resultsStreamThroughAPipe() throws {
        let suite = try #require(suiteDir, "the temporary suite did not build")
        let gate = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-gate-\(getpid())").path
        try? FileManager.default.removeItem(atPath: gate)
        defer { try? FileManager.default.removeItem(atPath: gate) }
        for tap in [false, true] {
            try? FileManager.default.removeItem(atPath: gate)
            let (p, out) = try startGatedRun(suite: suite, gate: gate, (tap ? ["--tap"] : []) + ["gate", "pass_basic"])
            final class Box: @unchecked Sendable { var text = ""; var sawRow = false }
            let box = Box()
            let lock = NSLock()
            let reader = Thread {
                while true {
                    let d = out.fileHandleForReading.availableData
                    if d.isEmpty { break }
                    lock.lock()
                    box.text += String(decoding: d, as: UTF8.self)
                    let lines = box.text.split(separator: "\n")
                    if lines.contains(where: { $0.hasPrefix("pass_basic ") || $0 == "ok 1 - pass_basic" }) && !box.sawRow {
                        box.sawRow = true
                        // Only now may gate finish.
                        FileManager.default.createFile(atPath: gate, contents: Data())
                    }
                    lock.unlock()
                }
            }
            reader.start()
            // A deadline only for failure: the success path never waits for it.
            let deadline = Date().addingTimeInterval(90)
            while p.isRunning && Date() < deadline { usleep(20_000) }
            if p.isRunning { FileManager.default.createFile(atPath: gate, contents: Data()) }
            p.waitUntilExit()
            while reader.isExecuting { usleep(1000) }
            lock.lock()
            let text = box.text, sawRow = box.sawRow
            lock.unlock()
            #expect(sawRow, "pass_basic's result did not arrive before the run ended:\n\(text)")
            #expect(p.terminationStatus == 0, "\(text)")
            let lines = text.split(separator: "\n").map(String.init)
            if tap {
                #expect(lines == ["TAP version 13", "1..2", "ok 1 - pass_basic", "ok 2 - gate", "# 2 passed, 0 failed, 0 skipped"])
            } else {
                let pass = lines.firstIndex { $0.hasPrefix("pass_basic ") }, gateRow = lines.firstIndex { $0.hasPrefix("gate ") }
                #expect(pass != nil && gateRow != nil && pass! < gateRow!, "\(text)")
            }
        }
    }

    /// A directive in the source injects the same fault on both sides (the twin under strace);
    /// the test's own assertions fail on either side that did not get it.
    @Test func sourceDirectivesInjectFaultsOnBothSides() throws {
        let r = try burrowTest(["injected"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(tableRow(r.stdout, "injected").hasSuffix("PASS"), "\(r.stdout)")
        // A bad directive stops the run before anything starts, naming the line.
        let suite = try #require(suiteDir)
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-badinject-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: bad) }
        for sub in ["src", "toyos/tests", "linux/tests"] {
            try FileManager.default.createDirectory(atPath: bad + "/" + sub, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: suite + "/toyos/tests/pass_basic", toPath: bad + "/toyos/tests/pass_basic")
        try FileManager.default.copyItem(atPath: suite + "/linux/tests/pass_basic", toPath: bad + "/linux/tests/pass_basic")
        try "/*\n * burrow-test: inject openat:error=EIO\n */\n".write(toFile: bad + "/src/pass_basic.c", atomically: true, encoding: .utf8)
        let b = tcRun(TCEnv.burrow!, ["test", "--suite", bad])
        #expect(b.status == 125)
        #expect(b.stderr.contains("pass_basic.c:2: --inject openat:error=EIO: unknown system call 'openat': on ToyOS that is 'open'"), "\(b.stderr)")
    }

    /// A reader that goes away (`burrow test | head -1`) stops the run: the next result's write
    /// fails, the running tests are killed (`gate` would otherwise wait for its file) and burrow
    /// test exits 141, as a shell reports SIGPIPE, instead of dying by it with its children and
    /// scratch directory left behind.
    @Test func aClosedOutputStopsTheRun() throws {
        let suite = try #require(suiteDir, "the temporary suite did not build")
        let gate = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-nogate-\(getpid())").path
        try? FileManager.default.removeItem(atPath: gate)
        let (p, out) = try startGatedRun(suite: suite, gate: gate, ["gate", "pass_basic"])
        // Read the header line, then close the only read end.
        var got = Data()
        while !got.contains(UInt8(ascii: "\n")) {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            got += d
        }
        try out.fileHandleForReading.close()
        let deadline = Date().addingTimeInterval(90)   // bounds a failure only
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { FileManager.default.createFile(atPath: gate, contents: Data()) }
        p.waitUntilExit()
        try? FileManager.default.removeItem(atPath: gate)
        #expect(String(decoding: got, as: UTF8.self).hasPrefix("test "))
        #expect(p.terminationReason == .exit && p.terminationStatus == 141, "\(p.terminationReason) \(p.terminationStatus)")
    }

    /// The whole TAP stream, failures and summary included, is accepted by Perl's `prove`.
    @Test func tapPassesProve() throws {
        let suite = try #require(suiteDir, "the temporary suite did not build")
        let prove = try #require(["/usr/bin/prove", "/usr/local/bin/prove"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                 "no prove (Debian's perl package; `make deps` installs it)")
        // prove runs `EXEC TESTFILE`: the "test file" is the pattern burrow test selects by.
        let passing = tcRun(prove, ["--exec", "\(TCEnv.burrow!) test --suite \(suite) --tap", "pass_basic"])
        #expect(passing.status == 0, "\(passing.stdout)\n\(passing.stderr)")
        #expect(passing.stdout.contains("Result: PASS"))
        // Failures, an expected failure (TODO), skips, diagnostics: still well-formed TAP, so
        // prove fails because tests failed, not because the stream is malformed.
        let mixed = tcRun(prove, ["-v", "--exec", "\(TCEnv.burrow!) test --suite \(suite) --tap", "l"])
        #expect(mixed.status != 0)
        #expect(mixed.stdout.contains("Result: FAIL"), "\(mixed.stdout)")
        #expect(!mixed.stdout.contains("unknown") && !mixed.stdout.contains("Parse errors"), "\(mixed.stdout)\n\(mixed.stderr)")
        #expect(mixed.stdout.contains("Failed 2/"), "\(mixed.stdout)")
    }

    @Test func expectedFailureMustPointAtAPartialRow() throws {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-xf-\(getpid()).txt").path
        try "pass_basic -- open: pretend it is broken\n".write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        let r = try burrowTest(["--expected-failures", list, "pass_basic"])
        #expect(r.status == 125)
        #expect(r.stderr.contains("must point at a row marked partial or unimplemented"), "\(r.stderr)")
    }

    /// As root, the programs run as nobody; a suite nobody cannot reach (a checkout under /root,
    /// mode 700) would make every test BROKEN by "Permission denied". By default they then run as
    /// root, with one warning that names the directory; an explicit --run-as nobody is an error.
    @Test(.enabled(if: geteuid() == 0, "only root runs the programs as another user"))
    func aSuiteNobodyCannotReachRunsAsRoot() throws {
        let suite = try #require(suiteDir, "the temporary suite did not build")
        let fm = FileManager.default
        let closed = fm.temporaryDirectory.appendingPathComponent("burrow-closed-\(getpid())").path
        defer { try? fm.removeItem(atPath: closed) }
        for sub in ["toyos/tests", "linux/tests"] {
            try fm.createDirectory(atPath: closed + "/" + sub, withIntermediateDirectories: true)
            try fm.copyItem(atPath: "\(suite)/\(sub)/pass_basic", toPath: "\(closed)/\(sub)/pass_basic")
        }
        #expect(chmod(closed, 0o700) == 0)
        let json = closed + "/r.json"
        let r = tcRun(TCEnv.burrow!, ["test", "--suite", closed, "--json", json, "pass_basic"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        // (The directory named is the first nobody cannot search: `closed`, or, in a checkout under
        // /root, the one above this burrow.)
        #expect(r.stderr.contains("user nobody cannot search /") && r.stderr.contains(": Permission denied: running the programs as root"), "\(r.stderr)")
        #expect(tableRow(r.stdout, "pass_basic").hasSuffix("PASS"), "\(r.stdout)")
        #expect((try? String(contentsOfFile: json, encoding: .utf8))?.contains("\"runAs\": \"root\"") == true)
        let strict = tcRun(TCEnv.burrow!, ["test", "--suite", closed, "--run-as", "nobody", "pass_basic"])
        #expect(strict.status == 125)
        #expect(strict.stderr.contains("user nobody cannot search /") && strict.stderr.contains(": Permission denied (make it searchable by others, or give --run-as root)"), "\(strict.stderr)")
        #expect(!strict.stdout.contains("pass_basic"), "nothing runs: \(strict.stdout)")
    }

    /// A negative number is a bad value, not a missing one (ArgumentParser would read `-5` as an
    /// option), and nothing runs.
    @Test func badNumbersAreRefusedByName() throws {
        for (args, message) in [(["--timeout", "-5"], "--timeout must be positive"), (["--timeout=0"], "--timeout must be positive"),
                                (["-j", "-1"], "--jobs must be at least 1"), (["--jobs", "0"], "--jobs must be at least 1")] {
            let r = try burrowTest(args + ["pass_basic"])
            #expect(r.status != 0 && r.stderr.contains(message) && !r.stdout.contains("pass_basic"), "\(args): \(r.stderr)")
        }
    }

    @Test func noMatchingTests() throws {
        let r = try burrowTest(["no-such-test"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no tests match 'no-such-test'"))
    }

    /// The TAP parser, through the hidden `burrow test --parse-tap FILE`.
    @Test func tapParser() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-tap-\(getpid()).tap").path
        try """
            # leading diagnostic
            1..6
            ok 1 - plain
            not ok 2 - with diag # not a directive
            #   errno: ENOENT
            #   expected: EACCES
            ok 3 # SKIP no privileges
            not ok 4 - known # TODO later
            ok - no number
            some program output
            okay 6 is not TAP
            ok 6 - a # hash # skip reason here
            """.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = tcRun(TCEnv.burrow!, ["test", "--parse-tap", file])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["plan"] as? Int == 6)
        #expect(obj["failures"] as? Int == 1)
        #expect(obj["skipped"] as? Int == 2)
        #expect(obj["problem"] as? String == "not ok 2 - with diag # not a directive")
        let a = try #require(obj["assertions"] as? [[String: Any]])
        #expect(a.count == 6)
        #expect(a.map { $0["verdict"] as? String ?? "" } == ["ok", "not ok", "skip", "todo", "ok", "skip"])
        #expect(a[1]["description"] as? String == "with diag # not a directive")
        #expect(a[1]["diagnostics"] as? [String] == ["  errno: ENOENT", "  expected: EACCES"])
        #expect(a[4]["number"] as? Int == 5)
        #expect(a[5]["description"] as? String == "a # hash")
        #expect((a[5]["directive"] as? [String: String])?["skip"] == "reason here")
    }
}
