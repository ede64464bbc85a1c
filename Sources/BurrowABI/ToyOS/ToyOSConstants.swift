// ToyOS ABI v1 constants: errno values, flag bits, enumerations. Values are ToyOS's own and, name by
// name, differ from Linux's, so every one must be translated (tests check both facts).

public struct NamedConstant: Hashable, Sendable {
    public let name: String
    public let value: UInt64
    /// For errno: the message strerror gives; otherwise a short description.
    public let text: String
    public init(_ name: String, _ value: UInt64, _ text: String = "") {
        self.name = name
        self.value = value
        self.text = text
    }
}

public struct ConstantSet: Sendable {
    public enum Kind: Sendable { case enumeration, bits }
    public let id: ConstantSetID
    public let kind: Kind
    public let entries: [NamedConstant]

    public func entry(named name: String) -> NamedConstant? { entries.first { $0.name == name } }
    public func name(of value: UInt64) -> String? { entries.first { $0.value == value }?.name }
    /// The value of a named entry; a missing name is a bug in Burrow, not a guest error.
    public subscript(_ name: String) -> UInt64 {
        guard let e = entry(named: name) else { preconditionFailure("no constant \(name) in \(id)") }
        return e.value
    }
}

/// An enumeration a handler switches on: typed, so a misspelt case does not compile. Its constant
/// set (names for the header, the docs and the tracer) is derived from the cases.
public protocol ABIEnumeration: CaseIterable, RawRepresentable<UInt64> {
    /// The name without the TOY_ prefix, as abi.h spells it.
    var abiName: String { get }
}

extension ConstantSet {
    public init<E: ABIEnumeration>(_ type: E.Type, id: ConstantSetID) {
        self.init(id: id, kind: .enumeration, entries: E.allCases.map { NamedConstant($0.abiName, $0.rawValue) })
    }
}

/// fcntl's `cmd`.
public enum ToyFcntlCommand: UInt64, ABIEnumeration, Sendable {
    case dupfd = 1, getfd = 2, setfd = 3, getfl = 4, setfl = 5, dupfdCloexec = 6
    public var abiName: String {
        switch self {
        case .dupfd: "F_DUPFD"
        case .getfd: "F_GETFD"
        case .setfd: "F_SETFD"
        case .getfl: "F_GETFL"
        case .setfl: "F_SETFL"
        case .dupfdCloexec: "F_DUPFD_CLOEXEC"
        }
    }
}

/// tcsetattr's `when`.
public enum ToyTcsetattrWhen: UInt64, ABIEnumeration, Sendable {
    case now = 1, drain = 2, flush = 3
    public var abiName: String {
        switch self {
        case .now: "TCSANOW"
        case .drain: "TCSADRAIN"
        case .flush: "TCSAFLUSH"
        }
    }
}

extension ToyOS {
    public static let errno = ConstantSet(id: .errno, kind: .enumeration, entries: [
        NamedConstant("E2BIG", 1, "Argument list too long"),
        NamedConstant("EACCES", 2, "Permission denied"),
        NamedConstant("EAGAIN", 3, "Resource temporarily unavailable"),
        NamedConstant("EBADF", 4, "Bad file descriptor"),
        NamedConstant("EBUSY", 5, "Device or resource busy"),
        NamedConstant("ECHILD", 6, "No child processes"),
        NamedConstant("EDEADLK", 7, "Resource deadlock avoided"),
        NamedConstant("EDOM", 8, "Numerical argument out of domain"),
        NamedConstant("EEXIST", 9, "File exists"),
        NamedConstant("EFAULT", 10, "Bad address"),
        NamedConstant("EFBIG", 11, "File too large"),
        NamedConstant("EINTR", 12, "Interrupted system call"),
        NamedConstant("EINVAL", 13, "Invalid argument"),
        NamedConstant("EIO", 14, "Input/output error"),
        NamedConstant("EISDIR", 15, "Is a directory"),
        NamedConstant("ELOOP", 16, "Too many levels of symbolic links"),
        NamedConstant("EMFILE", 17, "Too many open files"),
        NamedConstant("EMLINK", 18, "Too many links"),
        NamedConstant("ENAMETOOLONG", 19, "File name too long"),
        NamedConstant("ENFILE", 20, "Too many open files in system"),
        NamedConstant("ENODEV", 21, "No such device"),
        NamedConstant("ENOENT", 22, "No such file or directory"),
        NamedConstant("ENOEXEC", 23, "Exec format error"),
        NamedConstant("ENOMEM", 24, "Cannot allocate memory"),
        NamedConstant("ENOSPC", 25, "No space left on device"),
        NamedConstant("ENOSYS", 26, "Function not implemented"),
        NamedConstant("ENOTDIR", 27, "Not a directory"),
        NamedConstant("ENOTEMPTY", 28, "Directory not empty"),
        NamedConstant("ENOTSUP", 29, "Operation not supported"),
        NamedConstant("ENOTTY", 30, "Inappropriate ioctl for device"),
        NamedConstant("ENXIO", 31, "No such device or address"),
        NamedConstant("EOVERFLOW", 32, "Value too large for defined data type"),
        NamedConstant("EPERM", 33, "Operation not permitted"),
        NamedConstant("EPIPE", 34, "Broken pipe"),
        NamedConstant("ERANGE", 35, "Numerical result out of range"),
        NamedConstant("EROFS", 36, "Read-only file system"),
        NamedConstant("ESPIPE", 37, "Illegal seek"),
        NamedConstant("ESRCH", 38, "No such process"),
        NamedConstant("ETXTBSY", 39, "Text file busy"),
        NamedConstant("EXDEV", 40, "Invalid cross-device link"),
        NamedConstant("ETIMEDOUT", 41, "Connection timed out"),
    ])

