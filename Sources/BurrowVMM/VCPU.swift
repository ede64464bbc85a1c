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
    @usableFromInline let regs: UnsafeMutablePointer<UInt64>

    /// Flags a guest may hold: CF PF AF ZF SF TF DF OF, AC and ID, plus the always-one bit and IF.
    @usableFromInline static let userFlagsMask: UInt64 = 0x0CD5 | 0x100 | 0x4_0000 | 0x20_0000
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
        raw.pointee.syscall_length = 2   // `int 0x81`
        regs[Register.rflags.rawValue] = Self.initialFlags
    }

    /// The last system call's instruction length and path (GuestProcess.syscallStarts; the fast
    /// lane, lane.c, sets them too when it starts a call without Swift).
    @inlinable @inline(__always)
    public var syscallLength: UInt64 {
        get { UInt64(raw.pointee.syscall_length) }
        set { raw.pointee.syscall_length = UInt8(truncatingIfNeeded: newValue) }
    }
    @inlinable @inline(__always)
    public var syscallFast: Bool {
        get { raw.pointee.syscall_fast != 0 }
        set { raw.pointee.syscall_fast = newValue ? 1 : 0 }
    }

    deinit { free(raw) }

    /// Inlinable: the dispatcher (another module) reads seven registers per call.
    @inlinable @inline(__always)
    public subscript(_ r: Register) -> UInt64 {
        get { regs[r.rawValue] }
        set {
            regs[r.rawValue] = r == .rflags ? (newValue & Self.userFlagsMask) | Self.initialFlags : newValue
        }
    }

    /// Runs the guest until it traps; the C handler has filled in the exit fields.
    @inline(__always)
    public func enter() -> UInt32 { burrow_vcpu_run(raw) }

    /// A 32-bit guest (compatibility mode) with these code and stack/data selectors: LDT ones
    /// with a base, or Linux's flat pair (burrow_flat32_cs/ds). Its registers are 32-bit words.
    public func setCompatibilityMode(code: UInt16, data: UInt16) { burrow_vcpu_set_compat(raw, code, data) }
    public var isCompatibilityMode: Bool { raw.pointee.guest_cs != 0 }

    public var signal: Int32 { raw.pointee.signo }
    public var signalCode: Int32 { raw.pointee.si_code }
    public var faultAddress: UInt64 { raw.pointee.fault_addr }
    public var trapError: UInt64 { raw.pointee.trap_err }
    public var linuxSyscallNumber: Int32 { raw.pointee.linux_syscall_nr }
    public var guestFSBase: UInt64 { raw.pointee.guest_fsbase }

    /// The guest's FPU and vector state as a signal frame keeps it: the image saved at an
    /// asynchronous exit (XSAVE, format 2, or FXSAVE, format 1), or, after a system call (which
    /// may clobber vector state), an FXSAVE image holding only the control words.
    public func fpuImage() -> (bytes: [UInt8], format: UInt32) {
        let v = raw.pointee
        return withUnsafeBytes(of: raw.pointee.xsave) { x in
            if v.fpu_valid == 2 { return (Array(x.prefix(Int(v.fpu_size))), 2) }
            if v.fpu_valid == 1 { return (Array(x.prefix(512)), 1) }
            var b = [UInt8](repeating: 0, count: 512)
            b[0] = UInt8(v.guest_fcw & 0xff); b[1] = UInt8(v.guest_fcw >> 8)
            for i in 0..<4 { b[24 + i] = UInt8((v.guest_mxcsr >> (8 * UInt32(i))) & 0xff) }
            return (b, 1)
        }
    }

    /// Loads an FPU image (checked by burrow_fpu_image_ok) to be restored at the next entry.
    public func setFPUImage(_ bytes: [UInt8], format: UInt32) {
        withUnsafeMutableBytes(of: &raw.pointee.xsave) { x in
            x.initializeMemory(as: UInt8.self, repeating: 0)
            x.copyBytes(from: bytes.prefix(x.count))
        }
        raw.pointee.fpu_size = UInt32(bytes.count)
        raw.pointee.fpu_valid = format
        raw.pointee.guest_mxcsr = bytes.count >= 28 ? UInt32(bytes[24]) | UInt32(bytes[25]) << 8 | UInt32(bytes[26]) << 16 | UInt32(bytes[27]) << 24 : 0x1F80
        raw.pointee.guest_fcw = bytes.count >= 2 ? UInt16(bytes[0]) | UInt16(bytes[1]) << 8 : 0x037F
    }

    /// The state a signal handler starts with (docs/abi.md 8.3): MXCSR 0x1F80, x87 control word
    /// 0x037F; vector registers unspecified.
    public func resetFPUForHandler() {
        raw.pointee.fpu_valid = 0
        raw.pointee.guest_mxcsr = 0x1F80
        raw.pointee.guest_fcw = 0x037F
    }

    /// ToyOS result convention: rax = value, rdx = error flag, CF mirrors rdx.
    @inlinable @inline(__always)
    public func setResult(value: UInt64, error: Bool) {
        regs[Register.rax.rawValue] = value
        regs[Register.rdx.rawValue] = error ? 1 : 0
        let f = regs[Register.rflags.rawValue]
        regs[Register.rflags.rawValue] = error ? f | 1 : f & ~1
    }
}
