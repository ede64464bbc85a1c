// ToyOS signals (docs/abi.md section 8): the guest's actions and mask, delivery to guest handlers
// at the run loop's safe point in a frame on the guest's stack, sigreturn, default actions, and
// the calls sigaction, sigprocmask, sigreturn, sigpending, sigsuspend, sigaltstack, alarm and kill.
//
// Host signals are Burrow's way in where the run loop must act (a guest handler, a default action
// that ends the guest): Burrow's trap handler records them as pending and the run loop hands the
// set to the personality. Everything else the host kernel does itself, because the host's state
// follows the guest's (updateHostSignalState): SIG_IGN for an ignored signal, SIG_DFL for a default
// that ignores, continues or stops, and the guest's mask as the host's mask; so such signals never
// interrupt a call and survive exec exactly as for a native process. Guest faults arrive through
// handleFault and go to a guest handler when one is installed and the signal is not blocked.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

/// One signal's action (struct toy_sigaction).
struct GuestSignalAction: Equatable {
    var handler: UInt64 = 0
    var mask: UInt64 = 0
    var flags: UInt32 = 0
    var restorer: UInt64 = 0
    static let dfl: UInt64 = 0, ign: UInt64 = 1
}

/// What SIG_DFL does (docs/abi.md 8.1).
enum DefaultAction { case terminate, core, ignore, stop, `continue` }

/// A call interrupted by a signal (EINTR): restarted if the handler asks for it (SA_RESTART), or
/// transparently when no handler ran (a stop and continue, as the kernel does).
struct InterruptedCall {
    var number: UInt64
    var arg3: UInt64          // rdx: the result convention overwrote it with the error flag
    var restartable: Bool     // poll and nanosleep never restart (docs/abi.md 8.5)
    /// nanosleep's and poll's deadline (CLOCK_MONOTONIC ns; nil: none, or another call): run again
    /// after a stop, the call waits until it, as Linux's restart does, not its whole time again.
    var deadline: UInt64? = nil
}

/// The guest's signal state, per process (inherited by fork, docs/abi.md 9.1).
final class SignalState {
    // Only the one guest thread touches these, and no access is held across a call that could
    // reach another: unchecked exclusivity (the safe point reads `pending` and `interrupted` after
    // every call, and a dynamic check costs more than the read).
    /// Indexed by ToyOS signal number (0 unused).
    @exclusivity(unchecked) var actions = [GuestSignalAction](repeating: GuestSignalAction(), count: SignalState.count)
    /// Blocked signals, bit (sig - 1).
    @exclusivity(unchecked) var blocked: UInt64 = 0
    /// Pending guest signals, bit (sig - 1), and how each was sent.
    @exclusivity(unchecked) var pending: UInt64 = 0
    var origin = [ToySignalInfo](repeating: .kernel, count: SignalState.count)
    @exclusivity(unchecked) var interrupted: InterruptedCall?
    /// The deadline of the last nanosleep or poll (nil: none; InterruptedCall.deadline), and the
    /// one the same call keeps when restart runs it again (taken by it: resumedDeadline).
    @exclusivity(unchecked) var lastDeadline: UInt64?
    @exclusivity(unchecked) var resumeDeadline: (number: UInt64, deadline: UInt64)?
    /// The alternate stack of SA_ONSTACK handlers (sigaltstack): nil when there is none. Inherited
    /// by fork; exec starts without one.
    @exclusivity(unchecked) var altStack: (sp: UInt64, size: UInt64)?
    /// The caller's mask while sigsuspend's temporary one is in force: the first frame built after
    /// it records this mask (so sigreturn restores it), and the safe point restores it when no
    /// handler ran.
    @exclusivity(unchecked) var suspendedMask: UInt64?
    /// The virtual interrupt flag of cli/sti (docs/abi.md 7.2): while clear, caught signals stay
    /// pending; default actions that end or stop the guest still happen (like an NMI).
    @exclusivity(unchecked) var interruptFlag = true

    static let count = Int(ToyOS.signal.entries.map(\.value).max()!) + 1
    static func bit(_ g: Int) -> UInt64 { 1 << UInt64(g - 1) }
    static let kill = Int(ToyOS.signal["SIGKILL"]), stop = Int(ToyOS.signal["SIGSTOP"])
    /// SIGKILL and SIGSTOP can be neither caught, nor ignored, nor blocked.
    static let unblockable = bit(kill) | bit(stop)
    static let cont = Int(ToyOS.signal["SIGCONT"])
    /// The signals whose default action stops, SIGSTOP's included.
    static let stopSignals = (1..<count).filter { defaults[$0] == .stop }.reduce(UInt64(0)) { $0 | bit($1) }

