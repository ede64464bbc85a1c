// Where ToyOS programs may map memory (docs/abi.md, section 6): map/unmap/protect refuse the rest.
import BurrowABI
@testable import BurrowSyscalls
import Testing

@Suite struct AddressRangeTests {
    typealias S = ToyOSAddressSpace
    let page = UInt64(ToyOS.pageSize)

    @Test func imagesMapRangeAndStackAreGuestMemory() {
        #expect(ToyOSPersonality.isGuestRange(S.imageLow, S.imageLow + page))
        #expect(ToyOSPersonality.isGuestRange(S.defaultImageBase, S.defaultImageBase + 16 * page))
        #expect(ToyOSPersonality.isGuestRange(S.mapLow, S.mapHigh))
        #expect(ToyOSPersonality.isGuestRange(S.stackTop - S.stackSize, S.stackTop), "the stack itself")
    }

    @Test func reservedRangesAreNot() {
        #expect(!ToyOSPersonality.isGuestRange(0, page), "page 0")
        #expect(!ToyOSPersonality.isGuestRange(S.imageLow - page, S.imageLow))
        #expect(!ToyOSPersonality.isGuestRange(S.slotTableLow, S.slotTableLow + page), "fast-path slot table")
        #expect(!ToyOSPersonality.isGuestRange(S.compatWindowLow + page, S.compatWindowLow + 2 * page), "32-bit window")
        #expect(!ToyOSPersonality.isGuestRange(S.slotTableLow - page, S.slotTableLow + page), "straddling into the slot table")
        let guardPage = S.stackTop - S.stackSize - page
        #expect(!ToyOSPersonality.isGuestRange(guardPage, guardPage + page), "the stack's guard page")
        #expect(!ToyOSPersonality.isGuestRange(guardPage - page, guardPage + page), "straddling the guard page")
        #expect(ToyOSPersonality.isGuestRange(guardPage - page, guardPage), "just below the guard page")
        #expect(!ToyOSPersonality.isGuestRange(S.stackTop, S.stackTop + page), "the page above the stack top")
        #expect(!ToyOSPersonality.isGuestRange(S.guestLimit, S.guestLimit + page), "the host's range")
        #expect(!ToyOSPersonality.isGuestRange(S.mapLow, S.mapLow), "empty")
        #expect(!ToyOSPersonality.isGuestRange(UInt64.max - page, UInt64.max))
    }
}
