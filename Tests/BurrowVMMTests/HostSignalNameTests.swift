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
        #expect(HostSignals.name(34) == "SIGRT_2")   // glibc's SIGRTMIN
        #expect(HostSignals.name(39) == "SIGRT_7")
        #expect(HostSignals.name(64) == "SIGRT_32")
        #expect(HostSignals.name(65) == "signal 65")
    }
}
