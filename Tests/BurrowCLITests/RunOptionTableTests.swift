// The one option table of `burrow run` (RunOptionTable.swift) against its two readers: the options
// ArgumentParser's `run` declares (RunCommand.swift) are exactly the table's rows, as the table
// describes them; and the fast parser (RunFastParser.swift) gives the same result as ArgumentParser
// for every command line it takes, takes every row in its plain forms, and leaves help, errors
// and every unusual line to ArgumentParser (which keeps its messages and exit statuses).
import ArgumentParser
import Foundation
import Testing
@testable import BurrowCLI

/// ArgumentParser's own description of `run` (`burrow run --experimental-dump-help`).
private func declaredArguments() throws -> [[String: Any]] {
    let json = RunCommand._dumpHelp()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let command = try #require(root["command"] as? [String: Any])
    return try #require(command["arguments"] as? [[String: Any]])
}

private func longName(_ argument: [String: Any]) -> String? {
    let names = argument["names"] as? [[String: Any]] ?? []
    return names.first { $0["kind"] as? String == "long" }?["name"] as? String
}

private func shortName(_ argument: [String: Any]) -> String? {
    let names = argument["names"] as? [[String: Any]] ?? []
    return names.first { $0["kind"] as? String == "short" }?["name"] as? String
}

/// A value each row accepts, and a second one different from the default.
private func sampleValues(_ option: RunOption) -> (String, String) {
    switch option {
    case .syscallGuard: ("always", "always")   // (the default is scan; there are two modes)
    case .traceFormat: ("jsonl", "chrome")
    case .maxProcs: ("7", "4096")
    case .traceStrlen: ("64", "0")
    case .traceFD, .traceSummaryFD, .traceRoot, .traceTreeFD, .execDiagFD: ("5", "9")
    case .personality: ("toyos", "xv6")
    case .env: ("A=1", "B=")
    case .bind: ("/a:/b", "/c:/d:ro")
    case .execMask: ("0:0", "1f:2")
    case .execProcs: ("3:0", "4:1")
    case .inject: ("write:error=EIO", "read:retval=0:when=2")
    case .traceFilter: ("open,read", "!write")
    default: ("value", "a b=c")
    }
}

