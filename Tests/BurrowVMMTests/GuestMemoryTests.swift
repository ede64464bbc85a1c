// GuestMemory with real pages: every test maps its own range in the ToyOS map range (distinct per
// test, so parallel tests never meet) and unmaps it afterwards. No guest code runs here.

import Testing
import BurrowABI
@testable import BurrowVMM
import CBurrowRuntime
#if canImport(Glibc)
import Glibc
#endif

let page = GuestMemory.pageSize

/// A private range of 64 pages per test, in the ToyOS map range, far from anything the host uses.
func testBase(_ slot: UInt64) -> UInt64 { 0x2_0000_0000 + slot * 0x100_0000 }

/// True when the host has something mapped at [addr, addr+length) (msync fails with ENOMEM on a hole).
func hostMapped(_ addr: UInt64, _ length: UInt64) -> Bool {
    msync(UnsafeMutableRawPointer(bitPattern: UInt(addr)), Int(length), MS_ASYNC) == 0
}

/// The permission column ("rw-p") of the /proc/self/maps line containing addr.
func hostPermissions(_ addr: UInt64) -> String? {
    guard let f = fopen("/proc/self/maps", "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 4096)
    while fgets(&line, Int32(line.count), f) != nil {
        let s = String(cString: line)
        let fields = s.split(separator: " ")
        guard fields.count >= 2 else { continue }
        let range = fields[0].split(separator: "-")
        guard range.count == 2, let lo = UInt64(range[0], radix: 16), let hi = UInt64(range[1], radix: 16) else { continue }
        if lo <= addr && addr < hi { return String(fields[1]) }
    }
    return nil
}

/// A GuestMemory whose mappings are all removed when the test ends.
final class Scratch {
    let memory = GuestMemory()
    let base: UInt64
    init(_ slot: UInt64) {
        base = testBase(slot)
        // A previous crashed run cannot leave mappings behind (mappings die with the process), so
        // the range is free unless the host put something there.
        precondition(!hostMapped(base, 64 * page), "test range \(base) is in use by the host")
    }
    deinit { memory.unmap(base, 64 * page) }

    func map(_ firstPage: UInt64, _ pages: UInt64, _ prot: Protection, name: String = "[test]") throws {
        try memory.mapAnonymous(at: base + firstPage * page, length: pages * page, protection: prot, name: name)
    }
    func at(_ pageIndex: UInt64, _ offset: UInt64 = 0) -> UInt64 { base + pageIndex * page + offset }
}

@Suite struct GuestMemoryCheckTests {
    @Test func exactBounds() throws {
        let s = Scratch(0)
        try s.map(0, 2, [.read, .write])
        let m = s.memory
        #expect(m.check(s.at(0), Int(2 * page), .read))
        #expect(m.check(s.at(0), Int(2 * page), [.read, .write]))
        #expect(!m.check(s.at(0), Int(2 * page) + 1, .read), "one byte past the end")
        #expect(m.check(s.at(2) - 1, 1, .read), "the last byte")
        #expect(!m.check(s.at(2), 1, .read), "the first byte after")
        #expect(!m.check(s.at(0) - 1, 1, .read), "the byte before")
        #expect(!m.check(s.at(0) - 1, 2, .read), "straddling the start")
        #expect(!m.check(s.at(0), Int(2 * page), .execute))
        #expect(m.region(containing: s.at(1))?.name == "[test]")
        #expect(m.region(containing: s.at(2)) == nil)
    }

    @Test func zeroLengthIsAlwaysValid() {
        let m = GuestMemory()
        #expect(m.check(0, 0, .read))
        #expect(m.check(UInt64.max, 0, .write))
        #expect(throws: Never.self) { _ = try m.kernelReadable(0x1234, 0) }
        #expect(throws: Never.self) { try m.copyOut([], to: 0x1234) }
    }

    @Test func wraparoundIsRejected() {
        let m = GuestMemory()
        // A table-only region at the very top of the address space (never dereferenced here).
        let top = UInt64.max - 2 * page + 1   // [top, top + page) ends one page below 2^64
        m.adopt(GuestRegion(start: top, end: top + page, protection: [.read, .write], name: "[top]"))
        #expect(m.check(top, Int(page), .read))
        #expect(!m.check(top, Int(page) + 1, .read))
        #expect(!m.check(top + page - 8, Int.max, .read), "addr + length wraps")
        #expect(!m.check(UInt64.max - 10, 100, .read))
        #expect(!m.check(UInt64.max, 2, .read))
        #expect(throws: GuestMemoryFault.self) { _ = try m.kernelReadable(UInt64.max - 3, 8) }
        #expect(throws: GuestMemoryFault.self) { _ = try m.kernelWritable(top + 16, Int.max) }
    }

    @Test func spanningAdjacentRegions() throws {
        let s = Scratch(1)
        try s.map(0, 1, [.read, .write], name: "a")
        try s.map(1, 1, [.read], name: "b")
        try s.map(2, 1, [.read, .write], name: "c")
        let m = s.memory
        #expect(m.regions.count == 3)
        #expect(m.check(s.at(1) - 8, 16, .read), "read across a/b")
        #expect(!m.check(s.at(1) - 8, 16, .write), "b is read-only")
        #expect(m.check(s.at(0), Int(3 * page), .read), "all three")
        #expect(!m.check(s.at(0), Int(3 * page), .write))
        #expect(m.check(s.at(2), Int(page), .write))
        // Out of order lookups still find the right region (the hint must not mislead).
        #expect(m.region(containing: s.at(2, 5))?.name == "c")
        #expect(m.region(containing: s.at(0, 5))?.name == "a")
        #expect(m.region(containing: s.at(1, 5))?.name == "b")
    }

    @Test func gapBetweenRegions() throws {
        let s = Scratch(2)
        try s.map(0, 1, [.read, .write])
        try s.map(2, 1, [.read, .write])
        let m = s.memory
        #expect(!m.check(s.at(0), Int(3 * page), .read))
        #expect(!m.check(s.at(1) - 1, 2, .read), "the last byte before the gap and the first of it")
        #expect(!m.check(s.at(1), 1, .read))
        #expect(!m.check(s.at(2) - 1, 2, .read), "the last byte of the gap and the first after")
        #expect(m.check(s.at(2), 1, .read))
    }

    @Test func permissions() throws {
        let s = Scratch(3)
        try s.map(0, 1, [.read])
        try s.map(2, 1, [.write, .read])
        let m = s.memory
        #expect(m.check(s.at(0), 8, .read))
        #expect(!m.check(s.at(0), 8, .write))
        #expect(!m.check(s.at(0), 8, [.read, .write]))
        #expect(throws: GuestMemoryFault(address: s.at(0, 4))) { _ = try m.kernelWritable(s.at(0, 4), 4) }
        #expect(throws: GuestMemoryFault(address: s.at(0, 4))) { try m.store(UInt32(7), at: s.at(0, 4)) }
        #expect(throws: GuestMemoryFault(address: s.at(1))) { _ = try m.kernelReadable(s.at(1), 4) }
        #expect(throws: GuestMemoryFault(address: s.at(1, 4))) { _ = try m.load(UInt64.self, at: s.at(1, 4)) }
        let w = try m.kernelWritable(s.at(2), 4)
        #expect(w.count == 4)
        #expect(UInt64(UInt(bitPattern: w.baseAddress)) == s.at(2), "zero-copy: the guest address is the host address")
        let r = try m.kernelReadable(s.at(0), 16)
        #expect(r.allSatisfy { $0 == 0 }, "fresh anonymous memory is zeroed")
    }

    @Test func loadStoreRoundTrip() throws {
        let s = Scratch(4)
        try s.map(0, 2, [.read, .write])
        let m = s.memory
        try m.store(UInt64(0x1122_3344_5566_7788), at: s.at(0, 3))   // unaligned
        #expect(try m.load(UInt64.self, at: s.at(0, 3)) == 0x1122_3344_5566_7788)
        #expect(try m.load(UInt8.self, at: s.at(0, 3)) == 0x88, "little endian")
        #expect(try m.load(UInt16.self, at: s.at(0, 9)) == 0x1122)
        // Across the page boundary inside one region, and at the very end.
        try m.store(UInt32(0xDEAD_BEEF), at: s.at(1) - 2)
        #expect(try m.load(UInt32.self, at: s.at(1) - 2) == 0xDEAD_BEEF)
        try m.store(Int64(-2), at: s.at(2) - 8)
        #expect(try m.load(Int64.self, at: s.at(2) - 8) == -2)
        #expect(throws: GuestMemoryFault.self) { try m.store(Int64(-2), at: s.at(2) - 7) }
        try m.copyOut([1, 2, 3], to: s.at(0, 100))
        #expect(Array(try m.kernelReadable(s.at(0, 100), 3)) == [1, 2, 3])
    }
}

@Suite struct GuestMemoryCStringTests {
    /// burrow_safe_strnlen scans a word at a time once aligned: the answer is still the first NUL
    /// or max, for every alignment, NUL position and max (faults: burrow-runtime-check).
    @Test func safeStrnlenIsExactToTheByte() {
        let block = UnsafeMutablePointer<CChar>.allocate(capacity: 96)
        defer { block.deallocate() }
        for start in 0..<16 {
            for nul in -1..<40 {
                for i in 0..<96 { block[i] = CChar(bitPattern: UInt8(0x41 + i % 26) | (i % 3 == 0 ? 0x80 : 0)) }
                if nul >= 0 { block[start + nul] = 0 }
                for max in 0..<48 {
                    let want = nul >= 0 && nul < max ? nul : max
                    #expect(burrow_safe_strnlen(block + start, max) == want, "start \(start), NUL at \(nul), max \(max)")
                }
            }
        }
    }

    @Test func acrossARegionBoundary() throws {
        let s = Scratch(5)
        try s.map(0, 1, [.read, .write], name: "a")
        try s.map(1, 1, [.read, .write], name: "b")
        let m = s.memory
        try m.copyOut(Array("hel".utf8), to: s.at(1) - 3)
        try m.copyOut(Array("lo".utf8) + [0], to: s.at(1))
        #expect(try m.readCString(s.at(1) - 3, max: 100) == Array("hello".utf8))
        #expect(try m.readCString(s.at(1) - 3, max: 5) == Array("hello".utf8), "exactly max bytes")
        #expect(try m.readCString(s.at(1) - 3, max: 4) == nil, "one byte over max")
        #expect(try m.readCString(s.at(1) + 2, max: 0) == [], "the empty string")
    }

    @Test func endOfRegionWithoutNULFaults() throws {
        let s = Scratch(6)
        try s.map(0, 1, [.read, .write])
        let m = s.memory
        try m.copyOut(Array("abcd".utf8), to: s.at(1) - 4)
        #expect(throws: GuestMemoryFault(address: s.at(1))) { _ = try m.readCString(s.at(1) - 4, max: 100) }
        // With max reached before the end of the region: nil, not a fault.
        #expect(try m.readCString(s.at(1) - 4, max: 3) == nil)
        #expect(throws: GuestMemoryFault(address: s.at(2))) { _ = try m.readCString(s.at(2), max: 10) }
    }

    @Test func maxLength() throws {
        let s = Scratch(7)
        try s.map(0, 1, [.read, .write])
        let m = s.memory
        try m.copyOut(Array("0123456789".utf8) + [0], to: s.at(0, 16))
        #expect(try m.readCString(s.at(0, 16), max: 10) == Array("0123456789".utf8))
        #expect(try m.readCString(s.at(0, 16), max: 9) == nil)
        #expect(try m.readCString(s.at(0, 16), max: 4096) == Array("0123456789".utf8))
    }

    @Test func unreadableRegionFaults() throws {
        let s = Scratch(8)
        try s.map(0, 1, [.read, .write])
        try s.map(1, 1, [])
        let m = s.memory
        try m.copyOut(Array("xy".utf8), to: s.at(1) - 2)
        #expect(throws: GuestMemoryFault(address: s.at(1))) { _ = try m.readCString(s.at(1) - 2, max: 100) }
    }
}

/// readCString into a buffer (the path copy-in of every path call, a chunk copied then searched for
/// its NUL) gives what the array form gives, in every case: strings inside a page, across a page
/// and a region boundary, longer than the first chunk, exactly max bytes long, running into a hole
/// or unreadable memory; and it never writes past max + 1 bytes of the buffer.
@Suite struct GuestMemoryCStringIntoBufferTests {
    func intoBuffer(_ m: GuestMemory, _ addr: UInt64, _ max: Int) throws(GuestMemoryFault) -> [UInt8]? {
        let guardBytes = 64
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max + 1 + guardBytes)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: 0xAA, count: max + 1 + guardBytes)
        let n = try m.readCString(addr, max: max, into: buffer)
        #expect((0..<guardBytes).allSatisfy { buffer[max + 1 + $0] == 0xAA }, "wrote past max + 1 bytes")
        guard let n else { return nil }
        #expect(buffer[n] == 0, "a NUL after the string")
        return Array(UnsafeBufferPointer(start: buffer, count: n))
    }

    func outcome(_ body: () throws(GuestMemoryFault) -> [UInt8]?) -> String {
        do throws(GuestMemoryFault) {
            guard let b = try body() else { return "nil" }
            return "ok " + String(decoding: b, as: UTF8.self)
        } catch {
            return "fault \(error.address)"
        }
    }

    @Test func agreesWithTheArrayForm() throws {
        let s = Scratch(15)
        try s.map(0, 1, [.read, .write], name: "a")
        try s.map(1, 2, [.read, .write], name: "b")   // adjacent: strings run across; pages 1-2 one region
        try s.map(4, 1, [.read, .write], name: "c")   // page 3 is a hole, page 5 unreadable
        try s.map(5, 1, [])
        let m = s.memory
        let long = Array(String(repeating: "0123456789abcdef", count: 40).utf8)   // 640 bytes
        try m.copyOut(Array("hel".utf8), to: s.at(1) - 3)
        try m.copyOut(Array("lo".utf8) + [0], to: s.at(1))
        try m.copyOut(long + [0], to: s.at(1, 100))                  // crosses page 1 -> 2 in one region
        try m.copyOut(Array(long[0..<300]) + [0], to: s.at(0, 16))   // longer than the first chunk
        try m.copyOut(Array("tail".utf8), to: s.at(3) - 4)           // runs into the hole
        try m.copyOut(Array("end".utf8) + [0], to: s.at(5) - 4)      // NUL is the last readable byte
        let cases: [(UInt64, String)] = [
            (s.at(1) - 3, "across regions"), (s.at(1, 100), "across pages"), (s.at(0, 16), "past the first chunk"),
            (s.at(3) - 4, "into a hole"), (s.at(5) - 4, "NUL at the last byte"), (s.at(5) - 3, "NUL at the last byte, later"),
            (s.at(3), "in the hole"), (s.at(5), "unreadable"), (s.at(1) + 2, "empty"),
        ]
        for (addr, what) in cases {
            for max in [0, 1, 2, 3, 4, 5, 9, 10, 255, 256, 257, 299, 300, 301, 639, 640, 641, 4095, 4096] {
                let a = outcome { () throws(GuestMemoryFault) in try m.readCString(addr, max: max) }
                let b = outcome { () throws(GuestMemoryFault) in try intoBuffer(m, addr, max) }
                #expect(a == b, "\(what), max \(max)")
            }
        }
        // Spot checks of what both agree on.
        #expect(try intoBuffer(m, s.at(1, 100), 4096) == long)
        #expect(try intoBuffer(m, s.at(1, 100), 639) == nil)
        #expect(try intoBuffer(m, s.at(5) - 4, 10) == Array("end".utf8))
        #expect(throws: GuestMemoryFault(address: s.at(3))) { _ = try intoBuffer(m, s.at(3) - 4, 100) }
    }
}

