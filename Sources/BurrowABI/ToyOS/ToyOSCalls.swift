// THE ToyOS system call table (ABI v1). This file is the only place a ToyOS system call number is
// spelled: the raw values of `ToyCall`. Everything else (dispatch, tracing, docs/syscalls.md, the
// SDK header and stubs) is derived from `ToyOS.table`.
//
// Numbers are grouped by family and deliberately differ from Linux's numbers for the same call, so
// that nothing can work by accident without going through translation.

public enum ToyCall: UInt32, CaseIterable, Hashable, Sendable {
    // process (1-15)
    case exit = 1, fork = 2, exec = 3, waitpid = 4, getpid = 5, getppid = 6, kill = 7
    case setpgid = 8, getpgid = 9, yield = 10, sysinfo = 11, setsid = 12
    // descriptors (16-39)
    case open = 16, close = 17, read = 18, write = 19, pread = 20, pwrite = 21, lseek = 22
    case fcntl = 23, poll = 24, dup = 25, dup2 = 26, pipe = 27, ftruncate = 28, fsync = 29
    case stat = 30, fstat = 31, lstat = 32
    // directories and paths (40-63)
    case readdir = 40, mkdir = 41, rmdir = 42, unlink = 43, rename = 44, link = 45
    case symlink = 46, readlink = 47, chdir = 48, getcwd = 49, access = 50, chmod = 51
    case utimens = 52
    // memory (64-79)
    case map = 64, unmap = 65, protect = 66, setTLS = 67
    // time and randomness (80-95)
    case clockGettime = 80, nanosleep = 81, alarm = 82, getrandom = 83
    // signals (96-111)
    case sigaction = 96, sigprocmask = 97, sigreturn = 98, sigpending = 99, sigsuspend = 100, sigaltstack = 101
    // terminal (112-127)
    case tcgetattr = 112, tcsetattr = 113, isatty = 114, tcgetwinsize = 115
    case tcgetpgrp = 116, tcsetpgrp = 117
}

/// How a call that a signal interrupts goes on (docs/abi.md 8.5). When no handler runs (a stop,
/// SIGCONT, a signal whose default ignores) every one carries on; they differ after a handler. The
/// trace names each by the kernel code strace shows for the same Linux call.
public enum InterruptedCallRestart: UInt8, Sendable {
    /// Restarted after a handler with SA_RESTART, EINTR after one without (read, write, waitpid, ...):
    /// ERESTARTSYS.
    case ifSARestart
    /// EINTR after any handler (sigsuspend): ERESTARTNOHAND.
    case ifNoHandler
    /// EINTR after any handler; without one it waits until the deadline it was first given
    /// (nanosleep, poll), as Linux's restart_syscall does: ERESTART_RESTARTBLOCK.
    case untilDeadline

    /// The rule of a ToyOS call that can wait.
    public init(_ call: ToyCall?) {
        switch call {
        case .nanosleep, .poll: self = .untilDeadline
        case .sigsuspend: self = .ifNoHandler
        default: self = .ifSARestart
        }
    }

    /// Whether a handler with SA_RESTART restarts the call.
    public var restartsAfterHandler: Bool { self == .ifSARestart }
}

public enum ToyOS {
    public static let personalityName = "toyos"
    public static let abiMajor: UInt32 = 1
    public static let abiMinor: UInt32 = 5
    /// e_ident[EI_OSABI]: 'T'. No real operating system uses 0x54.
    public static let elfOSABI: UInt8 = 0x54
    /// PT_NOTE owner and type carrying the ABI version (desc: u32 major, u32 minor).
    public static let noteOwner = "ToyOS"
    public static let noteTypeABIVersion: UInt32 = 1
    /// The trap vector of a ToyOS system call: `int 0x81`.
    public static let syscallVector: UInt8 = 0x81
    public static let pageSize = 4096

    public typealias Row = SyscallRow<ToyCall>