    public static let openFlags = ConstantSet(id: .openFlags, kind: .bits, entries: [
        // The access mode is a two-bit field (O_ACCMODE), not independent bits: 0 is invalid.
        NamedConstant("O_RDONLY", 0x1), NamedConstant("O_WRONLY", 0x2), NamedConstant("O_RDWR", 0x3),
        NamedConstant("O_CREAT", 0x10), NamedConstant("O_EXCL", 0x20), NamedConstant("O_TRUNC", 0x40),
        NamedConstant("O_APPEND", 0x80), NamedConstant("O_NONBLOCK", 0x100), NamedConstant("O_DIRECTORY", 0x200),
        NamedConstant("O_NOFOLLOW", 0x400), NamedConstant("O_CLOEXEC", 0x800), NamedConstant("O_NOCTTY", 0x1000),
    ])
    public static let openAccessModeMask: UInt64 = 0x3

    public static let accessMode = ConstantSet(id: .accessMode, kind: .bits, entries: [
        NamedConstant("F_OK", 0), NamedConstant("W_OK", 0x1), NamedConstant("R_OK", 0x2), NamedConstant("X_OK", 0x4),
    ])

    public static let protection = ConstantSet(id: .protection, kind: .bits, entries: [
        NamedConstant("PROT_NONE", 0), NamedConstant("PROT_WRITE", 0x1), NamedConstant("PROT_EXEC", 0x2),
        NamedConstant("PROT_READ", 0x4),
    ])

    public static let mapFlags = ConstantSet(id: .mapFlags, kind: .bits, entries: [
        NamedConstant("MAP_PRIVATE", 0x1), NamedConstant("MAP_SHARED", 0x2), NamedConstant("MAP_ANON", 0x4),
        NamedConstant("MAP_FIXED", 0x8), NamedConstant("MAP_FIXED_NOREPLACE", 0x10),
    ])

    public static let whence = ConstantSet(id: .whence, kind: .enumeration, entries: [
        NamedConstant("SEEK_SET", 1), NamedConstant("SEEK_CUR", 2), NamedConstant("SEEK_END", 3),
    ])

    public static let fcntlCommand = ConstantSet(ToyFcntlCommand.self, id: .fcntlCommand)

    public static let fdFlags = ConstantSet(id: .fdFlags, kind: .bits, entries: [
        NamedConstant("FD_CLOEXEC", 0x2),
    ])

    public static let clock = ConstantSet(id: .clock, kind: .enumeration, entries: [
        NamedConstant("CLOCK_REALTIME", 1), NamedConstant("CLOCK_MONOTONIC", 2), NamedConstant("CLOCK_PROCESS_CPUTIME", 3),
    ])

