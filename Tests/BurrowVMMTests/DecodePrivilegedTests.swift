// VCPU.decodePrivileged on instruction bytes placed in a real executable guest page. The bytes
// are only read through GuestMemory; no guest code runs in unit tests.

import Testing
import BurrowABI
@testable import BurrowVMM
#if canImport(Glibc)
import Glibc
#endif

/// A comparable rendering of a decoded exit.
private func render(_ exit: Exit?) -> String {
    switch exit {
    case nil: "nil"
    case .privileged(let i, let length)?: "\(i) len=\(length)"
    case .hypercall(let length)?: "vmcall len=\(length)"
    case .some(let other): "unexpected \(other)"
    }
}

@Suite struct DecodePrivilegedTests {
    /// Writes `bytes` at `offset` of a fresh r-x page and decodes them.
    private func decode(_ bytes: [UInt8], slot: UInt64, offset: UInt64 = 0x100) throws -> String {
        let s = Scratch(slot)
        try s.map(0, 1, [.read, .write])
        try s.memory.copyOut(bytes, to: s.at(0, offset))
        try s.memory.protect(s.at(0), page, [.read, .execute])
        return render(VCPU.decodePrivileged(at: s.at(0, offset), memory: s.memory))
    }

    static let cases: [([UInt8], String)] = [
        ([0xF4], "hlt len=1"),
        ([0xFA], "cli len=1"),
        ([0xFB], "sti len=1"),
        ([0xE4, 0x60], "in al, 0x60 len=2"),
        ([0xE5, 0x60], "in eax, 0x60 len=2"),
        ([0x66, 0xE5, 0x60], "in ax, 0x60 len=3"),
        ([0xE6, 0x80], "out 0x80, al len=2"),
        ([0xE7, 0x80], "out 0x80, eax len=2"),
        ([0x66, 0xE7, 0x80], "out 0x80, ax len=3"),
        ([0xEC], "in al, dx len=1"),
        ([0xED], "in eax, dx len=1"),
        ([0x66, 0xED], "in ax, dx len=2"),
        ([0xEE], "out dx, al len=1"),
        ([0xEF], "out dx, eax len=1"),
        ([0x66, 0xEF], "out dx, ax len=2"),
        ([0x0F, 0x01, 0xC1], "vmcall len=3"),
        // Prefixes the CPU accepts: counted in the length, operand size honoured.
        ([0x66, 0xF4], "hlt len=2"),
        ([0x48, 0xEC], "in al, dx len=2"),                  // REX.W: no effect on in/out
        ([0x66, 0x48, 0xED], "in ax, dx len=3"),
        ([0x2E, 0xE6, 0xE9], "out 0xe9, al len=3"),         // a segment override is ignored
        // String forms, with rep and the address-size prefix.
        ([0x6C], "insb len=1"),
        ([0x6D], "insd len=1"),
        ([0x66, 0x6D], "insw len=2"),
        ([0x6E], "outsb len=1"),
        ([0x66, 0x6F], "outsw len=2"),
        ([0x6F], "outsd len=1"),
        ([0xF3, 0x6E], "rep outsb len=2"),
        ([0xF3, 0x6C], "rep insb len=2"),
        ([0x67, 0xF3, 0x66, 0x6F], "rep outsw len=4"),
        ([0x3E, 0xF3, 0x6E], "rep outsb len=3"),           // ds: is outs's default segment
        // Not privileged instructions Burrow emulates.
        ([0x90], "nil"),
        ([0x0F, 0x05], "nil"),          // syscall
        ([0x0F, 0x01, 0xC2], "nil"),    // vmlaunch
        ([0x0F, 0x09], "nil"),          // wbinvd
        ([0x0F, 0x01, 0xD8], "nil"),    // vmrun
        ([0xCD, 0x80], "nil"),          // int 0x80
        ([0x66, 0x66], "nil"),
        ([0xF0, 0xF4], "nil"),          // lock is not accepted
        ([0x65, 0xF3, 0x6E], "nil"),    // outs from gs: another base, not emulated
        ([0x26, 0x6C], "nil"),          // ins with an override
        ([0x48, 0x66, 0xEC], "nil"),    // REX must come last
        (Array(repeating: 0x66, count: 14) + [0xEC], "in al, dx len=15"),   // exactly 15 bytes
        (Array(repeating: 0x66, count: 15) + [0xEC], "nil"),   // past 15 bytes
    ]

    @Test(arguments: cases.indices)
    func decodes(_ index: Int) throws {
        let (bytes, expected) = Self.cases[index]
        #expect(try decode(bytes + [0x90, 0x90, 0x90], slot: 100 + UInt64(index)) == expected, "\(bytes)")
    }

