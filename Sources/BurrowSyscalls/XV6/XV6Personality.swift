// The xv6 (x86-64) personality: the dispatcher that binds every row of XV6.table to its handler,
// xv6's result convention, and what xv6 does with faults and unknown calls. Handlers by family are
// in XV6Files.swift and XV6Process.swift; the start-up stack in XV6Start.swift.
//
// The `switch` in `dispatch` is exhaustive over XV6Call: a row without a handler does not compile.
// Handlers throw GuestErrno for their own bookkeeping (the trace shows -1 only: xv6 has no errno).
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

public final class XV6Personality: ExitHandler, RunsHostCalls {
    public let files: FileTable
    public let paths: PathResolver
    public let memory: GuestMemory
    public let tree: XV6Tree
    /// xv6's p->name: the last component of the program's path, at most 15 bytes (messages).
    public let name: String
    public var observer: SyscallObserver?
    /// How exec starts another program (the front end's; without it exec fails).
    public var execHooks: ExecHooks?
    /// The heap: sbrk moves `brk` between `heapStart` and XV6AddressSpace.userTop.
    var heapStart: UInt64 = 0
    /// The i386 flavour: arguments on the stack, 4-byte pointers (XV6Segments.swift).
    public internal(set) var is32Bit = false
    var wordSize: Int { is32Bit ? 4 : 8 }
    var brk: UInt64 = 0
    /// The console (a major-1 device): private host descriptors for its input and output.
    public let console: (input: Int32, output: Int32)
    /// Guest descriptors that are the console, and directories being read as 16-byte records.
    var consoleDescriptors: Set<Int> = []
    var directories: [Int: DirectoryStream] = [:]

    public init(name: String, memory: GuestMemory, files: FileTable, paths: PathResolver, tree: XV6Tree,
                console: (input: Int32, output: Int32)) {
        self.name = String(decoding: Array(name.utf8).split(separator: UInt8(ascii: "/")).last?.prefix(15) ?? [], as: UTF8.self)
        self.memory = memory
        self.files = files
        self.paths = paths
        self.tree = tree
        self.console = console
        files.maxDescriptors = XV6.maxOpenFiles
    }

    // MARK: - ExitHandler

