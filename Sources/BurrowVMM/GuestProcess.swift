// A guest process: its memory, its vCPU, and the run loop that dispatches every exit.
import CBurrowRuntime
import Glibc

/// What the run loop does after an exit was handled.
public enum RunControl {
    case resume
    /// The guest ended with this status (0-255).
    case exit(Int32)
    /// The guest crashed or was killed: report (if given) and die by this host signal.
    case die(signal: Int32, report: String?)
}

/// The personality's side of the run loop: system calls, privileged paths, host signals, faults.
/// One object serves every way a trap can arrive; it never learns which path delivered it.
public protocol ExitHandler: AnyObject {
    func handleSyscall(_ process: GuestProcess) -> RunControl
    func handlePrivileged(_ insn: PrivilegedInstruction, length: UInt64, process: GuestProcess) -> RunControl
    /// A hypercall; rip points at it, `length` bytes long (the handler moves rip past it).
    func handleHypercall(length: UInt64, process: GuestProcess) -> RunControl
    /// Host signals that arrived (bit per host signal number). Called after any exit that saw one.
    func handleHostSignals(_ mask: UInt64, process: GuestProcess) -> RunControl
    /// The guest faulted (a bad access, a forbidden instruction, a foreign system-call instruction):
    /// the personality delivers it to a guest handler or ends the guest with `crashReport`.
    func handleFault(_ fault: GuestFault, process: GuestProcess) -> RunControl
    /// Called before every entry into the guest: the safe point where pending guest signals are
    /// delivered. Must be cheap when nothing is pending.
    func beforeEntry(_ process: GuestProcess) -> RunControl
    /// Last call before Burrow exits or dies: flush traces and summaries.
    func finish(status: Int32?, signal: Int32?, process: GuestProcess)
    /// The fast path's direct dispatcher for this handler and process: a C entry for the thunk and
    /// its context, which must stay valid for good (`run` never returns). It calls the handler's
    /// handleSyscall directly between `GuestProcess.fastCallStarts` and `fastCallEnds`
    /// (docs/performance.md section 5: every level of calls between the thunk and the host system
    /// call costs a mispredicted return here). nil (the default): fast calls leave the thunk
    /// through the run loop, which handles them as it handles a trap.
    func fastDispatcher(for process: GuestProcess) -> (entry: FastEntry, context: UnsafeMutableRawPointer)?
}

/// The thunk's call into Swift (fastpath.S): 1, the guest goes on; 0, the run loop takes over;
/// BURROW_FAST_HOST_CALL, the thunk makes the deferred host call and then calls the completer.
public typealias FastEntry = @convention(c) (UnsafeMutableRawPointer?) -> UInt32

extension ExitHandler {
    public func fastDispatcher(for process: GuestProcess) -> (entry: FastEntry, context: UnsafeMutableRawPointer)? { nil }
}

public final class GuestProcess {
    public let memory: GuestMemory
    public let vcpu: VCPU
    /// The program as the user named it (messages, crash reports).
    public let programName: String
    /// Maps a guest address to "symbol+0xoff" for crash reports, when the image has symbols.
    public var symbolize: (UInt64) -> String? = { _ in nil }
    /// The length of the last `int 0x81` (the run loop has moved rip past it): a call restarted
    /// after a signal handler (SA_RESTART) moves rip back by it. Kept in the vCPU, where the fast
    /// lane (lane.c) sets it for the calls it starts without Swift.
    public var lastSyscallLength: UInt64 { vcpu.syscallLength }
    /// True when the last system call came through a patched stub (the trace says which path).
    public var lastSyscallFast: Bool { vcpu.syscallFast }
    /// The fast path (FastPath.swift); nil when it is off (`--no-fast-path`) or unavailable. Set
    /// before the guest runs, read on every trapped call by the guest's thread: unchecked (a
    /// dynamic exclusivity check on each trap cost more than the read).
    @exclusivity(unchecked) public var fastPath: FastPath?
    /// The raw-syscall guard (SyscallGuard.swift); nil with --allow-linux-syscalls.
    public var syscallGuard: SyscallGuard?

