// The xv6 personality's pure parts: the start block's layout and its 4 KiB limit, 14-byte path
// components, and the table's shape.
import BurrowABI
@testable import BurrowSyscalls
import Testing

@Suite struct XV6UnitTests {
    private func word(_ b: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
    }

    @Test func startBlockLayout() throws {
        let top: UInt64 = 0x40_3000
        let block = try #require(XV6StartBlock(arguments: [Array("prog".utf8), Array("arg one".utf8)], stackTop: top))
        #expect(block.stackPointer + UInt64(block.bytes.count) == top)
        #expect((block.stackPointer + 8) % 16 == 0, "rsp + 8 is 16-byte aligned, as after a call")
        #expect(word(block.bytes, 0) == 0xFFFF_FFFF, "the fake return address")
        #expect(word(block.bytes, 8) == 2, "argc")
        #expect(word(block.bytes, 16) == block.argv && block.argv == block.stackPointer + 24, "argv, then the array")
        #expect(word(block.bytes, 40) == 0, "argv is NULL-terminated")
        for (i, s) in ["prog", "arg one"].enumerated() {
            let p = Int(word(block.bytes, 24 + 8 * i) - block.stackPointer)
            #expect(Array(block.bytes[p..<(p + s.utf8.count + 1)]) == Array(s.utf8) + [0])
        }
    }

    /// i386: the same block in 4-byte words at esp, esp+4, esp+8; esp + 4 is 16-byte aligned.
    @Test func startBlockLayoutI386() throws {
        let top: UInt64 = 0x3000
        let block = try #require(XV6StartBlock(arguments: [Array("prog".utf8), Array("arg one".utf8)], stackTop: top, wordSize: 4))
        func word32(_ at: Int) -> UInt64 { (0..<4).reduce(UInt64(0)) { $0 | UInt64(block.bytes[at + $1]) << (8 * UInt64($1)) } }
        #expect(block.stackPointer + UInt64(block.bytes.count) == top)
        #expect((block.stackPointer + 4) % 16 == 0, "esp + 4 is 16-byte aligned, as after a call")
        #expect(word32(0) == 0xFFFF_FFFF && word32(4) == 2, "the fake return address, argc")
        #expect(word32(8) == block.argv && block.argv == block.stackPointer + 12, "argv, then the array")
        #expect(word32(20) == 0, "argv is NULL-terminated")
        for (i, s) in ["prog", "arg one"].enumerated() {
            let p = Int(word32(12 + 4 * i) - block.stackPointer)
            #expect(Array(block.bytes[p..<(p + s.utf8.count + 1)]) == Array(s.utf8) + [0])
        }
        #expect(XV6StartBlock(arguments: Array(repeating: [UInt8(ascii: "a")], count: 33), stackTop: 0x1000, wordSize: 4) == nil, "32 arguments")
    }

    @Test func startBlockFitsOnePage() {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 400)
        #expect(XV6StartBlock(arguments: Array(repeating: big, count: 9), stackTop: 0x1000) != nil)
        #expect(XV6StartBlock(arguments: Array(repeating: big, count: 10), stackTop: 0x1000) == nil, "4 KiB: strings and argv")
        #expect(XV6StartBlock(arguments: Array(repeating: [UInt8(ascii: "a")], count: 32), stackTop: 0x1000) != nil)
        #expect(XV6StartBlock(arguments: Array(repeating: [UInt8(ascii: "a")], count: 33), stackTop: 0x1000) == nil, "32 arguments")
    }

    @Test func componentsAreCutTo14Bytes() {
        let cut = { (s: String) in String(decoding: XV6Personality.truncatingComponents(Array(s.utf8)), as: UTF8.self) }
        #expect(cut("abcdefghijklmnopqrstuvwxyz") == "abcdefghijklmn")
        #expect(cut("/123456789012345/x/12345678901234") == "/12345678901234/x/12345678901234")
        #expect(cut("a//b/") == "a//b/")
    }

    @Test func tableShape() {
        #expect(XV6.table.count == 21)
        #expect(XV6.table.map(\.number) == Array(1...21))
        #expect(XV6Call.allCases.allSatisfy { XV6.row(number: UInt64($0.rawValue))?.call == $0 })
        #expect(XV6.statLayout.size == 20 && XV6.direntLayout.size == 16)
        #expect(XV6.statLayout.fields.map(\.offset) == [0, 4, 8, 12, 16])
        #expect(Personalities.named("xv6")?.syscallVectors == [0x40])
    }
}