    public static let signal = ConstantSet(id: .signal, kind: .enumeration, entries: [
        NamedConstant("SIGINT", 1, "Interrupt"), NamedConstant("SIGTERM", 2, "Terminated"),
        NamedConstant("SIGKILL", 3, "Killed"), NamedConstant("SIGSEGV", 4, "Segmentation fault"),
        NamedConstant("SIGILL", 5, "Illegal instruction"), NamedConstant("SIGFPE", 6, "Floating point exception"),
        NamedConstant("SIGABRT", 7, "Aborted"), NamedConstant("SIGBUS", 8, "Bus error"),
        NamedConstant("SIGTRAP", 9, "Trace/breakpoint trap"), NamedConstant("SIGSYS", 10, "Bad system call"),
        NamedConstant("SIGPIPE", 11, "Broken pipe"), NamedConstant("SIGALRM", 12, "Alarm clock"),
        NamedConstant("SIGCHLD", 13, "Child exited"), NamedConstant("SIGHUP", 14, "Hangup"),
        NamedConstant("SIGQUIT", 15, "Quit"), NamedConstant("SIGUSR1", 16, "User defined signal 1"),
        NamedConstant("SIGUSR2", 17, "User defined signal 2"), NamedConstant("SIGSTOP", 18, "Stopped (signal)"),
        NamedConstant("SIGTSTP", 19, "Stopped"), NamedConstant("SIGCONT", 20, "Continued"),
        NamedConstant("SIGTTOU", 21, "Stopped (tty output)"), NamedConstant("SIGTTIN", 22, "Stopped (tty input)"),
        NamedConstant("SIGWINCH", 23, "Window changed"),
        // Interrupt lines (ABI 1.2, docs/abi.md 7.6): 32 + the line. Default action: ignore.
        NamedConstant("SIGIRQ0", 32, "Interrupt 0 (timer)"), NamedConstant("SIGIRQ4", 36, "Interrupt 4 (COM1)"),
    ])

    public static let sigprocmaskHow = ConstantSet(id: .sigprocmaskHow, kind: .enumeration, entries: [
        NamedConstant("SIG_BLOCK", 1), NamedConstant("SIG_UNBLOCK", 2), NamedConstant("SIG_SETMASK", 3),
    ])

    public static let sigactionFlags = ConstantSet(id: .sigactionFlags, kind: .bits, entries: [
        NamedConstant("SA_RESTART", 0x1), NamedConstant("SA_NODEFER", 0x2), NamedConstant("SA_RESETHAND", 0x4),
        NamedConstant("SA_ONSTACK", 0x8, "run the handler on the alternate stack (sigaltstack, ABI 1.4)"),
    ])

    public static let stackFlags = ConstantSet(id: .stackFlags, kind: .bits, entries: [
        NamedConstant("SS_ONSTACK", 0x4, "toy_stack.flags in old: running on the alternate stack now (ABI 1.4)"),
        NamedConstant("SS_DISABLE", 0x8, "toy_stack.flags: no alternate stack (ABI 1.4)"),
    ])

    public static let pollEvents = ConstantSet(id: .pollEvents, kind: .bits, entries: [
        NamedConstant("POLLERR", 0x1), NamedConstant("POLLHUP", 0x2), NamedConstant("POLLNVAL", 0x4),
        NamedConstant("POLLIN", 0x10), NamedConstant("POLLOUT", 0x20), NamedConstant("POLLPRI", 0x40),
    ])

    public static let tcsetattrWhen = ConstantSet(ToyTcsetattrWhen.self, id: .tcsetattrWhen)

    public static let termiosFlags = ConstantSet(id: .termiosFlags, kind: .bits, entries: [
        NamedConstant("TC_ECHO", 0x1, "echo input"), NamedConstant("TC_ICANON", 0x2, "line editing (cooked)"),
        NamedConstant("TC_ISIG", 0x4, "INTR/QUIT/SUSP characters raise signals"),
        NamedConstant("TC_ICRNL", 0x8, "map CR to NL on input"), NamedConstant("TC_OPOST", 0x10, "map NL to CR NL on output"),
    ])

    public static let waitOptions = ConstantSet(id: .waitOptions, kind: .bits, entries: [
        NamedConstant("WNOHANG", 0x4),
        NamedConstant("WUNTRACED", 0x8, "also report a child stopped by a signal (ABI 1.1)"),
        NamedConstant("WCONTINUED", 0x10, "also report a stopped child continued by SIGCONT (ABI 1.1)"),
    ])

    public static let getrandomFlags = ConstantSet(id: .getrandomFlags, kind: .bits, entries: [
        NamedConstant("GRND_NONBLOCK", 0x2),
    ])