    /// Host signals that stop the guest and come to the run loop.
    /// SIGABRT is here so that a guest's abort() (kill to itself) flushes the trace before Burrow
    /// dies by it.
    /// Every asynchronous signal a ToyOS program can see is caught, also the job-control ones, so
    /// that the personality can give each its ToyOS action.
    public static let hostSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGWINCH, SIGCHLD, SIGABRT,
                                              SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT]

    public init(programName: String, memory: GuestMemory = GuestMemory(), vcpu: VCPU = VCPU()) {
        self.programName = programName
        self.memory = memory
        self.vcpu = vcpu
    }

    /// Installs the trap handlers for this thread: `int N` for each of `syscallVectors` is a
    /// system call and for each of `hypercallVectors` a hypercall (the C handler's vector table,
    /// filled from the personality's data). Call once, before the first run. (The interrupt
    /// lines' host signals get Burrow's handler when the guest catches them, like any other.)
    public static func installTraps(syscallVectors: [UInt8], hypercallVectors: [UInt8] = [], personalityLabel: String = "ToyOS") -> Int32 {
        for v in syscallVectors { burrow_set_trap_vector(v, UInt32(BURROW_EXIT_SYSCALL.rawValue)) }
        for v in hypercallVectors { burrow_set_trap_vector(v, UInt32(BURROW_EXIT_HYPERCALL.rawValue)) }
        VCPU.personalityLabel = personalityLabel
        return hostSignals.withUnsafeBufferPointer { burrow_runtime_install($0.baseAddress, Int32($0.count)) }
    }

    /// The guard's helper is done: hand over from SUD to the breakpoints (outside the inlined path).
    @usableFromInline @inline(never)
    func guardHandOver() {
        if let syscallGuard { syscallGuard.handOver() } else { _ = burrow_guard_warmup_finish() }
    }

    /// What the direct dispatch decided, for the run loop when the thunk leaves through it.
    @exclusivity(unchecked) private var fastControl: RunControl = .resume

    /// A personality's fast entry (ExitHandler.fastDispatcher) calls these two around its
    /// handleSyscall: one turn of the run loop for a `.fastSyscall` exit, with the same dispatcher
    /// and the same steps after it.
    @inlinable @inline(__always)
    public func fastCallStarts() { syscallStarts(length: FastPath.callLength, fast: true) }

    /// Every system call, trapped or fast, starts here: rip past the instruction (the restart
    /// rule needs its length), and the raw-syscall guard's hand-over (SyscallGuard.handOver),
    /// which comes at a system call: a tight loop of fast calls never reaches the run loop, so
    /// the one check per call is here (a load and a branch).
    @inlinable @inline(__always)
    func syscallStarts(length: UInt64, fast: Bool) {
        if _slowPath(burrow_guard_handover_ready() != 0) { guardHandOver() }
        vcpu[.rip] = vcpu[.rip] &+ length
        vcpu.syscallLength = length
        vcpu.syscallFast = fast
    }

    /// See fastCallStarts: the steps after the call (host signals, the safe point); 1, the guest
    /// goes on; 0, the run loop acts on `fastControl`.
    /// `longWay`: the guest goes on through the run loop's entry (iretq) even when it could
    /// simply go on (a call that changed the mappings: the stub's own `ret` must run and meet them).
    public func fastCallEnds(_ first: RunControl, _ handler: ExitHandler, longWay: Bool = false) -> UInt32 {
        let control = settle(first, handler)
        if case .resume = control, !longWay { return 1 }
        fastControl = control   // (.resume otherwise: any other control ends the process)
        return 0
    }

    /// What follows every handled exit before the guest runs again: host signals that arrived,
    /// then the guest's pending signals (the safe point). After an exit or a death the pending
    /// host signals are only taken. (Written without a mutable copy of the control: copying an
    /// enum with a payload costs outlined copies on the fast path.)
    @inline(__always)
    private func settle(_ first: RunControl, _ handler: ExitHandler) -> RunControl {
        guard case .resume = first else {
            if burrow_peek_pending_signals() != 0 { _ = burrow_take_pending_signals() }
            return first
        }
        if burrow_peek_pending_signals() != 0 {
            let pending = burrow_take_pending_signals()
            if pending != 0 {
                let control = handler.handleHostSignals(pending, process: self)
                guard case .resume = control else { return control }
            }
        }
        return handler.beforeEntry(self)
    }

    /// Runs the guest until it exits or dies. Never returns.
    public func run(_ handler: ExitHandler) -> Never {
        if fastPath != nil, let (entry, context) = handler.fastDispatcher(for: self) {
            burrow_fastpath_set_dispatcher(entry, context)
        }
        while true {
            let reason = vcpu.enter()
            var control: RunControl
            if reason == UInt32(BURROW_EXIT_FAST_DONE.rawValue) {
                // The direct dispatch handled the call and what follows it (fastCall).
                control = fastControl
            } else {
                control = settle(decodeAndHandle(reason, handler), handler)
            }
            switch control {
            case .resume:
                continue
            case .exit(let status):
                handler.finish(status: status, signal: nil, process: self)
                exit(status & 0xff)
            case .die(let sig, let report):
                if let report { Diagnostics.write(report) }
                handler.finish(status: nil, signal: sig, process: self)
                burrow_die_by_signal(sig)
            }
        }
    }

    /// One exit of the guest, decoded and handed to the personality.
    private func decodeAndHandle(_ reason: UInt32, _ handler: ExitHandler) -> RunControl {
        let control: RunControl
        switch vcpu.decodeExit(reason, memory: memory) {
        case .syscall(let length):
            if let fastPath, length == 2 {
                fastPath.consider(intAddress: vcpu[.rip], number: vcpu[.rax] & 0xFFFF_FFFF, memory: memory)
            }
            syscallStarts(length: length, fast: false)
            control = handler.handleSyscall(self)
        case .fastSyscall(let length):
            // rip onto the stub's own `ret`; a restart moves it back onto the `call`.
            syscallStarts(length: length, fast: true)
            control = handler.handleSyscall(self)
        case .privileged(let insn, let length):
            control = handler.handlePrivileged(insn, length: length, process: self)
        case .hypercall(let length):
            control = handler.handleHypercall(length: length, process: self)
        case .hostSignal:
            control = .resume
        case .fault(let fault):
            if fault.signal == SIGSEGV, let syscallGuard,
               syscallGuard.resumeAfterFetchFault(address: fault.address, errorCode: vcpu.trapError) {
                // The raw-syscall guard armed, or watched the page's bytes, on its first run. The
                // fault left RF set in the flags (the CPU's "resume without instruction breakpoint"),
                // which would let a breakpoint just set on this very instruction pass: cleared.
                vcpu[.rflags] = vcpu[.rflags] & ~0x1_0000
                control = .resume
            } else if fault.signal == SIGTRAP, fault.code == 6 /* TRAP_PERF */, let syscallGuard,
                      syscallGuard.resumeAfterBreakpoint(rip: vcpu[.rip]) {
                control = .resume   // ... or on reaching accidental system-call bytes it watched
            } else {
                control = handler.handleFault(fault, process: self)
            }
        case .linuxSyscall(let nr, let addr):
            let at = addr &- 2
            control = handler.handleFault(GuestFault(signal: SIGSYS, code: 2, address: at, rip: at,
                                                     detail: "executed a Linux system call instruction (Linux call \(nr)) at 0x\(String(at, radix: 16)); \(VCPU.personalityLabel) programs use \(VCPU.syscallInstruction)"),
                                          process: self)
        case .fsChanged(let value):
            control = handler.handleFault(GuestFault(signal: SIGSEGV, code: 0, address: value, rip: vcpu[.rip],
                                                     detail: "changed the FS base to 0x\(String(value, radix: 16)) (forbidden: ToyOS uses GS for TLS)",
                                                     hasAddress: false, deliverable: false),
                                          process: self)
        }
        return control
    }

    /// A crash report: what happened, where, in which region, and the registers.
    public func crashReport(_ fault: GuestFault) -> String {
        var lines: [String] = []
        let what = fault.detail ?? HostSignals.describe(fault.signal, code: fault.code)
        lines.append("\(Diagnostics.tool): \(programName): guest crashed: \(HostSignals.name(fault.signal)) (\(what))")
        if fault.hasAddress {
            let addrRegion = memory.region(containing: fault.address).map { "\($0.name) \($0.protection)" } ?? "unmapped"
            lines.append("  fault address 0x\(hex(fault.address)) (\(addrRegion))")
        }
        var at = "  rip 0x\(hex(fault.rip))"
        if let sym = symbolize(fault.rip) { at += " in \(sym)" }
        at += " (" + (memory.region(containing: fault.rip).map { "\($0.name) \($0.protection)" } ?? "unmapped") + ")"
        lines.append(at)
        let order: [Register] = [.rax, .rbx, .rcx, .rdx, .rsi, .rdi, .rbp, .rsp, .r8, .r9, .r10, .r11, .r12, .r13, .r14, .r15]
        var row = "  "
        for (i, r) in order.enumerated() {
            row += "\(String(describing: r).padding(3)) 0x\(hex(vcpu[r]))  "
            if i % 4 == 3 { lines.append(row.trimmingTrailing()); row = "  " }
        }
        lines.append("  rflags 0x\(hex(vcpu[.rflags]))")
        lines += backtraceLines(rip: fault.rip)
        return lines.joined(separator: "\n") + "\n"
    }
}