    static let defaults: [Int: DefaultAction] = {
        var d: [Int: DefaultAction] = [:]
        func set(_ a: DefaultAction, _ names: [String]) { for n in names { d[Int(ToyOS.signal[n])] = a } }
        set(.terminate, ["SIGINT", "SIGTERM", "SIGKILL", "SIGPIPE", "SIGALRM", "SIGHUP", "SIGUSR1", "SIGUSR2"])
        set(.core, ["SIGSEGV", "SIGILL", "SIGFPE", "SIGABRT", "SIGBUS", "SIGTRAP", "SIGSYS", "SIGQUIT"])
        set(.ignore, ["SIGCHLD", "SIGWINCH", "SIGIRQ0", "SIGIRQ4"])
        set(.stop, ["SIGSTOP", "SIGTSTP", "SIGTTOU", "SIGTTIN"])
        set(.continue, ["SIGCONT"])
        return d
    }()

    /// Whether rsp lies on the alternate stack (Linux's test: above its base, at most its size in).
    func onAltStack(_ rsp: UInt64) -> Bool {
        guard let alt = altStack else { return false }
        return rsp > alt.sp && rsp &- alt.sp <= alt.size
    }

    static func defaultAction(_ g: Int) -> DefaultAction { defaults[g] ?? .terminate }

    /// Host signal number of ToyOS signal g (every ToyOS signal has one: Translate checks it).
    static let host: [Int32] = (0..<count).map { g in g == 0 ? 0 : Translate.hostSignal(guest: UInt64(g)) ?? 0 }
    static func guest(host h: Int32) -> Int? { host.firstIndex(of: h).flatMap { $0 == 0 ? nil : $0 } }
    /// Signals raised by an instruction (faults; the runtime's list): ignoring one does not stop
    /// the next fault, so their host disposition is always Burrow's.
    static func isFault(_ h: Int32) -> Bool { burrow_is_sync_signal(h) != 0 }
    /// The interrupt lines' signals: their host signals are real-time ones, whose host default
    /// would end the process, so their "ignore" is the host's SIG_IGN.
    static let interrupts: Set<Int> = Set(ToyOS.portDevices.compactMap { $0.irq.flatMap(ToyOS.interruptSignal).map(Int.init) })
    /// Host signals ToyOS has no number for whose host default ends the process
    /// (HostSignals.fatalWithoutGuestMeaning less the interrupt lines'): the guest can neither
    /// catch, block nor ignore them, so each ends it, with the trace's `---` and `+++ killed by`
    /// lines.
    static let hostOnlyFatal: [Int32] = HostSignals.fatalWithoutGuestMeaning.filter { guest(host: $0) == nil && !isFault($0) }
    static let hostOnlyFatalMask: UInt64 = hostOnlyFatal.reduce(0) { $0 | 1 << UInt64($1) }
}

extension ToyOSPersonality {
    // MARK: - The host side of the guest's choices