    public static let utimensFlags = ConstantSet(id: .utimensFlags, kind: .bits, entries: [
        NamedConstant("AT_SYMLINK_NOFOLLOW", 0x1),
    ])

    /// The file-type field of toy_stat.mode (bits 16-19); permission bits 07777 are POSIX's.
    public static let fileType = ConstantSet(id: .fileType, kind: .enumeration, entries: [
        NamedConstant("S_IFREG", 0x10000), NamedConstant("S_IFDIR", 0x20000), NamedConstant("S_IFLNK", 0x30000),
        NamedConstant("S_IFCHR", 0x40000), NamedConstant("S_IFBLK", 0x50000), NamedConstant("S_IFIFO", 0x60000),
        NamedConstant("S_IFSOCK", 0x70000),
    ])
    public static let fileTypeMask: UInt64 = 0xF0000

    public static let direntType = ConstantSet(id: .direntType, kind: .enumeration, entries: [
        NamedConstant("DT_UNKNOWN", 0), NamedConstant("DT_REG", 1), NamedConstant("DT_DIR", 2), NamedConstant("DT_LNK", 3),
        NamedConstant("DT_CHR", 4), NamedConstant("DT_BLK", 5), NamedConstant("DT_FIFO", 6), NamedConstant("DT_SOCK", 7),
    ])

    public static let auxKey = ConstantSet(id: .auxKey, kind: .enumeration, entries: [
        NamedConstant("AT_NULL", 0, "end of the vector"),
        NamedConstant("AT_PAGESZ", 1, "page size in bytes"),
        NamedConstant("AT_RANDOM", 2, "address of 16 random bytes"),
        NamedConstant("AT_ABI_VERSION", 3, "ABI version: major << 16 | minor"),
        NamedConstant("AT_EXECPATH", 4, "address of the executable's path, NUL-terminated"),
        NamedConstant("AT_ENTRY", 5, "the program's entry point"),
        NamedConstant("AT_PHDR", 6, "address of the program headers in memory"),
        NamedConstant("AT_PHENT", 7, "size of one program header"),
        NamedConstant("AT_PHNUM", 8, "number of program headers"),
        NamedConstant("AT_BASE", 9, "load bias (0 for ET_EXEC)"),
    ])

    public static let constantSets: [ConstantSet] = [
        errno, openFlags, accessMode, protection, mapFlags, whence, fcntlCommand, fdFlags, clock, signal,
        sigprocmaskHow, sigactionFlags, stackFlags, pollEvents, tcsetattrWhen, termiosFlags, waitOptions, getrandomFlags,
        utimensFlags, fileType, direntType, auxKey,
    ]

    public static func constants(_ id: ConstantSetID) -> ConstantSet {
        guard let set = constantSets.first(where: { $0.id == id }) else { preconditionFailure("no constant set \(id)") }
        return set
    }

    /// A scalar by name (a typo is a bug, caught the first time the code runs in any test).
    public static func scalar(_ name: String) -> UInt64 {
        guard let c = scalars.first(where: { $0.name == name }) else { preconditionFailure("no ToyOS scalar \(name)") }
        return c.value
    }
    /// utimens: a time of UTIME_NOW means "now", UTIME_OMIT "leave it".
    public static let utimeNow = UInt64.max
    public static let utimeOmit = UInt64.max - 1
    /// toy_sigaction.handler: the default action, or ignore.
    public static let sigDefault: UInt64 = 0
    public static let sigIgnore: UInt64 = 1
    /// waitpid status bits: a signal ended the child (its number in bits 8-15); it dumped core.
    public static let exitSignaled: UInt64 = 0x10000
    public static let exitCoredump: UInt64 = 0x20000
    /// waitpid status bits (ABI 1.1): stopped (the signal in bits 8-15; WUNTRACED); continued (WCONTINUED).
    public static let exitStopped: UInt64 = 0x40000
    public static let exitContinued: UInt64 = 0x80000
    /// The most one read or write transfers (Linux's cap, which Burrow keeps).
    public static let maxTransfer: UInt64 = 0x7FFF_F000

    /// sigaltstack's minimum: the largest signal frame (the restorer's slot, toy_siginfo's slot, toy_sigcontext,
    /// an XSAVE image of up to 4096 bytes and their alignment) fits with room to spare.
    public static let minSignalStack: UInt64 = 8192

