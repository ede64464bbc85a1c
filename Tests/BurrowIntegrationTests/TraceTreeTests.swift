// Traces that follow children (docs/tracing.md, "Process trees"): a fork+exec tree in one shared
// file and in a file per process, in every format, each process on its own track; the summary over
// the tree; and a trace that survives SIGKILL up to the last completed call.
import Foundation
import Testing

@Suite
struct TraceTreeTests {
    /// `fork-exec echo hi`: the parent forks, the child execs echo, the parent waits.
    func forkExec(_ options: [String], in dir: String) throws -> Outcome {
        let o = try burrow(["run"] + options + [Repo.toy("guests/fork-exec"), Repo.toy("echo"), "hi"], cwd: dir)
        #expect(o.status == 0 && o.stdout == "hi\nchild exited 0\n", "\(o)")
        return o
    }

    /// (pid, call name) of every system call event in a trace file of the given format.
    func calls(_ content: String, format: String) throws -> [(pid: Int, name: String)] {
        switch format {
        case "text":
            return content.split(separator: "\n").compactMap { line in
                let f = line.split(separator: " ", maxSplits: 3)
                guard f.count == 4, f[0] == "[pid", let pid = Int(f[1].dropLast()), !f[3].hasPrefix("---"), !f[3].hasPrefix("+++")
                else { return nil }
                return (pid, String(f[3].prefix { $0 != "(" }))
            }
        case "jsonl":
            return try jsonLines(content).filter { $0["type"] as? String == "syscall" }.map { ($0["pid"] as! Int, $0["name"] as! String) }
        default:
            return try chromeEvents(content).filter { $0["ph"] as? String == "X" }.map { ($0["pid"] as! Int, $0["name"] as! String) }
        }
    }

