// GuestMemory for a guest confined by segments with a base (xv6 i386 linked at 0): guest address A
// is host address base + A, and nothing at or above the limit is guest memory. The partition here
// is a private one (base testBase(40), a 1 MiB limit), so parallel tests never meet; the pages
// are real and unmapped afterwards.
import Testing
@testable import BurrowVMM
#if canImport(Glibc)
import Glibc
#endif

@Suite struct GuestMemoryBaseTests {
    static let base = testBase(40)
    static let limit: UInt64 = 0x10_0000

    @Test func translatesEveryAccessThroughTheBase() throws {
        let m = GuestMemory(hostBase: Self.base, limit: Self.limit)
        defer { m.unmap(0, Self.limit) }
        try m.mapAnonymous(at: 0, length: page, protection: [.read, .write], name: "[image]")
        #expect(m.region(containing: 0)?.start == 0, "regions are kept in guest addresses")
        #expect(hostMapped(Self.base, page) && !hostMapped(0, page) || Self.base == 0)
        try m.store(UInt32(0x1122_3344), at: 8)
        // The bytes are at host base + 8.
        let host = UnsafePointer<UInt32>(bitPattern: UInt(Self.base + 8))!
        #expect(host.pointee == 0x1122_3344)
        #expect(try m.load(UInt32.self, at: 8) == 0x1122_3344)
        try m.copyOut(Array("guest\0".utf8), to: 0x100)
        #expect(try m.readCString(0x100, max: 64) == Array("guest".utf8))
        let kernel = try m.kernelReadable(0x100, 5)
        #expect(UInt64(UInt(bitPattern: kernel.baseAddress!)) == Self.base + 0x100, "host calls get the host address")
        #expect(m.host(0x100) == UInt(Self.base + 0x100))
        #expect(m.guestAddress(ofHost: Self.base + 0x100) == 0x100)
        #expect(m.guestAddress(ofHost: Self.base - 1) == nil && m.guestAddress(ofHost: Self.base + Self.limit) == nil)
    }

    /// A guest pointer at the edge of the limit: the last 4 bytes are guest memory, one byte more
    /// is not; nothing maps at or across the limit.
    @Test func pointerAtTheEdgeOfTheLimit() throws {
        let m = GuestMemory(hostBase: Self.base, limit: Self.limit)
        let last = Self.limit - page
        defer { m.unmap(0, Self.limit) }
        try m.mapAnonymous(at: last, length: page, protection: [.read, .write], name: "[heap]")
        try m.store(UInt32(7), at: Self.limit - 4)
        #expect(try m.load(UInt32.self, at: Self.limit - 4) == 7)
        #expect(m.check(Self.limit - 1, 1, .read))
        #expect(!m.check(Self.limit - 1, 2, .read), "crosses the limit")
        #expect(!m.check(Self.limit, 1, .read), "at the limit")
        #expect(throws: GuestMemoryFault.self) { try m.load(UInt32.self, at: Self.limit - 3) }
        #expect(throws: GuestMemoryFault.self) { try m.copyOut([1, 2], to: Self.limit - 1) }
        // A string that runs into the limit without its NUL is a fault, not a read past it.
        try m.copyOut([UInt8](repeating: 0x41, count: 8), to: Self.limit - 8)
        #expect(throws: GuestMemoryFault.self) { _ = try m.readCString(Self.limit - 8, max: 64) }
        #expect(throws: GuestMemory.MapError.invalid) {
            try m.mapAnonymous(at: Self.limit, length: page, protection: [.read], name: "beyond")
        }
        #expect(throws: GuestMemory.MapError.invalid) {
            try m.mapAnonymous(at: Self.limit - page, length: 2 * page, protection: [.read], name: "across")
        }
        #expect(!hostMapped(Self.base + Self.limit, page), "nothing was mapped beyond the partition")
    }

    @Test func flatMemoryIsUnchanged() {
        let m = GuestMemory()
        #expect(m.hostBase == 0 && m.limit == UInt64.max)
        #expect(m.host(0x40_0000) == 0x40_0000)
    }
}