struct RunOptionTableTests {
    @Test func argumentParserDeclaresExactlyTheTable() throws {
        let declared = try declaredArguments()
        var named: [String: [String: Any]] = [:]
        for a in declared where a["kind"] as? String != "positional" {
            let long = try #require(longName(a))
            if long == "help" { continue }   // ArgumentParser's own
            named[long] = a
        }
        #expect(Set(named.keys) == Set(RunOption.allCases.map(\.spec.long)))
        // The fast parser keeps a bit per row in a UInt64.
        #expect(RunOption.allCases.count <= 64)
        for option in RunOption.allCases {
            let spec = option.spec
            let a = try #require(named[spec.long], "--\(spec.long) is in the table but not declared")
            #expect(a["kind"] as? String == (spec.kind == .flag ? "flag" : "option"), "--\(spec.long)")
            #expect((a["isRepeating"] as? Bool ?? false) == (spec.kind == .values), "--\(spec.long)")
            #expect((a["shouldDisplay"] as? Bool ?? true) == (spec.help != nil), "--\(spec.long)")
            #expect(shortName(a) == spec.short.map { String($0) }, "--\(spec.long)")
            #expect((a["parsingStrategy"] as? String == "unconditional") == spec.unconditional, "--\(spec.long)")
            if let help = spec.help { #expect(a["abstract"] as? String == help, "--\(spec.long)") }
            if let valueName = spec.valueName { #expect(a["valueName"] as? String == valueName, "--\(spec.long)") }
        }
        // PROGRAM, then everything after it.
        let positional = declared.filter { $0["kind"] as? String == "positional" }
        #expect(positional.count == 2)
        #expect(positional.last?["parsingStrategy"] as? String == "allRemainingInput")
    }

    /// The plain forms of every row: the fast parser takes them, and ArgumentParser reads them
    /// the same, and differently from the defaults (so RunCommand copies every option).
    @Test func everyRowParsesTheSameBothWays() throws {
        let defaults = Run(program: "prog")
        for option in RunOption.allCases {
            let spec = option.spec
            var lines: [[String]] = []
            switch spec.kind {
            case .flag:
                lines.append(["--" + spec.long, "prog", "x"])
                if let s = spec.short { lines.append(["-" + String(s), "prog"]) }
            case .value:
                let (a, b) = sampleValues(option)
                lines += [["--" + spec.long, a, "prog"], ["--" + spec.long + "=" + b, "prog", "-y"]]
                if let s = spec.short { lines.append(["-" + String(s), a, "prog"]) }
            case .values:
                let (a, b) = sampleValues(option)
                lines += [["--" + spec.long, a, "prog"], ["--" + spec.long, a, "--" + spec.long + "=" + b, "prog"]]
            }
            for line in lines {
                let fast = try #require(RunFastParser.parse(line), "the fast parser does not take \(line)")
                let slow = try RunCommand.parse(line).options
                #expect(fast == slow, "\(line)")
                #expect(fast != defaults, "\(line) parses as the defaults")
            }
        }
    }

    /// What a guest's exec hands the next Burrow (Exec.swift): every kind of option at once.
    @Test func theExecCommandLineParsesTheSameBothWays() throws {
        let line = ["--personality", "toyos", "--root", "/r", "--bind", "/a:/b", "--cwd", "/", "--allow-linux-syscalls",
                    "--no-fast-path", "--syscall-guard", "scan", "--trace", "--trace-file", "/tmp/t%p", "--trace-format",
                    "jsonl", "--trace-strlen", "64", "--trace-filter=open,read", "--trace-failed", "--trace-fd-paths",
                    "--trace-stack", "--summary", "--inject=write:error=EIO", "--inject=read:retval=0", "--trace-fd", "5",
                    "--trace-shared", "--trace-continue", "--trace-summary-fd", "6", "--trace-root", "7",
                    "--trace-tree-fd", "8", "--exec-fds", "0:0,1:1", "--exec-mask", "0:0", "--exec-env",
                    "--exec-procs=3:0", "--exec-diag-fd=9", "--argv0=-sh", "--env", "A=1", "--clear-env", "--max-procs", "12",
                    "--", "/bin/prog", "--help", "-", "--", "a"]
        let fast = try #require(RunFastParser.parse(line))
        #expect(fast == (try RunCommand.parse(line).options))
        #expect(fast.argv0 == "-sh")
        #expect(fast.arguments == ["--help", "-", "--", "a"])
    }

    /// Odd, wrong and help lines: where the fast parser takes one, ArgumentParser reads it the
    /// same; where ArgumentParser refuses one, the fast parser leaves it to ArgumentParser.
    @Test func unusualLinesAgreeOrFallBack() throws {
        var lines: [[String]] = [
            [], ["prog"], ["prog", "a", "-b", "--c", "--help"], ["--", "prog", "x"], ["prog", "--", "x"], ["--", "-prog"],
            ["--"], ["-"], ["-", "x"], ["--help"], ["-h"], ["help"], ["--version"], ["--experimental-dump-help"],
            ["-yk", "prog"], ["-ky", "prog"], ["-y", "-k", "prog"], ["-x", "prog"], ["-s", "prog"], ["-s", "-1", "prog"], ["-s64", "prog"], ["-ys", "8", "prog"], ["--bogus", "prog"], ["--bogus=1", "prog"],
            ["--trace=1", "prog"], ["--trace", "--trace", "prog"], ["--cwd", "a", "--cwd", "b", "prog"],
            ["--max-procs", "-1", "prog"], ["--max-procs", "0", "prog"], ["--max-procs", "x", "prog"],
            ["--max-procs", "99999999999", "prog"], ["--trace-strlen", "-1", "prog"], ["--trace-strlen", "-5x", "prog"],
            ["--syscall-guard", "bogus", "prog"], ["--trace-format", "xml", "prog"], ["--personality", "bogus", "prog"],
            ["--env", "=x", "prog"], ["--env", "novalue", "prog"], ["--env", "-x", "prog"], ["--trace-fd", "x", "prog"],
            ["--argv0", "-sh", "prog"], ["--argv0=", "prog"], ["--argv0="], ["--cwd"], ["--cwd", "--trace", "prog"],
            ["--trace-failed", "--trace-successful", "prog"], ["--inject", "bogus", "prog"], ["--trace-filter", "nope", "prog"],
            ["--max-procs", "--trace", "prog"], ["--trace-strlen", "--", "prog"], ["--trace", "--", "--", "x"],
            ["--root", "/r", "--bind", "/a:/b", "prog"], ["--bind", "/a:/b", "prog"], ["--trace", "prog", "--trace"],
            [""], ["", "x"], ["--trace", ""], ["--", ""], ["--env", "A=1", "--env", "A=2", "prog"], ["--personality", "xv6", "prog"],
        ]
        for option in RunOption.allCases {
            let spec = option.spec
            lines.append(["--" + spec.long])
            lines.append(["--" + spec.long, "--", "prog"])
            lines.append(["--" + spec.long, "-", "prog"])
            lines.append(["--" + spec.long + "=", "prog"])
            lines.append(["--" + spec.long + "=-1", "prog"])
            lines.append(["--" + spec.long, "-1", "prog"])
            lines.append(["--" + spec.long, "", "prog"])
        }
        var taken = 0
        for line in lines {
            let slow = try? RunCommand.parse(line).options
            guard let fast = RunFastParser.parse(line) else { continue }
            taken += 1
            #expect(slow != nil, "the fast parser takes \(line), ArgumentParser refuses it")
            #expect(fast == slow, "\(line)")
        }
        #expect(taken > 10)
    }
}