    /// Values that are not sets of names but still belong to the ABI (header `#define`s).
    public static let scalars: [NamedConstant] = [
        NamedConstant("ABI_MAJOR", UInt64(abiMajor)), NamedConstant("ABI_MINOR", UInt64(abiMinor)),
        NamedConstant("ELF_OSABI", UInt64(elfOSABI)), NamedConstant("NT_ABI_VERSION", UInt64(noteTypeABIVersion)),
        NamedConstant("PAGE_SIZE", UInt64(pageSize)),
        NamedConstant("UTIME_NOW", utimeNow), NamedConstant("UTIME_OMIT", utimeOmit),
        NamedConstant("SIG_DFL", sigDefault), NamedConstant("SIG_IGN", sigIgnore),
        NamedConstant("NAME_MAX", 255), NamedConstant("PATH_MAX", 4096),
        NamedConstant("OPEN_MAX", 1024, "descriptors are 0 .. OPEN_MAX - 1; a new one at or beyond it fails with EMFILE (ABI 1.4 states it)"),
        NamedConstant("EXIT_SIGNALED", exitSignaled, "waitpid status: bits 8-15 hold the ToyOS signal; bits 0-7 the exit status otherwise"),
        NamedConstant("EXIT_COREDUMP", exitCoredump),
        NamedConstant("EXIT_STOPPED", exitStopped, "waitpid status (WUNTRACED, ABI 1.1): stopped; bits 8-15 hold the signal that stopped it"),
        NamedConstant("EXIT_CONTINUED", exitContinued, "waitpid status (WCONTINUED, ABI 1.1): continued by SIGCONT"),
        NamedConstant("SI_USER", 0, "toy_siginfo.code: sent by kill"),
        NamedConstant("SI_KERNEL", 0x80, "toy_siginfo.code: raised by the system (alarm, the terminal, an interrupt line, a fault without a finer code)"),
        NamedConstant("SEGV_MAPERR", 1, "toy_siginfo.code for SIGSEGV: no mapping at the address"),
        NamedConstant("SEGV_ACCERR", 2, "toy_siginfo.code for SIGSEGV: the mapping does not allow the access"),
        NamedConstant("CLD_EXITED", 1, "toy_siginfo.code for SIGCHLD (ABI 1.5): the child exited; status is its exit status"),
        NamedConstant("CLD_KILLED", 2, "toy_siginfo.code for SIGCHLD: any other signal ended the child; status is the signal"),
        NamedConstant("CLD_DUMPED", 3, "toy_siginfo.code for SIGCHLD: a signal whose default action dumps core ended the child (waitpid: EXIT_COREDUMP); status is the signal"),
        NamedConstant("CLD_STOPPED", 5, "toy_siginfo.code for SIGCHLD: a signal stopped the child; status is the signal"),
        NamedConstant("CLD_CONTINUED", 6, "toy_siginfo.code for SIGCHLD: SIGCONT continued the child; status is SIGCONT"),
        NamedConstant("MINSIGSTKSZ", minSignalStack, "the smallest alternate stack sigaltstack takes: room for the largest frame (ABI 1.4)"),
        NamedConstant("SIGSTKSZ", 32768, "an alternate stack's usual size: a frame and a handler's own use (ABI 1.4)"),
        NamedConstant("FPU_FXSAVE", 1, "toy_sigcontext.fpu_format: a 512-byte FXSAVE image"),
        NamedConstant("FPU_XSAVE", 2, "toy_sigcontext.fpu_format: an XSAVE image in standard form"),
        NamedConstant("REG_RAX", 0), NamedConstant("REG_RBX", 1), NamedConstant("REG_RCX", 2), NamedConstant("REG_RDX", 3),
        NamedConstant("REG_RSI", 4), NamedConstant("REG_RDI", 5), NamedConstant("REG_RBP", 6), NamedConstant("REG_RSP", 7),
        NamedConstant("REG_R8", 8), NamedConstant("REG_R9", 9), NamedConstant("REG_R10", 10), NamedConstant("REG_R11", 11),
        NamedConstant("REG_R12", 12), NamedConstant("REG_R13", 13), NamedConstant("REG_R14", 14), NamedConstant("REG_R15", 15),
        NamedConstant("REG_RIP", 16), NamedConstant("REG_RFLAGS", 17),
    ] + machineScalars
}