    /// JSON Lines, each non-blank line one object (after SIGKILL the file ends in spaces).
    func jsonLines(_ content: String) throws -> [[String: Any]] {
        try content.split(separator: "\n").filter { !$0.allSatisfy { $0 == " " } }.map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// A Chrome trace in the JSON array form; the closing `]` is optional (Trace Event format).
    func chromeEvents(_ content: String) throws -> [[String: Any]] {
        let t = content.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(t.hasPrefix("[\n{\"name\":\"process_name\""))
        return try JSONSerialization.jsonObject(with: Data((t.hasSuffix("]") ? t : t + "]").utf8)) as! [[String: Any]]
    }

    @Test(arguments: ["text", "jsonl", "chrome"])
    func forkExecTreeInOneSharedFile(format: String) throws {
        let dir = try temporaryDirectory("tree-\(format)")
        defer { cleanup(dir) }
        _ = try forkExec(["--trace-file", "t." + format, "--trace-format", format], in: dir)
        let content = try String(contentsOfFile: dir + "/t." + format, encoding: .utf8)
        let all = try calls(content, format: format)
        let pids = Array(Set(all.map(\.pid)))
        #expect(pids.count == 2, "\(content)")
        // The parent: fork (returning the child's pid), waitpid, its own write. The child: its return
        // from fork, exec, then echo's calls under the same pid.
        guard let parent = all.first?.pid, let child = pids.first(where: { $0 != parent }) else { return }
        let p = all.filter { $0.pid == parent }.map(\.name), c = all.filter { $0.pid == child }.map(\.name)
        #expect(p.contains("fork") && p.contains("waitpid") && p.last == "exit", "\(p)")
        #expect(c.first == "fork" && c.contains("exec") && c.last == "exit", "\(c)")
        #expect(c.firstIndex(of: "exec")! < c.firstIndex(of: "write")!, "\(c)")
        switch format {
        case "text":
            #expect(content.contains("[pid \(parent)] ") && content.contains("fork() = \(child) <"), "\(content)")
            #expect(content.contains("[pid \(child)] ") && content.contains("fork() = 0 <"), "\(content)")
            #expect(content.split(separator: "\n").allSatisfy { $0.hasPrefix("[pid ") }, "a pid on every line")
        case "jsonl":
            let objects = try jsonLines(content)
            #expect(objects.allSatisfy { $0["pid"] is Int && $0["tid"] is Int }, "a pid on every line")
            #expect(objects.filter { $0["type"] as? String == "exit" }.count == 2)
            #expect(objects.contains { $0["type"] as? String == "exec" && $0["pid"] as? Int == child
                && ($0["program"] as? String)?.hasSuffix("/echo") == true }, "\(content)")
        default:
            // The last process of the tree to end closed the array: strict JSON.
            let events = try JSONSerialization.jsonObject(with: Data(content.utf8)) as! [[String: Any]]
            #expect(events.allSatisfy { $0["pid"] is Int && $0["tid"] is Int }, "a pid on every event")
            for pid in [parent, child] {
                #expect(events.contains { $0["ph"] as? String == "M" && $0["name"] as? String == "process_name" && $0["pid"] as? Int == pid })
            }
            // Each process its own track, the fork linking them with a flow (id = the child's pid).
            #expect(events.contains { $0["ph"] as? String == "s" && $0["pid"] as? Int == parent && $0["id"] as? Int == child })
            #expect(events.contains { $0["ph"] as? String == "f" && $0["pid"] as? Int == child && $0["id"] as? Int == child })
            #expect(events.contains { $0["ph"] as? String == "i" && $0["name"] as? String == "exec" && $0["pid"] as? Int == child })
        }
    }

    @Test func percentPGivesAFilePerProcessEachComplete() throws {
        let dir = try temporaryDirectory("tree-percent-p")
        defer { cleanup(dir) }
        _ = try forkExec(["--trace-file", "t.%p.json", "--trace-format", "chrome"], in: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 2, "\(files)")
        var names: [[String]] = []
        for f in files {
            let content = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            // Each file has one writer at a time, so it is closed: strict JSON.
            let events = try JSONSerialization.jsonObject(with: Data(content.utf8)) as! [[String: Any]]
            let pid = Int(f.split(separator: ".")[1])
            #expect(events.allSatisfy { $0["pid"] as? Int == pid }, "\(f): only its own process")
            names.append(events.filter { $0["ph"] as? String == "X" }.map { $0["name"] as! String })
        }
        #expect(names.contains { $0.contains("waitpid") } && names.contains { $0.contains("exec") }, "\(names)")
    }

    /// A relative --trace-file names a file where burrow started, whatever --cwd or the guest's
    /// chdir later make the working directory (strace -o's rule).
    @Test func aRelativeTraceFileIsWhereBurrowStarted() throws {
        let dir = try temporaryDirectory("tree-relative")
        defer { cleanup(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let o = try burrow(["run", "--cwd", dir + "/sub", "--trace-file", "t.%p.txt", Repo.toy("echo"), "hi"], cwd: dir)
        #expect(o.status == 0, "\(o)")
        let here = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("t.") }
        let there = try FileManager.default.contentsOfDirectory(atPath: dir + "/sub")
        #expect(here.count == 1 && there.isEmpty, "\(here) \(there)")
    }

    @Test func summaryCountsTheWholeTreeOnce() throws {
        let dir = try temporaryDirectory("tree-summary")
        defer { cleanup(dir) }
        let o = try forkExec(["--summary"], in: dir)
        #expect(o.stderr.components(separatedBy: "% time").count == 2, "one summary: \(o.stderr)")
        func calls(_ name: String) -> String? {
            o.stderr.split(separator: "\n").first { $0.hasSuffix(" " + name) }.map { String($0.split(separator: " ")[2]) }
        }
        // Both processes: two exits and two write(1, ...)s; fork once (the child's return from it
        // is not a second call); exec and waitpid once.
        #expect(calls("exit") == "2" && calls("write") == "2", "\(o.stderr)")
        #expect(calls("fork") == "1" && calls("exec") == "1" && calls("waitpid") == "1", "\(o.stderr)")
    }

    /// A guest that points its fd 2 elsewhere and then execs: the trace on stderr, the summary and
    /// a crash report of the new image still go to Burrow's own stderr (the first Burrow's
    /// private duplicate is handed over), not into the guest's /dev/null.
    @Test func stderrTraceSummaryAndCrashReportOutliveTheGuestsFD2() throws {
        let sh = Repo.toy("sh")
        let traced = try burrow(["run", "--trace", "--trace-filter", "write,exit", sh, "-c", "exec 2>/dev/null; exec \(Repo.toy("echo")) hi"])
        #expect(traced.status == 0 && traced.stdout == "hi\n", "\(traced)")
        #expect(traced.stderr.contains(#"write(1, "hi\n", 3) = 3"#) && traced.stderr.contains("+++ exited with 0 +++"), "\(traced.stderr)")
        let summary = try burrow(["run", "--summary", sh, "-c", "exec 2>&-; exec \(Repo.toy("echo")) hi"])
        #expect(summary.stderr.contains("% time") && summary.stderr.contains(" exec"), "\(summary.stderr)")
        let crash = try burrow(["run", sh, "-c", "exec 2>/dev/null; exec \(Repo.toy("guests/crash-null"))"])
        #expect(crash.signal == SIGSEGV && crash.stderr.contains("guest crashed: SIGSEGV"), "\(crash)")
    }

    /// Burrow process `pid` is blocked in the host's read of descriptor 0 (/proc/PID/syscall: the
    /// call number, then the arguments).
    func blockedReadingStdin(_ pid: Int32) -> Bool {
        (try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8))?.hasPrefix("0 0x0 ") == true
    }

    @Test func aChildKilledBySIGKILLLeavesTheSharedChromeFileLoadable() throws {
        let dir = try temporaryDirectory("sigkill-tree")
        defer { cleanup(dir) }
        var child: Int32 = 0
        let o = try burrow(["run", "--trace-file", dir + "/t.json", "--trace-format", "chrome",
                            Repo.toy("guests/fork-exec"), Repo.toy("guests/block")], timeout: 60, keepStdinOpen: true) { p in
            // The child (block, after exec) blocks reading stdin; SIGKILL it there. The parent's
            // waitpid then returns and the parent ends normally.
            let deadline = Date().addingTimeInterval(50)
            while Date() < deadline {
                let children = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/task/\(p.processIdentifier)/children", encoding: .utf8)) ?? ""
                if let c = children.split(separator: " ").first.flatMap({ Int32($0) }), blockedReadingStdin(c) { child = c; break }
                usleep(10_000)
            }
            if child > 0 { kill(child, SIGKILL) }
        }
        #expect(child > 0 && o.status == 0 && o.stdout.hasSuffix("child exited -1\n"), "\(o)")
        let content = try String(contentsOfFile: dir + "/t.json", encoding: .utf8)
        // The killed child never counted itself out, so the parent did not close the array.
        #expect(!content.hasSuffix("]\n"), "\(content)")
        let events = try chromeEvents(content)
        let mine = events.filter { $0["pid"] as? Int == Int(child) }
        let names = mine.filter { $0["ph"] as? String == "X" }.map { $0["name"] as! String }
        #expect(names.first == "fork" && names.contains("exec") && names.last == "write", "\(names)")
        #expect((mine.last { $0["ph"] as? String == "X" }?["args"] as? [String: String])?["buf"] == #""blocking\n""#, "\(mine)")
        #expect(events.last?["name"] as? String == "exit" && events.last?["pid"] as? Int != Int(child), "the parent ended last")
    }

    /// The calls of `block` (prints a line, then reads stdin) up to the read it blocks in.
    @Test(arguments: ["text", "jsonl", "chrome"])
    func sigkillLeavesEveryCompletedCall(format: String) throws {
        let dir = try temporaryDirectory("sigkill-\(format)")
        defer { cleanup(dir) }
        // The whole run (stdin at end of file): what the killed run must hold up to the read.
        let whole = try burrow(["run", "--trace-file", dir + "/whole", "--trace-format", format, Repo.toy("guests/block")])
        #expect(whole.status == 0, "\(whole)")
        let expected = try calls(String(contentsOfFile: dir + "/whole", encoding: .utf8), format: format).map(\.name)
        guard let read = expected.firstIndex(of: "read") else { Issue.record("no read in \(expected)"); return }

        let killed = try burrow(["run", "--trace-file", dir + "/killed", "--trace-format", format, Repo.toy("guests/block")],
                                timeout: 60, keepStdinOpen: true) { p in
            // Kill it once Burrow blocks in the host's read (0, first field of /proc/PID/syscall).
            let deadline = Date().addingTimeInterval(50)
            while Date() < deadline {
                if blockedReadingStdin(p.processIdentifier) { break }
                usleep(10_000)
            }
            kill(p.processIdentifier, SIGKILL)
        }
        #expect(killed.signal == SIGKILL, "\(killed)")
        let content = try String(contentsOfFile: dir + "/killed", encoding: .utf8)
        #expect(try calls(content, format: format).map(\.name) == Array(expected[..<read]), "\(content)")
        if format == "text" {
            let lines = content.split(separator: "\n").filter { !$0.allSatisfy { $0 == " " } }
            #expect(lines.last?.contains(#"write(1, "blocking\n", 9) = 9 <"#) == true, "\(lines)")
        }
    }
}
