// `burrow run --max-procs N`: a fork bomb (guests/forkbomb) sees fork fail with EAGAIN once N
// processes of its tree are alive, and afterwards nothing of it is left running. The guest leads a
// process group of its own and prints its id, so the test can look for what remains.
import Foundation
import Testing

@Suite struct ProcessLimitTests {
    /// Processes of group `pgid` that are not zombies (a zombie orphan is its new parent's to reap).
    static func living(inGroup pgid: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [Int32] = []
        for name in entries {
            guard let pid = Int32(name),
                  let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "(comm)": state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[0] != "Z", Int32(fields[2]) == pgid { found.append(pid) }
        }
        return found
    }

    /// Waits (at most `limit` seconds: a bound, not an assertion on time) until nothing of the
    /// group is alive; returns what is still alive then.
    static func waitUntilGone(_ pgid: Int32, limit: TimeInterval = 30) -> [Int32] {
        let deadline = Date().addingTimeInterval(limit)
        var alive = living(inGroup: pgid)
        while !alive.isEmpty && Date() < deadline {
            usleep(20_000)
            alive = living(inGroup: pgid)
        }
        return alive
    }

    static func pgid(_ o: Outcome) -> Int32? {
        o.stdout.split(separator: "\n").first { $0.hasPrefix("pgid ") }.flatMap { Int32($0.dropFirst(5)) }
    }

    static func number(_ o: Outcome, _ key: String) -> Int? {
        o.stdout.split(separator: "\n").first { $0.hasPrefix(key + " ") }.flatMap { Int($0.dropFirst(key.count + 1)) }
    }

