// The virtual CPU: the guest's registers and the call that runs guest code until it traps
// (like KVM_RUN or gVisor's Context.Switch). The state lives in a C struct at a stable address
// (CBurrowRuntime) because the trap handler writes it; Swift touches it only while the guest is
// stopped, so no Swift access spans guest execution.
import CBurrowRuntime
import Glibc

public enum Register: Int, CaseIterable, Sendable {
    case rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags
}

public final class VCPU {
    /// SAFETY: allocated once, 64-byte aligned, freed in deinit; only this class and the C runtime use it.
    public let raw: UnsafeMutablePointer<burrow_vcpu>
    private let regs: UnsafeMutablePointer<UInt64>

    /// Flags a guest may hold: CF PF AF ZF SF TF DF OF, plus the always-one bit and IF.
    static let userFlagsMask: UInt64 = 0x0CD5 | 0x100
    public static let initialFlags: UInt64 = 0x202

    public init() {
        var p: UnsafeMutableRawPointer?
        guard posix_memalign(&p, 64, MemoryLayout<burrow_vcpu>.size) == 0, let p else {
            preconditionFailure("cannot allocate the vCPU context")
        }
        memset(p, 0, MemoryLayout<burrow_vcpu>.size)
        raw = p.bindMemory(to: burrow_vcpu.self, capacity: 1)
        // SAFETY: regs is the first field of burrow_vcpu (asserted in runtime.c): 18 consecutive UInt64.
        regs = UnsafeMutableRawPointer(raw).bindMemory(to: UInt64.self, capacity: Register.allCases.count)
        raw.pointee.guest_mxcsr = 0x1F80
        raw.pointee.guest_fcw = 0x037F
        regs[Register.rflags.rawValue] = Self.initialFlags
    }

    deinit { free(raw) }

    @inline(__always)
    public subscript(_ r: Register) -> UInt64 {
        get { regs[r.rawValue] }
        set {
            regs[r.rawValue] = r == .rflags ? (newValue & Self.userFlagsMask) | Self.initialFlags : newValue
        }
    }

    /// Runs the guest until it traps; the C handler has filled in the exit fields.
    @inline(__always)
    public func enter() -> UInt32 { burrow_vcpu_run(raw) }

    public var signal: Int32 { raw.pointee.signo }
    public var signalCode: Int32 { raw.pointee.si_code }
    public var faultAddress: UInt64 { raw.pointee.fault_addr }
    public var trapError: UInt64 { raw.pointee.trap_err }
    public var linuxSyscallNumber: Int32 { raw.pointee.linux_syscall_nr }
    public var guestFSBase: UInt64 { raw.pointee.guest_fsbase }

    /// ToyOS result convention: rax = value, rdx = error flag, CF mirrors rdx.
    @inline(__always)
    public func setResult(value: UInt64, error: Bool) {
        regs[Register.rax.rawValue] = value
        regs[Register.rdx.rawValue] = error ? 1 : 0
        let f = regs[Register.rflags.rawValue]
        regs[Register.rflags.rawValue] = error ? f | 1 : f & ~1
    }
}