    /// After any change of actions or mask, the host follows the guest: each asynchronous signal's
    /// host disposition (Burrow's handler when the run loop must act: a guest handler, or a default
    /// that ends the guest; SIG_IGN when the guest ignores it; SIG_DFL when the default ignores,
    /// continues or stops, which the kernel then does itself, exactly as for a native process), the
    /// host's mask (the guest's blocked signals stay pending in the kernel and interrupt nothing),
    /// and the interrupt mask (Burrow-handled, unblocked signals: they make a blocking call EINTR).
    /// While the UART has the terminal in raw mode, Burrow catches the default stops (not SIGSTOP)
    /// and SIGCONT too, to give the terminal back before it stops and take it again when continued
    /// (beforeEntry, handleHostSignals); the stop itself is still the kernel's, by the same signal.
    /// So it does while a trace shows them (SyscallObserver.seesDefaultActions), as strace shows
    /// `--- SIGTSTP ---`, `--- stopped by SIGTSTP ---` and `--- SIGCONT ---`, and then it catches
    /// the signals whose default ignores them too (SIGCHLD, SIGWINCH, SIGURG: strace shows each),
    /// whose arrival then only restarts a call they interrupted. (SIGSTOP cannot be caught: its
    /// stop is never traced, the SIGCONT after it is.)
    func updateHostSignalState() {
        var interrupt: UInt64 = 0, blocked: UInt64 = 0
        // Stop signals Burrow stops catching whose arrival it has not acted on yet go to the
        // kernel, with the guest's mask in force; SIGCONT's catching ends only after that, so that
        // a SIGCONT after the stop signal still overtakes it (beforeEntry), never goes unseen.
        var handOver: UInt64 = 0, raiseNow: [Int32] = [], continueKind: Int32?
        let traced = observer?.seesDefaultActions == true
        let catchStops = machineState?.uart.ownsTerminal == true || traced
        for g in 1..<SignalState.count {
            let h = SignalState.host[g]
            guard h > 0, !SignalState.isFault(h) else { continue }
            let a = signals.actions[g]
            let kind: Int32
            if a.handler == GuestSignalAction.ign {
                kind = Int32(BURROW_DISPOSITION_IGNORE)
            } else if a.handler == GuestSignalAction.dfl {
                switch SignalState.defaultAction(g) {
                case .terminate, .core: kind = Int32(BURROW_DISPOSITION_HANDLER)
                case .ignore where SignalState.interrupts.contains(g): kind = Int32(BURROW_DISPOSITION_IGNORE)
                case .ignore where traced: kind = Int32(BURROW_DISPOSITION_HANDLER)
                case .stop where catchStops && g != SignalState.stop, .continue where catchStops: kind = Int32(BURROW_DISPOSITION_HANDLER)
                case .ignore, .continue, .stop: kind = Int32(BURROW_DISPOSITION_DEFAULT)
                }
            } else {
                kind = Int32(BURROW_DISPOSITION_HANDLER)
            }
            if hostDisposition[Int(h)] != kind, g != SignalState.kill, g != SignalState.stop {
                let caught = hostDisposition[Int(h)] == Int32(BURROW_DISPOSITION_HANDLER)
                if caught && kind == Int32(BURROW_DISPOSITION_DEFAULT) && SignalState.stopSignals & SignalState.bit(g) != 0 {
                    handOver |= 1 << UInt64(h)
                    if signals.pending & SignalState.bit(g) != 0 { signals.pending &= ~SignalState.bit(g); raiseNow.append(h) }
                }
                if caught && g == SignalState.cont {
                    continueKind = kind   // after the stops' hand-over, below
                } else if burrow_set_host_disposition(h, kind) == 0 {
                    hostDisposition[Int(h)] = kind
                }
            }
            if signals.blocked & SignalState.bit(g) != 0 {
                blocked |= 1 << UInt64(h)
            } else if kind == Int32(BURROW_DISPOSITION_HANDLER) && (signals.interruptFlag || a.handler == GuestSignalAction.dfl) {
                // With the interrupt flag clear a caught signal cannot be delivered: it must not
                // interrupt a call either.
                interrupt |= 1 << UInt64(h)
            }
        }
        // The host-only signals Burrow caught (adoptHostSignalState) end a blocking call too.
        for h in SignalState.hostOnlyFatal where hostDisposition[Int(h)] == Int32(BURROW_DISPOSITION_HANDLER) {
            interrupt |= 1 << UInt64(h)
        }
        burrow_set_interrupt_mask(interrupt)
        if blocked != hostBlocked {
            _ = burrow_set_host_blocked(blocked)
            hostBlocked = blocked
        }
        if handOver != 0 {
            // The personality's stops are older than the record's: raised first, and not at all
            // when a SIGCONT came after them (in the record: then it holds no stop signal).
            if burrow_peek_pending_signals() & (1 << UInt64(SIGCONT)) == 0 { for h in raiseNow { raise(h) } }
            burrow_hand_stops_to_kernel(handOver)
        }
        if let kind = continueKind, burrow_set_host_disposition(SIGCONT, kind) == 0 { hostDisposition[Int(SIGCONT)] = kind }
    }

    // MARK: - Run loop entry points

    public func handleHostSignals(_ mask: UInt64, process: GuestProcess) -> RunControl {
        // After a stop, SIGSTOP's too; also when a stop signal after the SIGCONT discarded it.
        if burrow_take_continued() != 0 { machineState?.uart.resumeTerminal() }
        for h in Int32(1)..<64 where mask & (1 << UInt64(h)) != 0 {
            guard let g = SignalState.guest(host: h) else {
                if SignalState.hostOnlyFatalMask & (1 << UInt64(h)) != 0 {
                    observer?.signal(h, fault: nil, info: Self.hostSignalInfo(h))
                    return .die(signal: h, report: nil)
                }
                continue
            }
            // The kernel's rule (and the runtime's for its record, mark_pending): a SIGCONT
            // discards the stop signals still pending, a stop signal a pending SIGCONT. (One batch
            // never holds both: the record applies the rule as they come.)
            if g == SignalState.cont {
                signals.pending &= ~SignalState.stopSignals
            } else if SignalState.stopSignals & SignalState.bit(g) != 0 {
                signals.pending &= ~SignalState.bit(SignalState.cont)
            }
            // A signal still pending keeps its first siginfo (the kernel's rule for a standard
            // signal: the second is not queued).
            if signals.pending & SignalState.bit(g) == 0 { signals.origin[g] = Self.hostSignalInfo(h) }
            signals.pending |= SignalState.bit(g)
        }
        return .resume
    }

