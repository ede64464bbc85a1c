// Job control in the ToyOS shell (foreign-binaries/programs/sh) on a real terminal: `script`
// (util-linux) gives it a pseudo-terminal, and the test types at it. Ctrl-C ends the foreground
// job and not the shell; Ctrl-Z stops it and `fg` brings it back into the foreground. Each step
// waits for what it needs to see (the process, its state, the prompt) with a generous bound, never
// for a fixed time.
import Foundation
import Glibc
import Testing

private final class Terminal: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private let lock = NSLock()
    private var text = ""

    init(_ command: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        env["PS1"] = "$ "
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        ignoreSIGPIPE
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let d = handle.availableData
                if d.isEmpty { break }
                lock.lock(); text += String(decoding: d, as: UTF8.self); lock.unlock()
            }
        }
    }

    var seen: String { lock.lock(); defer { lock.unlock() }; return text }

    func type(_ s: String) { try? input.fileHandleForWriting.write(contentsOf: Data(s.utf8)) }

    /// Waits until `condition` holds (at most `limit` seconds); whether it did.
    func wait(_ limit: TimeInterval = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    func finish() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// The pid of the process running `toy/sleep SECONDS` (a distinctive number), its state letter,
/// and whether it is in the terminal's foreground process group.
private func sleeper(_ seconds: String) -> (pid: Int32, state: Character, foreground: Bool)? {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
    for name in entries {
        guard let pid = Int32(name),
              let cmd = try? String(contentsOfFile: "/proc/\(name)/cmdline", encoding: .utf8),
              cmd.contains(Repo.toy("sleep")), cmd.hasSuffix("\0\(seconds)\0"),
              let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        // After "(comm)": state ppid pgrp session tty_nr tpgid
        let f = stat[stat.index(after: close)...].split(separator: " ")
        guard f.count > 5, let state = f[0].first else { continue }
        return (pid, state, f[2] == f[5])
    }
    return nil
}

/// The process running `machine/uart-echo`: its state letter, whether it is in the terminal's
/// foreground process group, and whether its terminal (its standard input, the pseudo-terminal) is
/// in raw mode (no ICANON, no ECHO) or cooked (both), nil for neither.
private func uartEcho() -> (state: Character, foreground: Bool, raw: Bool?)? {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
    for name in entries {
        guard Int32(name) != nil,
              let cmd = try? String(contentsOfFile: "/proc/\(name)/cmdline", encoding: .utf8),
              cmd.hasSuffix(Repo.toy("machine/uart-echo") + "\0"),
              let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")"),
              let tty = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(name)/fd/0") else { continue }
        let f = stat[stat.index(after: close)...].split(separator: " ")
        guard f.count > 5, let state = f[0].first else { continue }
        let fd = open(tty, O_RDONLY | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { continue }
        defer { _ = Glibc.close(fd) }
        var t = termios()
        guard tcgetattr(fd, &t) == 0 else { continue }
        let modes = t.c_lflag & tcflag_t(ICANON | ECHO)
        return (state, f[2] == f[5], modes == 0 ? true : modes == tcflag_t(ICANON | ECHO) ? false : nil)
    }
    return nil
}

@Suite struct JobControlTests {
    /// With the UART's receive interrupt on, the terminal is raw while the guest runs: Burrow gives it
    /// back (cooked) when Ctrl-Z stops the job, and takes it again (raw) when `fg` continues it.
    @Test func rawTerminalIsGivenBackAcrossCtrlZAndFg() throws {
        let t = try Terminal("\(Repo.burrow) run \(Repo.toy("sh"))")
        defer { t.finish() }
        #expect(t.wait { t.seen.contains("$ ") }, "no prompt: \(t.seen)")
        t.type(Repo.toy("machine/uart-echo") + "\n")
        #expect(t.wait { uartEcho().map { $0.foreground && $0.raw == true } == true }, "never raw in the foreground: \(t.seen)")
        t.type("\u{1a}")
        #expect(t.wait { uartEcho().map { $0.state == "T" && $0.raw == false } == true && t.seen.contains("Stopped") },
                "stopped without giving the terminal back: \(String(describing: uartEcho())) \(t.seen)")
        t.type("fg\n")
        #expect(t.wait { uartEcho().map { $0.state != "T" && $0.foreground && $0.raw == true } == true },
                "fg did not make the terminal raw again: \(String(describing: uartEcho())) \(t.seen)")
        t.type("ab")
        #expect(t.wait { t.seen.contains("AB") }, "no echo after fg: \(t.seen)")
        t.type("q")
        // The shell's next prompt first: a line typed ahead of it is echoed by the cooked terminal
        // on a line of its own, and the prompt then stands before "done" (seen on a loaded machine).
        #expect(t.wait { uartEcho() == nil && t.seen.contains("uart-echo: bye")
                         && t.seen.components(separatedBy: "uart-echo: bye").last?.contains("$ ") == true },
                "no prompt after the job: \(t.seen)")
        t.type("echo do\"\"ne\n")
        #expect(t.wait { t.seen.contains("\r\ndone\r\n") }, "the terminal is not cooked again: \(t.seen)")
        t.type("exit 0\n")
        #expect(t.wait { !t.process.isRunning }, "the shell did not exit: \(t.seen)")
        #expect(!t.seen.contains("internal error"))
    }


    @Test func ctrlCEndsTheJobCtrlZStopsItFgResumesIt() throws {
        let t = try Terminal("\(Repo.burrow) run \(Repo.toy("sh"))")
        defer { t.finish() }
        #expect(t.wait { t.seen.contains("$ ") }, "no prompt: \(t.seen)")

        // Ctrl-C: the foreground sleep ends, the shell stays.
        t.type("sleep 9871\n")
        #expect(t.wait { sleeper("9871")?.foreground == true }, "sleep never ran in the foreground: \(t.seen)")
        t.type("\u{03}")
        #expect(t.wait { sleeper("9871") == nil }, "Ctrl-C did not end sleep: \(t.seen)")
        t.type("echo still-here\n")
        #expect(t.wait { t.seen.contains("still-here\r\n") }, "the shell did not survive Ctrl-C: \(t.seen)")

        // Ctrl-Z stops it; jobs lists it; fg puts it back in the foreground, running.
        t.type("sleep 9872\n")
        #expect(t.wait { sleeper("9872")?.foreground == true }, "\(t.seen)")
        t.type("\u{1a}")
        #expect(t.wait { sleeper("9872")?.state == "T" && t.seen.contains("Stopped") }, "Ctrl-Z did not stop sleep: \(t.seen)")
        t.type("jobs\n")
        #expect(t.wait { t.seen.components(separatedBy: "Stopped").count > 2 }, "\(t.seen)")
        t.type("fg\n")
        #expect(t.wait { sleeper("9872").map { $0.state != "T" && $0.foreground } == true }, "fg did not resume it: \(t.seen)")
        t.type("\u{03}")
        #expect(t.wait { sleeper("9872") == nil }, "\(t.seen)")
        t.type("exit 0\n")
        #expect(t.wait { !t.process.isRunning }, "the shell did not exit: \(t.seen)")
        #expect(!t.seen.contains("internal error"))
    }
}
