// Everything after PROGRAM is the program's (RunProgramWords.swift): the command lines burrow leaves
// to ArgumentParser are cut after PROGRAM, so words such as "---debug", which ArgumentParser alone
// refuses after PROGRAM, reach the program as they are, and both parsers agree.
import ArgumentParser
import Testing
@testable import BurrowCLI

struct RunProgramWordsTests {
    @Test func programIndexByTheTable() {
        func index(_ words: [String]) -> Int? { RunProgramWords.programIndex(words[...]) }
        #expect(index(["prog", "---debug"]) == 0)
        #expect(index(["--cwd", "/d", "-yk", "--env=A=1", "prog", "x"]) == 4)
        #expect(index(["--max-procs", "-1", "prog"]) == 2)
        #expect(index(["--", "-prog", "--"]) == 1)
        #expect(index(["--trace", "--", "--", "x"]) == 2)
        // A short option with a value (-s N), alone or last in a cluster, skips its value.
        #expect(index(["-s", "64", "-yk", "prog"]) == 3)
        #expect(index(["-ys", "8", "prog"]) == 2)
        // Unknown to the table: passed over, for ArgumentParser to refuse by name.
        #expect(index(["--bogus", "prog"]) == 1)
        #expect(index(["--help"]) == nil)
        #expect(index(["--cwd"]) == nil)
        #expect(index([]) == nil)
    }

    /// Lines with words after PROGRAM that look like options: the fast parser and the
    /// ArgumentParser path give the same result, the program's arguments exactly the words after it.
    @Test func wordsAfterProgramBothWays() throws {
        let tails: [[String]] = [["---debug"], ["-x", "--help", "-h", "--version"], ["--", "--"], ["--env", "-x", "--trace"], [""]]
        for tail in tails {
            for head in [["prog"], ["--", "prog"], ["--env", "A=1", "--no-fast-path", "prog"]] {
                let line = head + tail
                let fast = try #require(RunFastParser.parse(line), "\(line)")
                let slow = try #require(try RunProgramWords.parseAsRoot(["burrow", "run"] + line) as? RunCommand, "\(line)").options
                #expect(fast == slow, "\(line)")
                #expect(slow.arguments == tail, "\(line)")
            }
            // A repeated flag: the fast parser leaves the line to ArgumentParser.
            let line = ["--trace", "--trace", "prog"] + tail
            #expect(RunFastParser.parse(line) == nil)
            let slow = try #require(try RunProgramWords.parseAsRoot(["burrow", "run"] + line) as? RunCommand, "\(line)").options
            #expect(slow.program == "prog" && slow.arguments == tail && slow.tracing.trace, "\(line)")
            // The same with a short option's value before it (-s 64): not taken for PROGRAM.
            let short = ["-s", "64", "-yk", "prog"] + tail
            #expect(RunFastParser.parse(short) == nil)
            let s = try #require(try RunProgramWords.parseAsRoot(["burrow", "run"] + short) as? RunCommand, "\(short)").options
            #expect(s.program == "prog" && s.arguments == tail && s.tracing.traceStrlen == 64, "\(short)")
        }
    }

    /// Mistakes before PROGRAM are still ArgumentParser's to report.
    @Test func errorsBeforeProgramStillRefused() {
        for line in [["--bogus", "prog", "---debug"], ["--max-procs", "x", "prog", "-x"], ["--cwd"]] {
            #expect(throws: (any Error).self, "\(line)") { try RunProgramWords.parseAsRoot(["burrow", "run"] + line) }
        }
    }
}
