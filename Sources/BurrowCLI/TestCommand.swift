// `burrow test`: the compatibility suite. Runs every conformance program twice, under Burrow (this
// very executable, `burrow run`, as a child) and natively (its Linux twin), each in a process of its
// own, and holds Burrow to the twin. The parts: TestSuite (discovery, expected failures), TestRunner
// (processes), TestTAP (parsing), TestEvaluate (judging), TestReport (table, TAP, JUnit, JSON,
// docs/compatibility.md), TestTrace (evidence from `burrow run --trace-file`).
import ArgumentParser
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the ToyOS conformance suite under Burrow and natively, and compare.",
        discussion: """
        The suite is foreign-binaries/build/toyos/tests/* (run with `burrow run`) paired with foreign-binaries/build/linux/tests/* (the native twins), found from the current directory or from this executable's repository; build it with `make -C foreign-binaries`.

        A test passes when its TAP under Burrow shows no failure, it exits 0 (exit42: 42) and its ok/not-ok sequence is the twin's. A failing twin makes the test BROKEN. A test whose source has lines `burrow-test: inject SPEC` runs with those faults: `burrow run --inject SPEC`, and its twin under `strace -e inject=` with the Linux call's name. Entries of foreign-binaries/tests/expected-failures.txt are expected failures (counted as skipped); one that passes fails the run. As root, both programs run as user nobody (EACCES needs an unprivileged user), or as root, with a warning, when nobody cannot reach them (a checkout under /root); --run-as chooses.

        Each result is printed as its test finishes (also into a pipe); every test runs, and every failure is reported at the end, unless -x/--fail-fast stops at the first. With --tap the whole output is TAP (the summary as `#` comments). Ends with `N passed, N failed, N skipped`. Exit status: 0 when nothing failed, 1 when something did, 125 when the run could not be set up, 130 when interrupted, 141 when the output was closed (`burrow test | head`: the running tests are killed).
        """
    )

    @Argument(help: ArgumentHelp("Only tests whose name contains PATTERN, or matches it as a glob (*, ?, [..]); several: any of them.", valueName: "PATTERN"))
    var patterns: [String] = []

    private var pattern: String? { patterns.isEmpty ? nil : patterns.joined(separator: " ") }

    // .unconditional: `--jobs -1` and `--timeout -5` reach validate() ("must be positive") instead
    // of ArgumentParser's "Missing value" for a value that looks like an option.
    @Option(name: [.customShort("j", allowingJoined: true), .long], parsing: .unconditional, help: ArgumentHelp("Programs run at once (a test is two: under Burrow and native). Default: the number of CPUs.", valueName: "N"))
    var jobs: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds each program may run before it is killed (SIGKILL) and reported TIMEOUT.", valueName: "S"))
    var timeout: Double = 30

    @Flag(help: "Print TAP (one line per test, the summary as comments) instead of the table.")
    var tap = false

    @Option(help: ArgumentHelp("Also write JUnit XML for CI systems.", valueName: "FILE"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write the results as JSON.", valueName: "FILE"))
    var json: String?

    @Flag(name: [.customShort("x"), .customLong("fail-fast")], help: "Stop at the first failure: tests not started yet are reported NOT RUN.")
    var failFast = false

    /// Every test runs by default (as pytest does); the flag stays accepted for old scripts.
    @Flag(name: .customLong("keep-going"), help: "Run every test even after a failure (the default).")
    var keepGoing = false

    @Option(help: ArgumentHelp("The suite: a directory holding toyos/tests and linux/tests (or toyos and linux).", valueName: "DIR"))
    var suite: String?

    @Option(name: .customLong("expected-failures"), help: ArgumentHelp("The expected-failure list (default: DIR/expected-failures.txt or DIR/../tests/expected-failures.txt with --suite DIR, else foreign-binaries/tests/expected-failures.txt).", valueName: "FILE"))
    var expectedFailuresPath: String?

    @Option(name: .customLong("compat-doc"), help: ArgumentHelp("Write the compatibility report (docs/compatibility.md) from this run (with traces; every test must run, so not with --fail-fast).", valueName: "FILE"))
    var compatDoc: String?

    @Option(name: .customLong("trace-dir"), help: ArgumentHelp("Keep each test's JSON Lines trace under Burrow as DIR/NAME.jsonl.", valueName: "DIR"))
    var traceDir: String?

    @Flag(name: .customLong("no-fast-path"), help: "Run every program with `burrow run --no-fast-path` (every system call through the trap).")
    var noFastPath = false

    @Option(name: .customLong("run-as"), help: ArgumentHelp("When run as root, run the programs as this user (default nobody, or root when nobody cannot reach them; 'root' keeps root).", valueName: "USER"))
    var runAs: String?

    @Option(name: .customLong("parse-tap"), help: ArgumentHelp(visibility: .private))
    var parseTAP: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be positive") }
        if failFast && (keepGoing || compatDoc != nil) {
            throw ValidationError("--fail-fast excludes --keep-going and --compat-doc (which needs every test)")
        }
    }

    func run() throws {
        if let parseTAP { return try printParsedTAP(parseTAP) }

        let executable = Self.selfExecutable()
        guard let dirs = Suite.locate(suite, executable: executable) else {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: suite.map { "burrow test: \($0) holds no toyos/tests and linux/tests" }
                ?? "burrow test: no suite found (foreign-binaries/build/toyos/tests): build it with `make -C foreign-binaries`, or give --suite DIR")
        }
        let theSuite = Suite.discover(toyosDir: dirs.toyos, nativeDir: dirs.native, patterns: patterns)
        let expected: ExpectedFailures
        do { expected = try ExpectedFailures.load(expectedFailuresFile(dirs)) } catch {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: \(error)")
        }
        if theSuite.tests.isEmpty {
            print(tap ? "TAP version 13\n1..0 # SKIP no tests\n# \(TestCounts([]).summaryLine)" : TestCounts([]).summaryLine)
            throw CLIExit(status: 1, message: "burrow test: no tests\(pattern.map { " match '\($0)'" } ?? "") in \(dirs.toyos)")
        }

        // Who the programs run as.
        var uid: Int32 = -1, gid: Int32 = -1
        var runAsName = Self.userName(geteuid())
        let user = runAs ?? "nobody"
        if geteuid() == 0 && user != "root" {
            var u: Int32 = 0, g: Int32 = 0
            guard burrow_lookup_user(user, &u, &g) == 0 else {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: no user '\(user)' to run the programs as (--run-as USER, or --run-as root)")
            }
            // A checkout under /root (mode 700) is out of nobody's reach: every test would be
            // BROKEN by "Permission denied". Said once, before anything runs; by default the
            // programs then run as root (the checks that need an unprivileged user are skipped, as the warning says).
            if let problem = Self.unreachable(uid: u, gid: g, executable: executable, suite: theSuite) {
                if runAs != nil {
                    throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: user \(user) cannot \(problem) (make it searchable by others, or give --run-as root)")
                }
                Diagnostics.error("test: user \(user) cannot \(problem): running the programs as root (the checks that need an unprivileged user are skipped; make it searchable by others to run them)")
            } else {
                uid = u
                gid = g
                runAsName = user
            }
        }

        // Report files are checked before the run, not after minutes of tests.
        // (Not a FIFO or device: opening and closing it now would end its reader before the
        // report is written. Those are checked when written.)
        for path in [junit, json, compatDoc].compactMap({ $0 }) {
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG { continue }
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: cannot write \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
        }

        // Tracing, for the compatibility report: used when this burrow's `run` has it.
        let wantTraces = compatDoc != nil || traceDir != nil
        let traceSupport = Self.traceSupport()
        let tracing = wantTraces && traceSupport == nil
        if wantTraces, let why = traceSupport {
            Diagnostics.error("test: no traces: \(why)")
        }
        if let traceDir {
            // Made (or found) before anything runs: a directory that cannot hold the traces is a
            // set-up error, not traces silently lost at the end.
            var st = stat()
            if mkdir(traceDir, 0o755) != 0 && errno != EEXIST {
                let e = errno
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: cannot make --trace-dir \(traceDir): \(String(cString: strerror(e)))")
            }
            if stat(traceDir, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: --trace-dir \(traceDir): not a directory")
            }
            if access(traceDir, W_OK | X_OK) != 0 {
                let e = errno
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: --trace-dir \(traceDir): \(String(cString: strerror(e)))")
            }
        }

        // Faults the tests ask for (TestInjections): read from their sources before anything runs.
        let sources = testSources(theSuite, dirs)
        var injections: [Int: TestInjections] = [:]
        for (t, test) in theSuite.tests.enumerated() {
            guard let (file, text) = sources[test.name] else { continue }
            let inj = try TestInjections.parse(source: text, file: file)
            if !inj.specs.isEmpty { injections[t] = inj }
        }
        let strace = FS.findInPath("strace")
        if !injections.isEmpty && strace == nil {
            Diagnostics.error("test: no strace on PATH: the native twins of \(injections.keys.sorted().map { theSuite.tests[$0].name }.joined(separator: ", ")) need it for their faults (apt-get install strace)")
        }

        // Scratch: a working directory per program, owned by the user the programs run as.
        let scratch = try makeScratch(uid: uid, gid: gid)
        defer { FS.removeTree(scratch) }

        var env = Self.environment()
        env.removeAll { $0.hasPrefix("SWIFT_BACKTRACE=") }
        env.append("SWIFT_BACKTRACE=enable=no")

        let runner = ChildRunner(jobs: jobs ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        // Child index -> (test, under Burrow?).
        var owner: [Int: (Int, Bool)] = [:]
        var children: [Int: [Int]] = [:]
        var tracePaths: [Int: String] = [:]
        for (t, test) in theSuite.tests.enumerated() {
            let dir = "\(scratch)/\(test.name)"
            for sub in ["", "/burrow", "/native"] {
                mkdir(dir + sub, 0o755)
                if uid >= 0 { chown(dir + sub, uid_t(uid), gid_t(gid)) }
            }
            var args = ["run"]
            if noFastPath { args.append("--no-fast-path") }
            if tracing {
                let tp = "\(dir)/burrow/trace.jsonl"
                tracePaths[t] = tp
                // Evidence of the calls made, which must not change the result: no signal lines,
                // so no signal caught only to show it (one cuts a blocking pipe write short, as under
                // strace; tests/sigignored fails so).
                args += ["--trace-file", tp, "--trace-format", "jsonl", "--trace-no-signals"]
            }
            for spec in injections[t]?.specs ?? [] { args.append("--inject=" + spec) }
            args.append(test.toyos)
            let b = runner.enqueue(ChildSpec(path: executable, arguments: args, environment: env, cwd: "\(dir)/burrow",
                                             uid: uid, gid: gid, timeout: timeout))
            owner[b] = (t, true)
            children[t, default: []].append(b)
            if let native = test.native {
                let (path, arguments) = injections[t]?.nativeCommand(twin: native, strace: strace ?? "strace") ?? (native, [])
                let n = runner.enqueue(ChildSpec(path: path, arguments: arguments, environment: env, cwd: "\(dir)/native",
                                                 uid: uid, gid: gid, timeout: timeout))
                owner[n] = (t, false)
                children[t, default: []].append(n)
            }
        }

        let keepGoing = !failFast
        var burrowResults: [Int: ChildResult] = [:]
        var nativeResults: [Int: ChildResult] = [:]
        var results: [Int: TestResult] = [:]
        // A reader that goes away (`burrow test | head`) is an EPIPE from write, not a SIGPIPE that
        // would kill this process and leave the children and the scratch directory behind. The
        // children get default dispositions back (burrow_spawn).
        signal(SIGPIPE, SIG_IGN)
        let stream = TestStream(tap: tap, names: theSuite.tests.map(\.name), progress: isatty(2) == 1)
        stream.begin()
        var shown = ""
        let begin = monotonicNow()
        let total = theSuite.tests.count

        runner.runAll(
            mayStart: { index in
                // After a failure, a test whose other half already started is still completed.
                guard let (t, _) = owner[index] else { return false }
                return (children[t] ?? []).contains { runner.started.contains($0) }
            },
            done: { index, result in
                guard let (t, isBurrow) = owner[index] else { return }
                if isBurrow { burrowResults[t] = result } else { nativeResults[t] = result }
                let test = theSuite.tests[t]
                guard let b = burrowResults[t], test.native == nil || nativeResults[t] != nil else { return }
                let r = TestJudge.judge(test: test, burrow: b, native: nativeResults[t], expected: expected.forTest(test.name))
                results[t] = r
                stream.result(r)
                shown = ""
                if r.outcome.isFailure && !keepGoing { runner.stopStarting = true }
            },
            tick: { running in
                guard stream.progress else { return }
                let failed = results.values.filter { $0.outcome.isFailure }.count
                let line = "[\(results.count)/\(total)] \(running) running, \(failed) failed, \(Int(monotonicNow() - begin)) s"
                if line != shown { stream.tick(line) }
                shown = line
            }
        )
        stream.clearProgress()
        if stream.outputClosed {
            throw CLIExit(status: 141, message: nil)   // as a shell reports a SIGPIPE death
        }
        if testRunnerInterrupted != 0 {
            throw CLIExit(status: 130, message: "burrow test: interrupted")
        }
        // A test still without a result was never started.
        for (t, test) in theSuite.tests.enumerated() where results[t] == nil {
            let none = ChildResult(end: .notRun, stdout: "", stderr: "", seconds: 0)
            let r = TestJudge.judge(test: test, burrow: burrowResults[t] ?? none,
                                    native: test.native == nil ? nil : (nativeResults[t] ?? none), expected: [])
            results[t] = r
            stream.result(r)
        }
        let ordered = theSuite.tests.indices.map { results[$0]! }
        let seconds = monotonicNow() - begin

        // Evidence from traces.
        var evidence: [String: TraceEvidence] = [:]
        for (t, path) in tracePaths {
            guard let text = FS.readFile(path) else { continue }
            var ev = TraceEvidence()
            ev.add(jsonl: text)
            evidence[theSuite.tests[t].name] = ev
            // A trace that cannot be kept is reported; the run's results and reports still follow.
            if let traceDir, let e = FS.writeFile("\(traceDir)/\(theSuite.tests[t].name).jsonl", text) {
                Diagnostics.error("test: cannot write \(traceDir)/\(theSuite.tests[t].name).jsonl: \(FS.errorText(e))")
            }
        }

        // Reports.
        let counts = TestCounts(ordered)
        var notes: [String] = []
        let unusedEntries = expected.entries.filter { e in !theSuite.tests.contains { $0.name == e.test } }
        if pattern == nil {
            for e in unusedEntries {
                notes.append("warning: expected-failures.txt:\(e.line): no test named '\(e.test)' in the suite")
            }
        }
        stream.end(details: TestReport.details(ordered), notes: notes, counts: counts)

        if let junit { try write(junit, TestReport.junit(ordered, seconds: seconds)) }
        if let json { try write(json, TestReport.json(ordered, seconds: seconds, runAs: runAsName, evidence: tracing ? evidence : nil)) }
        if let compatDoc {
            var command = "burrow test --compat-doc \(compatDoc)"
            if let pattern { command += " \(pattern)" }
            var titles: [String: String] = [:]
            for (name, (_, text)) in sources { titles[name] = TestReport.title(ofSource: text) }
            try write(compatDoc, TestReport.compatibilityDoc(
                ordered, counts: counts, runAs: runAsName, tracing: tracing ? nil : (traceSupport ?? "tracing was not requested."),
                evidence: evidence, expected: expected, titles: titles, command: command))
        }
        if counts.failed > 0 { throw CLIExit(status: 1, message: nil) }
    }

    /// Each test's C source (path, text): <suite>/src/NAME.c, or foreign-binaries/tests/NAME.c for
    /// the default suite.
    private func testSources(_ theSuite: Suite, _ dirs: (toyos: String, native: String)) -> [String: (String, String)] {
        var out: [String: (String, String)] = [:]
        let sourceDirs = [suite.map { "\($0)/src" }, FS.dirname(FS.dirname(FS.dirname(dirs.toyos))) + "/tests"].compactMap { $0 }
        for test in theSuite.tests {
            for d in sourceDirs {
                let path = "\(d)/\(test.name).c"
                if let text = FS.readFile(path) {
                    out[test.name] = (path, text)
                    break
                }
            }
        }
        return out
    }

    private func write(_ path: String, _ text: String) throws {
        if let e = FS.writeFile(path, text) {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: cannot write \(path): \(FS.errorText(e))")
        }
    }

    private func expectedFailuresFile(_ dirs: (toyos: String, native: String)) -> String {
        if let expectedFailuresPath { return expectedFailuresPath }
        if let suite {
            // A suite of its own (DIR/expected-failures.txt), or a build directory beside tests/.
            let own = "\(suite)/expected-failures.txt"
            let beside = "\(FS.dirname(FS.absolute(suite)))/tests/expected-failures.txt"
            return FS.exists(own) || !FS.exists(beside) ? own : beside
        }
        // <repo>/foreign-binaries/build/toyos/tests -> <repo>/foreign-binaries/tests
        let fb = FS.dirname(FS.dirname(FS.dirname(dirs.toyos)))
        return "\(fb)/tests/expected-failures.txt"
    }

    /// nil when user uid/gid can run this executable and read every program of the suite and run
    /// its twins; otherwise what it cannot do ("search /root: Permission denied").
    static func unreachable(uid: Int32, gid: Int32, executable: String, suite: Suite) -> String? {
        var checks: [(String, Int32)] = [(executable, X_OK)]
        for t in suite.tests {
            checks.append((t.toyos, R_OK))
            if let n = t.native { checks.append((n, X_OK)) }
        }
        let paths = checks.map { strdup($0.0) }
        defer { paths.forEach { free($0) } }
        let modes = checks.map(\.1)
        var failed: Int32 = 0, component: Int32 = 0
        let e = paths.map { UnsafePointer($0) }.withUnsafeBufferPointer { p in
            modes.withUnsafeBufferPointer { m in
                burrow_access_as_user(uid, gid, p.baseAddress, m.baseAddress, Int32(checks.count), &failed, &component)
            }
        }
        // -1: the check could not run (no fork): the tests will say what goes wrong.
        if e <= 0 { return nil }
        let (path, mode) = checks[Int(failed)]
        let utf8 = Array(path.utf8)
        if Int(component) < utf8.count {
            return "search \(String(decoding: utf8[..<Int(component)], as: UTF8.self)): \(FS.errorText(e))"
        }
        return "\(mode == X_OK ? "run" : "read") \(path): \(FS.errorText(e))"
    }

    /// /tmp/burrow-test-XXXXXX, searchable by everyone, owned by the user the programs run as.
    private func makeScratch(uid: Int32, gid: Int32) throws -> String {
        var template = Array("/tmp/burrow-test-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: cannot create a scratch directory in /tmp: \(FS.errorText(errno))")
        }
        let path = String(cString: template)
        chmod(path, 0o755)
        if uid >= 0 { chown(path, uid_t(uid), gid_t(gid)) }
        return path
    }

    /// nil when `burrow run` can write JSON Lines traces; otherwise why not.
    static func traceSupport() -> String? {
        let help = Burrow.helpMessage(for: RunCommand.self)
        if help.contains("--trace-file") && help.contains("--trace-format") { return nil }
        return "this burrow's `run` has no --trace-file/--trace-format option yet."
    }

    /// This executable, as the kernel knows it (so `burrow test` runs itself, whatever argv[0]).
    static func selfExecutable() -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(cString: buf) }
        return FS.absolute(CommandLine.arguments[0])
    }

    static func environment() -> [String] {
        var vars: [String] = []
        var p = environ
        while let entry = p.pointee {
            vars.append(String(cString: entry))
            p += 1
        }
        return vars
    }

    static func userName(_ uid: uid_t) -> String {
        guard let pw = getpwuid(uid) else { return "uid \(uid)" }
        return String(cString: pw.pointee.pw_name)
    }

    /// --parse-tap FILE: the parser's view of a TAP stream, as JSON (for tests of the parser).
    private func printParsedTAP(_ path: String) throws {
        guard let text = FS.readFile(path) else {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow test: cannot read \(path)")
        }
        let d = TAPDocument.parse(text)
        var out = "{\"plan\": \(d.plan.map(String.init) ?? "null"), \"planSkip\": \(d.planSkipReason.map(jsonString) ?? "null"), "
        out += "\"bailOut\": \(d.bailOut.map(jsonString) ?? "null"), \"problem\": \(d.verdictProblem.map(jsonString) ?? "null"), "
        out += "\"failures\": \(d.failures.count), \"skipped\": \(d.skipCount), \"problems\": [\(d.problems.map(jsonString).joined(separator: ", "))],\n"
        out += " \"assertions\": [\n"
        for (i, a) in d.assertions.enumerated() {
            var dir = "null"
            switch a.directive {
            case .skip(let r)?: dir = "{\"skip\": \(jsonString(r))}"
            case .todo(let r)?: dir = "{\"todo\": \(jsonString(r))}"
            case nil: break
            }
            out += "  {\"number\": \(a.number), \"ok\": \(a.ok), \"description\": \(jsonString(a.description)), \"directive\": \(dir), "
            out += "\"verdict\": \(jsonString(a.verdict)), \"diagnostics\": [\(a.diagnostics.map(jsonString).joined(separator: ", "))]}"
            out += i == d.assertions.count - 1 ? "\n" : ",\n"
        }
        out += " ]}\n"
        print(out, terminator: "")
    }
}
