// exec(path, argv, envp): replace the guest with another ToyOS program, keeping the pid. Burrow
// does it by re-executing itself (as qemu-user and Wine start a new image): the new Burrow process
// gets the guest's descriptors without close-on-exec (at the same guest numbers), its working
// directory, its signal mask; ignored signals stay ignored on the host, as across any execve; a
// pending alarm survives, as POSIX says. Everything else starts afresh, as for a new program:
// memory, TLS, the vCPU (vector state included), caught signals back to SIG_DFL.
//
// The personality does the guest's part (the path in the guest's view, permissions, `#!`, the
// argument and environment arrays, the descriptors); the front end that started Burrow provides
// `execHooks`, which check that the file is a ToyOS executable and call execve. A file that is not
// one fails with ENOEXEC and the caller carries on.
import BurrowABI
import BurrowLoader
import BurrowVMM
import CBurrowRuntime
import Glibc

/// How the front end that started Burrow runs another program in this process.
public struct ExecHooks {
    /// 0 when `program` (a host path) is a ToyOS executable Burrow can start; else the guest's
    /// errno for it (ENOEXEC; EACCES).
    /// The second argument forces a personality (xv6's exec runs any ELF as xv6, as its kernel
    /// does); nil recognises it.
    public var check: (String, String?) -> Int32
    /// Replaces the process (execve of Burrow itself); returns an errno only when that failed.
    public var start: (ExecRequest) -> Int32
    public init(check: @escaping (String, String?) -> Int32, start: @escaping (ExecRequest) -> Int32) {
        self.check = check
        self.start = start
    }
}

/// What the new Burrow needs to continue the process as the new program.
public struct ExecRequest {
    /// Host path of the ToyOS executable to run (the interpreter, for a `#!` script).
    public var program: String
    /// The new program's argv and environment: the strings' bytes, exactly as the guest gave them.
    public var arguments: [[UInt8]]
    public var environment: [[UInt8]]
    /// Guest descriptors that survive (no close-on-exec): guest number and host descriptor.
    public var descriptors: [(guest: Int, host: Int32)]
    /// The signal mask, kept across exec (bit sig - 1).
    public var blocked: UInt64
    /// Signals pending (blocked ones, typically): they stay pending across exec, as on Linux.
    public var pending: UInt64
    /// Under --root: the guest's working directory (without --root it is the host's own).
    public var cwd: String?
    /// The personality the new program runs under (nil: recognised from the file).
    public var personality: String? = nil
    /// Hidden options of `burrow run` a personality carries across exec (xv6: --xv6-state).
    public var extraArguments: [String] = []
    /// Host descriptors of the personality's own that must survive the execve.
    public var keptHostDescriptors: [Int32] = []
}

extension ToyOSPersonality {
    /// ToyOS's limit on the argument and environment strings together (as Linux's quarter of an
    /// 8 MiB stack).
    static let execStringLimit = 2 << 20

    func exec(_ a: SyscallArgs, number: UInt64) throws(GuestErrno) -> SyscallOutcome {
        guard let hooks = execHooks else { throw .ENOSYS }
        let path = try self.path(a[0]).array   // kept past further path reads (exec is not hot)
        var argv = try stringArray(a[1])
        let envp = try stringArray(a[2])
        let total = (argv + envp).reduce(0) { $0 + $1.count + 1 + 8 }
        guard total <= Self.execStringLimit else { throw .E2BIG }

        var program = try executableHostPath(path)
        // `#!interpreter [argument]`: the interpreter must itself be a ToyOS executable, found as
        // its path says (in the guest's view), and not another script.
        if let (interpreter, argument) = try shebang(program) {
            program = try executableHostPath(interpreter)
            if try shebang(program) != nil { throw .ENOEXEC }
            argv = [interpreter] + (argument.map { [$0] } ?? []) + [path] + argv.dropFirst()
        }
        let refused = hooks.check(program, nil)
        if refused != 0 { throw GuestErrno(host: refused) }
        var kept: [(guest: Int, host: Int32)] = []
        for g in files.openDescriptors() {
            if let e = try? files.entry(Int64(g)), !e.closeOnExec { kept.append((g, e.host)) }
        }
        let request = ExecRequest(program: program, arguments: argv, environment: envp,
                                  descriptors: kept, blocked: signals.blocked, pending: signals.pending,
                                  cwd: paths.isRooted ? String(decoding: (try? paths.getcwd()) ?? Array("/".utf8), as: UTF8.self) : nil)
        // The trace shows the call as done (the new program's calls follow), and is written out.
        observer?.willExec(number: number, args: a)
        machineState?.uart.restoreTerminal()   // the next program starts with the terminal as it was
        // Returns only when the new image could not be started.
        throw GuestErrno(host: hooks.start(request))
    }

    /// The host path of a guest path that exec may run: it exists, is a regular file, and has an
    /// execute bit the caller may use (EACCES otherwise, as Linux's execve).
    /// The guest's /proc/self views count (ProcView.swift): /proc/self/exe is the program, as
    /// natively (`execv("/proc/self/exe", ...)` re-runs it), not Burrow.
    func executableHostPath(_ path: [UInt8]) throws(GuestErrno) -> String {
        let fd: Int32
        if let node = procNode(path), case .exe = node, let view = try openProc(node, flags: O_RDONLY | O_CLOEXEC, mode: 0) {
            fd = view   // (the other views are copies in memfds: exec refuses them below, EACCES)
        } else {
            fd = try paths.open(path, flags: O_RDONLY | O_CLOEXEC, mode: 0)
        }
        defer { close(fd) }
        var st = Glibc.stat()
        _ = try host { Glibc.fstat(fd, &st) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw .EACCES }
        let proc = "/proc/self/fd/\(fd)"
        guard Glibc.access(proc, X_OK) == 0 else { throw .EACCES }
        var buf = [CChar](repeating: 0, count: 4097)
        let n = Glibc.readlink(proc, &buf, buf.count - 1)
        guard n > 0 else { throw .ENOENT }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The interpreter and optional argument of a `#!` line (Shebang), or nil when the file does
    /// not start with `#!`; ENOEXEC for a line without an end or an interpreter.
    func shebang(_ hostPath: String) throws(GuestErrno) -> (interpreter: [UInt8], argument: [UInt8]?)? {
        let fd = Glibc.open(hostPath, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw GuestErrno(host: errno) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: Shebang.headSize)
        let n = try host { Glibc.read(fd, &head, head.count) }
        switch Shebang.parse(head[..<n]) {
        case .notAScript: return nil
        case .malformed: throw .ENOEXEC
        case .script(let interpreter, let argument): return (interpreter, argument)
        }
    }

    /// A NULL-terminated array of string pointers in guest memory (NULL itself: an empty array).
    func stringArray(_ addr: UInt64) throws(GuestErrno) -> [[UInt8]] {
        var out: [[UInt8]] = []
        if addr == 0 { return out }
        var size = 0
        for i in 0... {
            let p = try load(UInt64.self, addr &+ UInt64(8 * i))
            if p == 0 { break }
            let s: [UInt8]?
            do { s = try memory.readCString(p, max: Self.execStringLimit) } catch { throw .EFAULT }
            guard let s else { throw .E2BIG }
            size += s.count + 1 + 8
            guard size <= Self.execStringLimit else { throw .E2BIG }
            out.append(s)
        }
        return out
    }
}