    /// The safe point before the guest runs again: every pending, unblocked signal takes its action
    /// (several handlers stack frames, the last delivered runs first, as on Linux).
    public func beforeEntry(_ process: GuestProcess) -> RunControl {
        // The common case after a call: nothing pending, no interrupted call.
        if signals.pending == 0 && signals.interrupted == nil { return .resume }
        defer { signals.interrupted = nil }
        var held: UInt64 = 0   // caught signals kept pending while the interrupt flag is clear
        while true {
            let ready = signals.pending & (~signals.blocked | SignalState.unblockable) & ~held
            if ready == 0 { break }
            let g = ready.trailingZeroBitCount + 1
            let step = safePointStep(g)
            if case .held = step {
                held |= SignalState.bit(g)
                continue
            }
            signals.pending &= ~SignalState.bit(g)
            switch step {
            case .held:
                continue
            case .skip:
                // A default that ignores or continues (SIGCONT) is shown, as strace shows it; an
                // ignored signal never arrives.
                if signals.actions[g].handler == GuestSignalAction.dfl { observer?.signal(SignalState.host[g], fault: nil, info: signals.origin[g]) }
                continue
            case .end:
                observer?.signal(SignalState.host[g], fault: nil, info: signals.origin[g])
                return .die(signal: SignalState.host[g], report: nil)
            case .stop:
                observer?.signal(SignalState.host[g], fault: nil, info: signals.origin[g])
                // A SIGCONT (or a newer stop signal) that came since the run loop took this one
                // overtakes it, as the kernel's rule has it (burrow_stop_prepare).
                if burrow_stop_prepare(SignalState.host[g]) == 0 { continue }
                // In an orphaned process group the kernel discards the stop (POSIX), and the call
                // it interrupted carries on: only a real stop is shown.
                if observer?.seesDefaultActions == true && burrow_pgrp_orphaned() == 0 { observer?.stopped(SignalState.host[g]) }
                // The terminal as the shell expects it while the job is stopped; raw again
                // when continued (in the foreground).
                machineState?.uart.suspendTerminal()
                burrow_stop_finish()
                machineState?.uart.resumeTerminal()
                continue
            case .handler(let action):
                if let failure = deliver(g, action, info: signals.origin[g], process) { return failure }
            }
        }
        // sigsuspend's temporary mask ends here when no handler's frame took the caller's mask.
        if let mask = signals.suspendedMask {
            signals.suspendedMask = nil
            signals.blocked = mask
            updateHostSignalState()
        }
        // Interrupted by a signal whose action ran no handler (it stopped the guest, say): the call
        // carries on as if nothing happened.
        if let call = signals.interrupted { restart(call, process) }
        return .resume
    }

    /// What the safe point does with a ready, unblocked signal: keep it pending (a handler while
    /// the interrupt flag is clear), nothing (ignored), end or stop the guest (defaults), or run
    /// its handler. One rule for beforeEntry and for interruptedCallEndsInEINTR's forecast.
    enum SafePointStep {
        case held, skip, end, stop
        case handler(GuestSignalAction)
    }

    func safePointStep(_ g: Int) -> SafePointStep {
        let action = signals.actions[g]
        if !signals.interruptFlag && action.handler > GuestSignalAction.ign { return .held }
        if action.handler == GuestSignalAction.ign { return .skip }
        guard action.handler == GuestSignalAction.dfl else { return .handler(action) }
        switch SignalState.defaultAction(g) {
        case .ignore, .continue: return .skip
        case .terminate, .core: return .end
        case .stop: return .stop
        }
    }

    /// Whether the guest will see EINTR from a restartable call a signal just interrupted: the
    /// safe point (beforeEntry, with the host signals that arrived) takes its pending signals in
    /// order, and the first that runs a handler decides, restarting the call when that handler has
    /// SA_RESTART. A stop, an ignored signal or none restarts it; a default that ends the guest
    /// ends it there. For the trace: EINTR, or strace's ERESTARTSYS.
    func interruptedCallEndsInEINTR(restartable: Bool = true) -> Bool {
        var pending = signals.pending
        let host = burrow_peek_pending_signals()
        for h in Int32(1)..<64 where host & (1 << UInt64(h)) != 0 {
            if let g = SignalState.guest(host: h) { pending |= SignalState.bit(g) }
        }
        var ready = pending & (~signals.blocked | SignalState.unblockable)
        while ready != 0 {
            let g = ready.trailingZeroBitCount + 1
            ready &= ready - 1
            switch safePointStep(g) {
            case .held, .skip, .stop: continue
            case .end: return false
            case .handler(let action): return !restartable || UInt64(action.flags) & ToyOS.sigactionFlags["SA_RESTART"] == 0
            }
        }
        return false
    }

    /// A fault goes to the guest's handler when there is one and the signal is not blocked;
    /// otherwise it takes the default action: a crash report, then death by the same signal.
    public func handleFault(_ fault: GuestFault, process: GuestProcess) -> RunControl {
        if fault.deliverable, let g = SignalState.guest(host: fault.signal) {
            let action = signals.actions[g]
            // With the interrupt flag clear a fault ends the guest (docs/abi.md 7.2).
            let caught = action.handler > GuestSignalAction.ign && signals.blocked & SignalState.bit(g) == 0 && signals.interruptFlag
            if caught {
                observer?.signal(fault.signal, fault: fault, info: Self.faultInfo(fault))
                if let failure = deliver(g, action, info: Self.faultInfo(fault), process, announced: true) { return failure }
                return .resume
            }
        }
        observer?.signal(fault.signal, fault: fault, info: Self.faultInfo(fault))
        return .die(signal: fault.signal, report: process.crashReport(fault))
    }

