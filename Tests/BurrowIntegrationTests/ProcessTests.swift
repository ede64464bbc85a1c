// Processes and signals seen from the host: exec of a file that is no ToyOS program fails and the
// caller carries on; a guest's exec keeps its pid and descriptors and appends to the same trace;
// a guest killed or stopped by a signal makes Burrow end or stop the same way, so the host parent
// (a shell) sees what it would see for the native twin. The conformance suite
// (foreign-binaries/tests: fork_wait, exec, sigaction, ...) checks the calls themselves.
import Foundation
import Testing

@Suite struct ProcessTests {
    @Test func execOfALinuxProgramFailsWithENOEXEC() throws {
        let o = try burrow(["run", Repo.toy("guests/exec-path"), "/bin/true"])
        #expect(o.status == 1, "\(o)")
        #expect(o.stdout == "exec: Exec format error\n")
        #expect(!o.stderr.contains("internal error"))
    }

    /// The ToyOS sh, handed a Linux program (execvp runs a file exec refused as a script of sh, as
    /// glibc's does), says it cannot execute a binary file, as bash does, instead of "ELF: not found".
    @Test func theToyOSShellRefusesABinaryFileAsAScript() throws {
        let env = ProcessInfo.processInfo.environment.merging(["PATH": (Repo.toy("sh") as NSString).deletingLastPathComponent]) { $1 }
        let o = try burrow(["run", Repo.toy("sh"), "-c", "/bin/true; echo status $?"], environment: env)
        #expect(o.stdout == "status 126\n", "\(o)")
        #expect(o.stderr == "sh: /bin/true: cannot execute binary file\n", "\(o)")
    }

    @Test func execRunsAnotherToyOSProgramInTheSameProcess() throws {
        let dir = try temporaryDirectory("exec")
        defer { cleanup(dir) }
        let trace = dir + "/t.txt"
        let o = try burrow(["run", "--trace-file", trace, Repo.toy("guests/exec-path"), Repo.toy("echo"), "from", "echo"])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "from echo\n")
        // One trace file for both images: the exec, then echo's own calls, all with one pid.
        let text = try String(contentsOfFile: trace, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.contains("exec(\"\(Repo.toy("echo"))\"") }, "\(text)")
        #expect(lines.contains { $0.contains("write(1, \"from echo\\n\"") }, "\(text)")
        let pids = Set(lines.compactMap { $0.split(separator: "]").first })
        #expect(pids.count == 1, "\(pids)")
    }

    /// The native twin's death by a signal is what a shell sees: Burrow dies by the same signal,
    /// also when the signal arrives while the guest waits for a child (the interruptible wait4).
    @Test func aGuestKilledWhileItWaitsDiesBySameSignal() throws {
        let o = try burrow(["run", Repo.toy("guests/wait-child")], timeout: 60) { p in
            // Until Burrow blocks in the host's wait4 (61, first field of /proc/PID/syscall).
            let deadline = Date().addingTimeInterval(50)
            while Date() < deadline {
                if let s = try? String(contentsOfFile: "/proc/\(p.processIdentifier)/syscall", encoding: .utf8), s.hasPrefix("61 ") { break }
                usleep(10_000)
            }
            kill(p.processIdentifier, SIGTERM)
        }
        #expect(o.signal == SIGTERM && !o.timedOut, "\(o)")
        #expect(o.stdout == "waiting\n", "\(o)")
    }
}
