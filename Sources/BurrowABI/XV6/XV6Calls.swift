// THE xv6 (x86-64) system call table: the only place an xv6 call number is spelled (the raw values
// of `XV6Call`). Dispatch (BurrowSyscalls/XV6), the tracer, `burrow syscalls --personality xv6` and
// docs/syscalls-xv6.md are derived from `XV6.table`.
//
// The convention (issue 19; docs/xv6.md): `int $64` (CD 40), the number in eax, arguments in rdi,
// rsi, rdx, rcx, r8, r9; int arguments are 32-bit (the upper halves are garbage), pointers 64-bit;
// the int result is sign-extended into rax and every other register is preserved. -1 is every
// error: xv6 has no errno.

public enum XV6Call: UInt32, CaseIterable, Hashable, Sendable {
    case fork = 1, exit = 2, wait = 3, pipe = 4, read = 5, kill = 6, exec = 7, fstat = 8, chdir = 9
    case dup = 10, getpid = 11, sbrk = 12, sleep = 13, uptime = 14, open = 15, write = 16, mknod = 17
    case unlink = 18, link = 19, mkdir = 20, close = 21
}

public enum XV6 {
    public static let personalityName = "xv6"
    /// `int $64`.
    public static let syscallVector: UInt8 = 0x40
    public static let pageSize = 4096

    public typealias Row = SyscallRow<XV6Call>

    private static func row(_ call: XV6Call, _ name: String, _ args: [SyscallArg], _ returns: ReturnKind,
                            _ classes: [SyscallClass], _ support: SupportLevel = .full, summary: String) -> Row {
        // xv6 has no errno: every failure is -1, so no row lists error names.
        Row(call: call, number: call.rawValue, name: name, args: args, returns: returns, classes: classes,
            support: support, summary: summary, errors: [])
    }

    /// The table, in number order.
    public static let table: [Row] = [
        row(.fork, "fork", [], .pid, [.process],
            summary: "Duplicate the process (open-file offsets are shared); 0 in the child. Fails past 64 processes in the tree, zombies included."),
        row(.exit, "exit", [], .noReturn, [.process], summary: "End the process (no status: the host sees 0)."),
        row(.wait, "wait", [], .pid, [.process], summary: "Wait for a child to end; its pid, or -1 without children."),
        row(.pipe, "pipe", [SyscallArg("fds", .structOut(.fdPair))], .none, [.desc],
            summary: "Create a pipe: fds[0] reads, fds[1] writes."),
        row(.read, "read", [SyscallArg("fd", .fd), SyscallArg("buf", .bufferOut(length: .returnValue)), SyscallArg("n", .int)],
            .size, [.desc], summary: "Read up to n bytes; a directory yields 16-byte struct dirent records."),
        row(.kill, "kill", [SyscallArg("pid", .pid)], .none, [.process, .signal],
            summary: "Kill a process of the Burrow tree: it dies at once (host SIGKILL)."),
        row(.exec, "exec", [SyscallArg("path", .path), SyscallArg("argv", .stringArray)], .noReturn, [.process, .file],
            summary: "Replace the process image; at most 32 arguments, strings and argv within one 4 KiB stack page."),
        row(.fstat, "fstat", [SyscallArg("fd", .fd), SyscallArg("st", .structOut(.xv6Stat))], .none, [.desc],
            summary: "File status (struct stat, 20 bytes); fails on pipes."),
        row(.chdir, "chdir", [SyscallArg("path", .path)], .none, [.file], summary: "Change the working directory."),
        row(.dup, "dup", [SyscallArg("fd", .fd)], .fd, [.desc], summary: "Duplicate onto the lowest free descriptor (16 per process)."),
        row(.getpid, "getpid", [], .pid, [.process], summary: "The process id (the host's)."),
        row(.sbrk, "sbrk", [SyscallArg("n", .int)], .address, [.memory],
            summary: "Grow (zero-filled) or shrink the heap by n bytes; returns the old break."),
        row(.sleep, "sleep", [SyscallArg("ticks", .int)], .none, [.time], summary: "Sleep for n ticks of 10 ms."),
        row(.uptime, "uptime", [], .int, [.time], summary: "Ticks (10 ms) since the Burrow process tree started."),
        row(.open, "open", [SyscallArg("path", .path), SyscallArg("mode", .flags(.openFlags))], .fd, [.file, .desc],
            summary: "Open (O_CREATE: create, never truncate); directories only read-only; a major-1 device is the console."),
        row(.write, "write", [SyscallArg("fd", .fd), SyscallArg("buf", .bufferIn(length: .argument(2))), SyscallArg("n", .int)],
            .size, [.desc], summary: "Write n bytes."),
        row(.mknod, "mknod", [SyscallArg("path", .path), SyscallArg("major", .int), SyscallArg("minor", .int)], .none, [.file],
            summary: "Make a device node (a marker file on the host, docs/xv6.md)."),
        row(.unlink, "unlink", [SyscallArg("path", .path)], .none, [.file],
            summary: "Remove a name; an empty directory too (never . or ..)."),
        row(.link, "link", [SyscallArg("old", .path), SyscallArg("new", .path)], .none, [.file], summary: "Make a hard link."),
        row(.mkdir, "mkdir", [SyscallArg("path", .path)], .none, [.file], summary: "Create a directory."),
        row(.close, "close", [SyscallArg("fd", .fd)], .none, [.desc], summary: "Close a descriptor."),
    ]

    /// Row lookup by number; nil for numbers the table does not define.
    public static func row(number: UInt64) -> Row? {
        number < UInt64(rowByNumber.count) ? rowByNumber[Int(number)] : nil
    }

