// ToyOS structure layouts and the address-space layout, as data: the SDK header and Burrow's
// encoders both read these, so a field's offset is written down once.

public struct StructField: Hashable, Sendable {
    public enum CType: String, Sendable {
        case u8 = "uint8_t", u16 = "uint16_t", u32 = "uint32_t", u64 = "uint64_t"
        case i16 = "int16_t", i32 = "int32_t", i64 = "int64_t", char = "char"

        public var size: Int {
            switch self {
            case .u8, .char: 1
            case .u16, .i16: 2
            case .u32, .i32: 4
            case .u64, .i64: 8
            }
        }
    }
    public let name: String
    public let type: CType
    /// Array length (1 for a scalar; 0 for a flexible array member).
    public let count: Int
    public let offset: Int
    public let doc: String
}

public struct StructLayout: Sendable {
    public let cName: String
    public let fields: [StructField]
    public let size: Int
    public let doc: String

    /// Lays out fields in order with natural alignment; the size is rounded to the largest alignment.
    public init(_ cName: String, doc: String, _ spec: [(String, StructField.CType, Int, String)]) {
        var offset = 0
        var maxAlign = 1
        var fields: [StructField] = []
        for (name, type, count, fdoc) in spec {
            let align = type.size
            maxAlign = max(maxAlign, align)
            offset = (offset + align - 1) / align * align
            fields.append(StructField(name: name, type: type, count: count, offset: offset, doc: fdoc))
            offset += type.size * count
        }
        self.cName = cName
        self.fields = fields
        self.size = (offset + maxAlign - 1) / maxAlign * maxAlign
        self.doc = doc
    }

    public func offset(of name: String) -> Int {
        field(name).offset
    }

    private func field(_ name: String) -> StructField {
        guard let f = fields.first(where: { $0.name == name }) else { preconditionFailure("no field \(name) in \(cName)") }
        return f
    }

    /// Scalar field `name` of a structure's bytes (little-endian, zero-extended to 64 bits).
    public func value(of name: String, in bytes: [UInt8]) -> UInt64 {
        let f = field(name)
        var v: UInt64 = 0
        for i in 0..<f.type.size { v |= UInt64(bytes[f.offset + i]) << (8 * UInt64(i)) }
        return v
    }

