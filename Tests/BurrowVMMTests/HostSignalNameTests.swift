// How Burrow names host signals in traces, crash reports and `burrow test`: glibc's abbreviations,
// and the real-time signals as strace names them (glibc has no abbreviation for those).
import BurrowVMM
import Glibc
import Testing

@Suite struct HostSignalNameTests {
    @Test func namesFollowStrace() {
        #expect(HostSignals.name(SIGSEGV) == "SIGSEGV")
        #expect(HostSignals.name(SIGPWR) == "SIGPWR")
        #expect(HostSignals.name(SIGXFSZ) == "SIGXFSZ")
        #expect(HostSignals.name(32) == "SIGRTMIN")
        #expect(HostSignals.name(34) == "SIGRT_2")   // glibc's SIGRTMIN
        #expect(HostSignals.name(39) == "SIGRT_7")
        #expect(HostSignals.name(64) == "SIGRT_32")
        #expect(HostSignals.name(SIGIO) == "SIGIO")
        #expect(HostSignals.name(65) == "signal 65")
    }
}

/// Frames of a backtrace (crash reports, `-k`): a return address is looked up one byte earlier,
/// unless that byte lies in no function: a handler's return address is the signal restorer's first
/// byte, after another function's padding (it showed as that function, "__stack_chk_fail+0x20").
@Suite struct BacktraceSymbolTests {
    @Test func aReturnIntoTheRestorerIsNamedByIt() {
        let p = GuestProcess(programName: "t")
        // f: 0x1000-0x101c (29 bytes), padding to 0x1020, then the restorer (5 bytes).
        p.symbolize = { a in
            if a >= 0x1000 && a < 0x101D { return a == 0x1000 ? "f" : "f+0x\(String(a - 0x1000, radix: 16))" }
            if a >= 0x1020 && a < 0x1025 { return a == 0x1020 ? "__toy_sigrestore" : "__toy_sigrestore+0x\(String(a - 0x1020, radix: 16))" }
            return nil
        }
        #expect(p.symbolize(frame: 0x1020, isReturnAddress: true) == "__toy_sigrestore")
        #expect(p.symbolize(frame: 0x1010, isReturnAddress: true) == "f+0x10")
        // A call as f's last instruction returns to f's end: still f's frame.
        #expect(p.symbolize(frame: 0x101D, isReturnAddress: true) == "f+0x1d")
        #expect(p.symbolize(frame: 0x1020, isReturnAddress: false) == "__toy_sigrestore")
    }
}