    private static func row(
        _ call: ToyCall, _ name: String, _ args: [SyscallArg], _ returns: ReturnKind,
        _ classes: [SyscallClass], _ support: SupportLevel = .full, summary: String,
        errors: [String]
    ) -> Row {
        Row(call: call, number: call.rawValue, name: name, args: args, returns: returns,
            classes: classes, support: support, summary: summary, errors: errors)
    }

    private static let badPath = ["EFAULT", "ENOENT", "ENOTDIR", "ENAMETOOLONG", "ELOOP", "EACCES"]

    /// fcntl's third argument, by command (as strace shows it): a descriptor number for F_DUPFD,
    /// FD_CLOEXEC for F_SETFD, status flags for F_SETFL; the get commands take none.
    public static let fcntlArg = CommandArgument(argument: 1, [
        .init(ToyFcntlCommand.dupfd.rawValue, .int), .init(ToyFcntlCommand.dupfdCloexec.rawValue, .int),
        .init(ToyFcntlCommand.setfd.rawValue, .flags(.fdFlags)), .init(ToyFcntlCommand.setfl.rawValue, .flags(.openFlags)),
        .init(ToyFcntlCommand.getfd.rawValue, nil, resultFlags: .fdFlags), .init(ToyFcntlCommand.getfl.rawValue, nil, resultFlags: .openFlags),
    ], otherwise: .hex)

