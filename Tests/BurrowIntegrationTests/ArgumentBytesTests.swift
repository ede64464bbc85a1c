// What `burrow run` hands the guest from its own command line and environment: the exact bytes
// (as Linux's execve gives a program), also those that are not UTF-8, and every word after PROGRAM
// verbatim, whatever it looks like. (exec inside the guest: foreign-binaries/tests/exec_bytes.c.)
// The bytes are made by a shell's printf (Foundation's Process takes Swift strings, which cannot
// hold them), and the output is read through od, as hexadecimal.
import Foundation
import Testing

@Suite struct ArgumentBytesTests {
    /// Runs `script` with sh; $B is burrow, $T the ToyOS programs, $X the xv6 ones. Returns the
    /// outcome with stdout as od's hexadecimal bytes, single-spaced ("ad 0a").
    func hex(_ script: String, environment: [String: String]? = nil) throws -> Outcome {
        let toy = Repo.root.appendingPathComponent("foreign-binaries/build/toyos").path
        let xv6 = Repo.root.appendingPathComponent("foreign-binaries/build/xv6").path
        var o = try run("/bin/sh", ["-c", "(\(script)) | od -An -tx1", "sh", Repo.burrow, toy, xv6],
                        environment: environment)
        o.stdout = o.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        return o
    }

    static let prelude = "B=$1 T=$2 X=$3; "

    @Test func argumentsThatAreNotUTF8() throws {
        // \255 alone, \377\376, a valid UTF-8 ö, an encoded surrogate.
        let o = try hex(Self.prelude + #""$B" run "$T/echo" "$(printf '\255')" "$(printf '\377\376')" "$(printf 'w\303\266')" "$(printf '\355\240\200')""#)
        #expect(o.status == 0 && o.stderr.isEmpty, "\(o)")
        #expect(o.stdout == "ad 20 ff fe 20 77 c3 b6 20 ed a0 80 0a", "\(o)")
    }

    @Test func environmentThatIsNotUTF8() throws {
        // From the host's environment, from --env, and a variable whose name is not UTF-8.
        let o = try hex(Self.prelude + #"""
            X=$(printf '\255') "$B" run --env "Y=$(printf '\376\200')" "$T/printenv" X Y
            env "$(printf '\377')=v" "$B" run "$T/printenv" | grep -a '=v$'
            """#)
        #expect(o.status == 0 && o.stderr.isEmpty, "\(o)")
        #expect(o.stdout == "ad 0a fe 80 0a ff 3d 76 0a", "\(o)")
    }

    /// --argv0 and binfmt_misc's ARGV0 (burrow started as burrow-binfmt) are bytes too, and the
    /// guest's /proc/self/cmdline shows them.
    @Test func argv0ThatIsNotUTF8() throws {
        let dir = try temporaryDirectory("argv0-bytes")
        defer { cleanup(dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/burrow-binfmt", withDestinationPath: Repo.burrow)
        let o = try hex(Self.prelude + #"""
            "$B" run --argv0 "$(printf '\255')" "$T/cat" /proc/self/cmdline
            "$B" run "--argv0=$(printf '\376')" "$T/cat" /proc/self/cmdline
            "\#(dir)/burrow-binfmt" "$T/cat" "$(printf '\377')" /proc/self/cmdline
            """#)
        #expect(o.status == 0 && o.stderr.isEmpty, "\(o)")
        let cmdline = "2f 70 72 6f 63 2f 73 65 6c 66 2f 63 6d 64 6c 69 6e 65 00"   // /proc/self/cmdline
        #expect(o.stdout == "ad 00 \(cmdline) fe 00 \(cmdline) ff 00 \(cmdline)", "\(o)")
    }

    @Test func xv6ArgumentsThatAreNotUTF8() throws {
        let o = try hex(Self.prelude + #""$B" run --personality xv6 "$X/echoargs" "$(printf '\255')" "$(printf '\377')""#)
        #expect(o.status == 0 && o.stderr.isEmpty, "\(o)")
        #expect(o.stdout == "ad 20 ff 0a", "\(o)")
    }

    /// Everything after PROGRAM is the program's, as for env, strace or qemu-user: words that look
    /// like options (of burrow's or not) and "--" included.
    @Test func everythingAfterProgramIsTheProgramsOwn() throws {
        let words = ["---debug", "-x", "--help", "--", "--env", "A=1", "--trace", "-y", "--version", "-h"]
        // A repeated flag: a command line the fast parser leaves to ArgumentParser (RunFastParser.swift).
        for options in [[], ["--"], ["--env", "Z=1"], ["--no-fast-path", "--no-fast-path"]] {
            let o = try burrow(["run"] + options + [Repo.toy("echo")] + words)
            #expect(o.status == 0 && o.stdout == words.joined(separator: " ") + "\n", "\(options): \(o)")
        }
    }
}
