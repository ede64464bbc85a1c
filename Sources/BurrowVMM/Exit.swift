// Exit: why the guest stopped, decoded from the trap record. One enum for every way a trap can
// arrive, so the run loop has a single dispatcher.
import BurrowABI
import CBurrowRuntime
import Glibc

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
    /// False when a guest handler cannot do anything useful about it: the guest's state itself is
    /// unusable (it left 64-bit mode, entering it failed, it changed FS), so it always ends the guest.
    public var deliverable: Bool

    public init(signal: Int32, code: Int32, address: UInt64, rip: UInt64, detail: String? = nil, hasAddress: Bool = true,
                deliverable: Bool = true) {
        self.signal = signal
        self.code = code
        self.address = address
        self.rip = rip
        self.detail = detail
        self.hasAddress = hasAddress
        self.deliverable = deliverable
    }

    /// int3 (CC) or int 3 (CD 03): the kernel's SI_KERNEL SIGTRAP, rip after the instruction;
    /// decodeExit puts the instruction's own address in `address`.
    public var isBreakpoint: Bool { signal == SIGTRAP && code == SI_KERNEL }
}

public enum Exit: Sendable {
    /// `int 0x81`: rip points at it; `length` is its size in bytes (prefixes included).
    case syscall(length: UInt64)
    /// A system call through a patched stub (FastPath): rip points at the patched `call`.
    case fastSyscall(length: UInt64)
    /// rip points at the instruction; `length` is its size in bytes.
    case privileged(PrivilegedInstruction, length: UInt64)
    /// A hypercall: `int 0x82` (ToyOS's) or `vmcall` where the host lets it trap; rip points at it.
    case hypercall(length: UInt64)
    case fault(GuestFault)
    case hostSignal
    case linuxSyscall(number: Int32, address: UInt64)
    case fsChanged(UInt64)
}

