// The shape of a personality's system call table. Rows are data: dispatch, the tracer's decoders,
// `burrow syscalls`, docs/syscalls.md and the SDK's C header are all derived from them.

/// Where the length of a buffer argument comes from.
public enum LengthSource: Hashable, Sendable {
    /// The value of argument N (0-based).
    case argument(Int)
    /// The call's return value (read-like calls: the bytes really transferred).
    case returnValue
    /// A fixed number of bytes.
    case fixed(Int)
}

/// Guest structures the tracer can decode; their layouts are in docs/abi.md.
public enum GuestStructKind: String, Hashable, Sendable {
    case stat, pollfds, utsname, winsize, termios, sigaction, sigset, timesPair, nanoseconds, fdPair,
         waitStatus, dirent, stack
    /// xv6's struct stat (XV6Layout.swift).
    case xv6Stat
}

/// A named set of constants (an enumeration or a set of flag bits) defined by the ABI.
public enum ConstantSetID: String, Hashable, Sendable, CaseIterable {
    case openFlags, accessMode, protection, mapFlags, whence, fcntlCommand, fdFlags, clock,
         signal, sigprocmaskHow, sigactionFlags, stackFlags, pollEvents, tcsetattrWhen, termiosFlags,
         waitOptions, getrandomFlags, utimensFlags, fileType, direntType, auxKey, errno
}

/// An argument whose meaning depends on a command argument (ArgKind.byCommand). The kind names it
/// by this id, so that ArgKind stays a plain value (the tracer copies kinds on every event); the
/// personality's data says what each command makes of it (`spec`).
public enum CommandArgumentID: String, Hashable, Sendable {
    case fcntlArg
}

/// What each command makes of a CommandArgumentID's argument: the command is argument `argument`
/// (an earlier one); a case's kind, or `otherwise` for a command no case names; a case without a
/// kind takes no argument, which the trace leaves out (as strace does).
public struct CommandArgument: Sendable {
    public struct Case: Sendable {
        public let command: UInt64
        public let kind: ArgKind?
        /// The call's result is these flags for this command (F_GETFL's status flags), shown as
        /// strace shows them: `0x3 (flags O_RDWR)` (ReturnKind.byCommand).
        public let resultFlags: ConstantSetID?
        public init(_ command: UInt64, _ kind: ArgKind?, resultFlags: ConstantSetID? = nil) {
            self.command = command
            self.kind = kind
            self.resultFlags = resultFlags
        }
    }
    public let argument: Int
    public let cases: [Case]
    public let otherwise: ArgKind
    public init(argument: Int, _ cases: [Case], otherwise: ArgKind) {
        self.argument = argument
        self.cases = cases
        self.otherwise = otherwise
    }

    /// The kind for this command (nil: left out).
    public func kind(command: UInt64) -> ArgKind? {
        if let c = cases.first(where: { $0.command == command }) { return c.kind }
        return otherwise
    }

    /// The flags the result is for this command, if it is flags.
    public func resultFlags(command: UInt64) -> ConstantSetID? {
        cases.first { $0.command == command }?.resultFlags
    }
}

/// How one argument is passed and how the tracer shows it.
public enum ArgKind: Hashable, Sendable {
    case int, uint, hex, size, offset
    case fd
    case pid
    /// NUL-terminated path read from the guest.
    case path
    /// Bytes the guest hands in.
    case bufferIn(length: LengthSource)
    /// Bytes the call fills; shown after the call, with the returned length.
    case bufferOut(length: LengthSource)
    /// A path the call fills (getcwd's buffer): shown after the call, with the returned length, as
    /// paths are, whole (up to PATH_MAX), not cut at the string limit as strace shows getcwd's.
    case pathOut(length: LengthSource)
    /// Variable-length records the call fills (readdir's toy_dirent, each saying its own length);
    /// shown after the call, decoded record by record, within the returned length.
    case recordsOut(GuestStructKind, length: LengthSource)
    case structIn(GuestStructKind, count: LengthSource? = nil)
    case structOut(GuestStructKind)
    /// A structure the call fills only when it fails with EINTR (nanosleep's time left): shown after
    /// an EINTR, and as its address otherwise, as strace shows nanosleep's `rem`.
    case structOutOnEINTR(GuestStructKind)
    case structInOut(GuestStructKind, count: LengthSource? = nil)
    case flags(ConstantSetID)
    case enumeration(ConstantSetID)
    /// Permission bits, shown in octal.
    case mode
    /// A time span or point in u64 nanoseconds, passed by value (nanosleep); shown as seconds and
    /// nanoseconds.
    case nanoseconds
    /// An address the call does not dereference (map hints, TLS base, handlers).
    case address
    /// A NULL-terminated array of string pointers (argv, envp).
    case stringArray
    /// A register whose meaning depends on a command argument (fcntl's third on its second), as
    /// the id's CommandArgument says. Passed as 64 bits, as `hex`.
    case byCommand(CommandArgumentID)
}

