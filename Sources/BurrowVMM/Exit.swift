// Exit: why the guest stopped, decoded from the trap record. One enum for every way a trap can
// arrive, so the run loop has a single dispatcher.
import BurrowABI
import CBurrowRuntime
import Glibc

public enum PrivilegedInstruction: Equatable, Sendable, CustomStringConvertible {
    case hlt, cli, sti
    /// `in`/`out`: port, operand size in bytes, and whether the port comes from dx.
    case portIn(port: UInt16?, size: Int)
    case portOut(port: UInt16?, size: Int)

    public var description: String {
        switch self {
        case .hlt: "hlt"
        case .cli: "cli"
        case .sti: "sti"
        case .portIn(let p, let s): "in \(s == 1 ? "al" : s == 2 ? "ax" : "eax"), \(p.map { "0x" + String($0, radix: 16) } ?? "dx")"
        case .portOut(let p, let s): "out \(p.map { "0x" + String($0, radix: 16) } ?? "dx"), \(s == 1 ? "al" : s == 2 ? "ax" : "eax")"
        }
    }
}

/// A guest fault, described with host signal numbers (Burrow dies by the same signal).
public struct GuestFault: Sendable {
    public var signal: Int32
    public var code: Int32
    public var address: UInt64
    public var rip: UInt64
    /// What happened, in words, when the signal alone does not say it.
    public var detail: String?
    /// False when no memory access faulted (a privileged instruction, a #GP): the report then
    /// shows no "fault address".
    public var hasAddress: Bool

    public init(signal: Int32, code: Int32, address: UInt64, rip: UInt64, detail: String? = nil, hasAddress: Bool = true) {
        self.signal = signal
        self.code = code
        self.address = address
        self.rip = rip
        self.detail = detail
        self.hasAddress = hasAddress
    }
}

public enum Exit: Sendable {
    case syscall
    /// rip points at the instruction; `length` is its size in bytes.
    case privileged(PrivilegedInstruction, length: UInt64)
    /// `vmcall`: rip points at it (3 bytes).
    case hypercall
    case fault(GuestFault)
    case hostSignal
    case linuxSyscall(number: Int32, address: UInt64)
    case fsChanged(UInt64)
}

extension VCPU {
    /// Decodes the trap record left by the handler. Instruction bytes are read only through
    /// GuestMemory, so a wild rip cannot fault inside Burrow.
    public func decodeExit(_ reason: UInt32, memory: GuestMemory) -> Exit {
        switch reason {
        case UInt32(BURROW_EXIT_SYSCALL.rawValue):
            return .syscall
        case UInt32(BURROW_EXIT_GP.rawValue):
            let rip = self[.rip]
            if let decoded = Self.decodePrivileged(at: rip, memory: memory) { return decoded }
            return .fault(GuestFault(signal: signal, code: signalCode, address: signal == SIGSEGV ? 0 : rip, rip: rip,
                                     detail: signal == SIGSEGV ? "general protection fault" : nil, hasAddress: signal != SIGSEGV))
        case UInt32(BURROW_EXIT_FAULT.rawValue):
            var detail: String? = nil
            if signal == SIGSEGV, signalCode == 0x80, trapError & 3 == 2 {
                // int N with a vector other than 0x81: the IDT entry is not user-callable.
                detail = "int 0x" + String(trapError >> 3, radix: 16) + " (ToyOS system calls use int 0x81)"
            }
            return .fault(GuestFault(signal: signal, code: signalCode, address: faultAddress, rip: self[.rip], detail: detail))
        case UInt32(BURROW_EXIT_HOST_SIGNAL.rawValue):
            return .hostSignal
        case UInt32(BURROW_EXIT_LINUX_SYSCALL.rawValue):
            return .linuxSyscall(number: linuxSyscallNumber, address: self[.rip])
        case UInt32(BURROW_EXIT_FS_CHANGED.rawValue):
            return .fsChanged(guestFSBase)
        default:
            preconditionFailure("unknown exit reason \(reason)")
        }
    }

    static func decodePrivileged(at rip: UInt64, memory: GuestMemory) -> Exit? {
        guard let r = memory.region(containing: rip), r.protection.contains(.execute) else { return nil }
        var bytes: [UInt8] = []
        for i in 0..<4 {
            guard let b = try? memory.load(UInt8.self, at: rip &+ UInt64(i)) else { break }
            bytes.append(b)
        }
        guard !bytes.isEmpty else { return nil }
        var i = 0
        var size = 4
        if bytes[0] == 0x66 { size = 2; i = 1 }   // operand-size prefix for in/out
        guard i < bytes.count else { return nil }
        let op = bytes[i]
        let imm: UInt16? = i + 1 < bytes.count ? UInt16(bytes[i + 1]) : nil
        switch op {
        case 0xF4 where i == 0: return .privileged(.hlt, length: 1)
        case 0xFA where i == 0: return .privileged(.cli, length: 1)
        case 0xFB where i == 0: return .privileged(.sti, length: 1)
        case 0xE4: return imm.map { .privileged(.portIn(port: $0, size: 1), length: UInt64(i + 2)) }
        case 0xE5: return imm.map { .privileged(.portIn(port: $0, size: size), length: UInt64(i + 2)) }
        case 0xE6: return imm.map { .privileged(.portOut(port: $0, size: 1), length: UInt64(i + 2)) }
        case 0xE7: return imm.map { .privileged(.portOut(port: $0, size: size), length: UInt64(i + 2)) }
        case 0xEC: return .privileged(.portIn(port: nil, size: 1), length: UInt64(i + 1))
        case 0xED: return .privileged(.portIn(port: nil, size: size), length: UInt64(i + 1))
        case 0xEE: return .privileged(.portOut(port: nil, size: 1), length: UInt64(i + 1))
        case 0xEF: return .privileged(.portOut(port: nil, size: size), length: UInt64(i + 1))
        case 0x0F where i == 0 && bytes.count >= 3 && bytes[1] == 0x01 && bytes[2] == 0xC1: return .hypercall
        default: return nil
        }
    }
}