    private static let rowByNumber: [Row?] = {
        var rows = [Row?](repeating: nil, count: Int(XV6Call.allCases.map(\.rawValue).max()!) + 1)
        for row in table { rows[Int(row.number)] = row }
        return rows
    }()

    // MARK: - Constants

    /// open's mode bits. O_CREATE never truncates; there is no O_TRUNC or O_APPEND.
    public static let openFlags = ConstantSet(id: .openFlags, kind: .bits, entries: [
        NamedConstant("O_RDONLY", 0), NamedConstant("O_WRONLY", 1), NamedConstant("O_RDWR", 2),
        NamedConstant("O_CREATE", 0x200),
    ])
    public static let oWronly: UInt64 = 1, oRdwr: UInt64 = 2, oCreate: UInt64 = 0x200

    /// struct stat's type.
    public static let fileType = ConstantSet(id: .fileType, kind: .enumeration, entries: [
        NamedConstant("T_DIR", 1), NamedConstant("T_FILE", 2), NamedConstant("T_DEV", 3),
    ])
    public static let tDir: Int16 = 1, tFile: Int16 = 2, tDev: Int16 = 3

    /// The console's major device number (mknod("console", 1, 1)).
    public static let consoleMajor = 1

    // MARK: - Limits

    /// Processes in one Burrow tree, zombies included.
    public static let maxProcesses = 64
    /// Open files per process.
    public static let maxOpenFiles = 16
    /// exec arguments.
    public static let maxArguments = 32
    /// A path component is cut to this many bytes.
    public static let nameLength = 14
    /// Ticks are 10 ms.
    public static let tickNanoseconds: UInt64 = 10_000_000

    /// The constant sets the tracer may need: xv6's own open flags and file types; the rest are
    /// ToyOS's, present only because the tracer prepares them all (no xv6 row names them).
    public static let constantSets: [ConstantSet] =
        [openFlags, fileType] + ToyOS.constantSets.filter { $0.id != .openFlags && $0.id != .fileType }

    public static let abi = PersonalityABI(
        name: personalityName, label: "xv6", version: "x86-64", title: "xv6 (x86-64)", syscallVectors: [syscallVector],
        argumentRegisters: ["rdi", "rsi", "rdx", "rcx", "r8", "r9"], results: .signExtendedInt,
        rows: table.map(CallRowInfo.init), constantSets: constantSets,
        layout: AddressSpaceLayout(imageLow: 0, imageHigh: XV6AddressSpace.userTop, copiesIncongruentSegments: true),
        structLayouts: [statLayout, direntLayout], docsPath: "docs/syscalls-xv6.md",
        convention: "Trap: `int $64` (`CD 40`), number in `eax`, arguments in `rdi rsi rdx rcx r8 r9` (int arguments 32-bit); the int result is sign-extended into `rax`, every other register is preserved; -1 is every error. i386 (ELF32, compatibility mode): the same trap and number, arguments as 32-bit words at `esp+4`, `esp+8`, ..., the result in `eax`. See [xv6.md](xv6.md).")
}

// MARK: - Structures and the address space

extension XV6 {
    /// struct stat, 20 bytes.
    public static let statLayout = StructLayout("stat", doc: "File status (fstat).", [
        ("type", .i16, 1, "T_DIR 1, T_FILE 2, T_DEV 3"), ("dev", .i32, 1, "file system's disk device (1)"),
        ("ino", .u32, 1, "inode number (synthesised, non-zero, 16 bits; the same as the directory entry's)"),
        ("nlink", .i16, 1, "links"), ("size", .u32, 1, "bytes"),
    ])

    /// struct dirent, 16 bytes: what read() on a directory yields.
    public static let direntLayout = StructLayout("dirent", doc: "A directory record (read on a directory).", [
        ("inum", .u16, 1, "0: an empty slot"), ("name", .char, 14, "NUL-padded, not terminated when 14 long"),
    ])
}

/// The xv6 user address space (docs/xv6.md): the image at its link address, a guard page, one
/// 4 KiB stack page, then the heap sbrk grows; user memory ends at `userTop`, and everything from
/// there to `reservedTop` is mapped inaccessible so that loads there fault.
public enum XV6AddressSpace {
    public static let userTop: UInt64 = 0x8000_0000
    public static let reservedTop: UInt64 = 0x1_0000_0000
    public static let stackSize: UInt64 = 4096
    /// How far sbrk grows the heap: Burrow's stand-in for xv6's physical memory (a program that
    /// allocates until sbrk fails, as usertests' mem does, must fail before it touches gigabytes).
    public static let heapLimit: UInt64 = 256 << 20
    /// The fake return address at [rsp] when main starts.
    public static let fakeReturn: UInt64 = 0xFFFF_FFFF
    /// i386 programs linked below `flatLow` (xv6's usual 0) run confined by an LDT code and data
    /// segment pair: guest address 0 is host address `segmentBase`, and the segments' limit ends
    /// guest memory at `userTop` (base + limit stay below 4 GiB, as compatibility mode requires;
    /// docs/abi.md keeps [2 GiB, 4 GiB) of Burrow's address space free). Programs linked at
    /// `flatLow` or above run with Linux's flat 32-bit selectors at their link address.
    public static let segmentBase: UInt64 = 0x8000_0000
    public static let flatLow: UInt64 = 0x40_0000
    /// The LDT entries the segments use (code, data).
    public static let codeSegmentIndex: Int32 = 0
    public static let dataSegmentIndex: Int32 = 1
}
