// The batch hypercall's bound check (docs/abi.md 7.4): the entry array must not wrap around the
// address space; the address itself is not multiplied by anything.
import BurrowABI
@testable import BurrowSyscalls
import Testing

@Suite struct BatchSpanTests {
    let size = UInt64(ToyOS.batchEntryLayout.size)

    @Test func anArrayThatWrapsAroundIsRefused() {
        #expect(!ToyOSPersonality.batchSpanFits(entries: UInt64.max - size + 2, count: 1, entrySize: size))
        #expect(!ToyOSPersonality.batchSpanFits(entries: UInt64.max - 10 * size, count: 11, entrySize: size))
        #expect(!ToyOSPersonality.batchSpanFits(entries: 0x1000, count: UInt64.max / 2, entrySize: size), "count * size overflows")
    }

    @Test func anArrayThatEndsInTheAddressSpaceFits() {
        #expect(ToyOSPersonality.batchSpanFits(entries: 0x7FFD_0000_0000, count: ToyOS.batchMax, entrySize: size))
        #expect(ToyOSPersonality.batchSpanFits(entries: 0x4000_0000_0000_0000, count: 8, entrySize: size), "a high address times the count overflows, the span does not")
        #expect(ToyOSPersonality.batchSpanFits(entries: 0x1000, count: 0, entrySize: size))
    }
}