/// readableCString (the tracer's strings, read up to the NUL) gives what scanning
/// readablePrefix(addr, max: max + 1) gives, in every case.
@Suite struct GuestMemoryReadableCStringTests {
    /// The old way: the readable prefix, then the NUL in it.
    func viaPrefix(_ m: GuestMemory, _ addr: UInt64, _ max: Int) -> ([UInt8], Bool)? {
        let prefix = m.readablePrefix(addr, max: max + 1)
        if prefix.isEmpty { return nil }
        let nul = prefix.firstIndex(of: 0)
        return (Array(prefix[0..<(nul ?? Swift.min(prefix.count, max))]), nul != nil)
    }

    func direct(_ m: GuestMemory, _ addr: UInt64, _ max: Int) -> ([UInt8], Bool)? {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(max, 1))
        defer { buffer.deallocate() }
        guard let r = m.readableCString(addr, max: max, into: buffer) else { return nil }
        return (Array(UnsafeBufferPointer(start: buffer, count: r.count)), r.terminated)
    }

    @Test func agreesWithTheReadablePrefix() throws {
        let s = Scratch(14)
        try s.map(0, 1, [.read, .write], name: "a")
        try s.map(1, 1, [.read, .write], name: "b")   // adjacent: strings run across
        try s.map(3, 1, [.read, .write], name: "c")   // page 2 is a hole, page 4 unreadable
        try s.map(4, 1, [])
        let m = s.memory
        try m.copyOut(Array("hel".utf8), to: s.at(1) - 3)
        try m.copyOut(Array("lo".utf8) + [0], to: s.at(1))
        try m.copyOut(Array("0123456789".utf8) + [0], to: s.at(0, 16))
        try m.copyOut(Array("tail".utf8), to: s.at(2) - 4)       // runs into the hole
        try m.copyOut(Array("edge".utf8), to: s.at(4) - 4)       // runs into unreadable memory
        let cases: [(UInt64, String)] = [
            (s.at(1) - 3, "across regions"), (s.at(0, 16), "inside a page"), (s.at(2) - 4, "into a hole"),
            (s.at(4) - 4, "into unreadable"), (s.at(2), "in the hole"), (s.at(4), "unreadable"), (s.at(1) + 2, "empty"),
        ]
        for (addr, what) in cases {
            for max in [0, 1, 3, 4, 5, 9, 10, 11, 32, 4096] {
                let a = viaPrefix(m, addr, max), b = direct(m, addr, max)
                #expect(a?.0 == b?.0 && a?.1 == b?.1, "\(what), max \(max): \(String(describing: a)) vs \(String(describing: b))")
            }
        }
    }
}

