// Everything after PROGRAM is the program's, verbatim, whatever it looks like ("---debug", "-x",
// "--help", "--"), as for env, strace or qemu-user. The fast parser (RunFastParser.swift) stops at
// PROGRAM by itself; ArgumentParser's passthrough capture does not quite (it refuses "---debug"
// after PROGRAM as an invalid option of its own), so a command line left to ArgumentParser is cut
// after PROGRAM first, with the same option table, and the rest becomes the program's arguments.
import ArgumentParser

enum RunProgramWords {
    /// The index of PROGRAM in `words` (what follows `run`), found with the option table; nil when
    /// there is none. A word the table does not know ("--bogus", "--help") is passed over as a
    /// flag: ArgumentParser, reading the words up to PROGRAM, then says what is wrong with it.
    static func programIndex(_ words: ArraySlice<String>) -> Int? {
        var i = words.startIndex
        while i < words.endIndex {
            let word = words[i]
            if word == "--" { return i + 1 < words.endIndex ? i + 1 : nil }
            if !word.hasPrefix("-") || word == "-" { return i }
            // `--NAME VALUE` and `-s VALUE` (also last in a cluster, "-ys 8") skip their value;
            // `--NAME=VALUE`, flags and short flags ("-yk") do not.
            let o = word.hasPrefix("--") ? RunOption.named(long: word.dropFirst(2)) : RunOption.named(short: word.last!)
            if let o, o.spec.kind != .flag { words.formIndex(after: &i) }
            words.formIndex(after: &i)
        }
        return nil
    }

    /// ArgumentParser's reading of the command line `argv` (argv[0] included); for `run`, of the
    /// words up to PROGRAM, and the rest is set as the program's arguments.
    static func parseAsRoot(_ argv: [String]) throws -> ParsableCommand {
        guard argv.count > 2, argv[1] == "run", let p = programIndex(argv[2...]) else { return try Burrow.parseAsRoot() }
        let command = try Burrow.parseAsRoot(Array(argv[1...p]))
        guard var run = command as? RunCommand else { return command }
        run.arguments = Array(argv[(p + 1)...])
        return run
    }
}
