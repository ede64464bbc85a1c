// The fast path (docs/architecture.md, "The fast path") against foreign-binaries/guests/fastpath:
// which stubs are patched, fork, exec, signals inside patched calls, the mov/int window, the
// trace's path field and summary line, and --no-fast-path giving the same results with nothing
// patched.
import Foundation
import Testing

@Suite struct FastPathTests {
    let guest = Repo.toy("guests/fastpath")

    /// Only the exact SDK shape is patched: another shape and the shape entered at its `int` with
    /// another number stay on the trap path and still work.
    @Test func onlyVerifiedStubsArePatched() throws {
        let o = try burrow(["run", guest, "shapes"])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "results right\nexact patched\nother original\nshared original\n", "\(o)")
        let n = try burrow(["run", "--no-fast-path", guest, "shapes"])
        #expect(n.status == 0, "\(n)")
        #expect(n.stdout == "results right\nexact original\nother original\nshared original\n", "\(n)")
    }

    /// A child keeps its parent's patches; what the child patches stays in the child (the patch is
    /// written through the child's own /proc/self/mem, not the parent's inherited one).
    @Test func forkAfterPatching() throws {
        let o = try burrow(["run", guest, "fork"])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == """
            parent before fork: exact patched
            child: exact patched, child-stub patched, results right
            parent after child: child-stub original (the child's patch stays in the child)
            parent: child-stub patched, results right, child status 0

            """, "\(o)")
    }

    /// exec starts from an unpatched image, which is patched again on use.
    @Test func execAfterPatching() throws {
        let o = try burrow(["run", guest, "exec"])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == """
            before exec: exact patched, results right
            after exec: exact original
            after exec: exact patched after two calls, results right

            """, "\(o)")
        let n = try burrow(["run", "--no-fast-path", guest, "exec"])
        #expect(n.stdout.contains("after exec: exact original after two calls, results right"), "\(n)")
    }

    /// A signal while a patched read blocks: the handler runs (making patched calls itself) and the
    /// SA_RESTART restart goes through the patched stub again.
    @Test func signalInsideAPatchedCall() throws {
        for mode in [[], ["--no-fast-path"]] {
            let o = try burrow(["run"] + mode + [guest, "signal"])
            #expect(o.status == 0, "\(mode) \(o)")
            #expect(o.stdout == "read 1 byte 'x', handler ran 1 time(s)\n", "\(mode) \(o)")
        }
    }

    /// A "timer interrupt" between a stub's mov and int (a hardware breakpoint turned into SIGUSR1
    /// by burrow-runtime-check), whose handler patches that very stub: the interrupted call resumes
    /// at the start of the patched stub.
    @Test func interruptBetweenMovAndInt() throws {
        let check = URL(fileURLWithPath: Repo.burrow).deletingLastPathComponent().appendingPathComponent("burrow-runtime-check").path
        #expect(FileManager.default.isExecutableFile(atPath: check), "no \(check): swift build --product burrow-runtime-check")
        for mode in [[], ["--no-fast-path"]] {
            let o = try run(check, ["fastpath-window", Repo.burrow, guest] + mode)
            #expect(o.status == 0, "\(mode) \(o)")
            #expect(o.stdout.contains("breakpoint hits 1, guest exit 0"), "\(mode) \(o)")
        }
    }

    /// The JSON trace says which path each call took; the summary counts the patched sites.
    @Test func traceShowsThePath() throws {
        let dir = try temporaryDirectory("fastpath")
        defer { cleanup(dir) }
        let file = dir + "/t.jsonl"
        let o = try burrow(["run", "--trace-file", file, "--trace-format", "jsonl", "--summary", guest, "shapes"])
        #expect(o.status == 0, "\(o)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        var paths: [String: Int] = [:]
        for l in lines {
            guard let obj = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any],
                  obj["type"] as? String == "syscall" else { continue }
            paths[obj["path"] as? String ?? "none", default: 0] += 1
        }
        #expect((paths["fast"] ?? 0) > 0 && (paths["trap"] ?? 0) > 0 && paths["none"] == nil, "\(paths)")
        #expect(o.stderr.contains("stub sites patched") || o.stderr.contains("stub site patched"), "\(o)")
        let n = try burrow(["run", "--trace-file", file, "--trace-format", "jsonl", "--summary", "--no-fast-path", guest, "shapes"])
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("\"path\":\"fast\"") && text.contains("\"path\":\"trap\""))
        #expect(!n.stderr.contains("patched"), "\(n)")
    }

    /// Whether the tracer's clock reads the time-stamp counter (the kernel's clock source is the
    /// TSC): only then does a trace let the fast lane make calls (docs/architecture.md, "The fast
    /// lane"), reporting each after its host call, timed from the lane's counter reading.
    static let tracerUsesTheCounter: Bool =
        (try? String(contentsOfFile: "/sys/devices/system/clocksource/clocksource0/current_clocksource", encoding: .utf8)) == "tsc\n"

    /// Traced, the lane's calls are all in the trace, in order, as the dispatcher's are: 20,000
    /// one-byte writes give 20,000 events (a quiet lane call would give none), and the summary
    /// says how many the lane made.
    @Test func aTraceSeesEveryCallTheLaneMakes() throws {
        let dir = try temporaryDirectory("lane-trace")
        defer { cleanup(dir) }
        let file = dir + "/t.txt"
        let o = try burrow(["run", "--trace-file", file, "--summary", Repo.toy("bench/write1"), "20000"])
        #expect(o.status == 0 && o.stdout == "write1 20000\n", "\(o)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let writes = lines.filter { $0.contains(" write(3, \"x\", 1) = 1 <") }
        #expect(writes.count == 20000, "\(writes.count) writes traced")
        // Timestamps (HH:MM:SS.uuuuuu, the second field) never go back.
        let stamps = lines.compactMap { l -> Double? in
            let f = l.split(separator: " ")
            guard f.count > 2, f[0] == "[pid" else { return nil }
            let hms = f[2].split(separator: ":")
            guard hms.count == 3, let h = Double(hms[0]), let m = Double(hms[1]), let sec = Double(hms[2]) else { return nil }
            return h * 3600 + m * 60 + sec
        }
        #expect(stamps.count == lines.count && zip(stamps, stamps.dropFirst()).allSatisfy { $0 <= $1 }, "\(lines.prefix(5))")
        expectLaneCalls(o, in: 10001...20001)
    }

    /// A changed FS base (guests/fs-change, as in RunTests) under a trace whose clock takes the
    /// lane's calls (the getpid calls before the change are the quick lane's, told to the
    /// tracer): the write after the change must not run the tracer's Swift code with the guest's
    /// FS base, so the quick lane leaves it to the thunk, which reports the change.
    @Test func aChangedFSBaseUnderATraceIsReported() throws {
        let dir = try temporaryDirectory("fs-trace")
        defer { cleanup(dir) }
        let trace = dir + "/trace"
        let o = try burrow(["run", "--trace-file", trace, "--summary", Repo.toy("guests/fs-change"), "20000"])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stderr.contains("changed the FS base to 0x1234000"), "\(o)")
        #expect(!o.stderr.contains("internal error"))
        // The lane made most of the getpid calls, with the trace told of each.
        expectLaneCalls(o, in: 10001...20003)
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains(" getpid() = ") }.count == 20000)
    }

    /// The summary's fast-path line counts `range` calls made by the fast lane, where the tracer
    /// times calls from the counter (else the lane stays closed to it and the line says nothing).
    func expectLaneCalls(_ o: Outcome, in range: ClosedRange<Int>, sourceLocation: SourceLocation = #_sourceLocation) {
        let note = o.stderr.split(separator: "\n").first { $0.hasPrefix("fast path:") }.map(String.init) ?? ""
        if Self.tracerUsesTheCounter {
            let made = note.split(separator: "(").last.flatMap { Int($0.split(separator: " ")[0]) } ?? 0
            #expect(note.hasSuffix(" made by the fast lane)") && range.contains(made), "\(note)", sourceLocation: sourceLocation)
        } else {
            #expect(!note.contains("fast lane"), "\(note)", sourceLocation: sourceLocation)
        }
    }

    /// A call the Swift entry deferred is told to the observer before it, and is not the lane's:
    /// `fastpath lane-closes` makes two writes a round and then a trapped call, which closes the
    /// lane, so the first write of each round takes the Swift entry and only the second is the
    /// lane's. A lane counter left set after the lane's call (the completer's to clear) would make
    /// the next round's first write a lane call too, timed from the other write's start.
    @Test func aCallTheSwiftEntryDeferredIsNotTheLanes() throws {
        let o = try burrow(["run", "--summary", guest, "lane-closes", "5000"])
        #expect(o.status == 0 && o.stdout == "lane-closes: 5000 rounds, 10000 bytes written\n", "\(o)")
        expectLaneCalls(o, in: 2501...5000)
    }

    /// A read the lane makes while the guest blocks is timed from its start: `cat` reads four
    /// lines, each sent only once it is blocked reading (its /proc/PID/syscall shows read(0, ...)
    /// after one more completed read than before, /proc/PID/io) and 100 ms have passed. The first
    /// read traps, the second takes the Swift entry (a trace closes the lane until then), the
    /// later ones the lane.
    @Test func aBlockedLaneReadIsTimedFromItsStart() throws {
        let dir = try temporaryDirectory("lane-read")
        defer { cleanup(dir) }
        let file = dir + "/t.jsonl"
        func completedReads(_ pid: Int32) -> Int? {
            guard let io = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return nil }
            return io.split(separator: "\n").first { $0.hasPrefix("syscr:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
        }
        func blockedReadingStdin(_ pid: Int32) -> Bool {
            ((try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8)) ?? "").hasPrefix("0 0x0 ")
        }
        var handshakes = 0
        let o = try burrow(["run", "--trace-file", file, "--trace-format", "jsonl", "--summary", Repo.toy("cat")],
                           timeout: 30, keepStdinOpen: true) { p in
            let pid = p.processIdentifier
            let input = (p.standardInput as! Pipe).fileHandleForWriting
            var done = 0
            for line in ["1\n", "2\n", "3\n", "4\n"] {
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline, !(blockedReadingStdin(pid) && (completedReads(pid) ?? -1) >= done) { usleep(1000) }
                guard blockedReadingStdin(pid), let n = completedReads(pid) else { break }
                usleep(100_000)
                done = n + 1
                try? input.write(contentsOf: Data(line.utf8))
                handshakes += 1
            }
            try? input.close()
        }
        #expect(o.status == 0 && o.stdout == "1\n2\n3\n4\n" && handshakes == 4, "\(handshakes) \(o)")
        var durations: [Int] = []
        for l in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
            guard let e = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any],
                  e["name"] as? String == "read", e["ret"] as? Int == 2,
                  let args = e["args"] as? [[String: Any]], args.first?["value"] as? String == "0" else { continue }
            durations.append(e["duration_ns"] as? Int ?? -1)
        }
        #expect(durations.count == 4 && durations.allSatisfy { $0 >= 50_000_000 }, "\(durations)")
        let note = o.stderr.split(separator: "\n").first { $0.hasPrefix("fast path:") }.map(String.init) ?? ""
        if Self.tracerUsesTheCounter {
            // Reads 3, 4 and the last (end of file) and the writes of lines 3 and 4, at least:
            // four of them mean at least one read of a line.
            let made = note.split(separator: "(").last.flatMap { Int($0.split(separator: " ")[0]) } ?? 0
            #expect(made >= 4, "\(note)")
        } else {
            #expect(!note.contains("fast lane"), "\(note)")
        }
    }
}

