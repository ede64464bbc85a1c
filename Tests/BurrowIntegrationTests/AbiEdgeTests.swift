// Argument checks docs/abi.md promises that the SDK's wrappers never reach (guests/abi-edges makes
// the raw calls): times of 2^63 and above, a negative map offset, protect outside guest memory (the
// stack's guard page, which the host has mapped), tcsetattr's unknown flags and reserved bytes; and
// where an int3 is reported.
import BurrowABI
import Foundation
import Testing

@Suite struct AbiEdgeTests {
    @Test func rawCallsMeetTheDocumentedErrors() throws {
        let o = try burrow(["run", Repo.toy("guests/abi-edges")])
        #expect(o.status == 0, "\(o)")
        let einval = ToyOS.errno["EINVAL"], enomem = ToyOS.errno["ENOMEM"]
        #expect(o.stdout == """
            utimens-2^63 \(einval) 1
            utimens-below-markers \(einval) 1
            map-offset-minus-page \(einval) 1
            protect-guard-page \(enomem) 1
            protect-past-stack-top \(enomem) 1
            tcsetattr-unknown-flag \(einval) 1
            tcsetattr-reserved \(einval) 1
            int3 info-addr-is-the-instruction 1 rip-is-after-it 1

            """, "\(o)")
    }

    /// An int3 without a handler: the report names the instruction, and no "fault address" (no
    /// memory access faulted; the kernel's address for it is 0).
    @Test func anInt3CrashNamesTheInstruction() throws {
        let o = try burrow(["run", Repo.toy("guests/abi-edges"), "crash"])
        #expect(o.signal == SIGTRAP, "\(o)")
        #expect(o.stderr.contains("guest crashed: SIGTRAP (breakpoint instruction at 0x"), "\(o)")
        #expect(!o.stderr.contains("fault address"), "\(o)")
    }
}