@Suite struct GuestMemoryMappingTests {
    @Test func refusesOverlapWithGuestRegions() throws {
        let s = Scratch(9)
        try s.map(2, 2, [.read, .write])
        #expect(throws: GuestMemory.MapError.exists) { try s.map(2, 2, [.read]) }
        #expect(throws: GuestMemory.MapError.exists) { try s.map(1, 2, [.read]) }
        #expect(throws: GuestMemory.MapError.exists) { try s.map(3, 4, [.read]) }
        #expect(throws: GuestMemory.MapError.exists) { try s.map(0, 8, [.read]) }
        #expect(s.memory.regions.count == 1)
        #expect(!hostMapped(s.at(1), page), "a refused map leaves nothing behind")
        try s.map(1, 1, [.read])   // adjacent is fine
        try s.map(4, 1, [.read])
        #expect(s.memory.regions.map(\.start) == [s.at(1), s.at(2), s.at(4)])
    }

    @Test func refusesInvalidRequests() {
        let m = GuestMemory()
        let b = testBase(10)
        #expect(throws: GuestMemory.MapError.invalid) { try m.mapAnonymous(at: b + 1, length: page, protection: .read, name: "") }
        #expect(throws: GuestMemory.MapError.invalid) { try m.mapAnonymous(at: b, length: 0, protection: .read, name: "") }
        #expect(throws: GuestMemory.MapError.invalid) { try m.mapAnonymous(at: b, length: page + 1, protection: .read, name: "") }
        #expect(throws: GuestMemory.MapError.invalid) {
            try m.mapAnonymous(at: UInt64.max - page + 1, length: 2 * page, protection: .read, name: "")
        }
        #expect(m.regions.isEmpty)
    }

    @Test func neverClobbersHostMappings() throws {
        let s = Scratch(11)
        // The host's own page, placed without replacing anything.
        let hostPage = s.at(3)
        let p = mmap(UnsafeMutableRawPointer(bitPattern: UInt(hostPage)), Int(page), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
        try #require(p != MAP_FAILED && UInt64(UInt(bitPattern: p)) == hostPage)
        defer { munmap(p, Int(page)) }
        p!.storeBytes(of: 0xABCD_EF01, as: UInt32.self)

        #expect(throws: GuestMemory.MapError.exists) { try s.map(3, 1, [.read, .write]) }
        #expect(throws: GuestMemory.MapError.exists) { try s.map(2, 2, [.read, .write]) }
        #expect(throws: GuestMemory.MapError.exists) { try s.map(0, 8, [.read, .write]) }
        #expect(p!.load(as: UInt32.self) == 0xABCD_EF01, "the host page kept its contents")
        #expect(s.memory.regions.isEmpty)
        #expect(!hostMapped(s.at(2), page), "the refused range left nothing mapped below the host page")
        #expect(s.memory.check(hostPage, 4, .read) == false, "host memory is not guest memory")

        // unmap over a range containing host memory touches only guest regions.
        try s.map(2, 1, [.read, .write])
        s.memory.unmap(s.at(0), 8 * page)
        #expect(s.memory.regions.isEmpty)
        #expect(hostMapped(hostPage, page))
        #expect(p!.load(as: UInt32.self) == 0xABCD_EF01)
    }

    @Test func unmapOfAMiddlePartSplits() throws {
        let s = Scratch(12)
        try s.map(0, 4, [.read, .write], name: "[map]")
        let m = s.memory
        try m.store(UInt8(9), at: s.at(3))
        m.unmap(s.at(1), 2 * page)
        #expect(m.regions == [
            GuestRegion(start: s.at(0), end: s.at(1), protection: [.read, .write], name: "[map]"),
            GuestRegion(start: s.at(3), end: s.at(4), protection: [.read, .write], name: "[map]"),
        ])
        #expect(!hostMapped(s.at(1), 2 * page), "the host pages are really gone")
        #expect(hostMapped(s.at(0), page) && hostMapped(s.at(3), page))
        #expect(try m.load(UInt8.self, at: s.at(3)) == 9, "the right part keeps its contents")
        #expect(!m.check(s.at(0), Int(4 * page), .read))
        // The hole can be mapped again.
        try s.map(1, 2, [.read])
        #expect(m.regions.count == 3)
        #expect(m.check(s.at(0), Int(4 * page), .read))
        // Unmapping nothing is harmless.
        m.unmap(s.at(20), page)
        #expect(m.regions.count == 3)
    }

    @Test func protectChangesPermissionAndSplits() throws {
        let s = Scratch(13)
        try s.map(0, 3, [.read, .write], name: "[map]")
        let m = s.memory
        try m.protect(s.at(1), page, [.read])
        #expect(m.regions.map(\.protection) == [[.read, .write], [.read], [.read, .write]])
        #expect(m.regions.map(\.start) == [s.at(0), s.at(1), s.at(2)])
        #expect(m.regions.allSatisfy { $0.name == "[map]" })
        #expect(!m.check(s.at(1), 1, .write))
        #expect(m.check(s.at(1), 1, .read))
        #expect(m.check(s.at(0), Int(page), .write) && m.check(s.at(2), Int(page), .write))
        #expect(hostPermissions(s.at(1)) == "r--p", "the host protection changed too")
        #expect(hostPermissions(s.at(0)) == "rw-p")

        // Across the split pieces at once.
        try m.protect(s.at(0), 3 * page, [.read, .execute])
        #expect(m.regions.allSatisfy { $0.protection == [.read, .execute] })
        #expect(m.regions.count == 3)
        #expect(hostPermissions(s.at(2)) == "r-xp")

        #expect(throws: GuestMemory.MapError.noMemory) { try m.protect(s.at(2), 2 * page, .read) }
        #expect(throws: GuestMemory.MapError.noMemory) { try m.protect(s.at(5), page, .read) }
        #expect(throws: GuestMemory.MapError.noMemory) { try m.protect(s.at(1), 0, .read) }
        #expect(m.regions.allSatisfy { $0.protection == [.read, .execute] }, "a refused protect changes nothing")
    }

    @Test func findFreeFindsGaps() {
        let m = GuestMemory()
        let b: UInt64 = 0x10_0000_0000   // table-only regions: findFree never touches memory
        m.adopt(GuestRegion(start: b, end: b + page, protection: .read, name: "1"))
        m.adopt(GuestRegion(start: b + 3 * page, end: b + 4 * page, protection: .read, name: "2"))
        #expect(m.findFree(length: page, low: b, high: b + 10 * page) == b + page)
        #expect(m.findFree(length: 2 * page, low: b, high: b + 10 * page) == b + page)
        #expect(m.findFree(length: 3 * page, low: b, high: b + 10 * page) == b + 4 * page)
        #expect(m.findFree(length: 6 * page, low: b, high: b + 10 * page) == b + 4 * page)
        #expect(m.findFree(length: 7 * page, low: b, high: b + 10 * page) == nil)
        #expect(m.findFree(length: page, low: b, high: b + page) == nil)
        #expect(m.findFree(length: page, low: b - page, high: b + 10 * page) == b - page)
        #expect(m.findFree(length: 2 * page, low: b - page, high: b + 10 * page) == b + page)
        #expect(m.findFree(length: page, low: b + 3 * page, high: b + 10 * page) == b + 4 * page)
        #expect(m.findFree(length: page, low: b + 3 * page, high: b + 4 * page) == nil)
        #expect(m.findFree(length: 0x10000, low: b, high: b + 0x100000, alignment: 0x10000) == b + 0x10000)
        #expect(GuestMemory().findFree(length: page, low: b, high: b + page) == b)
    }

    @Test func pageRounding() {
        #expect(GuestMemory.pageDown(0x1FFF) == 0x1000)
        #expect(GuestMemory.pageUp(0x1001) == 0x2000)
        #expect(GuestMemory.pageUp(0x1000) == 0x1000)
        #expect(GuestMemory.pageUp(UInt64.max) == nil)
        #expect(Protection([.read, .execute]).description == "r-x")
        #expect(Protection([.read, .write, .execute]).hostBits == PROT_READ | PROT_WRITE | PROT_EXEC)
    }
}