/// The raw-syscall guard's scan mode (SyscallGuard.swift): the same guarantee as always-armed
/// Syscall User Dispatch, armed only when guest code could hold a Linux system-call instruction.
@Suite struct SyscallGuardTests {
    /// The breakpoints made at once, never a hand-over (SyscallGuard.testHandover): whether the
    /// kernel makes the guard wait depends on other processes' perf events (tests in parallel
    /// among them), and these tests check the breakpoints themselves.
    static let noHandover: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["BURROW_TEST_GUARD_HANDOVER"] = "0"
        return env
    }()

    /// Code that becomes executable after start-up (written rw-, then protected r-x) is rescanned:
    /// its `syscall` is caught in both modes.
    @Test func codeMadeExecutableLaterIsCaught() throws {
        for mode in ["always", "scan"] {
            let o = try burrow(["run", "--summary", "--syscall-guard", mode, Repo.toy("guests/jit-syscall")],
                               environment: Self.noHandover)
            #expect(o.signal == SIGSYS, "\(mode) \(o)")
            #expect(o.stdout == "clean 42\n", "\(mode) \(o)")
            #expect(o.stderr.contains("executed a Linux system call instruction (Linux call 39)"), "\(mode) \(o)")
            if mode == "scan" {
                // Caught by the breakpoint (no hand-over: handOverFromSUDToBreakpoints has those).
                #expect(o.stderr.contains("raw-syscall guard: scan, armed: code ran onto Linux system-call instruction bytes at 0x"), "\(o)")
            }
        }
    }

    /// A program whose code holds no such bytes runs with the guard unarmed (no tax on Burrow's
    /// host calls); one whose image holds them is caught as in the default mode.
    @Test func scanArmsOnlyWhenNeeded() throws {
        let o = try burrow(["run", "--summary", "--syscall-guard", "scan", Repo.toy("hello")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stderr.contains("raw-syscall guard: scan, not armed ("), "\(o)")
        let l = try burrow(["run", "--syscall-guard", "scan", Repo.toy("guests/linux-syscall")])
        #expect(l.signal == SIGSYS, "\(l)")
        #expect(l.stdout == "before\n", "\(l)")
        let bad = try burrow(["run", "--syscall-guard", "sometimes", Repo.toy("hello")])
        #expect(bad.status != 0 && bad.stderr.contains("sometimes"), "\(bad)")
    }

    /// Bytes of a `syscall` inside another instruction (guests/guard-page): page A holds one, page
    /// B three. A page that never runs keeps the guard unarmed; a page that runs gets its bytes
    /// watched by hardware breakpoints while two last (A), else arms the guard first (B); and a
    /// jump onto the bytes themselves is caught either way. Scan is the default mode. (The SDK's
    /// libc may hold such bytes on a page every program runs, which takes a breakpoint: if it ever
    /// holds two, "a" arms as "b" does.)
    @Test func accidentalBytesArmOnlyWhenRun() throws {
        let clean = try burrow(["run", "--summary", Repo.toy("guests/guard-page")])
        #expect(clean.status == 0 && clean.stdout == "clean\n", "\(clean)")
        #expect(clean.stderr.contains("raw-syscall guard: scan, not armed ("), "\(clean)")
        let a = try burrow(["run", "--summary", Repo.toy("guests/guard-page"), "a"], environment: Self.noHandover)
        #expect(a.status == 0 && a.stdout == "a 50f\n", "\(a)")
        // Where the machine refuses perf breakpoints (no debug registers in a VM: ENODEV/ENOENT; a
        // seccomp policy or perf_event_paranoid: EPERM/EACCES/ENOSYS), arming is the guard's
        // documented fallback and the reason says so. Any other refusal (EINVAL: a wrong attribute
        // in guardbp.c) is Burrow's bug and fails here.
        let refusals = ["Operation not permitted", "Permission denied", "No such device",
                        "No such file or directory", "Function not implemented"]
        #expect(a.stderr.contains("raw-syscall guard: scan, not armed (") && a.stderr.contains("watched by hardware breakpoints")
                || refusals.contains { a.stderr.contains("hardware breakpoints unavailable: " + $0) }, "\(a)")
        let b = try burrow(["run", "--summary", Repo.toy("guests/guard-page"), "b"])
        #expect(b.status == 0 && b.stdout == "b 50f\n", "\(b)")
        #expect(b.stderr.contains("raw-syscall guard: scan, armed: code ran from a page holding"), "\(b)")
        for mode in ["always", "scan"] {
            for inside in ["inside-a", "inside-b", "split", "split-reverse"] {
                let o = try burrow(["run", "--syscall-guard", mode, Repo.toy("guests/guard-page"), inside])
                #expect(o.signal == SIGSYS && o.stdout == inside + "\n", "\(mode) \(o)")
                #expect(o.stderr.contains("executed a Linux system call instruction"), "\(mode) \(o)")
            }
        }
    }

    /// The hand-over (docs/architecture.md, "The raw-syscall guard and its tax"): when the kernel is
    /// not ready for a breakpoint, SUD stands in while a helper makes it ready, and the guest hands
    /// over to the breakpoint at a later system call. The test switch takes that path on any
    /// machine and hands over at the guest's next system call. A raw system call on a watched
    /// address is caught while SUD stands in (inside-a: no system call between the page's first
    /// run and the jump) and after the hand-over (a-inside-a: the breakpoint fires, which arms
    /// SUD for good; the hand-over came at a fast-path call, whose check is the one a loop of
    /// such calls meets); a program whose watched bytes never run as an instruction ends with SUD off.
    @Test func handOverFromSUDToBreakpoints() throws {
        var env = ProcessInfo.processInfo.environment
        env["BURROW_TEST_GUARD_HANDOVER"] = "1"
        let guest = Repo.toy("guests/guard-page")
        let a = try burrow(["run", "--summary", guest, "a"], environment: env)
        #expect(a.status == 0 && a.stdout == "a 50f\n", "\(a)")
        let refusals = ["Operation not permitted", "Permission denied", "No such device",
                        "No such file or directory", "Function not implemented"]
        let refused = refusals.contains { a.stderr.contains("hardware breakpoints unavailable: " + $0) }
        #expect(a.stderr.contains("raw-syscall guard: scan, not armed (") && a.stderr.contains("SUD off again after a hand-over")
                || refused, "\(a)")
        let during = try burrow(["run", "--summary", guest, "inside-a"], environment: env)
        #expect(during.signal == SIGSYS && during.stdout == "inside-a\n", "\(during)")
        #expect(during.stderr.contains("executed a Linux system call instruction"), "\(during)")
        #expect(during.stderr.contains("raw-syscall guard: scan, armed for now: SUD stands in"), "\(during)")
        let after = try burrow(["run", "--summary", guest, "a-inside-a"], environment: env)
        #expect(after.signal == SIGSYS && after.stdout == "a-inside-a\n50f\n", "\(after)")
        #expect(after.stderr.contains("executed a Linux system call instruction"), "\(after)")
        #expect(after.stderr.contains("raw-syscall guard: scan, armed: code ran onto Linux system-call instruction bytes at")
                || refused, "\(after)")
    }
}
