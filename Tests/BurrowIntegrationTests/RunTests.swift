// `burrow run`: fidelity with the native twins, exit statuses, crashes, bad pointers, the raw
// syscall guard, signals, environment, the descriptor table.
import Foundation
import Testing

@Suite
struct RunTests {
    @Test func helloPrintsWhatItsTwinPrints() throws {
        let ours = try burrow(["run", Repo.toy("hello")])
        let native = try run(Repo.twin("hello"), [])
        #expect(ours == native)
        #expect(ours.stdout == "Hello, world!\n")
    }

    @Test(arguments: [("false", [String](), Int32(1)), ("true", [], 0), ("guests/exit-status", [], 42),
                      ("guests/exit-status", ["7"], 7), ("guests/exit-status", ["300"], 300 & 0xff)])
    func exitStatusPassesThrough(program: String, args: [String], status: Int32) throws {
        let o = try burrow(["run", Repo.toy(program)] + args)
        #expect(o.status == status, "\(o)")
        #expect(o.signal == 0)
    }

    /// Each program against its twin on the same inputs in the same fixture directory. The program
    /// path differs (build/toyos vs build/linux), so it is normalised in the output.
    @Test(arguments: [
        ("cat", ["a.txt", "missing", "b.txt"], ""), ("cat", ["-n", "-"], "x\ny\n"), ("wc", ["a.txt", "b.txt"], ""),
        ("wc", ["-l", "nope"], ""), ("head", ["-n", "2", "a.txt"], ""), ("tail", ["-c", "5", "b.txt"], ""),
        ("sort", ["-r"], "b\na\nc\n"), ("uniq", ["-c"], "a\na\nb\n"), ("grep", ["-n", "lo", "a.txt"], ""),
        ("grep", ["zzz", "a.txt"], ""), ("seq", ["3", "-1", "-2"], ""), ("ls", ["-l", "dir"], ""),
        ("ls", ["nonexistent"], ""), ("stat", ["-c", "%n %s %A %F", "a.txt", "dir"], ""), ("sha256sum", ["a.txt", "b.txt"], ""),
        ("echo", ["héllo", "wörld ✓"], ""), ("tr", ["a-z", "A-Z"], "Hello\n"), ("basename", ["/x/y.c", ".c"], ""),
        ("date", ["-d", "@86400", "+%F %T %a"], ""), ("cmp", ["a.txt", "b.txt"], ""), ("readlink", ["link"], ""),
        ("mkdir", ["dir"], ""), ("rmdir", ["dir"], ""), ("printenv", ["FIDELITY"], ""), ("tee", ["out.txt"], "teed\n"),
        ("yes", ["--bogus-option"], ""), ("pwd", [], ""),
    ])
    func programMatchesItsTwin(program: String, args: [String], stdin: String) throws {
        func fixture() throws -> String {
            let dir = try temporaryDirectory("twin-\(program)")
            try "hello\nworld\nlong line\n".write(toFile: dir + "/a.txt", atomically: false, encoding: .utf8)
            try "another file\nwith ünïcödé\n".write(toFile: dir + "/b.txt", atomically: false, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: dir + "/dir", withIntermediateDirectories: false)
            try "f".write(toFile: dir + "/dir/file ✓", atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: "a.txt")
            for p in ["a.txt", "b.txt", "dir", "dir/file ✓"] {
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: dir + "/" + p)
            }
            return dir
        }
        var env = ProcessInfo.processInfo.environment
        env["FIDELITY"] = "same value"
        let d1 = try fixture(), d2 = try fixture()
        defer { cleanup(d1); cleanup(d2) }
        var ours = try burrow(["run", Repo.toy(program)] + args, stdin: stdin, cwd: d1, environment: env)
        var native = try run(Repo.twin(program), args, stdin: stdin, cwd: d2, environment: env)
        for (o, path, dir) in [(\Outcome.stdout, Repo.toy(program), d1), (\Outcome.stderr, Repo.toy(program), d1)] {
            ours[keyPath: o] = ours[keyPath: o].replacingOccurrences(of: path, with: program).replacingOccurrences(of: dir, with: "DIR")
            native[keyPath: o] = native[keyPath: o].replacingOccurrences(of: Repo.twin(program), with: program).replacingOccurrences(of: d2, with: "DIR")
        }
        #expect(ours == native, "\(program) \(args)")
    }

    /// The test programs' error hint says "Try 'PROG --help'": --help then lists the options the
    /// program's own option table holds (and --version answers), as under its twin, status 0.
    @Test(arguments: [("ls", "--almost-all"), ("sort", "--numeric-sort"), ("head", "--lines=ARG"), ("seq", "--separator=ARG"), ("yes", "--version")])
    func helpListsTheProgramsOptions(program: String, option: String) throws {
        let ours = try burrow(["run", Repo.toy(program), "--help"])
        #expect(ours == (try run(Repo.twin(program), ["--help"])))
        #expect(ours.status == 0 && ours.stdout.hasPrefix("Usage: \(program) ") && ours.stdout.contains(" \(option)"), "\(ours)")
        let version = try burrow(["run", Repo.toy(program), "--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("\(program) ("), "\(version)")
        if program == "sort" {
            #expect(try burrow(["run", Repo.toy(program), "--bogus"]).stderr.hasSuffix("Try 'sort --help' for more information.\n"))
        }
    }

    /// --help and --version by a unique prefix, as GNU's getopt_long takes them (`--he`, `--vers`);
    /// a prefix another option shares is ambiguous, and neither takes a value. As the twin does.
    @Test func helpAndVersionByTheirPrefixes() throws {
        for (program, args, expected) in [("cat", ["--he"], "Usage: cat "), ("cat", ["--vers"], "cat ("),
                                          ("rm", ["--ver"], "rm: option '--ver' is ambiguous"),
                                          ("head", ["--help=x"], "head: option '--help' doesn't allow an argument")] {
            let ours = try burrow(["run", Repo.toy(program)] + args)
            #expect(ours == (try run(Repo.twin(program), args)), "\(program) \(args)")
            #expect((ours.stdout + ours.stderr).hasPrefix(expected), "\(program) \(args): \(ours)")
            #expect(expected.contains("option '") ? ours.status != 0 : ours.status == 0, "\(ours)")
        }
    }

    @Test func asmProgramWrittenFromTheSpecRuns() throws {
        let o = try burrow(["run", Repo.toy("asm-hello"), "a", "b c"])
        #expect(o.status == 42, "\(o)")
        #expect(o.stdout.contains("argv[2]=b c\n"))
        #expect(o.stdout.contains("all checks passed; exit 42"))
        #expect(!o.stdout.contains("FAIL"))
    }

    @Test func unknownSystemCallsAreReportedOncePerNumber() throws {
        let o = try burrow(["run", Repo.toy("asm-hello")])
        let lines = o.stderr.split(separator: "\n").filter { $0.contains("unknown ToyOS system call") }
        #expect(lines.count == 2, "\(o.stderr)")
        #expect(lines.contains { $0.contains("0xc8") && $0.contains("ENOSYS") && $0.contains("reported once") })
    }

    @Test func nullDereferenceIsReportedWithItsAddressAndDiesBySIGSEGV() throws {
        let o = try burrow(["run", Repo.toy("guests/crash-null")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stdout == "about to crash\n")
        #expect(o.stderr.contains("guest crashed: SIGSEGV"))
        #expect(o.stderr.contains("fault address 0x0000000000000000 (unmapped)"))
        #expect(o.stderr.contains("in main+0x"))
        // A shell shows 139.
        let sh = try run("/bin/sh", ["-c", "'\(Repo.burrow)' run '\(Repo.toy("guests/crash-null"))' 2>/dev/null; echo $?"])
        #expect(sh.stdout.hasSuffix("139\n"))
    }

    @Test func badPointerGivesEFAULTAndTheGuestCarriesOn() throws {
        let o = try burrow(["run", Repo.toy("guests/efault")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "write=-1 Bad address\nread=-1 Bad address\nstill running\n")
    }

    @Test func rawLinuxSyscallIsAGuestFault() throws {
        let o = try burrow(["run", Repo.toy("guests/linux-syscall")])
        #expect(o.signal == SIGSYS, "\(o)")
        #expect(o.stdout == "before\n")
        #expect(o.stderr.contains("executed a Linux system call instruction"))
        #expect(o.stderr.contains("ToyOS programs use int 0x81"))
        // The backtrace starts where the report says the guest was: at the instruction, not after it.
        let rip = o.stderr.split(separator: "\n").first { $0.hasPrefix("  rip 0x") }.map { String($0.dropFirst(6).prefix(18)) }
        let top = o.stderr.split(separator: "\n").first { $0.hasPrefix("    #0 0x") }.map { String($0.dropFirst(7).prefix(18)) }
        #expect(rip != nil && rip == top, "\(o.stderr)")
        // The twin, natively, just works.
        #expect(try run(Repo.twin("guests/linux-syscall"), []).stdout == "before\nafter: 1\n")
    }

    @Test func changingTheFSBaseIsReportedAsAGuestFault() throws {
        let o = try burrow(["run", Repo.toy("guests/fs-change")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stderr.contains("changed the FS base to 0x1234000"))
        #expect(!o.stderr.contains("internal error"))
    }

    /// A privileged instruction ToyOS gives no meaning (wbinvd, 0F 09): a fault whose report names
    /// the bytes at rip (docs/abi.md 7.5).
    @Test func privilegedInstructionEndsTheGuestWithAReport() throws {
        let o = try burrow(["run", Repo.toy("guests/privileged")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stderr.contains("general protection fault: bytes at rip 0f 09 "), "\(o)")
        #expect(!o.stderr.contains("internal error"))
    }

    @Test(arguments: [("guests/spin", SIGINT), ("guests/spin", SIGTERM), ("guests/block", SIGINT), ("guests/block", SIGTERM)])
    func hostSignalsEndTheGuestLikeANativeProcess(program: String, sig: Int32) throws {
        let o = try burrow(["run", Repo.toy(program)], timeout: 10, keepStdinOpen: true) { p in
            // The program prints a line once it is running; then the signal arrives in guest code
            // (spin) or in a blocking host read (block).
            usleep(400_000)
            kill(p.processIdentifier, sig)
        }
        #expect(o.signal == sig, "\(o)")
    }

    /// Signals that interrupt guest code (SIGWINCH: ignored by the guest) cause asynchronous exits;
    /// the guest must get its whole vector state back each time, YMM upper halves included.
    @Test func asynchronousExitsKeepTheWholeVectorState() throws {
        let program = Repo.toy("guests/vector-state")
        var sent = 0
        // 3,000 rounds take seconds, so the signals arrive while it computes also on a fast machine;
        // the test then waits for it to finish, however slow the machine is.
        let o = try burrow(["run", program, "3000"], timeout: 120) { p in
            usleep(100_000)
            while p.isRunning && sent < 300 {
                kill(p.processIdentifier, SIGWINCH)
                sent += 1
                usleep(2000)
            }
        }
        #expect(sent > 20, "the guest finished before enough signals arrived")
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "ready\nvector state intact\n")
    }

    /// abort() and raise() go through kill to the guest itself: the guest must end by that signal,
    /// as its twin does.
    @Test(arguments: [("abort", SIGABRT), ("term", SIGTERM), ("probe", Int32(0))])
    func signalsAGuestSendsItselfEndItLikeItsTwin(what: String, sig: Int32) throws {
        let ours = try burrow(["run", Repo.toy("guests/self-signal"), what])
        let native = try run(Repo.twin("guests/self-signal"), [what])
        #expect(ours.signal == sig, "\(ours)")
        #expect(ours.status == (sig == 0 ? 0 : -1))
        // The twin's death is not compared: a test runner's threads may hand their children a
        // blocked signal mask, which the twin keeps (its raise() then fails) while Burrow, as the
        // ABI says, starts the guest with an empty mask.
        #expect(ours.stdout == (sig == 0 ? native.stdout : "sending \(what)\n"))
    }

    @Test func environmentAndPath() throws {
        let p = try burrow(["run", Repo.toy("printenv"), "PATH"])
        #expect(p.stdout == URL(fileURLWithPath: Repo.toy("printenv")).resolvingSymlinksInPath().deletingLastPathComponent().path + "\n")
        let q = try burrow(["run", "--env", "PATH=/x:/y", "--env", "EXTRA=1", Repo.toy("printenv"), "PATH", "EXTRA"])
        #expect(q.stdout == "/x:/y\n1\n")
        let r = try burrow(["run", "--clear-env", "--env", "ONLY=me", Repo.toy("env")])
        #expect(r.stdout == "ONLY=me\n")
        // Started as ./printenv, the default PATH is still absolute (the program's directory).
        let dir = URL(fileURLWithPath: Repo.toy("printenv")).deletingLastPathComponent().path
        let rel = try burrow(["run", "./printenv", "PATH"], cwd: dir)
        #expect(rel.stdout == URL(fileURLWithPath: dir).resolvingSymlinksInPath().path + "\n", "\(rel)")
    }

    @Test func optionsAfterTheProgramBelongToTheGuest() throws {
        let o = try burrow(["run", Repo.toy("echo"), "--env", "--help"])
        #expect(o.stdout == "--env --help\n")
    }

    @Test func commandLineErrorsAndInformation() throws {
        #expect(try burrow(["run"]).status == 125)
        let bad = try burrow(["run", "--no-such-option", Repo.toy("hello")])
        #expect(bad.status == 125)
        #expect(bad.stderr == "burrow: Unknown option '--no-such-option' (see 'burrow run --help')\n", "one line: \(bad.stderr)")
        #expect(try burrow(["frobnicate"]).status == 125)
        let missing = try burrow(["run", "/nonexistent/program"])
        #expect(missing.status == 127)
        #expect(missing.stderr == "burrow: /nonexistent/program: no such file or directory\n")
        let v = try burrow(["--version"])
        #expect(v.status == 0 && v.stdout.hasPrefix("burrow "))
        for sub in [[], ["run"], ["inspect"], ["syscalls"]] {
            let h = try burrow(sub + ["--help"])
            #expect(h.status == 0 && h.stdout.contains("USAGE"), "\(sub)")
        }
    }

    @Test func inspectDescribesAToyOSExecutable() throws {
        let o = try burrow(["inspect", Repo.toy("hello")])
        #expect(o.status == 0)
        #expect(o.stdout.lowercased().contains("toyos"))
        #expect(o.stdout.contains("0000000001000000"))
        #expect(o.stdout.contains("r-x"))
    }

    @Test func syscallsTableMatchesTheGeneratedDoc() throws {
        let md = try burrow(["syscalls", "--format", "markdown"])
        let committed = try String(contentsOfFile: Repo.root.appendingPathComponent("docs/syscalls.md").path, encoding: .utf8)
        #expect(md.stdout == committed, "docs/syscalls.md is stale: run `swift run burrow syscalls --format markdown > docs/syscalls.md`")
        let json = try burrow(["syscalls", "--format", "json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((parsed?["calls"] as? [Any])?.count ?? 0 > 50)
        #expect(try burrow(["syscalls", "--personality", "nope"]).status == 125)
    }
}
