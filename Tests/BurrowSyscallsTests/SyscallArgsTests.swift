// SyscallArgs decodes each register by its row's argument width; `raw` (all six at once, the
// trace's) must read exactly what the handlers' subscript reads, for every width and for
// arguments past the row's (0).
import BurrowABI
import Testing
@testable import BurrowSyscalls

@Suite struct SyscallArgsTests {
    /// Registers whose upper and lower halves tell every decoding apart (sign bit set in the low
    /// half, so sign- and zero-extension differ).
    static let registers: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0x1234_5678_8000_0001, 0xFFFF_FFFF_FFFF_FFFE, 0x0000_0001_9ABC_DEF0, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xDEAD_BEEF_C0DE_CAFE)

    /// A kind of each width (ArgKind.width), and rows of every length up to six.
    static let kinds: [ArgKind] = [.int, .mode, .address]

    @Test(arguments: 0...6)
    func rawReadsWhatTheSubscriptReads(length: Int) {
        // Every assignment of the three widths to the row's arguments (3^length rows).
        var rows: [[SyscallArg]] = [[]]
        for i in 0..<length {
            rows = rows.flatMap { row in Self.kinds.map { row + [SyscallArg("a\(i)", $0)] } }
        }
        let regs = withUnsafeBytes(of: Self.registers) { Array($0.bindMemory(to: UInt64.self)) }
        for row in rows {
            let args = SyscallArgs(registers: Self.registers, row: row)
            let raw = withUnsafeBytes(of: args.raw) { Array($0.bindMemory(to: UInt64.self)) }
            for i in 0..<6 {
                let expected = i < row.count ? row[i].kind.decode(regs[i]) : 0
                #expect(args[i] == expected, "row \(row.map(\.kind)), argument \(i)")
                #expect(raw[i] == expected, "row \(row.map(\.kind)), argument \(i)")
            }
        }
    }
}