    @Test func atTheEndOfTheRegion() throws {
        // One byte left in the region: hlt decodes; in al,imm8 lacks its immediate.
        #expect(try decode([0xF4], slot: 50, offset: page - 1) == "hlt len=1")
        #expect(try decode([0xEC], slot: 51, offset: page - 1) == "in al, dx len=1")
        #expect(try decode([0xE4], slot: 52, offset: page - 1) == "nil")
        #expect(try decode([0x0F, 0x01], slot: 53, offset: page - 2) == "nil")
        #expect(try decode([0x66], slot: 54, offset: page - 1) == "nil")
        #expect(try decode([0x66, 0xEF], slot: 55, offset: page - 2) == "out dx, ax len=2")
        #expect(try decode([0xF3], slot: 57, offset: page - 1) == "nil")
        #expect(try decode([0xF3, 0x6E], slot: 58, offset: page - 2) == "rep outsb len=2")
    }

    /// Garbage: every byte pattern decodes to an instruction or to nil, never a crash; any accepted
    /// decode fits in the bytes given and in 15.
    @Test func garbageNeverCrashes() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<20000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let n = Int(seed >> 60)
            var bytes: [UInt8] = []
            var s = seed
            for _ in 0..<n { s = s &* 6364136223846793005 &+ 1; bytes.append([0x66, 0x67, 0xF3, 0x2E, 0x48, 0xEC, 0xE4, 0x6E, 0x0F, 0xF4, UInt8(truncatingIfNeeded: s >> 56)][Int(s >> 33) % 11]) }
            switch PrivilegedDecoder.decode(bytes) {
            case .instruction(_, let length)?: #expect(length >= 1 && Int(length) <= min(bytes.count, 15), "\(bytes)")
            case .vmcall?: #expect(bytes.starts(with: [0x0F, 0x01, 0xC1]))
            case nil: break
            }
        }
    }

    /// The length of an `int 0x81` at rip: prefixes allowed (never an assumed 2), and nil for
    /// bytes that are not one.
    @Test func systemCallInstructionLength() throws {
        let cases: [([UInt8], UInt64?)] = [
            ([0xCD, 0x81], 2),
            ([0x66, 0xCD, 0x81], 3),
            ([0xF3, 0x40, 0xCD, 0x81], 4),
            ([0x2E, 0x3E, 0x26, 0x64, 0x65, 0x67, 0xF2, 0x48, 0xCD, 0x81], 10),
            ([0xCD, 0x80], nil),
            ([0x66, 0x90], nil),
            ([0xF0, 0xCD, 0x81], nil),   // lock: not a prefix int accepts
            (Array(repeating: 0x66, count: 14) + [0xCD, 0x81], nil),   // past the 15-byte limit
        ]
        for (i, (bytes, expected)) in cases.enumerated() {
            let s = Scratch(60 + UInt64(i))
            try s.map(0, 1, [.read, .write])
            try s.memory.copyOut(bytes + [0x90], to: s.at(0, 0x100))
            try s.memory.protect(s.at(0), page, [.read, .execute])
            #expect(VCPU.syscallLength(at: s.at(0, 0x100), memory: s.memory, vector: ToyOS.syscallVector) == expected, "\(bytes)")
        }
        // Running into the end of guest memory.
        let s = Scratch(70)
        try s.map(0, 1, [.read, .write])
        try s.memory.copyOut([0x66, 0xCD], to: s.at(0, page - 2))
        try s.memory.protect(s.at(0), page, [.read, .execute])
        #expect(VCPU.syscallLength(at: s.at(0, page - 2), memory: s.memory, vector: ToyOS.syscallVector) == nil)
    }

    @Test func onlyInExecutableMemory() throws {
        let s = Scratch(56)
        try s.map(0, 1, [.read, .write])
        try s.memory.copyOut([0xF4], to: s.at(0))
        #expect(render(VCPU.decodePrivileged(at: s.at(0), memory: s.memory)) == "nil", "not executable")
        #expect(render(VCPU.decodePrivileged(at: s.at(1), memory: s.memory)) == "nil", "not guest memory")
        #expect(render(VCPU.decodePrivileged(at: UInt64.max, memory: s.memory)) == "nil")
    }

    @Test func descriptions() {
        #expect(PrivilegedInstruction.portIn(port: 0x3F8, size: 1).description == "in al, 0x3f8")
        #expect(PrivilegedInstruction.portOut(port: nil, size: 4).description == "out dx, eax")
        #expect(PrivilegedInstruction.hlt.description == "hlt")
        #expect(PrivilegedInstruction.portOutString(size: 1, rep: true, address32: false).description == "rep outsb")
        #expect(PrivilegedDecoder.hexBytes([0x0F, 0x09]) == "0f 09")
        #expect(PrivilegedDecoder.hexBytes([]) == "(unreadable)")
    }
}
