// The trap path seen from outside, with real ToyOS programs under `burrow`: signals are never lost
// (storms, SIGTERM at any moment), guest state that must not leak into Burrow (RFLAGS.AC, 32-bit
// mode after sysenter), prefixed system-call instructions, and guest memory that faults although
// it is mapped. The windows themselves are tested instruction by instruction by
// burrow-runtime-check (`make runtime-check`).
import Foundation
import Testing

@Suite struct TrapPathTests {
    /// 100,000 signals the guest ignores (SIGWINCH), sent while it spins without system calls or
    /// makes them all the time, then SIGTERM: Burrow survives the storm and dies by SIGTERM.
    @Test(arguments: ["guests/spin", "guests/calls"])
    func signalStormThenSIGTERM(program: String) throws {
        var stormed = 0
        let o = try burrow(["run", Repo.toy(program)], timeout: 120) { p in
            usleep(200_000)
            while stormed < 100_000 && p.isRunning {
                kill(p.processIdentifier, SIGWINCH)
                stormed += 1
            }
            kill(p.processIdentifier, SIGTERM)
        }
        #expect(stormed == 100_000, "Burrow ended during the storm: \(o)")
        #expect(o.signal == SIGTERM, "\(o)")
        #expect(!o.timedOut, "SIGTERM after the storm was lost")
        #expect(!o.stderr.contains("internal error"), "\(o)")
    }

    /// SIGTERM at a different moment of start-up and running each time (0 to 30 ms after the
    /// start, wherever Burrow is then): always death by SIGTERM, never a hang.
    @Test func sigtermAtAnyMomentEndsASpinningGuest() throws {
        var generator = SplitMix(seed: 0x51_6E_7E)
        for _ in 0..<12 {
            let delay = UInt32(generator.next() % 30_000)
            let o = try burrow(["run", Repo.toy("guests/spin")], timeout: 60) { p in
                usleep(delay)
                kill(p.processIdentifier, SIGTERM)
            }
            #expect(o.signal == SIGTERM && !o.timedOut, "SIGTERM after \(delay) µs: \(o)")
        }
    }

    /// A guest that sets RFLAGS.AC and makes system calls: no SIGBUS inside Burrow, and the guest
    /// keeps its AC across every call (docs/abi.md section 3.4).
    @Test func alignmentCheckFlagAtACall() throws {
        let o = try burrow(["run", Repo.toy("guests/ac-flag")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "AC kept across 100 calls\n")
        #expect(o.stderr.isEmpty, "\(o)")
    }

    /// sysenter is a foreign system-call instruction on every CPU: SIGSYS with a report (the
    /// instruction's address where the CPU gives it), never an internal error.
    @Test func sysenterIsAForeignSystemCall() throws {
        let o = try burrow(["run", Repo.toy("guests/sysenter")])
        #expect(o.signal == SIGSYS, "\(o)")
        #expect(o.stdout == "about to execute sysenter\n")
        #expect(o.stderr.contains("sysenter"), "\(o)")
        #expect(o.stderr.contains("ToyOS programs use int 0x81"))
        #expect(!o.stderr.contains("internal error"))
    }

    /// int 0x81 with prefixes resumes after the whole instruction.
    @Test func prefixedSystemCallInstruction() throws {
        let o = try burrow(["run", Repo.toy("guests/prefixed-call")])
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "same\n")
    }

    /// Pages of a file mapping past the end of the file: EFAULT for every call (the conformance test
    /// checks that), and the tracer, which reads the same strings and arrays to print them, does not
    /// die either.
    @Test func faultingFileMappingsUnderTheTracer() throws {
        let o = try burrow(["run", "--trace", Repo.toy("tests/map_past_eof")])
        #expect(o.status == 0, "\(o)")
        #expect(!o.stdout.contains("not ok"), "\(o)")
        #expect(o.stderr.contains("EFAULT"))
        #expect(!o.stderr.contains("internal error"))
    }
}
