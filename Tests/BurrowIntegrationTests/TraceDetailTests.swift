// Trace details and fault injection on real guests: directory entries of `ls`, --summary with a
// filter, --inject in every trace format, and the command line's messages for bad input.
import Foundation
import Testing

@Suite
struct TraceDetailTests {
    func fixture(_ tag: String) throws -> String {
        let dir = try temporaryDirectory("detail-\(tag)")
        try "hello\nworld\n".write(toFile: dir + "/a.txt", atomically: false, encoding: .utf8)
        return dir
    }

    @Test func lsShowsDecodedDirectoryEntries() throws {
        let dir = try fixture("ls")
        defer { cleanup(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let o = try burrow(["run", "--trace", "--trace-filter", "readdir", Repo.toy("ls"), "-l"], cwd: dir)
        #expect(o.status == 0, "\(o)")
        let t = o.stderr
        #expect(t.contains(#"{name="a.txt", type=DT_REG}"#), "\(t)")
        #expect(t.contains(#"{name="sub", type=DT_DIR}"#), "\(t)")
        #expect(t.range(of: #"readdir\(\d+, \[\], \d+\) = 0 <"#, options: .regularExpression) != nil, "the end of the directory: \(t)")
    }

    @Test func summaryWithAFilterPrintsOnlyTheTable() throws {
        let dir = try fixture("summary")
        defer { cleanup(dir) }
        let o = try burrow(["run", "--summary", "--trace-filter", "%file", Repo.toy("cat"), "a.txt", "missing"], cwd: dir)
        #expect(o.status == 1, "\(o)")
        #expect(!o.stderr.contains("[pid "), "no trace lines: \(o.stderr)")
        let rows = o.stderr.split(separator: "\n").filter { $0.range(of: #"^ *\d+\.\d\d +\d+\.\d{6} +\d+"#, options: .regularExpression) != nil }
        let names = Set(rows.map { String($0.split(separator: " ").last!) })
        #expect(names.contains("open"), "\(o.stderr)")
        #expect(names.isDisjoint(with: ["read", "write", "close", "map"]), "only %file calls are counted: \(o.stderr)")
        // --trace still asks for the trace too.
        let both = try burrow(["run", "--trace", "--summary", "--trace-filter", "%file", Repo.toy("cat"), "a.txt"], cwd: dir)
        #expect(both.stderr.contains(#"open("a.txt""#) && both.stderr.contains("% time"), "\(both.stderr)")
    }

    /// The acceptance case: the second write fails with ENOSPC in the guest, and every trace
    /// format says the result was injected.
    @Test func injectedWriteFailsWithENOSPCAndIsMarked() throws {
        let dir = try fixture("inject")
        defer { cleanup(dir) }
        let o = try burrow(["run", "--inject", "write:error=ENOSPC:when=2", "--trace", "--trace-filter", "write",
                            Repo.toy("cat"), "a.txt", "a.txt"], cwd: dir)
        #expect(o.stdout == "hello\nworld\n", "the first write ran, the second did not: \(o)")
        #expect(o.status == 1, "\(o)")
        #expect(o.stderr.contains("No space left on device"), "cat saw ENOSPC: \(o.stderr)")
        let writes = o.stderr.split(separator: "\n").filter { $0.contains(" write(1, ") }
        #expect(writes.count == 2, "\(o.stderr)")
        #expect(writes.first.map { $0.contains(" = 12 <") && !$0.contains("INJECTED") } == true, "\(o.stderr)")
        #expect(writes.last.map { $0.contains(" = -1 ENOSPC (No space left on device) (INJECTED) <") } == true, "\(o.stderr)")

        for format in ["jsonl", "chrome"] {
            let file = "\(dir)/t.\(format)"
            let f = try burrow(["run", "--inject", "write:error=ENOSPC:when=2", "--trace-file", file, "--trace-format", format,
                                Repo.toy("cat"), "a.txt", "a.txt"], cwd: dir)
            #expect(f.status == 1, "\(f)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var injected: [[String: Any]] = []
            if format == "jsonl" {
                for line in text.split(separator: "\n") {
                    let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    if obj["injected"] as? Bool == true { injected.append(obj) }
                }
                #expect(injected.count == 1 && injected[0]["name"] as? String == "write" && injected[0]["errno"] as? String == "ENOSPC", "\(text)")
            } else {
                for ev in try #require(detailChromeEvents(text), "\(text)") {
                    if (ev["args"] as? [String: Any])?["injected"] as? String == "true" { injected.append(ev) }
                }
                #expect(injected.count == 1 && injected[0]["name"] as? String == "write", "\(text)")
            }
        }
    }

    @Test func injectedReturnValueSkipsTheCall() throws {
        let dir = try fixture("retval")
        defer { cleanup(dir) }
        // open "succeeds" with descriptor 0 without opening anything: cat then reads its stdin.
        let o = try burrow(["run", "--inject", "open:retval=0:when=1", Repo.toy("cat"), "a.txt"], stdin: "from stdin\n", cwd: dir)
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "from stdin\n", "\(o)")
    }

    /// A number the table lacks, named as the trace names it: the rule is asked before the
    /// dispatcher finds no row, so the guest gets the value instead of ENOSYS (bench/nosys counts
    /// its failures: one of three fewer), and the trace marks it.
    @Test func injectionReachesAnUnknownNumber() throws {
        let plain = try burrow(["run", Repo.toy("bench/nosys"), "3"])
        #expect(plain.stdout == "nosys 3 3\n", "\(plain)")
        let o = try burrow(["run", "--inject", "syscall_0xffff:retval=0:when=2", "--trace", Repo.toy("bench/nosys"), "3"])
        #expect(o.status == 0 && o.stdout == "nosys 3 2\n", "\(o)")
        let lines = o.stderr.split(separator: "\n").filter { $0.contains(" syscall_0xffff(") }
        #expect(lines.count == 3 && lines[1].contains(") = 0 (INJECTED) <") && lines[2].contains(") = -1 ENOSYS "), "\(o.stderr)")
    }

    @Test func descriptorPathsOnRequest() throws {
        let dir = try fixture("fdpaths")
        defer { cleanup(dir) }
        let o = try burrow(["run", "-y", "--trace-filter", "open,read,close", Repo.toy("cat"), "a.txt"], cwd: dir)
        #expect(o.status == 0, "\(o)")
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path   // as the kernel names it
        #expect(o.stderr.range(of: #"open\("a.txt", O_RDONLY, 0+\) = 3<"# + NSRegularExpression.escapedPattern(for: real) + #"/a\.txt> <"#, options: .regularExpression) != nil, "\(o.stderr)")
        #expect(o.stderr.contains("read(3<\(real)/a.txt>, \"hello\\nworld\\n\", "), "\(o.stderr)")
        #expect(o.stderr.contains("close(3<\(real)/a.txt>) = 0"), "\(o.stderr)")
        // Under --root the guest's own path is shown, as its /proc/self/fd shows it.
        let r = try burrow(["run", "--root", Repo.toy(""), "--bind", "\(dir):/data", "--trace-fd-paths", "--trace-filter", "read",
                            Repo.toy("cat"), "/data/a.txt"])
        #expect(r.stderr.contains("read(3</data/a.txt>, "), "\(r.stderr)")
        // Without the option, plain numbers.
        let plain = try burrow(["run", "--trace-filter", "close", Repo.toy("cat"), "a.txt"], cwd: dir)
        #expect(plain.stderr.contains("close(3) = 0"), "\(plain.stderr)")
    }

    /// -k: each traced call is followed by the guest's frames, innermost first, symbolized from
    /// the program's ELF symbol table: the libc wrapper, then main, down to _start.
    @Test func stackTracePerCallOnRequest() throws {
        let o = try burrow(["run", "-k", "--trace-filter", "write", Repo.toy("hello")])
        #expect(o.status == 0, "\(o)")
        let lines = o.stderr.split(separator: "\n").map(String.init)
        let call = try #require(lines.firstIndex { $0.contains(" write(1, ") }, "\(o.stderr)")
        let frames = lines[(call + 1)...].prefix { $0.hasPrefix(" > ") }
        #expect(frames.count >= 4, "\(o.stderr)")
        #expect(frames.contains { $0.hasPrefix(" > write+0x") }, "\(o.stderr)")
        #expect(frames.last?.hasPrefix(" > _start+0x") == true, "\(o.stderr)")
        #expect(frames.allSatisfy { $0.range(of: #"^ > [A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+ \[0x[0-9a-f]+\]$"#, options: .regularExpression) != nil }, "\(o.stderr)")
    }

    @Test func crashReportsCarryTheBacktrace() throws {
        let o = try burrow(["run", Repo.toy("guests/crash-null")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stderr.contains("  backtrace:\n    #0 0x"), "\(o.stderr)")
        #expect(o.stderr.contains(" in main+0x"), "\(o.stderr)")
        #expect(o.stderr.range(of: #"    #\d+ 0x[0-9a-f]{16} in _start\+0x"#, options: .regularExpression) != nil, "\(o.stderr)")
    }

    @Test func badInputSaysWhyAndWhereHelpIs() throws {
        let strlen = try burrow(["run", "--trace-strlen", "-1", Repo.toy("hello")])
        #expect(strlen.status == 125)
        #expect(strlen.stderr.hasPrefix("burrow: --trace-strlen -1: must be 0 or more"), "\(strlen.stderr)")
        #expect(strlen.stderr.hasSuffix("(see 'burrow run --help')\n"), "\(strlen.stderr)")
        // An unknown subcommand is an error, --help after it or `help` before it too.
        for line in [["bogus"], ["bogus", "--help"], ["help", "bogus"]] {
            let o = try burrow(line)
            #expect(o.status == 125 && o.stdout.isEmpty, "\(line): \(o)")
            #expect(o.stderr == "burrow: unknown subcommand 'bogus'; the subcommands are run, inspect, syscalls, test, binfmt (see 'burrow --help')\n", "\(line): \(o)")
        }
        #expect(try burrow(["help", "inspect"]).status == 0)
        let empty = try burrow(["run", "--trace-file", "", Repo.toy("hello")])
        #expect(empty.status == 125)
        #expect(empty.stderr.hasPrefix("burrow: --trace-file: an empty file name"), "\(empty.stderr)")
        let bind = try burrow(["run", "--root", "/", "--bind", "/etc:/x:z", Repo.toy("hello")])
        #expect(bind.status == 125)
        #expect(bind.stderr.hasPrefix("burrow: --bind /etc:/x:z: 'z' is not an option"), "\(bind.stderr)")
        let filter = try burrow(["run", "--trace-filter", "openat", Repo.toy("hello")])
        #expect(filter.status == 125)
        #expect(filter.stderr == "burrow: --trace-filter: unknown system call 'openat': on ToyOS that is 'open'; `burrow syscalls` lists the ToyOS calls (see 'burrow run --help')\n")
        let inject = try burrow(["run", "--inject", "getdents64:error=EIO", Repo.toy("hello")])
        #expect(inject.status == 125)
        #expect(inject.stderr.contains("on ToyOS that is 'readdir'"), "\(inject.stderr)")
        let unknown = try burrow(["run", "--no-such-option", Repo.toy("hello")])
        #expect(unknown.status == 125)
        #expect(unknown.stderr.hasSuffix("(see 'burrow run --help')\n"), "\(unknown.stderr)")
        let top = try burrow(["frobnicate"])
        #expect(top.stderr.hasSuffix("(see 'burrow --help')\n"), "\(top.stderr)")
    }

    /// Headings keep paths as written (ArgumentParser upper-cases group titles), and paragraphs
    /// are wrapped by the parser at word boundaries, not broken by hand mid-sentence.
    @Test func helpTextWrapsAtWordBoundaries() throws {
        let o = try burrow(["run", "--help"], environment: ProcessInfo.processInfo.environment.merging(["COLUMNS": "70"]) { $1 })
        #expect(o.status == 0)
        #expect(!o.stdout.contains("DOCS/"), "\(o.stdout)")
        #expect(o.stdout.contains("TRACING AND FAULT INJECTION:"), "\(o.stdout)")
        // A hand-broken paragraph leaves a short line followed by one that continues the sentence.
        let lines = o.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let overview = lines.prefix { !$0.hasPrefix("USAGE:") }
        for (a, b) in zip(overview, overview.dropFirst()) where !a.isEmpty && !b.isEmpty && !a.hasPrefix("OVERVIEW:") {
            let firstWord = b.split(separator: " ").first.map(String.init) ?? ""
            #expect(a.count + 1 + firstWord.count >= 69, "'\(a)' is broken before '\(firstWord)', which would fit")
        }
    }
}

/// The events of a Chrome trace, in the JSON array form or the object form.
func detailChromeEvents(_ text: String) -> [[String: Any]]? {
    guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
    if let array = any as? [[String: Any]] { return array }
    return (any as? [String: Any])?["traceEvents"] as? [[String: Any]]
}
