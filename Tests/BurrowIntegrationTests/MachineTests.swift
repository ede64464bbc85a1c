// The ToyOS machine (docs/abi.md section 7) end to end: the programs of foreign-binaries/machine
// against their golden outputs, what their traces show, the interrupt flag against signals from
// outside, and hlt when nothing can wake the guest. Never asserts on time (the RTC is compared
// with the host's clock within a tolerance, the scheduler's rate is only reported).
import BurrowABI
import Foundation
import Testing

@Suite struct MachineTests {
    static let root = Repo.root.appendingPathComponent("foreign-binaries/machine").path

    /// What hypercall 0 answers: major << 16 | minor, in hex.
    static let abiVersion = "0x" + String(UInt64(ToyOS.abiMajor) << 16 | UInt64(ToyOS.abiMinor), radix: 16)

    static func golden(_ name: String) throws -> String {
        try String(contentsOfFile: root + "/\(name).golden", encoding: .utf8)
    }

    @Test(arguments: ["uart-rtc", "ports", "ifflag", "sched", "batch", "uart-echo", "uart-spin"])
    func programPrintsItsGoldenOutput(name: String) throws {
        let stdin = (try? String(contentsOfFile: Self.root + "/\(name).stdin", encoding: .utf8)) ?? ""
        let o = try burrow(["run", Repo.toy("machine/\(name)")], stdin: stdin, timeout: 60)
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == (try Self.golden(name)), "\(o)")
        #expect(!o.stderr.contains("internal error"))
    }

    /// Input that arrives while the program spins without ever trapping still raises the UART's
    /// interrupt (a host signal from an O_ASYNC description of Burrow's own). The input is written
    /// once the program has started; had it not enabled the interrupt yet, enabling it raises the
    /// line at once: the expected output is the same either way.
    @Test func receiveInterruptReachesASpinningGuest() throws {
        let o = try burrow(["run", Repo.toy("machine/uart-spin")], stdin: "late\nq", timeout: 20) { _ in usleep(300_000) }
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "uart-spin: spinning\nLATE\nuart-spin: bye\n", "\(o)")
    }

    /// The UART program prints with port I/O, not write calls; the RTC is read with ports, not
    /// clock_gettime, and agrees with the host's UTC clock within 2 s; hlt then ends it.
    @Test func uartAndClockThroughPortsOnly() throws {
        let dir = try temporaryDirectory("machine-uart")
        defer { cleanup(dir) }
        let before = Date()
        let o = try burrow(["run", "--trace-file", dir + "/t.txt", Repo.toy("machine/uart-rtc")])
        let after = Date()
        #expect(o.status == 0, "\(o)")
        let trace = try String(contentsOfFile: dir + "/t.txt", encoding: .utf8)
        #expect(trace.contains("outb(0x3f8, 0x75)"))
        #expect(trace.contains("inb(0x3fd) = 0x60"))
        #expect(trace.contains("inb(0x71) = "))
        #expect(!trace.contains(" write("), "\(trace)")
        #expect(!trace.contains("clock_gettime"))
        #expect(trace.contains(" hlt\n"))
        #expect(trace.contains("halted: nothing can raise an interrupt"))
        // "rtc YYYY-MM-DD HH:MM:SS" on the debug console (Burrow's standard error).
        let line = try #require(o.stderr.split(separator: "\n").first { $0.hasPrefix("rtc ") })
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let rtc = try #require(f.date(from: String(line.dropFirst(4))), "\(line)")
        #expect(rtc.timeIntervalSince(before) >= -2 && rtc.timeIntervalSince(after) <= 2, "\(line) vs \(before)...\(after)")
    }

    @Test func summaryCountsPortIO() throws {
        let o = try burrow(["run", "--summary", Repo.toy("machine/uart-rtc")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stderr.contains("machine event"))
        #expect(o.stderr.contains(" outb 0x3f8\n"))
        #expect(o.stderr.contains(" inb 0x3fd\n"))
        #expect(o.stderr.contains("       1 hlt\n"))
    }

    /// The scheduler's ticks are interrupts in the trace, in JSON Lines too; each hypercall of the
    /// batch program is one event, its entries are traced as the calls they are.
    @Test func interruptsAndHypercallsInTheTrace() throws {
        let dir = try temporaryDirectory("machine-trace")
        defer { cleanup(dir) }
        let s = try burrow(["run", "--trace-file", dir + "/s.jsonl", "--trace-format", "jsonl", Repo.toy("machine/sched")], timeout: 60)
        #expect(s.status == 0, "\(s)")
        let events = try String(contentsOfFile: dir + "/s.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let machine = events.filter { $0["type"] as? String == "machine" }
        #expect(machine.contains { $0["kind"] as? String == "irq" && $0["event"] as? String == "irq timer" })
        #expect(machine.contains { $0["kind"] as? String == "privileged" && $0["event"] as? String == "cli" })
        #expect(machine.contains { $0["kind"] as? String == "port" && $0["event"] as? String == "outb(0x43, 0x34)" })

        let b = try burrow(["run", "--trace-file", dir + "/b.txt", Repo.toy("machine/batch")])
        #expect(b.status == 0, "\(b)")
        let trace = try String(contentsOfFile: dir + "/b.txt", encoding: .utf8)
        #expect(trace.contains("hypercall batch(n=16) = 16\n"))
        #expect(trace.contains("hypercall batch(n=3) = 2\n"))
        #expect(trace.contains("hypercall batch(n=1025) = -1 EINVAL\n"))
        #expect(trace.components(separatedBy: "write(1, \"batched line ").count - 1 == 16)
    }

    /// A batch's entries are calls as the trap's are (docs/abi.md 7.4): --inject reaches them, in
    /// the same count per call, and the trace marks them. The second write of the first batch
    /// fails with the injected EIO, so the batch stops after it (2 ran), and the first line alone
    /// is written.
    @Test func injectionReachesBatchEntries() throws {
        let dir = try temporaryDirectory("machine-inject")
        defer { cleanup(dir) }
        let o = try burrow(["run", "--inject", "write:error=EIO:when=2", "--trace-file", dir + "/t.txt", Repo.toy("machine/batch")])
        #expect(o.stdout.hasPrefix("batched line 0\nbatch of 16: ran 2 (error 0), "), "\(o)")
        #expect(!o.stdout.contains("batched line 1\n"), "\(o)")
        let trace = try String(contentsOfFile: dir + "/t.txt", encoding: .utf8)
        #expect(trace.contains("write(1, \"batched line 1\\n\", 15) = -1 EIO (Input/output error) (INJECTED) <"), "\(trace)")
        #expect(trace.contains("hypercall batch(n=16) = 2\n"), "\(trace)")
    }

    /// The batch gives what the same calls give one by one: the same bytes written, in order.
    @Test func batchWritesWhatSingleCallsWrite() throws {
        let o = try burrow(["run", Repo.toy("machine/batchbench"), "300", "7"])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout.hasPrefix("calls 300 batch 7 "), "\(o)")
    }

    /// cli: a signal whose default action ends the program still ends it (like an NMI). (That a
    /// caught one stays pending is machine/ifflag's part: it sends it to itself, no race.)
    /// The signal is sent once the guest said (after its cli) that it spins: never earlier, however
    /// slowly it starts on a loaded machine.
    @Test(arguments: [SIGTERM, SIGINT])
    func defaultTerminatingSignalsEndAGuestWithInterruptsOff(sig: Int32) throws {
        let (p, inPipe, outPipe) = try startGuest("guests/cli-spin")
        defer { try? inPipe.fileHandleForWriting.close() }
        // A bound, not a time assertion: a guest that never prints is killed after 60 s.
        let watchdog = DispatchWorkItem { kill(p.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        var seen = Data()
        let line = Data("spinning with interrupts off\n".utf8)
        // availableData blocks until output comes; the guest spins forever once it has printed.
        while seen.count < line.count {
            let d = outPipe.fileHandleForReading.availableData
            if d.isEmpty { break }
            seen += d
        }
        kill(p.processIdentifier, sig)
        p.waitUntilExit()
        watchdog.cancel()
        #expect(seen == line)
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == sig, "\(p.terminationReason) \(p.terminationStatus)")
    }

    /// A fault with the flag clear ends the guest even though it installed a handler.
    @Test func faultWithInterruptsOffEndsTheGuest() throws {
        let o = try burrow(["run", Repo.toy("guests/cli-fault")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stdout == "faulting with interrupts off\n")
        #expect(o.stderr.contains("fault address 0x0000000000000008"), "\(o)")
    }

    /// A forked child gets devices of its own: it must not keep the parent's duplicates of Burrow's
    /// standard output (or input), or a reader waits for that child to end. The child here closes its
    /// stdout and waits for its stdin, which the test closes only after stdout's end (or a 60 s bound).
    @Test func aForkedChildDoesNotKeepTheDevicesDescriptors() throws {
        let (p, inPipe, outPipe) = try startGuest("guests/fork-devices")
        let ended = DispatchSemaphore(value: 0)
        let box = OutputBox()
        DispatchQueue.global().async {
            box.data = outPipe.fileHandleForReading.readDataToEndOfFile()
            ended.signal()
        }
        let sawEnd = ended.wait(timeout: .now() + 60) == .success
        try? inPipe.fileHandleForWriting.close()   // the child ends now
        if !sawEnd { ended.wait() }
        p.waitUntilExit()
        #expect(sawEnd, "stdout stayed open after the parent exited")
        #expect(String(decoding: box.data, as: UTF8.self) == "parent done (lsr 0x60)\n")
    }

    /// hlt with nothing that can wake it ends the guest with status 0; with an interrupt-driven
    /// reader on a terminal-less stdin at its end, the same.
    /// The UART is on the descriptors Burrow was started with (docs/abi.md 7.3), although the
    /// devices are created at the first port access: a guest that replaced its descriptors 0 and 1
    /// by files before still reads Burrow's standard input and writes its standard output.
    @Test func uartUsesTheDescriptorsBurrowStartedWith() throws {
        let dir = try temporaryDirectory("uart-startup")
        defer { cleanup(dir) }
        try "from the file\n".write(toFile: dir + "/in", atomically: true, encoding: .utf8)
        let o = try burrow(["run", Repo.toy("guests/uart-startup"), dir + "/in", dir + "/out"], stdin: "from stdin\n", timeout: 60)
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "uart: from stdin\n", "\(o)")
        #expect((try? String(contentsOfFile: dir + "/out", encoding: .utf8)) == "guest stdout\n")
    }

    @Test func haltWithNothingToWaitForEndsTheGuest() throws {
        let o = try burrow(["run", Repo.toy("machine/uart-echo")], stdin: "ab")
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "uart-echo: type; q ends\nAB")
    }

    /// vmcall is still a hypercall where it traps (here, AMD under KVM); where the hypervisor
    /// answers it (Intel under KVM) the guest sees -1, which Burrow cannot change.
    @Test func vmcallIsAHypercallWhereItTraps() throws {
        let o = try burrow(["run", Repo.toy("guests/vmcall")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "vmcall: \(Self.abiVersion)\n" || o.stdout == "vmcall: 0xffffffffffffffff\n", "\(o)")
    }

    /// String I/O into unmapped memory: a SIGSEGV report at the bad address, never an internal error.
    @Test func stringIOIntoABadAddressFaults() throws {
        let o = try burrow(["run", Repo.toy("guests/string-io-fault")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stdout == "before\n")
        #expect(o.stderr.contains("string port I/O"), "\(o)")
        #expect(o.stderr.contains("fault address 0x0000000000000010"), "\(o)")
        #expect(!o.stderr.contains("internal error"))
    }

    /// int 0x82 traps here (AMD EPYC under KVM: a #GP with error code 0x412, like int 0x81's);
    /// hypercalls answer, console_write and rep outsb reach the debug console.
    @Test func hypercallInstructionTrapsOnThisMachine() throws {
        let o = try burrow(["run", Repo.toy("machine/ports")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout.contains("hypercall query \(Self.abiVersion)"))
        #expect(o.stderr.contains("console line\n"))
        #expect(o.stderr.contains("outsb line\n"))
    }
}

/// Burrow running the ToyOS program `name` with pipes for its standard input and output (standard
/// error discarded), for the tests that act while the guest runs.
private func startGuest(_ name: String) throws -> (Process, stdin: Pipe, stdout: Pipe) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Repo.burrow)
    p.arguments = ["run", Repo.toy(name)]
    var env = ProcessInfo.processInfo.environment
    env["SWIFT_BACKTRACE"] = "enable=no"
    p.environment = env
    let inPipe = Pipe(), outPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    p.standardError = FileHandle.nullDevice
    try p.run()
    return (p, inPipe, outPipe)
}

private final class OutputBox: @unchecked Sendable { var data = Data() }