    /// Sets scalar field `name` of a structure's bytes (little-endian, truncated to the field's size).
    public func set(_ name: String, to value: UInt64, in bytes: inout [UInt8]) {
        let f = field(name)
        for i in 0..<f.type.size { bytes[f.offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }
}

extension ToyOS {
    public static let statLayout = StructLayout("toy_stat", doc: "File status (stat, fstat, lstat). Times are nanoseconds since the Unix epoch.", [
        ("dev", .u64, 1, "device id"), ("ino", .u64, 1, "inode number"),
        ("mode", .u32, 1, "file type (S_IF*, bits 16-19) | permission bits (07777)"),
        ("nlink", .u32, 1, "hard links"), ("uid", .u32, 1, "owner"), ("gid", .u32, 1, "group"),
        ("rdev", .u64, 1, "device id of a device file"), ("size", .i64, 1, "bytes"),
        ("blocks", .u64, 1, "512-byte blocks allocated"), ("blksize", .u32, 1, "preferred I/O size"),
        ("reserved", .u32, 1, "zero"),
        ("atime_ns", .i64, 1, "last access"), ("mtime_ns", .i64, 1, "last modification"),
        ("ctime_ns", .i64, 1, "last status change"),
    ])

    public static let direntLayout = StructLayout("toy_dirent", doc: "One directory entry as readdir packs them; records are 8-byte aligned.", [
        ("ino", .u64, 1, "inode number"), ("reclen", .u16, 1, "bytes from this record to the next"),
        ("type", .u8, 1, "DT_*"), ("namelen", .u8, 1, "length of name without its NUL"),
        ("name", .char, 0, "the name, NUL-terminated"),
    ])

    public static let utsnameLayout = StructLayout("toy_utsname", doc: "System information (sysinfo). Each field is NUL-terminated.", [
        ("sysname", .char, 64, "\"ToyOS\""), ("nodename", .char, 64, "the host name"),
        ("release", .char, 64, "ABI version, \"\(abiMajor).\(abiMinor)\""), ("version", .char, 64, "the implementation, e.g. \"Burrow 0.1.0\""),
        ("machine", .char, 64, "\"x86_64\""),
    ])

    public static let winsizeLayout = StructLayout("toy_winsize", doc: "Terminal size (tcgetwinsize).", [
        ("rows", .u16, 1, ""), ("cols", .u16, 1, ""), ("xpixel", .u16, 1, ""), ("ypixel", .u16, 1, ""),
    ])

    public static let termiosLayout = StructLayout("toy_termios", doc: "Terminal attributes, a subset of termios (tcgetattr, tcsetattr).", [
        ("flags", .u32, 1, "TC_* bits"), ("vmin", .u8, 1, "raw mode: minimum bytes for a read"),
        ("vtime", .u8, 1, "raw mode: read timeout in tenths of a second"), ("reserved", .u8, 2, "zero"),
    ])

    public static let pollfdLayout = StructLayout("toy_pollfd", doc: "One descriptor to poll.", [
        ("fd", .i32, 1, "descriptor; negative: ignored"), ("events", .u16, 1, "POLL* requested"),
        ("revents", .u16, 1, "POLL* returned"),
    ])

    public static let sigactionLayout = StructLayout("toy_sigaction", doc: "A signal's action (sigaction).", [
        ("handler", .u64, 1, "SIG_DFL, SIG_IGN or a function address"),
        ("mask", .u64, 1, "signals blocked during the handler: bit (sig - 1)"),
        ("flags", .u32, 1, "SA_*"), ("reserved", .u32, 1, "zero"),
        ("restorer", .u64, 1, "address the handler returns to; it must call sigreturn"),
    ])

    /// The alternate signal stack (sigaltstack, ABI 1.4): the C library's stack_t, field for field.
    public static let stackLayout = StructLayout("toy_stack", doc: "An alternate signal stack (sigaltstack, ABI 1.4).", [
        ("sp", .u64, 1, "lowest address of the stack"),
        ("flags", .u32, 1, "SS_DISABLE to remove it; in old: SS_ONSTACK while running on it, SS_DISABLE when there is none"),
        ("reserved", .u32, 1, "ignored; zero in old"),
        ("size", .u64, 1, "bytes, at least MINSIGSTKSZ"),
    ])

    /// What a handler learns about its signal: the `info` argument (ABI 1.1, docs/abi.md 8.3).
    public static let siginfoLayout = StructLayout("toy_siginfo", doc: "A delivered signal (the handler's info argument, ABI 1.1).", [
        ("signo", .i32, 1, "the ToyOS signal number"),
        ("code", .i32, 1, "SI_USER: sent by kill; SI_KERNEL: raised by the system; SIGCHLD: CLD_* (ABI 1.5); faults: SEGV_MAPERR, SEGV_ACCERR, or another positive code"),
        ("pid", .i32, 1, "SI_USER: the sender's pid; CLD_*: the child's pid; 0 otherwise"),
        ("status", .i32, 1, "CLD_EXITED: the child's exit status; other CLD_*: the signal that ended, stopped or continued it; 0 otherwise (ABI 1.5; zero before)"),
        ("addr", .u64, 1, "faults: the address that faulted (SIGSEGV, SIGBUS) or the instruction (SIGILL, SIGFPE, SIGTRAP, SIGSYS); 0 otherwise"),
    ])

    /// The interrupted state: the `ctx` argument (ABI 1.1). sigreturn restores it, with any
    /// changes the handler made.
    public static let sigcontextLayout = StructLayout("toy_sigcontext", doc: "The interrupted state (the handler's ctx argument, ABI 1.1); sigreturn restores it, changes included.", [
        ("regs", .u64, 18, "rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 rip rflags (index TOY_REG_*)"),
        ("mask", .u64, 1, "the signal mask sigreturn restores"),
        ("fpu", .u64, 1, "address of the saved FPU and vector state, 64-byte aligned, inside the frame"),
        ("fpu_size", .u32, 1, "its size in bytes"),
        ("fpu_format", .u32, 1, "TOY_FPU_FXSAVE (the 512-byte FXSAVE image) or TOY_FPU_XSAVE (an XSAVE image, standard form)"),
        ("reserved", .u64, 4, "zero"),
    ])

    /// The size in bytes of one guest structure of each kind the table names (docs/abi.md §11;
    /// §11.9 for the plain arrays).
    public static func size(of kind: GuestStructKind) -> Int {
        switch kind {
        case .stat: statLayout.size
        case .pollfds: pollfdLayout.size
        case .utsname: utsnameLayout.size
        case .winsize: winsizeLayout.size
        case .termios: termiosLayout.size
        case .sigaction: sigactionLayout.size
        case .stack: stackLayout.size
        case .sigset, .nanoseconds: 8       // one u64
        case .timesPair: 16                 // two u64
        case .fdPair: 8                     // two i32
        case .waitStatus: 4                 // one i32
        case .dirent: direntLayout.size     // the fixed part; the name follows
        case .xv6Stat: XV6.statLayout.size  // xv6's own (the tracer decodes both personalities)
        }
    }

    public static let structLayouts: [StructLayout] = [
        statLayout, direntLayout, utsnameLayout, winsizeLayout, termiosLayout, pollfdLayout, sigactionLayout,
        stackLayout, siginfoLayout, sigcontextLayout, batchEntryLayout,
    ]

    /// The signal frame (docs/abi.md 8.3): at the handler's first instruction, rsp points at the
    /// restorer's address; the info follows it, then the context, then the FPU image.
    public enum SignalFrame {
        /// Offset of struct toy_siginfo from the handler's rsp.
        public static let infoOffset = 8
        /// Offset of struct toy_sigcontext from the handler's rsp.
        public static let contextOffset = 40
        /// At sigreturn (after the handler's ret) the context is at rsp + this.
        public static let contextFromSigreturnRSP = contextOffset - 8
        /// Bytes below the interrupted rsp that the frame never touches (the red zone).
        public static let redZone: UInt64 = 128
    }
}

/// The ToyOS address-space layout (docs/abi.md, "Address space").
public enum ToyOSAddressSpace {
    /// Lowest address a ToyOS image may use.
    public static let imageLow: UInt64 = 0x1_0000
    /// ET_EXEC images must lie below this; the SDK links at `defaultImageBase`.
    public static let imageHigh: UInt64 = 0x7F00_0000
    public static let defaultImageBase: UInt64 = 0x0100_0000
    /// Reserved for Burrow: the fast-path slot table (reachable by a 32-bit absolute address).
    public static let slotTableLow: UInt64 = 0x7F00_0000
    public static let slotTableHigh: UInt64 = 0x8000_0000
    /// Reserved for Burrow: the window that 32-bit (xv6) guests run in.
    public static let compatWindowLow: UInt64 = 0x8000_0000
    public static let compatWindowHigh: UInt64 = 0x1_0000_0000
    /// Where static-PIE images are placed (randomised base) and where `map` puts memory without a hint.
    public static let mapLow: UInt64 = 0x1_0000_0000
    public static let mapHigh: UInt64 = 0x0F00_0000_0000
    /// The stack: `stackSize` bytes ending at `stackTop`, with an unmapped guard page below.
    public static let stackTop: UInt64 = 0x0FFF_FFFF_F000
    public static let stackSize: UInt64 = 8 << 20
    /// Every address at or above this belongs to the host (Burrow, libc, the Swift runtime).
    public static let guestLimit: UInt64 = 0x1000_0000_0000
}