/// How many bits of an argument register a call reads (docs/abi.md §3.2): the table's argument kind
/// decides, and the dispatcher decodes every argument through it, so no handler can read a 64-bit
/// argument as 32 bits or the reverse.
public enum ArgWidth: Sendable {
    /// The low 32 bits, sign-extended (int, fd, pid, enumeration).
    case signed32
    /// The low 32 bits, zero-extended (flags, mode).
    case unsigned32
    /// All 64 bits.
    case full64
}

extension ArgKind {
    public var width: ArgWidth {
        switch self {
        case .int, .fd, .pid, .enumeration: .signed32
        case .flags, .mode: .unsigned32
        case .uint, .hex, .size, .offset, .path, .bufferIn, .bufferOut, .pathOut, .recordsOut, .structIn, .structOut, .structOutOnEINTR, .structInOut,
             .address, .stringArray, .nanoseconds, .byCommand: .full64
        }
    }

    /// The register value as the call reads it: a 32-bit kind's upper half is ignored.
    @inline(__always)
    public func decode(_ register: UInt64) -> UInt64 {
        switch width {
        case .signed32: UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: register)))
        case .unsigned32: register & 0xFFFF_FFFF
        case .full64: register
        }
    }
}

extension ArgWidth {
    /// The arguments' decoding packed 4 bits each (argument i in bits 4i..4i+3): 0 none (reads as
    /// 0), 1 signed 32-bit, 2 unsigned 32-bit, 3 all 64 bits. The dispatcher's SyscallArgs and the
    /// trace's C renderer decode registers by the same word.
    public static func codes(_ args: [SyscallArg]) -> UInt32 {
        var w: UInt32 = 0
        for (i, a) in args.enumerated() where i < 6 {
            let code: UInt32
            switch a.kind.width {
            case .signed32: code = 1
            case .unsigned32: code = 2
            case .full64: code = 3
            }
            w |= code << (4 * UInt32(i))
        }
        return w
    }
}

public struct SyscallArg: Hashable, Sendable {
    public let name: String
    public let kind: ArgKind
    public init(_ name: String, _ kind: ArgKind) {
        self.name = name
        self.kind = kind
    }
}

public enum ReturnKind: Hashable, Sendable {
    case none         // 0 on success
    case int
    case size
    case offset
    case fd
    case pid
    case address
    case noReturn
    /// An int, or flags for the commands the id's CommandArgument says (fcntl's F_GETFL).
    case byCommand(CommandArgumentID)
}

public enum SyscallClass: String, Hashable, Sendable, CaseIterable {
    case file      // takes a path
    case desc      // works on a descriptor
    case memory
    case time
    case process
    case signal
    case terminal
    case info
}

public enum SupportLevel: Hashable, Sendable {
    case full
    case partial(String)
    case unimplemented(String)

    public var name: String {
        switch self {
        case .full: "full"
        case .partial: "partial"
        case .unimplemented: "unimplemented"
        }
    }

    public var note: String? {
        switch self {
        case .full: nil
        case .partial(let n), .unimplemented(let n): n
        }
    }
}

/// One row of a personality's table: its call enum case and what the row says about it
/// (CallRowInfo, the one list of a row's fields). `row.name`, `row.args`, ... read the info.
@dynamicMemberLookup
public struct SyscallRow<Call: Hashable & Sendable>: Sendable {
    public let call: Call
    public let info: CallRowInfo

    public init(call: Call, number: UInt32, name: String, args: [SyscallArg], returns: ReturnKind, classes: [SyscallClass],
                support: SupportLevel, summary: String, errors: [String]) {
        self.call = call
        info = CallRowInfo(number: number, name: name, args: args, returns: returns, classes: classes,
                           support: support, summary: summary, errors: errors)
    }

    public subscript<T>(dynamicMember field: KeyPath<CallRowInfo, T>) -> T { info[keyPath: field] }
}