func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 16 - s.count)) + s
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func trimmingTrailing() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Host signal names and the words a shell would use.
public enum HostSignals {
    /// Host signals whose default action ends the process and that no personality's guest can
    /// name, catch, block or ignore in general: SIGXCPU and SIGXFSZ (the kernel's, at a resource
    /// limit), SIGPWR, SIGPROF, SIGVTALRM, SIGIO, SIGSTKFLT, and the real-time signals from glibc's
    /// SIGRTMIN to 63 (a personality leaves out those it maps, such as ToyOS's interrupt lines).
    /// Burrow catches them only to end the guest as every other signal does: the trace's last
    /// lines, the trace file cut, then death by the same signal. (32 and 33 are glibc's own and
    /// SIGRTMAX, 64, lies past the runtime's 63-bit masks: those still end Burrow at once.)
    public static let fatalWithoutGuestMeaning: [Int32] =
        [SIGXCPU, SIGXFSZ, SIGPWR, SIGPROF, SIGVTALRM, SIGIO, SIGSTKFLT] + Array(burrow_sigrtmin()...63)

    /// "SIGSEGV", from glibc's table (the trap handler's internal-error line uses the same one).
    /// Real-time signals as strace names them: the kernel's first (32) SIGRTMIN, then by their
    /// distance from it (SIGRT_2 is glibc's SIGRTMIN).
    public static func name(_ sig: Int32) -> String {
        if sig == 32 { return "SIGRTMIN" }   // strace's name for the kernel's first
        if sig > 32 && sig <= 64 { return "SIGRT_\(sig - 32)" }
        if sig == SIGIO { return "SIGIO" }   // glibc's table says POLL, strace and kill -l say IO
        guard let abbrev = burrow_signal_abbrev(sig) else { return "signal \(sig)" }
        return "SIG" + String(cString: abbrev)
    }

    public static func describe(_ sig: Int32, code: Int32) -> String {
        switch (sig, code) {
        case (SIGSEGV, 1): "address not mapped"
        case (SIGSEGV, 2): "invalid permissions for mapped object"
        case (SIGSEGV, _): "segmentation fault"
        case (SIGBUS, _): "bus error"
        case (SIGILL, _): "illegal instruction"
        case (SIGFPE, 1): "integer divide by zero"
        case (SIGFPE, 2): "integer overflow"
        case (SIGFPE, _): "floating-point exception"
        case (SIGTRAP, _): "breakpoint trap"
        default: String(cString: strsignal(sig))
        }
    }
}