    /// The table, in number order.
    public static let table: [Row] = [
        row(.exit, "exit", [SyscallArg("status", .int)], .noReturn, [.process],
            summary: "End the process with status & 0xff.", errors: []),
        row(.fork, "fork", [], .pid, [.process],
            summary: "Duplicate the process; 0 in the child, the child's pid in the parent.",
            errors: ["EAGAIN", "ENOMEM"]),
        row(.exec, "exec", [SyscallArg("path", .path), SyscallArg("argv", .stringArray), SyscallArg("envp", .stringArray)],
            .noReturn, [.process, .file],
            .partial("an empty argv[0] becomes the program's path; a #! interpreter may not be a script itself; one string of 128 KiB or more is E2BIG"),
            summary: "Replace the process image with the ToyOS executable at path.",
            errors: badPath + ["ENOEXEC", "E2BIG"]),
        row(.waitpid, "waitpid", [SyscallArg("pid", .pid), SyscallArg("status", .structOut(.waitStatus)), SyscallArg("options", .flags(.waitOptions))],
            .pid, [.process],
            summary: "Wait for a child to end (or stop, or continue: WUNTRACED, WCONTINUED); 0 with WNOHANG when none has.", errors: ["ECHILD", "EINTR", "EINVAL", "EFAULT"]),
        row(.getpid, "getpid", [], .pid, [.process], summary: "The process id.", errors: []),
        row(.getppid, "getppid", [], .pid, [.process], summary: "The parent's process id.", errors: []),
        row(.kill, "kill", [SyscallArg("pid", .pid), SyscallArg("sig", .enumeration(.signal))], .none, [.process, .signal],
            summary: "Send a signal to a process or (pid < 0) a process group.", errors: ["EINVAL", "ESRCH", "EPERM"]),
        row(.setpgid, "setpgid", [SyscallArg("pid", .pid), SyscallArg("pgid", .pid)], .none, [.process],
            summary: "Move a process into a process group.", errors: ["EINVAL", "ESRCH", "EPERM"]),
        row(.getpgid, "getpgid", [SyscallArg("pid", .pid)], .pid, [.process],
            summary: "A process's group id (pid 0: the caller).", errors: ["ESRCH"]),
        row(.yield, "yield", [], .none, [.process], summary: "Give up the processor.", errors: []),
        row(.sysinfo, "sysinfo", [SyscallArg("buf", .structOut(.utsname))], .none, [.info],
            summary: "System name, node name, release, version, machine (struct toy_utsname).", errors: ["EFAULT"]),
        row(.setsid, "setsid", [], .pid, [.process],
            summary: "Start a new session and process group led by the caller, with no controlling terminal (ABI 1.3); returns the new session id.",
            errors: ["EPERM"]),

        row(.open, "open", [SyscallArg("path", .path), SyscallArg("flags", .flags(.openFlags)), SyscallArg("mode", .mode)],
            .fd, [.file, .desc],
            summary: "Open or create a file; the lowest free descriptor.",
            errors: badPath + ["EINVAL", "EEXIST", "EISDIR", "EMFILE", "ENOSPC", "EROFS", "ETXTBSY"]),
        row(.close, "close", [SyscallArg("fd", .fd)], .none, [.desc],
            summary: "Close a descriptor.", errors: ["EBADF", "EIO"]),
        row(.read, "read", [SyscallArg("fd", .fd), SyscallArg("buf", .bufferOut(length: .returnValue)), SyscallArg("count", .size)],
            .size, [.desc], summary: "Read up to count bytes.",
            errors: ["EBADF", "EFAULT", "EINTR", "EINVAL", "EISDIR", "EAGAIN", "EIO"]),
        row(.write, "write", [SyscallArg("fd", .fd), SyscallArg("buf", .bufferIn(length: .argument(2))), SyscallArg("count", .size)],
            .size, [.desc], summary: "Write up to count bytes.",
            errors: ["EBADF", "EFAULT", "EINTR", "EINVAL", "EPIPE", "EAGAIN", "ENOSPC", "EFBIG", "EIO"]),
        row(.pread, "pread", [SyscallArg("fd", .fd), SyscallArg("buf", .bufferOut(length: .returnValue)), SyscallArg("count", .size), SyscallArg("offset", .offset)],
            .size, [.desc], summary: "Read at an offset without moving the file position.",
            errors: ["EBADF", "EFAULT", "EINVAL", "ESPIPE", "EISDIR", "EIO"]),
        row(.pwrite, "pwrite", [SyscallArg("fd", .fd), SyscallArg("buf", .bufferIn(length: .argument(2))), SyscallArg("count", .size), SyscallArg("offset", .offset)],
            .size, [.desc], summary: "Write at an offset without moving the file position.",
            errors: ["EBADF", "EFAULT", "EINVAL", "ESPIPE", "ENOSPC", "EIO"]),
        row(.lseek, "lseek", [SyscallArg("fd", .fd), SyscallArg("offset", .offset), SyscallArg("whence", .enumeration(.whence))],
            .offset, [.desc], summary: "Move the file position.", errors: ["EBADF", "EINVAL", "ESPIPE", "EOVERFLOW"]),
        row(.fcntl, "fcntl", [SyscallArg("fd", .fd), SyscallArg("cmd", .enumeration(.fcntlCommand)), SyscallArg("arg", .byCommand(.fcntlArg))],
            .byCommand(.fcntlArg), [.desc], summary: "Duplicate a descriptor; get or set descriptor flags (FD_CLOEXEC) and status flags (O_APPEND, O_NONBLOCK).",
            errors: ["EBADF", "EINVAL", "EMFILE"]),
        row(.poll, "poll", [SyscallArg("fds", .structInOut(.pollfds, count: .argument(1))), SyscallArg("nfds", .uint), SyscallArg("timeout_ms", .int)],
            .int, [.desc], summary: "Wait for descriptors to become ready; the number ready, 0 on timeout.",
            errors: ["EFAULT", "EINTR", "EINVAL"]),
        row(.dup, "dup", [SyscallArg("fd", .fd)], .fd, [.desc], summary: "Duplicate onto the lowest free descriptor.", errors: ["EBADF", "EMFILE"]),
        row(.dup2, "dup2", [SyscallArg("oldfd", .fd), SyscallArg("newfd", .fd)], .fd, [.desc],
            summary: "Duplicate onto newfd, closing it first.", errors: ["EBADF", "EMFILE"]),
        row(.pipe, "pipe", [SyscallArg("fds", .structOut(.fdPair)), SyscallArg("flags", .flags(.openFlags))], .none, [.desc],
            summary: "Create a pipe: fds[0] reads, fds[1] writes. flags: O_CLOEXEC, O_NONBLOCK.", errors: ["EFAULT", "EINVAL", "EMFILE"]),
        row(.ftruncate, "ftruncate", [SyscallArg("fd", .fd), SyscallArg("length", .offset)], .none, [.desc],
            summary: "Set a file's size.", errors: ["EBADF", "EINVAL", "EFBIG", "EIO"]),
        row(.fsync, "fsync", [SyscallArg("fd", .fd)], .none, [.desc], summary: "Flush a file to storage.", errors: ["EBADF", "EIO", "EINVAL"]),
        row(.stat, "stat", [SyscallArg("path", .path), SyscallArg("st", .structOut(.stat))], .none, [.file],
            summary: "File status, following symlinks (struct toy_stat).", errors: badPath),
        row(.fstat, "fstat", [SyscallArg("fd", .fd), SyscallArg("st", .structOut(.stat))], .none, [.desc],
            summary: "Status of an open file.", errors: ["EBADF", "EFAULT"]),
        row(.lstat, "lstat", [SyscallArg("path", .path), SyscallArg("st", .structOut(.stat))], .none, [.file],
            summary: "File status, not following a final symlink.", errors: badPath),

        row(.readdir, "readdir", [SyscallArg("fd", .fd), SyscallArg("buf", .recordsOut(.dirent, length: .returnValue)), SyscallArg("count", .size)],
            .size, [.desc], summary: "Fill buf with whole struct toy_dirent records; 0 at the end of the directory.",
            errors: ["EBADF", "EFAULT", "EINVAL", "ENOTDIR", "ENOENT"]),
        row(.mkdir, "mkdir", [SyscallArg("path", .path), SyscallArg("mode", .mode)], .none, [.file],
            summary: "Create a directory.", errors: badPath + ["EEXIST", "ENOSPC", "EROFS"]),
        row(.rmdir, "rmdir", [SyscallArg("path", .path)], .none, [.file],
            summary: "Remove an empty directory.", errors: badPath + ["ENOTEMPTY", "EBUSY", "EINVAL", "EROFS"]),
        row(.unlink, "unlink", [SyscallArg("path", .path)], .none, [.file],
            summary: "Remove a name.", errors: badPath + ["EISDIR", "EPERM", "EROFS", "EBUSY"]),
        row(.rename, "rename", [SyscallArg("oldpath", .path), SyscallArg("newpath", .path)], .none, [.file],
            summary: "Rename, replacing newpath.", errors: badPath + ["EISDIR", "ENOTEMPTY", "EEXIST", "EINVAL", "EXDEV", "EBUSY", "EROFS"]),
        row(.link, "link", [SyscallArg("oldpath", .path), SyscallArg("newpath", .path)], .none, [.file],
            summary: "Make a hard link.", errors: badPath + ["EEXIST", "EPERM", "EXDEV", "EMLINK", "EROFS"]),
        row(.symlink, "symlink", [SyscallArg("target", .path), SyscallArg("linkpath", .path)], .none, [.file],
            summary: "Make a symbolic link to target.", errors: badPath + ["EEXIST", "EROFS"]),
        row(.readlink, "readlink", [SyscallArg("path", .path), SyscallArg("buf", .bufferOut(length: .returnValue)), SyscallArg("size", .size)],
            .size, [.file], summary: "Read a symlink's target (not NUL-terminated).", errors: badPath + ["EINVAL"]),
        row(.chdir, "chdir", [SyscallArg("path", .path)], .none, [.file], summary: "Change the working directory.", errors: badPath),
        row(.getcwd, "getcwd", [SyscallArg("buf", .pathOut(length: .returnValue)), SyscallArg("size", .size)], .size, [.file],
            summary: "The working directory, NUL-terminated; returns its length without the NUL.", errors: ["EFAULT", "ERANGE", "EINVAL", "ENOENT"]),
        row(.access, "access", [SyscallArg("path", .path), SyscallArg("mode", .flags(.accessMode))], .none, [.file],
            summary: "Check existence (F_OK) or permission (R_OK, W_OK, X_OK) with the real ids.", errors: badPath + ["EINVAL", "EROFS"]),
        row(.chmod, "chmod", [SyscallArg("path", .path), SyscallArg("mode", .mode)], .none, [.file],
            summary: "Change permission bits.", errors: badPath + ["EPERM", "EROFS"]),
        row(.utimens, "utimens", [SyscallArg("path", .path), SyscallArg("times", .structIn(.timesPair)), SyscallArg("flags", .flags(.utimensFlags))],
            .none, [.file], summary: "Set access and modification times (u64 ns each; NULL: now; TOY_UTIME_NOW, TOY_UTIME_OMIT).",
            errors: badPath + ["EINVAL", "EPERM", "EROFS"]),

        row(.map, "map", [SyscallArg("addr", .address), SyscallArg("length", .size), SyscallArg("prot", .flags(.protection)),
                          SyscallArg("flags", .flags(.mapFlags)), SyscallArg("fd", .fd), SyscallArg("offset", .offset)],
            .address, [.memory], summary: "Map anonymous memory or a file.",
            errors: ["EINVAL", "ENOMEM", "EBADF", "EACCES", "EEXIST", "ENODEV"]),
        row(.unmap, "unmap", [SyscallArg("addr", .address), SyscallArg("length", .size)], .none, [.memory],
            summary: "Remove mappings in a range.", errors: ["EINVAL"]),
        row(.protect, "protect", [SyscallArg("addr", .address), SyscallArg("length", .size), SyscallArg("prot", .flags(.protection))],
            .none, [.memory], summary: "Change protection of mapped pages.", errors: ["EINVAL", "ENOMEM", "EACCES"]),
        row(.setTLS, "set_tls", [SyscallArg("base", .address)], .none, [.memory],
            summary: "Set the thread's GS base (thread-local storage).", errors: ["EINVAL"]),

        row(.clockGettime, "clock_gettime", [SyscallArg("clock", .enumeration(.clock)), SyscallArg("ns", .structOut(.nanoseconds))],
            .none, [.time], summary: "Read a clock as u64 nanoseconds.", errors: ["EINVAL", "EFAULT"]),
        row(.nanosleep, "nanosleep", [SyscallArg("ns", .nanoseconds), SyscallArg("remaining", .structOutOnEINTR(.nanoseconds))], .none, [.time],
            summary: "Sleep; on EINTR, *remaining (if not NULL) holds what was left.", errors: ["EINTR", "EFAULT", "EINVAL"]),
        row(.alarm, "alarm", [SyscallArg("seconds", .uint)], .int, [.time, .signal],
            summary: "Deliver SIGALRM after seconds; returns the seconds left of the previous alarm.", errors: []),
        row(.getrandom, "getrandom", [SyscallArg("buf", .bufferOut(length: .returnValue)), SyscallArg("count", .size), SyscallArg("flags", .flags(.getrandomFlags))],
            .size, [.info], summary: "Fill buf with random bytes.", errors: ["EFAULT", "EINVAL", "EAGAIN", "EINTR"]),

        row(.sigaction, "sigaction", [SyscallArg("sig", .enumeration(.signal)), SyscallArg("act", .structIn(.sigaction)), SyscallArg("oldact", .structOut(.sigaction))],
            .none, [.signal], summary: "Examine or change a signal's action.", errors: ["EINVAL", "EFAULT"]),
        row(.sigprocmask, "sigprocmask", [SyscallArg("how", .enumeration(.sigprocmaskHow)), SyscallArg("set", .structIn(.sigset)), SyscallArg("oldset", .structOut(.sigset))],
            .none, [.signal], summary: "Examine or change the blocked-signal mask.", errors: ["EINVAL", "EFAULT"]),
        row(.sigreturn, "sigreturn", [], .noReturn, [.signal],
            summary: "Return from a signal handler (called by the restorer).", errors: ["EFAULT"]),
        row(.sigpending, "sigpending", [SyscallArg("set", .structOut(.sigset))], .none, [.signal],
            summary: "The signals pending while blocked (ABI 1.4).", errors: ["EFAULT"]),
        row(.sigsuspend, "sigsuspend", [SyscallArg("mask", .structIn(.sigset))], .none, [.signal],
            summary: "Replace the mask and wait for a signal; fails with EINTR after its handler (ABI 1.4).", errors: ["EINTR", "EFAULT"]),
        row(.sigaltstack, "sigaltstack", [SyscallArg("ss", .structIn(.stack)), SyscallArg("old", .structOut(.stack))], .none, [.signal],
            summary: "Examine or set the alternate stack of SA_ONSTACK handlers (ABI 1.4).", errors: ["EINVAL", "ENOMEM", "EPERM", "EFAULT"]),

        row(.tcgetattr, "tcgetattr", [SyscallArg("fd", .fd), SyscallArg("t", .structOut(.termios))], .none, [.terminal, .desc],
            summary: "Terminal attributes (struct toy_termios).", errors: ["EBADF", "ENOTTY", "EFAULT"]),
        row(.tcsetattr, "tcsetattr", [SyscallArg("fd", .fd), SyscallArg("when", .enumeration(.tcsetattrWhen)), SyscallArg("t", .structIn(.termios))],
            .none, [.terminal, .desc], summary: "Set terminal attributes.", errors: ["EBADF", "ENOTTY", "EFAULT", "EINVAL"]),
        row(.isatty, "isatty", [SyscallArg("fd", .fd)], .int, [.terminal, .desc],
            summary: "1 when fd is a terminal; otherwise fails with ENOTTY.", errors: ["EBADF", "ENOTTY"]),
        row(.tcgetwinsize, "tcgetwinsize", [SyscallArg("fd", .fd), SyscallArg("ws", .structOut(.winsize))], .none, [.terminal, .desc],
            summary: "Terminal size (struct toy_winsize).", errors: ["EBADF", "ENOTTY", "EFAULT"]),
        row(.tcgetpgrp, "tcgetpgrp", [SyscallArg("fd", .fd)], .pid, [.terminal, .process],
            summary: "The terminal's foreground process group.", errors: ["EBADF", "ENOTTY"]),
        row(.tcsetpgrp, "tcsetpgrp", [SyscallArg("fd", .fd), SyscallArg("pgid", .pid)], .none, [.terminal, .process],
            summary: "Set the terminal's foreground process group.", errors: ["EBADF", "ENOTTY", "EINVAL", "EPERM"]),
    ]

    /// Row lookup by number; nil for numbers the table does not define.
    public static func row(number: UInt64) -> Row? {
        number < UInt64(rowByNumber.count) ? rowByNumber[Int(number)] : nil
    }

    public static func row(_ call: ToyCall) -> Row { rowByNumber[Int(call.rawValue)]! }

    /// Indexed by number (the numbers are small): one array access per system call.
    private static let rowByNumber: [Row?] = {
        var rows = [Row?](repeating: nil, count: Int(ToyCall.allCases.map(\.rawValue).max()!) + 1)
        for row in table { rows[Int(row.number)] = row }
        return rows
    }()
}

extension CommandArgumentID {
    /// What each command makes of the argument (the data lives beside the rows that use it).
    public var spec: CommandArgument {
        switch self {
        case .fcntlArg: ToyOS.fcntlArg
        }
    }
}