    public func handleSyscall(_ process: GuestProcess) -> RunControl {
        let v = process.vcpu
        let number = v[.rax] & 0xFFFF_FFFF
        let registers: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        if is32Bit {
            // i386: 32-bit words on the user stack at esp+4, esp+8, ... (read through GuestMemory:
            // a stack that cannot hold them makes the call fail with -1, as xv6's argint does).
            guard let words = stackArguments(esp: v[.rsp] & 0xFFFF_FFFF, count: XV6.row(number: number)?.args.count ?? 0) else {
                v[.rax] = 0xFFFF_FFFF
                return .resume
            }
            registers = words
        } else {
            registers = (v[.rdi], v[.rsi], v[.rdx], v[.rcx], v[.r8], v[.r9])
        }
        guard let row = XV6.row(number: number) else {
            let args = SyscallArgs(raw: registers)
            observer?.willCall(number: number, args: args, fast: false)
            // As xv6's kernel says it, every time.
            Diagnostics.write("\(getpid()) \(name): unknown sys call \(number)\n")
            v[.rax] = is32Bit ? 0xFFFF_FFFF : UInt64.max
            observer?.didCall(number: number, args: args, result: UInt64.max, error: .unnamed)
            return .resume
        }
        let args = SyscallArgs(registers: registers, row: row.args)
        observer?.willCall(number: number, args: args, fast: false)
        var value: Int64
        do throws(GuestErrno) {
            switch try dispatch(row.call, args, process) {
            case .value(let v): value = Int64(bitPattern: v)
            case .exit(let status):
                observer?.didCall(number: number, args: args, result: UInt64(status), error: nil)
                return .exit(status)
            case .resumeAsIs, .noHandler, .deferred:
                preconditionFailure("xv6 call \(row.name): no such outcome")
            }
        } catch {
            value = -1
        }
        // The int result, sign-extended into rax; every other register is the guest's.
        let result = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: value)))
        v[.rax] = is32Bit ? result & 0xFFFF_FFFF : result   // i386: eax
        // -1 is every error (there is no errno): the observer counts it as a failure.
        observer?.didCall(number: number, args: args, result: result, error: Int32(truncatingIfNeeded: value) == -1 ? .unnamed : nil)
        return .resume
    }

    func dispatch(_ call: XV6Call, _ a: SyscallArgs, _ p: GuestProcess) throws(GuestErrno) -> SyscallOutcome {
        switch call {
        case .fork: return .value(try fork())
        case .exit: return .exit(0)
        case .wait: return .value(try wait())
        case .pipe: return .value(try pipe(a))
        case .read: return .value(try read(a))
        case .kill: return .value(try kill(a))
        case .exec: return .value(try exec(a, number: UInt64(call.rawValue)))
        case .fstat: return .value(try fstat(a))
        case .chdir: return .value(try chdir(a))
        case .dup: return .value(try dup(a))
        case .getpid: return .value(UInt64(getpid()))
        case .sbrk: return .value(try sbrk(a))
        case .sleep: return .value(try sleep(a))
        case .uptime: return .value(tree.ticks)
        case .open: return .value(try open(a))
        case .write: return .value(try write(a))
        case .mknod: return .value(try mknod(a))
        case .unlink: return .value(try unlink(a))
        case .link: return .value(try link(a))
        case .mkdir: return .value(try mkdir(a))
        case .close: return .value(try close(a))
        }
    }

    /// The first `count` (at most 6) argument words of an i386 call, zero-extended; nil when one
    /// cannot be read.
    func stackArguments(esp: UInt64, count: Int) -> (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)? {
        var w: [UInt64] = [0, 0, 0, 0, 0, 0]
        for i in 0..<min(count, 6) {
            guard let x = try? memory.load(UInt32.self, at: esp &+ 4 &+ UInt64(4 * i)) else { return nil }
            w[i] = UInt64(x)
        }
        return (w[0], w[1], w[2], w[3], w[4], w[5])
    }

    // MARK: - Faults: xv6's line, then death by the host signal

    /// `pid N NAME: trap T err E on cpu 0 eip 0x... addr 0x...--kill proc`, as xv6's trap handler
    /// prints it, with the CPU's trap number and error code.
    func trapLine(trap: UInt64, err: UInt64, rip: UInt64, addr: UInt64) -> String {
        "pid \(getpid()) \(name): trap \(trap) err \(err) on cpu 0 eip 0x\(String(rip, radix: 16)) addr 0x\(String(addr, radix: 16))--kill proc\n"
    }

    public func handleFault(_ fault: GuestFault, process: GuestProcess) -> RunControl {
        let v = process.vcpu
        observer?.signal(fault.signal, fault: fault, info: nil)
        var line = trapLine(trap: v.raw.pointee.trap_no, err: v.trapError, rip: fault.rip, addr: fault.hasAddress ? fault.address : 0)
        if fault.signal == SIGSYS && fault.code == 2 {
            // A Linux system call instruction, caught by Syscall User Dispatch (the CPU raised no
            // trap, so the record's trap number is stale): what xv6's CPU would have reported,
            // `int $0x80` a #GP naming vector 0x80 (i386), `syscall` an invalid opcode (x86-64).
            line = is32Bit ? trapLine(trap: 13, err: 0x80 << 3 | 2, rip: fault.rip, addr: 0)
                           : trapLine(trap: 6, err: 0, rip: fault.rip, addr: 0)
        }
        return .die(signal: fault.signal, report: line)
    }

    /// `in`, `out`, `hlt`, `cli`, `sti`: a general-protection fault in user mode (trap 13).
    public func handlePrivileged(_ insn: PrivilegedInstruction, length: UInt64, process: GuestProcess) -> RunControl {
        let rip = process.vcpu[.rip]
        observer?.machine(kind: "privileged", text: "\(insn)", key: "\(insn)", rip: rip)
        return handleFault(GuestFault(signal: SIGSEGV, code: 0x80, address: 0, rip: rip, detail: "\(insn)", hasAddress: false), process: process)
    }

    /// xv6 has no hypercalls (its table sets no hypercall vector; a trapping `vmcall` lands here).
    public func handleHypercall(length: UInt64, process: GuestProcess) -> RunControl {
        let rip = process.vcpu[.rip]
        return handleFault(GuestFault(signal: SIGSEGV, code: 0x80, address: 0, rip: rip, detail: "vmcall", hasAddress: false), process: process)
    }

    /// xv6 has no signals: a host signal whose default ends the process ends it (Ctrl-C, SIGTERM,
    /// SIGXFSZ, ...); the others are the kernel's defaults (setUpHostSignals) and never arrive here.
    public func handleHostSignals(_ mask: UInt64, process: GuestProcess) -> RunControl {
        for sig in Self.terminating where mask & (1 << UInt64(sig)) != 0 {
            observer?.signal(sig, fault: nil, info: nil)
            return .die(signal: sig, report: nil)
        }
        return .resume
    }

    public func beforeEntry(_ process: GuestProcess) -> RunControl { .resume }

    public func finish(status: Int32?, signal: Int32?, process: GuestProcess) {
        observer?.finish(status: status, signal: signal, coreDumped: false)
    }

    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGABRT]
        + HostSignals.fatalWithoutGuestMeaning

    /// The host's signal state for an xv6 process: Burrow's handler for the signals that end it
    /// (so the trace is flushed and a blocking call is interrupted), SIG_IGN for SIGPIPE (a write to
    /// a pipe without readers fails with -1, as in xv6), the kernel's defaults for the rest. A
    /// signal Burrow was started with ignored stays ignored.
    public func setUpHostSignals() {
        var interrupt: UInt64 = 0
        // wait() needs zombies: SIGCHLD is the kernel's default even when Burrow was started with
        // it ignored (which would reap children before their parent could wait for them).
        _ = burrow_set_host_disposition(SIGCHLD, Int32(BURROW_DISPOSITION_DEFAULT))
        for sig in GuestProcess.hostSignals where burrow_host_ignored(sig) == 0 {
            if Self.terminating.contains(sig) {
                interrupt |= 1 << UInt64(sig)
            } else {
                _ = burrow_set_host_disposition(sig, Int32(sig == SIGPIPE ? BURROW_DISPOSITION_IGNORE : BURROW_DISPOSITION_DEFAULT))
            }
        }
        // The ones no personality's guest can name (SIGXFSZ, SIGPWR, ...) are caught only here.
        for sig in HostSignals.fatalWithoutGuestMeaning where burrow_host_ignored(sig) == 0 {
            if burrow_set_host_disposition(sig, Int32(BURROW_DISPOSITION_HANDLER)) == 0 { interrupt |= 1 << UInt64(sig) }
        }
        _ = burrow_set_host_blocked(0)
        burrow_set_interrupt_mask(interrupt)
    }

    // MARK: - Helpers

    /// A guest path with every component cut to 14 bytes, as xv6's directory entries hold them.
    func path(_ addr: UInt64) throws(GuestErrno) -> [UInt8] {
        let s: [UInt8]?
        do { s = try memory.readCString(addr, max: 4095) } catch { throw .EFAULT }
        guard let s else { throw .ENAMETOOLONG }
        if s.isEmpty { throw .ENOENT }
        return Self.truncatingComponents(s)
    }

    static func truncatingComponents(_ path: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        var run = 0
        for b in path {
            if b == UInt8(ascii: "/") { run = 0; out.append(b); continue }
            run += 1
            if run <= XV6.nameLength { out.append(b) }
        }
        return out
    }

    func store<T: FixedWidthInteger>(_ v: T, _ addr: UInt64) throws(GuestErrno) {
        do { try memory.store(v, at: addr) } catch { throw .EFAULT }
    }

    func copyOut(_ bytes: [UInt8], to addr: UInt64) throws(GuestErrno) {
        do { try memory.copyOut(bytes, to: addr) } catch { throw .EFAULT }
    }
}