    /// How the host signal h was sent, as the run loop last took it, in the guest's siginfo: kill
    /// and raise are SI_USER with the sender's pid; a SIGCHLD about a child a CLD_* code with the
    /// child and its status (ABI 1.5); anything else the system raised is SI_KERNEL.
    static func hostSignalInfo(_ h: Int32) -> ToySignalInfo {
        var pid: Int32 = 0, status: Int32 = 0
        let origin = burrow_signal_origin(h, &pid, &status)
        switch origin {
        case Int32(BURROW_ORIGIN_USER): return .user(pid: pid)
        case Int32(BURROW_ORIGIN_KERNEL): return .kernel
        case Int32(CLD_EXITED): return ToySignalInfo(code: ToySignalInfo.cldExited, pid: pid, status: status)
        default:
            // A SIGCHLD about a child (a Burrow process: its pid is the guest's) that a signal
            // ended, stopped or continued: the host's code as ToyOS's, and the host signal
            // translated as waitpid's status translates it (guestWaitStatus). A child a signal
            // ended reports CLD_DUMPED exactly when waitpid reports TOY_EXIT_COREDUMP: when the
            // signal's default action dumps core (Burrow never writes one: the host's code would
            // say CLD_KILLED).
            let g = SignalState.guest(host: status) ?? SignalState.kill   // LOSSY, as guestWaitStatus
            let code: Int32
            switch origin {
            case Int32(CLD_STOPPED): code = ToySignalInfo.cldStopped
            case Int32(CLD_CONTINUED): code = ToySignalInfo.cldContinued
            default: code = SignalState.defaultAction(g) == .core ? ToySignalInfo.cldDumped : ToySignalInfo.cldKilled
            }
            return ToySignalInfo(code: code, pid: pid, status: Int32(g))
        }
    }

    /// A fault's siginfo: its code (a positive one from the kernel; otherwise SI_KERNEL), and
    /// for SIGSEGV and SIGBUS the address that faulted, for the others the instruction (a
    /// breakpoint's: its rip is after it, the fault's address is it).
    static func faultInfo(_ fault: GuestFault) -> ToySignalInfo {
        let addr = fault.signal == SIGSEGV || fault.signal == SIGBUS || fault.isBreakpoint ? fault.address : fault.rip
        return ToySignalInfo(code: fault.code > 0 && fault.code < 0x80 ? fault.code : ToySignalInfo.siKernel, addr: addr)
    }

    // MARK: - The frame