    /// Children that stay alive until fork has failed: exactly N-1 of them, then EAGAIN.
    /// With the host's descriptor limit at ToyOS's own (1024), Burrow's own descriptors leave the
    /// guest fewer than 1024; at that point dup2 onto an open descriptor still works (the host's
    /// dup2 in place, needing no spare descriptor), as Linux's does. The limit is the child
    /// shell's alone (where the hard limit is lower, the test runs at that one: as telling).
    @Test func dup2OntoAnOpenDescriptorAtTheHostsLimit() throws {
        let o = try run("/bin/sh", ["-c", "ulimit -n 1024 2>/dev/null; exec \"$0\" run \"$1\"", Repo.burrow, Repo.toy("tests/emfile")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout.contains("ok 11 - dup2 onto an open number still works"), "\(o)")
        #expect(o.stdout.contains("ok 9 - dup2 onto descriptor 0 with a full table"), "\(o)")
    }

    /// `ulimit -f` binds the guest's files, as natively: the write past it fails with EFBIG and
    /// SIGXFSZ (a host signal ToyOS has no number for) ends the guest, shown in the trace like any
    /// signal that ends it, while Burrow's own files (the process table's memfd, the trace file)
    /// are not cut by it. Before, Burrow died by SIGXFSZ from its own memfd before the guest ran.
    /// util-linux's prlimit and coreutils' env --default-signal (8.31 and later) set the limit and
    /// the disposition for the child alone.
    static let limitTools = FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")
        && ((try? run("/usr/bin/env", ["--default-signal=XFSZ", "true"]))?.status == 0)

    @Test(.enabled(if: limitTools)) func theFileSizeLimitBindsTheGuestsFilesAndEndsItBySIGXFSZ() throws {
        let dir = try temporaryDirectory("fsize")
        defer { cleanup(dir) }
        let out = dir + "/out", trace = dir + "/trace"
        // A soft limit of 4096 bytes (the hard one stays): Burrow lifts it for its own files.
        // SIGXFSZ's disposition set here, not inherited from the test runner (which may ignore it).
        func cat(_ disposition: String) throws -> Outcome {
            try run("/usr/bin/prlimit", ["--fsize=4096:unlimited", "/usr/bin/env", disposition, "/bin/sh", "-c",
                                         "exec \"$0\" run --trace-file \"$1\" \"$2\" /dev/zero > \"$3\"",
                                         Repo.burrow, trace, Repo.toy("cat"), out])
        }
        // Ignored, as natively: the write fails with EFBIG and cat says so.
        let ignored = try cat("--ignore-signal=XFSZ")
        #expect(ignored.status == 1 && ignored.stderr == "cat: write error: File too large\n", "\(ignored)")
        let o = try cat("--default-signal=XFSZ")
        #expect(o.signal == SIGXFSZ || o.status == 128 + SIGXFSZ, "\(o)")
        #expect(!o.stderr.contains("internal error"), "\(o)")
        let written = try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int
        #expect(written == 4096)
        let t = try String(contentsOfFile: trace, encoding: .utf8)
        let lines = t.split(separator: "\n")
        #expect(lines.count >= 3 && t.hasSuffix("+++ killed by SIGXFSZ +++\n"), "\(t)")
        #expect(lines.dropLast().last?.contains("--- SIGXFSZ {si_signo=SIGXFSZ, si_code=") == true, "\(t)")
        #expect(lines.dropLast(2).last?.contains("= -1 EFBIG (File too large)") == true, "\(t)")
    }

    /// A hard limit below the process table's size: one line that says what to do, status 125.
    @Test(.enabled(if: limitTools)) func aHardFileSizeLimitBelowTheProcessTableIsExplained() throws {
        let o = try run("/usr/bin/prlimit", ["--fsize=2048", Repo.burrow, "run", Repo.toy("true")])
        #expect(o.status == 125, "\(o)")
        #expect(o.stderr.hasPrefix("burrow: cannot create the process table of 1024 slots (4104 bytes): the file size limit (ulimit -f) is lower"), "\(o)")
        #expect(o.stderr.split(separator: "\n").count == 1, "\(o)")
        let small = try run("/usr/bin/prlimit", ["--fsize=2048", Repo.burrow, "run", "--max-procs", "100", Repo.toy("true")])
        #expect(small.status == 0, "\(small)")
    }

    @Test func aForkBombStopsAtTheLimitWithEAGAIN() throws {
        let o = try burrow(["run", "--max-procs", "50", Repo.toy("guests/forkbomb"), "hold"], timeout: 120)
        #expect(o.status == 0 && !o.timedOut, "\(o)")
        #expect(Self.number(o, "children") == 49, "\(o)")
        #expect(o.stdout.contains("fork: Resource temporarily unavailable\n"), "\(o)")
        #expect(Self.number(o, "reaped") == 49, "\(o)")
        #expect(!o.stderr.contains("internal error"))
        let g = try #require(Self.pgid(o))
        #expect(Self.waitUntilGone(g).isEmpty)
    }

    /// The classic shape: each child sleeps, then exits. However fast or slow the machine, fork
    /// fails at some point (49 children sleeping 3 s are alive at once unless forking 49 takes
    /// longer than that), and every child is reaped.
    @Test func sleepingChildrenStillMeetTheLimit() throws {
        let o = try burrow(["run", "--max-procs", "50", Repo.toy("guests/forkbomb"), "sleep", "3000"], timeout: 120)
        #expect(o.status == 0 && !o.timedOut, "\(o)")
        #expect(o.stdout.contains("fork: Resource temporarily unavailable\n"), "\(o)")
        let children = try #require(Self.number(o, "children"))
        #expect(children >= 49 && children < 100000, "\(o)")
        #expect(Self.number(o, "reaped") == children, "\(o)")
        let g = try #require(Self.pgid(o))
        #expect(Self.waitUntilGone(g).isEmpty)
    }

    /// A parent that exits without waiting leaves orphans that end on their own, as on Linux.
    @Test func orphansEndOnTheirOwn() throws {
        let o = try burrow(["run", "--max-procs", "20", Repo.toy("guests/forkbomb"), "orphan"], timeout: 120)
        #expect(o.status == 0 && !o.timedOut, "\(o)")
        #expect(Self.number(o, "children") == 19, "\(o)")
        let g = try #require(Self.pgid(o))
        #expect(Self.waitUntilGone(g).isEmpty)
    }

    /// A child killed by SIGKILL cannot free its slot; once reaped, its slot is taken back when
    /// the table is full, so 200 such children one after another fit in 10 slots.
    @Test func slotsOfKilledProcessesAreTakenBack() throws {
        let o = try burrow(["run", "--max-procs", "10", Repo.toy("guests/forkbomb"), "killed", "200"], timeout: 120)
        #expect(o.status == 0 && o.stdout.hasSuffix("killed 200\n"), "\(o)")
    }

    /// The limit holds across exec: sh's child execs forkbomb and keeps its slot, so of 5 slots
    /// (sh, forkbomb) 3 are left for forkbomb's children; a pipeline of 3 fits in 4.
    @Test func theLimitHoldsAcrossExec() throws {
        let o = try burrow(["run", "--max-procs", "5", Repo.toy("sh"), "-c", Repo.toy("guests/forkbomb") + " hold"], timeout: 120)
        #expect(o.status == 0 && Self.number(o, "children") == 3, "\(o)")
        #expect(o.stdout.contains("fork: Resource temporarily unavailable\n"), "\(o)")
        let ok = try burrow(["run", "--max-procs", "4", Repo.toy("sh"), "-c", "seq 1 20 | grep 1 | wc -l"])
        #expect(ok.status == 0 && ok.stdout == "11\n", "\(ok)")
    }

    @Test func aBadLimitIsOneLineAndStatus125() throws {
        for bad in ["0", "-1", "lots", "4194305"] {
            let o = try burrow(["run", "--max-procs", bad, Repo.toy("hello")])
            #expect(o.status == 125, "\(bad): \(o)")
            #expect(o.stderr.split(separator: "\n").count == 1 && o.stderr.contains("--max-procs"), "\(bad): \(o)")
            #expect(!o.stderr.contains("Missing value"), "\(bad): a negative number is a value: \(o)")
        }
    }
}
