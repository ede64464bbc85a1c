// What `burrow test --compat-doc` reads back from a test's JSON Lines trace (TestTrace.swift): the
// calls made, and the errno values they really returned.
import Testing
@testable import BurrowCLI

struct TraceEvidenceTests {
    /// A returned error counts; an injected one says nothing about the call, and a call a signal
    /// interrupted that carries on (strace's ERESTART* codes) returned nothing to the guest.
    @Test func onlyErrorsTheGuestSawCount() {
        var e = TraceEvidence()
        e.add(jsonl: """
            {"type":"syscall","name":"read","ret":-1,"errno":"EBADF"}
            {"type":"syscall","name":"read","ret":null,"errno":"ERESTARTSYS"}
            {"type":"syscall","name":"nanosleep","ret":null,"errno":"ERESTART_RESTARTBLOCK"}
            {"type":"syscall","name":"sigsuspend","ret":null,"errno":"ERESTARTNOHAND"}
            {"type":"syscall","name":"write","ret":-1,"errno":"ENOSPC","injected":true}
            {"type":"signal","signal":"SIGCHLD","si_code":"CLD_EXITED"}
            {"type":"syscall","name":"read","ret":5,"errno":null}
            """)
        #expect(e.calls == ["read": 3, "nanosleep": 1, "sigsuspend": 1, "write": 1])
        #expect(e.errnos == ["read": ["EBADF": 1]])
        #expect(e.badLines == 0)
    }
}