extension VCPU {
    /// Decodes the trap record left by the handler. Instruction bytes are read only through
    /// GuestMemory, so a wild rip cannot fault inside Burrow.
    public func decodeExit(_ reason: UInt32, memory: GuestMemory) -> Exit {
        // A 64-bit guest that trapped in 32-bit mode: on Intel, `sysenter` from 64-bit code enters
        // the kernel's 32-bit entry, which loses rip and rsp and returns to a landing pad a 64-bit
        // process does not have (Syscall User Dispatch does not see it); a far jump to a 32-bit
        // code selector ends up here too. The handler has put Burrow back in 64-bit mode.
        // A guest is classified by the mode it was entered in: a trap with any other code
        // selector left that mode (a 32-bit guest's own selector is burrow_guest_cs).
        if raw.pointee.trap_cs != burrow_guest_cs(raw) {
            let cs = "0x" + String(raw.pointee.trap_cs, radix: 16)
            return .fault(GuestFault(signal: SIGSYS, code: 0, address: 0, rip: self[.rip],
                                     detail: "left \(isCompatibilityMode ? "32-bit compatibility" : "64-bit") mode (code selector \(cs)): a foreign system call instruction such as sysenter, "
                                         + "or a far jump; the instruction's address is lost; \(Self.personalityLabel) programs use \(Self.syscallInstruction)",
                                     hasAddress: false, deliverable: false))
        }
        switch reason {
        case UInt32(BURROW_EXIT_FAST_SYSCALL.rawValue):
            return .fastSyscall(length: FastPath.callLength)
        case UInt32(BURROW_EXIT_SYSCALL.rawValue):
            let rip = self[.rip]
            // The handler recognised the vector from the error code (N<<3|2): decode that `int N`.
            let vector = UInt8(truncatingIfNeeded: trapError >> 3)
            if let length = Self.syscallLength(at: rip, memory: memory, vector: vector, compat: isCompatibilityMode) { return .syscall(length: length) }
            return .fault(GuestFault(signal: SIGSEGV, code: 0x80, address: 0, rip: rip,
                                     detail: "\(Self.syscallInstruction) whose instruction bytes cannot be read or decoded", hasAddress: false))
        case UInt32(BURROW_EXIT_GP.rawValue):
            let rip = self[.rip]
            let bytes = Self.instructionBytes(at: rip, memory: memory)
            if bytes.starts(with: [0x0F, 0x34]) {
                // sysenter where the CPU refuses it in 64-bit mode (#UD on AMD): a foreign system
                // call instruction, reported like a raw Linux `syscall`.
                return .fault(GuestFault(signal: SIGSYS, code: 0, address: rip, rip: rip,
                                         detail: "executed sysenter at 0x\(String(rip, radix: 16)); \(Self.personalityLabel) programs use \(Self.syscallInstruction)",
                                         hasAddress: false))
            }
            // In 32-bit code 0x40-0x4F are inc/dec, not REX prefixes: an instruction led by one is
            // none of the privileged ones, whatever follows.
            if !(isCompatibilityMode && Self.leadsWithREX(bytes)), let decoded = Self.decodePrivileged(bytes) { return decoded }
            // A privileged or undecodable instruction without a ToyOS meaning: the report names
            // its bytes (docs/abi.md 7.5).
            let what = signal == SIGSEGV ? "general protection fault" : HostSignals.describe(signal, code: signalCode)
            return .fault(GuestFault(signal: signal, code: signalCode, address: signal == SIGSEGV ? 0 : rip, rip: rip,
                                     detail: "\(what): bytes at rip \(PrivilegedDecoder.hexBytes(bytes))", hasAddress: signal != SIGSEGV))
        case UInt32(BURROW_EXIT_HYPERCALL.rawValue):
            // The CPU's error code named the vector, so the bytes were `int N`; prefixes allowed.
            let rip = self[.rip]
            if let length = Self.syscallLength(at: rip, memory: memory, vector: UInt8(truncatingIfNeeded: trapError >> 3),
                                               compat: isCompatibilityMode) { return .hypercall(length: length) }
            return .fault(GuestFault(signal: SIGSEGV, code: 0x80, address: 0, rip: rip,
                                     detail: "a hypercall whose instruction bytes cannot be read or decoded", hasAddress: false))
        case UInt32(BURROW_EXIT_FAULT.rawValue):
            var detail: String? = nil
            if signal == SIGSEGV, signalCode == 0x80, trapError & 3 == 2 {
                // int N with a vector other than 0x81: the IDT entry is not user-callable.
                detail = "int 0x" + String(trapError >> 3, radix: 16) + " (\(Self.personalityLabel) system calls use \(Self.syscallInstruction))"
            }
            if raw.pointee.entry_failed != 0 {
                // iretq or xrstor refused the state Burrow was asked to load (a context a signal
                // handler changed, say): nothing a handler could fix.
                return .fault(GuestFault(signal: SIGSEGV, code: 0x80, address: 0, rip: self[.rip],
                                         detail: "the guest's state cannot be loaded (rip, flags or FPU state from sigreturn)",
                                         hasAddress: false, deliverable: false))
            }
            if signal == SIGBUS, signalCode == BUS_ADRALN {
                // An unaligned access with RFLAGS.AC set (the guest's popf): there is no address.
                return .fault(GuestFault(signal: signal, code: signalCode, address: 0, rip: self[.rip],
                                         detail: "alignment check: an unaligned access with RFLAGS.AC set", hasAddress: false))
            }
            if signal == SIGTRAP, signalCode == SI_KERNEL {
                // int3 (CC) or int 3 (CD 03): the kernel reports no address and rip is after the
                // instruction (where a handler's return carries on, as on Linux); the report and the
                // handler's info name the instruction itself (docs/abi.md 8.3).
                let rip = self[.rip]
                let at = (try? memory.load(UInt8.self, at: rip &- 1)) == 0xCC ? rip &- 1 : rip &- 2
                return .fault(GuestFault(signal: signal, code: signalCode, address: at, rip: rip,
                                         detail: "breakpoint instruction at 0x" + String(at, radix: 16), hasAddress: false))
            }
            // A page fault's address is linear: through a segment base, the guest's is below it.
            let address = memory.hostBase == 0 ? faultAddress : memory.guestAddress(ofHost: faultAddress) ?? faultAddress
            // The stack's guard page is mapped on the host (no access) but unmapped for the guest:
            // a stack overflow is SEGV_MAPERR, as docs/abi.md 4.2 has it, not the host's ACCERR.
            var code = signalCode
            if signal == SIGSEGV, code == Int32(SEGV_ACCERR), memory.region(containing: address)?.name == GuestMemory.stackGuardName {
                code = Int32(SEGV_MAPERR)
            }
            return .fault(GuestFault(signal: signal, code: code, address: address, rip: self[.rip], detail: detail))
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

    /// The personality's name as messages say it ("ToyOS programs use int 0x81"); the front end
    /// sets it with the trap vectors.
    nonisolated(unsafe) public static var personalityLabel = "ToyOS"

    /// "int 0x81" for ToyOS: the system-call instruction, as messages name it.
    public static var syscallInstruction: String { "int 0x" + String(burrow_syscall_vector(), radix: 16) }

    /// The bytes of the instruction at rip (up to the architectural maximum of 15), read only
    /// through GuestMemory's fault-tolerant copy: only guest code, and an unreadable byte ends them.
    static func instructionBytes(at rip: UInt64, memory: GuestMemory) -> [UInt8] {
        guard let r = memory.region(containing: rip), r.protection.contains(.execute) else { return [] }
        return memory.readablePrefix(rip, max: 15)
    }

    /// The length of the `int 0x81` at rip: legacy prefixes and REX are allowed before CD 81 (the
    /// CPU ignores them), so rip never moves by an assumed 2. nil when the bytes are not an
    /// `int 0x81` (they cannot be read, or changed under us).
    static func syscallLength(at rip: UInt64, memory: GuestMemory, vector: UInt8 = burrow_syscall_vector(), compat: Bool = false) -> UInt64? {
        // The usual case, one two-byte load.
        if let r = memory.region(containing: rip), r.protection.contains(.execute),
           let w = try? memory.load(UInt16.self, at: rip), w == UInt16(vector) << 8 | 0xCD {
            return 2
        }
        let bytes = instructionBytes(at: rip, memory: memory)
        var i = 0
        while i < bytes.count, Self.isPrefix(bytes[i]), !(compat && Self.isREX(bytes[i])) { i += 1 }
        guard i + 1 < bytes.count, bytes[i] == 0xCD, bytes[i + 1] == vector else { return nil }
        return UInt64(i + 2)
    }

    /// REX (64-bit mode only; inc/dec in 32-bit code).
    static func isREX(_ b: UInt8) -> Bool { b & 0xF0 == 0x40 }

    /// The first byte after the legacy prefixes is a REX byte.
    static func leadsWithREX(_ bytes: [UInt8]) -> Bool {
        bytes.first { !isPrefix($0) || isREX($0) }.map(isREX) ?? false
    }

    /// Legacy prefixes (operand and address size, rep, segment overrides) and REX.
    static func isPrefix(_ b: UInt8) -> Bool {
        switch b {
        case 0x66, 0x67, 0xF2, 0xF3, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65, 0x40...0x4F: true
        default: false
        }
    }

    /// The privileged instruction at `rip`, if it is one Burrow emulates (read through GuestMemory).
    public static func privilegedInstruction(at rip: UInt64, memory: GuestMemory) -> DecodedPrivileged? {
        PrivilegedDecoder.decode(instructionBytes(at: rip, memory: memory))
    }

    static func decodePrivileged(at rip: UInt64, memory: GuestMemory) -> Exit? {
        decodePrivileged(instructionBytes(at: rip, memory: memory))
    }

    static func decodePrivileged(_ bytes: [UInt8]) -> Exit? {
        switch PrivilegedDecoder.decode(bytes) {
        case .instruction(let insn, let length)?: .privileged(insn, length: length)
        case .vmcall?: .hypercall(length: 3)
        case nil: nil
        }
    }
}
