// The decoder of privileged instructions (docs/abi.md section 7): legacy prefixes and REX, then one
// opcode looked up in a table. Instruction bytes come from GuestMemory's fault-tolerant copy, so
// a truncated instruction (one that runs into an unmapped page) decodes to nil, never a host fault.

public enum PrivilegedInstruction: Equatable, Sendable, CustomStringConvertible {
    case hlt, cli, sti
    /// `in`/`out`: port (nil: from dx), operand size in bytes.
    case portIn(port: UInt16?, size: Int)
    case portOut(port: UInt16?, size: Int)
    /// `ins`/`outs`: port dx, memory at es:rdi / rsi; `rep` repeats rcx times; `address32` (0x67)
    /// uses edi/esi/ecx.
    case portInString(size: Int, rep: Bool, address32: Bool)
    case portOutString(size: Int, rep: Bool, address32: Bool)

    static func reg(_ size: Int) -> String { size == 1 ? "al" : size == 2 ? "ax" : "eax" }
    static func port(_ p: UInt16?) -> String { p.map { "0x" + String($0, radix: 16) } ?? "dx" }
    static func suffix(_ size: Int) -> String { size == 1 ? "b" : size == 2 ? "w" : "d" }

    public var description: String {
        switch self {
        case .hlt: "hlt"
        case .cli: "cli"
        case .sti: "sti"
        case .portIn(let p, let s): "in \(Self.reg(s)), \(Self.port(p))"
        case .portOut(let p, let s): "out \(Self.port(p)), \(Self.reg(s))"
        case .portInString(let s, let rep, _): (rep ? "rep " : "") + "ins" + Self.suffix(s)
        case .portOutString(let s, let rep, _): (rep ? "rep " : "") + "outs" + Self.suffix(s)
        }
    }
}

/// What the decoder found at rip.
public enum DecodedPrivileged: Equatable, Sendable {
    case instruction(PrivilegedInstruction, length: UInt64)
    /// `vmcall` (0F 01 C1), where the host lets it trap (ToyOS's hypercall is `int 0x82`).
    case vmcall
}

public enum PrivilegedDecoder {
    /// How an opcode is decoded: what it is, whether an imm8 port follows, and its operand size
    /// (byte, or word/dword by the 0x66 prefix).
    enum Form { case hlt, cli, sti, inImm, outImm, inDX, outDX, ins, outs }
    struct Row { let form: Form; let byteSized: Bool }

    /// The one-byte opcodes Burrow emulates.
    static let table: [UInt8: Row] = [
        0xF4: Row(form: .hlt, byteSized: true), 0xFA: Row(form: .cli, byteSized: true), 0xFB: Row(form: .sti, byteSized: true),
        0xE4: Row(form: .inImm, byteSized: true), 0xE5: Row(form: .inImm, byteSized: false),
        0xE6: Row(form: .outImm, byteSized: true), 0xE7: Row(form: .outImm, byteSized: false),
        0xEC: Row(form: .inDX, byteSized: true), 0xED: Row(form: .inDX, byteSized: false),
        0xEE: Row(form: .outDX, byteSized: true), 0xEF: Row(form: .outDX, byteSized: false),
        0x6C: Row(form: .ins, byteSized: true), 0x6D: Row(form: .ins, byteSized: false),
        0x6E: Row(form: .outs, byteSized: true), 0x6F: Row(form: .outs, byteSized: false),
    ]

    /// Decodes the bytes at rip (at most 15, the architectural limit). nil: not an instruction
    /// Burrow emulates, or truncated.
    public static func decode(_ bytes: [UInt8]) -> DecodedPrivileged? {
        var i = 0
        var operand16 = false, address32 = false, rep = false, segment: UInt8? = nil
        // Legacy prefixes in any order, then at most one REX right before the opcode.
        prefixes: while i < bytes.count, i < 14 {
            switch bytes[i] {
            case 0x66: operand16 = true
            case 0x67: address32 = true
            case 0xF3, 0xF2: rep = true
            case 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65: segment = bytes[i]
            default: break prefixes
            }
            i += 1
        }
        if i < bytes.count, bytes[i] & 0xF0 == 0x40 { i += 1 }   // REX: no effect on these forms
        guard i < bytes.count, i < 15 else { return nil }
        let op = bytes[i]
        if op == 0x0F {
            guard i == 0, bytes.count >= 3, bytes[1] == 0x01, bytes[2] == 0xC1 else { return nil }
            return .vmcall
        }
        guard let row = table[op] else { return nil }
        let size = row.byteSized ? 1 : operand16 ? 2 : 4
        func done(_ insn: PrivilegedInstruction, _ extra: Int) -> DecodedPrivileged? {
            let length = i + 1 + extra
            return length <= min(bytes.count, 15) ? .instruction(insn, length: UInt64(length)) : nil
        }
        switch row.form {
        case .hlt: return done(.hlt, 0)
        case .cli: return done(.cli, 0)
        case .sti: return done(.sti, 0)
        case .inImm, .outImm:
            guard i + 1 < bytes.count else { return nil }
            let port = UInt16(bytes[i + 1])
            return done(row.form == .inImm ? .portIn(port: port, size: size) : .portOut(port: port, size: size), 1)
        case .inDX: return done(.portIn(port: nil, size: size), 0)
        case .outDX: return done(.portOut(port: nil, size: size), 0)
        case .ins:
            // ins always writes es:rdi; an override is meaningless and not accepted.
            guard segment == nil else { return nil }
            return done(.portInString(size: size, rep: rep, address32: address32), 0)
        case .outs:
            // outs reads ds:rsi; fs and gs overrides would name another base: not emulated.
            guard segment != 0x64, segment != 0x65 else { return nil }
            return done(.portOutString(size: size, rep: rep, address32: address32), 0)
        }
    }

    /// "f4", "0f 01 d8": the bytes at rip as a report shows them (at most `max`).
    public static func hexBytes(_ bytes: [UInt8], max: Int = 15) -> String {
        if bytes.isEmpty { return "(unreadable)" }
        return bytes.prefix(max).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }
}