    /// Builds the frame of docs/abi.md 8.3 below the red zone and points the vCPU at the handler.
    /// nil on success; the guest's end when the stack cannot hold the frame (as Linux forces
    /// SIGSEGV then).
    func deliver(_ g: Int, _ action: GuestSignalAction, info: ToySignalInfo, _ process: GuestProcess,
                 announced: Bool = false) -> RunControl? {
        let v = process.vcpu
        // A deadline a restarted nanosleep or poll was to keep is not the handler's to take: the
        // handler's own call of that number would (the restarted one then waits its whole time).
        signals.resumeDeadline = nil
        // A call this signal interrupted: restarted after the handler (SA_RESTART), or EINTR.
        if let call = signals.interrupted {
            if call.restartable && UInt64(action.flags) & ToyOS.sigactionFlags["SA_RESTART"] != 0 { restart(call, process) }
            signals.interrupted = nil
        }
        let (fpu, format) = v.fpuImage()
        let ctxLayout = ToyOS.sigcontextLayout, infoLayout = ToyOS.siginfoLayout
        let infoSlot = ToyOS.SignalFrame.contextOffset - ToyOS.SignalFrame.infoOffset
        // SA_ONSTACK: the frame goes at the top of the alternate stack, unless the guest runs on
        // it already (a nested signal stacks below the one before, as on the normal stack).
        var top = v[.rsp] &- ToyOS.SignalFrame.redZone
        let onAlt = signals.onAltStack(v[.rsp])
        var altBase: UInt64? = onAlt ? signals.altStack?.sp : nil
        if !onAlt, UInt64(action.flags) & ToyOS.sigactionFlags["SA_ONSTACK"] != 0, let alt = signals.altStack {
            top = alt.sp &+ alt.size
            altBase = alt.sp
        }
        let fpuAddr = (top &- UInt64(fpu.count)) & ~63
        let ctxAddr = (fpuAddr &- UInt64(ctxLayout.size)) & ~15
        let infoAddr = ctxAddr &- UInt64(infoSlot)
        let frame = infoAddr &- UInt64(ToyOS.SignalFrame.infoOffset)   // the restorer's slot
        var bytes = [UInt8](repeating: 0, count: Int(top &- frame))
        func put(_ value: UInt64, _ at: Int, _ size: Int) {
            for i in 0..<size { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        put(action.restorer, 0, 8)
        let infoAt = Int(infoAddr - frame), ctx = Int(ctxAddr - frame)
        put(UInt64(g), infoAt + infoLayout.offset(of: "signo"), 4)
        put(UInt64(UInt32(bitPattern: info.code)), infoAt + infoLayout.offset(of: "code"), 4)
        put(UInt64(UInt32(bitPattern: info.pid)), infoAt + infoLayout.offset(of: "pid"), 4)
        put(UInt64(UInt32(bitPattern: info.status)), infoAt + infoLayout.offset(of: "status"), 4)
        put(info.addr, infoAt + infoLayout.offset(of: "addr"), 8)
        let regs = ctx + ctxLayout.offset(of: "regs")
        for (i, r) in Register.allCases.enumerated() { put(v[r], regs + 8 * i, 8) }
        // The mask sigreturn restores: sigsuspend's caller's, when this frame ends a sigsuspend.
        put(signals.suspendedMask ?? signals.blocked, ctx + ctxLayout.offset(of: "mask"), 8)
        put(fpuAddr, ctx + ctxLayout.offset(of: "fpu"), 8)
        put(UInt64(fpu.count), ctx + ctxLayout.offset(of: "fpu_size"), 4)
        put(UInt64(format), ctx + ctxLayout.offset(of: "fpu_format"), 4)
        let f = Int(fpuAddr - frame)
        bytes.replaceSubrange(f..<(f + fpu.count), with: fpu)
        guard frame < top, frame >= ToyOSAddressSpace.imageLow, frame > altBase ?? 0, (try? memory.copyOut(bytes, to: frame)) != nil else {
            let fault = GuestFault(signal: SIGSEGV, code: 0x80, address: frame, rip: v[.rip],
                                   detail: "no room on the stack for the frame of signal \(ToyOS.signal.name(of: UInt64(g)) ?? "\(g)")",
                                   deliverable: false)
            observer?.signal(SIGSEGV, fault: fault, info: Self.faultInfo(fault))
            return .die(signal: SIGSEGV, report: process.crashReport(fault))
        }
        if !announced {
            if SignalState.interrupts.contains(g), let line = ToyOS.portDevices.first(where: { $0.irq.flatMap(ToyOS.interruptSignal) == UInt64(g) })?.irq {
                let name = "irq " + ToyOS.interruptLineName(line)
                observer?.machine(kind: "irq", text: name, key: name, rip: v[.rip])
            } else {
                observer?.signal(SignalState.host[g], fault: nil, info: info)
            }
        }
        signals.suspendedMask = nil
        v[.rsp] = frame
        v[.rip] = action.handler
        v[.rdi] = UInt64(g)
        v[.rsi] = infoAddr
        v[.rdx] = ctxAddr
        v[.rflags] = v[.rflags] & ~UInt64(0x400 | 0x100)   // DF and TF off in the handler
        v.resetFPUForHandler()
        var block = action.mask
        if UInt64(action.flags) & ToyOS.sigactionFlags["SA_NODEFER"] == 0 { block |= SignalState.bit(g) }
        signals.blocked = (signals.blocked | block) & ~SignalState.unblockable
        if UInt64(action.flags) & ToyOS.sigactionFlags["SA_RESETHAND"] != 0 { setAction(g, GuestSignalAction()) }
        updateHostSignalState()
        return nil
    }

    /// Makes the interrupted call run again when the guest resumes: rip back on its `int 0x81`
    /// (or its patched stub's `call`), the number and the third argument back in their registers.
    func restart(_ call: InterruptedCall, _ process: GuestProcess) {
        let v = process.vcpu
        v[.rip] = v[.rip] &- process.lastSyscallLength
        // A trapped call whose stub the fast path patched at that very call (its first): the
        // `int` is gone, and rip would land inside the `call` that replaced it.
        if let fastPath = process.fastPath { v[.rip] = fastPath.resumeAddress(v[.rip]) }
        v[.rax] = call.number
        v[.rdx] = call.arg3
        if let deadline = call.deadline { signals.resumeDeadline = (call.number, deadline) }
        signals.interrupted = nil
    }

    /// The deadline a restarted nanosleep or poll keeps (restart), taken once; nil for a new call.
    func resumedDeadline(_ call: ToyCall) -> UInt64? {
        guard let r = signals.resumeDeadline else { return nil }
        signals.resumeDeadline = nil
        return r.number == UInt64(call.rawValue) ? r.deadline : nil
    }

    func setAction(_ g: Int, _ a: GuestSignalAction) {
        signals.actions[g] = a
    }

    /// Makes the host's signal state the guest's (process-wide: call once, in the process that runs
    /// the guest, after the trap handlers are installed). Signals Burrow was started with ignored
    /// stay ignored (as across exec); the rest start with their default action.
    public func adoptHostSignalState() {
        // The interrupt lines' host signals are Burrow's own: whatever mask Burrow inherited (a
        // test runner's threads block real-time signals), they must arrive unless the guest blocks them.
        var lines = sigset_t()
        sigemptyset(&lines)
        for g in SignalState.interrupts { sigaddset(&lines, SignalState.host[g]) }
        Glibc.sigprocmask(SIG_UNBLOCK, &lines, nil)
        for g in 1..<SignalState.count {
            let h = SignalState.host[g]
            guard h > 0, !SignalState.isFault(h) else { continue }
            if burrow_host_ignored(h) != 0 {
                signals.actions[g].handler = GuestSignalAction.ign
                hostDisposition[Int(h)] = Int32(BURROW_DISPOSITION_IGNORE)
            } else if GuestProcess.hostSignals.contains(h) {
                hostDisposition[Int(h)] = Int32(BURROW_DISPOSITION_HANDLER)
            }
        }
        // Ignored when Burrow started stays ignored, as for the guest's own signals (a SIGXFSZ
        // ignored by the shell: the write fails with EFBIG instead).
        for h in SignalState.hostOnlyFatal where burrow_host_ignored(h) == 0 {
            if burrow_set_host_disposition(h, Int32(BURROW_DISPOSITION_HANDLER)) == 0 {
                hostDisposition[Int(h)] = Int32(BURROW_DISPOSITION_HANDLER)
            }
        }
        updateHostSignalState()
    }

    /// The mask and the pending signals a new program starts with after exec (both kept across
    /// exec, docs/abi.md 9.1; an ignored signal cannot be pending, and caught ones are SIG_DFL now).
    public func setSignalState(blocked: UInt64, pending: UInt64) {
        signals.blocked = blocked & ~SignalState.unblockable
        for g in 1..<SignalState.count where pending & SignalState.bit(g) != 0 {
            signals.pending |= SignalState.bit(g)
            signals.origin[g] = .user(pid: 0)
        }
        updateHostSignalState()
    }

    // MARK: - Calls

    /// sigaction(sig, act, oldact): SIGKILL and SIGSTOP cannot be changed; a handler needs a
    /// restorer; reserved must be 0.
    func sigaction(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let g = Int(a.int(0))
        guard g > 0, g < SignalState.count, ToyOS.signal.name(of: UInt64(g)) != nil else { throw .EINVAL }
        let l = ToyOS.sigactionLayout
        var new: GuestSignalAction?
        if a[1] != 0 {
            let b = try copyIn(a[1], count: l.size)
            let act = GuestSignalAction(handler: l.value(of: "handler", in: b), mask: l.value(of: "mask", in: b),
                                        flags: UInt32(l.value(of: "flags", in: b)), restorer: l.value(of: "restorer", in: b))
            let known = ToyOS.sigactionFlags.entries.reduce(UInt64(0)) { $0 | $1.value }
            guard l.value(of: "reserved", in: b) == 0, UInt64(act.flags) & ~known == 0 else { throw .EINVAL }
            if act.handler > GuestSignalAction.ign && act.restorer == 0 { throw .EINVAL }
            if g == SignalState.kill || g == SignalState.stop { throw .EINVAL }
            new = act
        }
        if a[2] != 0 {
            let old = signals.actions[g]
            var b = [UInt8](repeating: 0, count: l.size)
            l.set("handler", to: old.handler, in: &b)
            l.set("mask", to: old.mask, in: &b)
            l.set("flags", to: UInt64(old.flags), in: &b)
            l.set("restorer", to: old.restorer, in: &b)
            try copyOut(b, to: a[2])
        }
        if let new {
            setAction(g, new)
            // POSIX: setting SIG_IGN discards a pending instance.
            if new.handler == GuestSignalAction.ign { signals.pending &= ~SignalState.bit(g) }
            updateHostSignalState()
        }
        return 0
    }

    /// sigprocmask(how, set, oldset): SIGKILL and SIGSTOP are silently left out.
    func sigprocmask(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let how = ToyOS.sigprocmaskHow.name(of: a[0])
        var set: UInt64? = nil
        if a[1] != 0 {
            guard how != nil else { throw .EINVAL }
            set = try load(UInt64.self, a[1])
        }
        if a[2] != 0 { try store(signals.blocked, a[2]) }
        if let set {
            switch how {
            case "SIG_BLOCK": signals.blocked |= set
            case "SIG_UNBLOCK": signals.blocked &= ~set
            default: signals.blocked = set
            }
            signals.blocked &= ~SignalState.unblockable
            updateHostSignalState()
        }
        return 0
    }

    /// sigreturn: the context is at rsp + 32 (the handler's `ret` popped the restorer's address).
    /// Everything in it comes back, changes included; flags only as far as a program may set them.
    func sigreturn(_ process: GuestProcess) throws(GuestErrno) -> SyscallOutcome {
        let v = process.vcpu
        let l = ToyOS.sigcontextLayout
        let ctx = try copyIn(v[.rsp] &+ UInt64(ToyOS.SignalFrame.contextFromSigreturnRSP), count: l.size)
        func u64(_ at: Int) -> UInt64 { ctx.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) } }
        func u32(_ at: Int) -> UInt32 { ctx.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) } }
        let size = u32(l.offset(of: "fpu_size")), format = u32(l.offset(of: "fpu_format"))
        guard size <= UInt32(BURROW_XSAVE_MAX) else { throw .EFAULT }
        let image = try copyIn(u64(l.offset(of: "fpu")), count: Int(size))
        guard image.withUnsafeBytes({ burrow_fpu_image_ok($0.baseAddress, size, format) }) != 0 else { throw .EFAULT }
        for (i, r) in Register.allCases.enumerated() { v[r] = u64(l.offset(of: "regs") + 8 * i) }
        // Interrupted between a stub's `mov` and `int`, and the stub was patched meanwhile (the
        // handler made the same call): resume at the patched stub, not inside its new bytes.
        if let fastPath = process.fastPath { v[.rip] = fastPath.resumeAddress(v[.rip]) }
        v.setFPUImage(image, format: format)
        signals.blocked = u64(l.offset(of: "mask")) & ~SignalState.unblockable
        updateHostSignalState()
        return .resumeAsIs
    }

    /// sigpending(set): the signals raised while blocked (Burrow's own record, and the host's: a
    /// signal the guest blocks is blocked on the host too, and waits in the kernel), and caught
    /// ones held while the interrupt flag is clear.
    func sigpending(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        var set = signals.pending
        var host = sigset_t()
        if Glibc.sigpending(&host) == 0 {
            for g in 1..<SignalState.count where SignalState.host[g] > 0 && sigismember(&host, SignalState.host[g]) == 1 {
                set |= SignalState.bit(g)
            }
        }
        try store(set, a[0])
        return 0
    }

    /// sigsuspend(mask): the mask replaced until a signal's handler runs; always fails with EINTR,
    /// after the handler (never restarted, SA_RESTART or not). The frame of that handler records
    /// the caller's mask (signals.suspendedMask), so its sigreturn restores it; a signal that ran no
    /// handler (a stop and continue) restarts the wait with the caller's mask back (beforeEntry).
    func sigsuspend(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let mask = try load(UInt64.self, a[0]) & ~SignalState.unblockable
        signals.suspendedMask = signals.blocked
        signals.blocked = mask
        updateHostSignalState()
        // Already waiting in Burrow's own set (sent before exec, say): the safe point delivers it.
        // (Held by a clear interrupt flag, it could not be: then the wait is for the rest.)
        let ready = signals.interruptFlag ? signals.pending & ~mask : 0
        if ready == 0 {
            // Returns only by throwing: EINTR when a signal of the interrupt mask arrived (one the
            // new mask lets through, or one that ends the guest), retried for any other.
            _ = try blocking { burrow_blocking_pause() }
        }
        throw .EINTR
    }

    /// sigaltstack(ss, old): the old stack is written before the new one is taken, and nothing
    /// changes while the guest runs on it (EPERM), as on Linux.
    func sigaltstack(_ a: SyscallArgs, _ process: GuestProcess) throws(GuestErrno) -> UInt64 {
        let l = ToyOS.stackLayout
        let onStack = signals.onAltStack(process.vcpu[.rsp])
        let disable = ToyOS.stackFlags["SS_DISABLE"], onStackFlag = ToyOS.stackFlags["SS_ONSTACK"]
        var change: (sp: UInt64, size: UInt64)?? = nil
        if a[0] != 0 {
            let b = try copyIn(a[0], count: l.size)
            let flags = l.value(of: "flags", in: b)
            if onStack { throw .EPERM }
            // SS_ONSTACK in ss is taken for 0, as Linux takes it (old programs pass it).
            guard flags == 0 || flags == onStackFlag || flags == disable else { throw .EINVAL }
            if flags == disable {
                change = .some(nil)
            } else {
                guard l.value(of: "size", in: b) >= ToyOS.minSignalStack else { throw .ENOMEM }
                change = .some((l.value(of: "sp", in: b), l.value(of: "size", in: b)))
            }
        }
        if a[1] != 0 {
            let old = signals.altStack
            var b = [UInt8](repeating: 0, count: l.size)
            l.set("sp", to: old?.sp ?? 0, in: &b)
            l.set("size", to: old?.size ?? 0, in: &b)
            l.set("flags", to: old == nil ? disable : onStack ? onStackFlag : 0, in: &b)
            try copyOut(b, to: a[1])
        }
        if let change { signals.altStack = change }
        return 0
    }

    /// alarm(seconds): the host's alarm (per process, not inherited by fork, kept by exec, as ToyOS
    /// says); SIGALRM then arrives like any host signal.
    func alarm(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        UInt64(Glibc.alarm(UInt32(min(a[0], UInt64(UInt32.max)))))
    }

    /// kill(pid, sig) → the host's kill with the host signal: to a process, the caller's group
    /// (0) or a group (< -1). A signal the guest sends itself arrives at Burrow's handler before the
    /// call returns and is delivered at the next safe point, as natively.
    func kill(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let pid = Int32(truncatingIfNeeded: a.int(0))
        let guestSignal = a[1]
        let sig: Int32
        if guestSignal == 0 {
            sig = 0   // existence and permission check only
        } else {
            guard let host = Translate.hostSignal(guest: guestSignal) else { throw .EINVAL }
            sig = host
        }
        // pid -1 (every process the caller may signal) is not part of ToyOS v1.
        guard pid != -1 else { throw .EINVAL }
        _ = try host { Glibc.kill(pid, sig) }
        return 0
    }
}
