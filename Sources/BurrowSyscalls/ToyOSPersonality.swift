// The ToyOS personality: the dispatcher that binds every row of the ToyOS table to its handler,
// plus the per-process state the handlers share (descriptor table, path resolver).
//
// The `switch` in `dispatch` is exhaustive over ToyCall: a row without a handler does not compile.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

/// The six argument registers of a system call (rdi, rsi, rdx, rcx, r8, r9), decoded through the
/// row's argument kinds (docs/abi.md §3.2): the upper half of a 32-bit kind is already gone, and a
/// 64-bit kind is whole. Handlers read values through this one decoder, never from registers.
/// Decoded when read (a handler reads two or three of the six): the registers are kept as the
/// guest passed them, with the row's widths.
public struct SyscallArgs {
    /// The registers as the guest passed them (private: every read goes through the decoder).
    private let registers: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    /// Per argument, 4 bits (argument i at bit 4i): 0 none (reads as 0), 1 signed 32-bit,
    /// 2 unsigned 32-bit, 3 all 64 bits.
    let widths: UInt32

    /// Registers as they are (an unknown number has no row to decode them).
    public init(raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        registers = raw
        widths = DispatchEntry.allFull64
    }

    /// Registers decoded by the row's argument kinds; registers past the row's arguments are 0.
    public init(registers r: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), row: [SyscallArg]) {
        registers = r
        widths = ArgWidth.codes(row)
    }

    /// Registers decoded by a row's argument widths as the dispatch table holds them.
    @inline(__always)
    init(registers r: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), entry e: DispatchEntry) {
        registers = r
        widths = e.widths
    }

    /// The six registers as the guest passed them, for the trace's C renderer, which decodes
    /// them by the same row's widths (burrow_trace_direct_begin): no tuple of six decoded here.
    @inline(__always) public func withRegisters<R>(_ body: (UnsafePointer<UInt64>) -> R) -> R {
        withUnsafeBytes(of: registers) { body($0.baseAddress!.assumingMemoryBound(to: UInt64.self)) }
    }

    /// All six, decoded (the trace).
    public var raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) { (self[0], self[1], self[2], self[3], self[4], self[5]) }

    /// The argument as the table decodes it, unsigned.
    @inline(__always) public subscript(_ i: Int) -> UInt64 {
        let v: UInt64
        switch i {
        case 0: v = registers.0
        case 1: v = registers.1
        case 2: v = registers.2
        case 3: v = registers.3
        case 4: v = registers.4
        default: v = registers.5
        }
        switch (widths >> (4 * UInt32(truncatingIfNeeded: i))) & 0xF {
        case 1: return UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: v)))
        case 2: return v & 0xFFFF_FFFF
        case 3: return v
        default: return 0
        }
    }

    /// The argument as the table decodes it, signed (an int, fd or pid is sign-extended from 32 bits).
    @inline(__always) public func int(_ i: Int) -> Int64 { Int64(bitPattern: self[i]) }
    /// Sizes are 64-bit; Linux caps one transfer at 0x7ffff000 bytes and so does Burrow.
    @inline(__always) public func size(_ i: Int) -> Int { Int(min(self[i], ToyOS.maxTransfer)) }
    /// A transfer size: 2^63 or more is EINVAL (docs/abi.md), then capped like Linux.
    @inline(__always) public func count(_ i: Int) throws(GuestErrno) -> Int {
        guard self[i] < 1 << 63 else { throw .EINVAL }
        return size(i)
    }
}

/// What the dispatcher needs of one row, derived from the table once (ToyOSDispatchTable): the
/// call, how each argument register is decoded, whether the row is implemented. A flat value, so
/// the per-call lookup copies no arrays or strings and reads no key paths.
struct DispatchEntry {
    let call: ToyCall
    let implemented: Bool
    /// Per argument: 0 none (reads as 0), 1 signed 32-bit, 2 unsigned 32-bit, 3 all 64 bits
    /// (SyscallArgs decodes by them).
    let widths: UInt32

    init(_ row: ToyOS.Row) {
        call = row.call
        if case .unimplemented = row.support { implemented = false } else { implemented = true }
        widths = ArgWidth.codes(row.args)
    }

    /// Six arguments, each all 64 bits: registers read as they are.
    static let allFull64: UInt32 = 0x333333
}

/// Every ToyOS row's DispatchEntry by number. SAFETY: allocated and filled once, never freed or
/// changed (a static table); read only.
enum ToyOSDispatchTable {
    static let count: Int = Int(ToyCall.allCases.map(\.rawValue).max()!) + 1
    static let entries: UnsafeMutablePointer<DispatchEntry?> = {
        let p = UnsafeMutablePointer<DispatchEntry?>.allocate(capacity: count)
        p.initialize(repeating: nil, count: count)
        for row in ToyOS.table { p[Int(row.number)] = DispatchEntry(row) }
        return p
    }()
}

public enum SyscallOutcome {
    case value(UInt64)
    case exit(Int32)
    /// The handler has set every register itself (sigreturn): no result is written.
    case resumeAsIs
    /// The call has no handler: only rows the table marks unimplemented may say so (the
    /// dispatcher never runs those; anything else is a bug in Burrow).
    case noHandler
    /// The handler's last step, one host system call, is left to the fast path's thunk
    /// (burrow_fast_host_call; only while `deferringHostCalls`): the call ends in `completeDeferred`.
    case deferred
}

public final class ToyOSPersonality: ExitHandler, RunsHostCalls {
    public let files: FileTable
    /// FileTable.limit as the lane reads it, taken once: reading the static costs a once-check,
    /// and showLane runs on every traced call.
    private let laneDescriptorCount = UInt32(FileTable.limit)
    public let paths: PathResolver
    /// A constant, so that a call through it needs no retain to keep it alive.
    public let memory: GuestMemory
    public let programName: String
    /// What the guest's own /proc/self views show (ProcView.swift).
    public let proc: ProcSelf
    /// Numbers already reported as unknown or unimplemented (reported once each).
    private var reported: Set<UInt64> = []
    /// The number reportOnce last saw (UInt64.max: none yet; no call number).
    @exclusivity(unchecked) private var lastReported = UInt64.max
    // The properties read on every call are only ever touched by the one guest thread, and no access
    // is held across guest entry: unchecked exclusivity (a dynamic check costs as much as the read).
    /// Called around every system call (the tracer); nil costs one branch.
    @exclusivity(unchecked) public var observer: SyscallObserver? {
        didSet {
            observerSlot = Unmanaged.passRetained(ObserverSlot(observer))
            traceRenderer = observer?.traceRenderer
            // A trace shows the default stops and SIGCONT, which Burrow must then catch.
            if oldValue?.seesDefaultActions != observer?.seesDefaultActions { updateHostSignalState() }
        }
    }
    /// The observer as the trap path's entry (handleSyscall) reads it: a constant of an object
    /// that lives for good, as the fast path's FastContext holds it, so that passing it on takes
    /// no retain; read from the property, a `var`, it was retained and released on every trapped
    /// call. SAFETY: never released (set once, before the guest runs; a call may still be reading
    /// the one before).
    private final class ObserverSlot {
        let observer: SyscallObserver?
        init(_ observer: SyscallObserver?) { self.observer = observer }
    }
    @exclusivity(unchecked) private var observerSlot = Unmanaged.passRetained(ObserverSlot(nil))
    /// The observer's trace renderer (SyscallObserver.traceRenderer), which takes a call whole
    /// where its configuration allows: handleSyscall hands it the call before and after, and the
    /// observer hears of it only when the renderer leaves the event to it. SAFETY: the tracer's,
    /// which lives as long as the observer.
    @exclusivity(unchecked) private var traceRenderer: UnsafeMutablePointer<burrow_lane_trace>?
    /// How exec starts another program (set by the front end; without it exec is ENOSYS).
    public var execHooks: ExecHooks?
    /// The guest's signal actions, mask and pending set (Signals.swift).
    let signals = SignalState()
    /// What the host does with each signal now (BURROW_DISPOSITION_*; -1: unknown), and the
    /// host mask Burrow last set: updateHostSignalState changes only what differs.
    var hostDisposition = [Int32](repeating: -1, count: 64)
    var hostBlocked: UInt64 = 0
    /// The devices (Machine.swift), made at the first port access.
    var machineState: Machine?
    /// Test-only integrity checks (BURROW_DEBUG_CHECKS, docs/fuzzing.md); nil costs one branch.
    @exclusivity(unchecked) public var integrity: IntegrityChecks?
    /// `--inject` rules (Injection.swift); nil costs one branch.
    @exclusivity(unchecked) public var injector: Injector?
    /// ToyOSDispatchTable's entries, held here so that a call does not pass through the static's
    /// once-check. SAFETY: a static table, never freed.
    let dispatchEntries = ToyOSDispatchTable.entries
    let dispatchCount = ToyOSDispatchTable.count
    /// The host-call templates by number (HostCallTemplates.swift). SAFETY: a static table.
    let hostCallRows = ToyOSHostCalls.rows
    /// path()'s two buffers of PATH_MAX bytes each. SAFETY: allocated here, freed in deinit.
    let pathBuffers = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (ToyOSPersonality.maxPathLength + 1))
    @exclusivity(unchecked) var nextPathBuffer = 0

    public init(programName: String, memory: GuestMemory, files: FileTable, paths: PathResolver, proc: ProcSelf? = nil) {
        self.programName = programName
        self.proc = proc ?? ProcSelf(executable: programName, arguments: [programName])
        self.memory = memory
        self.files = files
        self.paths = paths
        // Every path call (chdir, chmod, mkdir in fd/N/...) reaches the guest's descriptor N.
        paths.hostPathOverride = { [unowned self] path throws(GuestErrno) in try self.descriptorPath(path) }
    }

    /// poll's scratch memory (Files.swift), grown to the largest request seen, 8-byte aligned.
    @exclusivity(unchecked) private var pollBuffer: UnsafeMutableRawPointer?
    @exclusivity(unchecked) private var pollBufferSize = 0

    func pollScratch(_ bytes: Int) -> UnsafeMutableRawPointer {
        if let pollBuffer, pollBufferSize >= bytes { return pollBuffer }
        pollBuffer?.deallocate()
        pollBufferSize = max(bytes, 256)
        let p = UnsafeMutableRawPointer.allocate(byteCount: pollBufferSize, alignment: 8)
        pollBuffer = p
        return p
    }

    deinit {
        pathBuffers.deallocate()
        pollBuffer?.deallocate()
    }

    // MARK: - ExitHandler

    /// The fast path's context for ToyOS: constants, so the entry takes no reference per call.
    /// The observer too: read from a constant of a guaranteed reference, it needs no retain and
    /// release per call (the property would; it is set before the run loop starts and never again).
    private final class FastContext {
        let process: GuestProcess
        let personality: ToyOSPersonality
        let observer: SyscallObserver?
        init(_ process: GuestProcess, _ personality: ToyOSPersonality) {
            self.process = process
            self.personality = personality
            observer = personality.observer
        }
    }

    /// The fast path's entry for ToyOS: one turn of the run loop (GuestProcess.fastCallStarts and
    /// fastCallEnds) around this class's handleSyscall, called directly, so that the thunk reaches
    /// the host call with as few calls in between as possible. On this machine every return whose
    /// call was made before a host system call mispredicts (~8 ns each, docs/performance.md
    /// section 5). The thunk calls it for what the fast lane (lane.c) declined: every call whose
    /// handler is not a host-call template, and a template's call when the lane is closed or
    /// cannot vouch for the answer (an error, a trace, a pending signal).
    ///
    /// A handler whose last step is one host system call (the host-call templates; `hostCall`)
    /// leaves it to the thunk (BURROW_FAST_HOST_CALL), which makes it with only its own frame
    /// live, and then sets a quiet call's value itself or calls `fastComplete` with the raw result.
    private static let fastEntry: FastEntry = { context in
        // SAFETY: the context is a FastContext retained for good (`run` never returns).
        Unmanaged<FastContext>.fromOpaque(context!)._withUnsafeGuaranteedRef(fastEntryBody)
    }

    @inline(__always)
    private static func fastEntryBody(_ c: FastContext) -> UInt32 {
        let p = c.personality
        c.process.fastCallStarts()
        let number = c.process.vcpu[.rax] & 0xFFFF_FFFF
        p.deferringHostCalls = true
        let control = p.handleSyscall(c.process, c.observer)
        p.deferringHostCalls = false
        // Deferred: the steps after the call wait for its end (fastComplete). When they would
        // only set the result (nothing to trace or check, no guest signal pending, no interrupted
        // call: none of that changes during the host call, which runs no Swift code), the thunk
        // sets a value itself ("quiet"; host signals it checks anyway, as after the completer).
        // (A deferred call's control is always .resume, handleSyscall's; matching it first spares
        // the release of a RunControl the compiler cannot see is trivial.)
        if case .resume = control, p.callDeferred {
            p.callDeferred = false
            let quiet = c.observer == nil && p.integrity == nil && p.signals.pending == 0 && p.signals.interrupted == nil
            p.hostCallBlock.pointee.quiet = quiet ? 1 : 0
            // The guest goes on after a quiet call with nothing else changed: the lane may take
            // the next calls (opened here, and only here or after a call's end, below).
            p.setLane(quiet && p.injector == nil ? UInt32(BURROW_LANE_OPEN) : 0)
            return UInt32(BURROW_FAST_HOST_CALL)
        }
        // The direct return reads the stub's `ret` instead of running it; after a call that
        // changed the mappings (the stub's own page made non-executable, say) the guest takes
        // the long way, and its own `ret` meets what the call did, as on the trap path.
        let r = c.process.fastCallEnds(control, p, longWay: ToyOSPersonality.changesMappings(number))
        if r == 1 { p.updateLane(c.observer) }
        return r
    }

    /// The fast lane (lane.c): burrow_fast_lane, which the thunk tries before the dispatcher (a
    /// test gives the personality a state of its own). SAFETY: a C global, never freed.
    @exclusivity(unchecked) var lane: UnsafeMutablePointer<burrow_lane_state> = burrow_fast_lane_state()

    /// Opens the lane (with this process's mirrors) or closes it (0). Open only where the guest
    /// goes on directly after a call Swift finished, with nothing the lane cannot see: no
    /// integrity checks or injector (they act around every call), no guest signal pending and no
    /// interrupted call (the end of a call delivers and restarts them), and no observer but one
    /// that takes lane calls (BURROW_LANE_OPEN_OBSERVED: it hears of each after its host call,
    /// through the completer). Every other way back to the guest passes through the run loop,
    /// and leaving burrow_vcpu_run closes it.
    @inline(__always)
    func setLane(_ mode: UInt32) {
        if mode != 0 { showLane(lane) }
        lane.pointee.open = mode
    }

    /// What the lane reads of this process: its mirrors of the descriptor and region tables.
    @inline(__always)
    func showLane(_ l: UnsafeMutablePointer<burrow_lane_state>) {
        l.pointee.fds = UnsafePointer(files.laneDescriptors)
        l.pointee.nfds = laneDescriptorCount
        memory.showLane(l)
    }

    /// The lane's rows (the host-call templates of the numbers that have slots) and constants.
    /// Only rows the table marks implemented: the dispatcher answers ENOSYS for the others
    /// without running a handler, and the lane must decline them so that it does.
    static func fillLaneRows(_ l: UnsafeMutablePointer<burrow_lane_state>) {
        l.pointee.max_transfer = ToyOS.maxTransfer
        withUnsafeMutableBytes(of: &l.pointee.rows) { raw in
            let rows = raw.bindMemory(to: burrow_lane_row.self)
            for i in rows.indices {
                let implemented = i < ToyOSDispatchTable.count && ToyOSDispatchTable.entries[i]?.implemented == true
                rows[i] = implemented ? ToyOSHostCalls.rows[i] : ToyOSHostCalls.none
            }
        }
    }

    /// After a call's end, the guest going on directly: the lane as the state now allows.
    @inline(__always)
    func updateLane(_ observer: SyscallObserver?) {
        guard integrity == nil && injector == nil && signals.pending == 0 && signals.interrupted == nil else { return setLane(0) }
        // (Asked through optional chaining, not `if let`: the binding's copy of the observer was
        // retained and released on every traced call.)
        switch observer?.takesLaneCalls {
        case nil: setLane(UInt32(BURROW_LANE_OPEN))
        case true?: setLane(UInt32(BURROW_LANE_OPEN_OBSERVED))
        case false?: setLane(0)
        }
    }

    /// The end of a deferred call that is not quiet, or whose host call failed: what
    /// handleSyscall and the run loop do after the dispatcher (completeDeferred, fastCallEnds).
    private static let fastComplete: @convention(c) (UnsafeMutableRawPointer?, Int) -> UInt32 = { context, result in
        Unmanaged<FastContext>.fromOpaque(context!)._withUnsafeGuaranteedRef { c in
            let r = c.process.fastCallEnds(c.personality.completeDeferred(result, c.process, c.observer), c.personality)
            if r == 1 { c.personality.updateLane(c.observer) }
            return r
        }
    }

    /// A lane call the quick lane made with the lane open for an observer, told after its host
    /// call returned a value (fastpath.S, burrow_quick_lane), when the trace's C renderer did not
    /// take it (burrow_lane_trace_observe, the quick lane's observer, hands it here). Only
    /// the guest's caller-saved registers are in the vCPU, which hold the number and arguments;
    /// the call was not started, and the quick lane sets its result. Everything else finishCall
    /// and fastCallEnds do after a value is moot with the lane open (no integrity checks, no guest
    /// signal pending; a host signal that arrives meanwhile sends the call to the run loop, which
    /// sets the value without telling the observer again). (A crash of Burrow's own code in here
    /// shows the guest's rip and callee-saved registers as an earlier call left them in the vCPU:
    /// the quick lane saves neither.)
    private static let fastObserve: @convention(c) (UnsafeMutableRawPointer?, Int) -> Void = { context, result in
        Unmanaged<FastContext>.fromOpaque(context!)._withUnsafeGuaranteedRef { c in
            c.personality.observeLaneValue(result, c.process, c.observer)
        }
    }

    func observeLaneValue(_ raw: Int, _ process: GuestProcess, _ observer: SyscallObserver?) {
        let call = decodeCall(process.vcpu)
        let started = lane.pointee.started
        lane.pointee.started = 0
        // (The observer's answer may change: asked after every call, as updateLane asks it.)
        if observer?.laneCall(number: call.number, args: call.args, ticks: started, result: UInt64(raw)) != true { setLane(0) }
    }

    @inline(__always)
    static func changesMappings(_ number: UInt64) -> Bool {
        number == UInt64(ToyCall.map.rawValue) || number == UInt64(ToyCall.unmap.rawValue) || number == UInt64(ToyCall.protect.rawValue)
    }

    public func fastDispatcher(for process: GuestProcess) -> (entry: FastEntry, context: UnsafeMutableRawPointer)? {
        burrow_fastpath_set_completer(Self.fastComplete)
        // The quick lane tells the tracer's C renderer first (burrow_tracelane.h), which writes
        // the call itself where its configuration allows and hands every other call to this
        // personality's own observer, with the registers its convention reads (decodeCall's).
        burrow_lane_trace_set_personality(Self.fastObserve, Self.argumentRegisters)
        burrow_fastpath_set_observer(burrow_lane_trace_observe)
        lane.pointee.open = 0
        Self.fillLaneRows(lane)
        return (Self.fastEntry, Unmanaged.passRetained(FastContext(process, self)).toOpaque())
    }

    /// burrow_fast_host_call (a test gives the personality a block of its own). SAFETY: a C
    /// global, never freed.
    @exclusivity(unchecked) var hostCallBlock = burrow_fast_host_call_block()!
    /// True while the fast path's entry runs the dispatcher: `hostCall` may then defer.
    @exclusivity(unchecked) var deferringHostCalls = false
    /// Set by handleSyscall when the call it ran was deferred; the fast entry reads and clears it.
    /// (What finishing the call needs, its number and arguments, stays in the vCPU's registers
    /// until the result is set: completeDeferred reads them there.)
    @exclusivity(unchecked) var callDeferred = false

    /// A handler's last step, one host system call whose raw result is the guest's result (a
    /// value, or -errno as the guest's error): made here, with the retry rule of HostCalls.swift,
    /// or left to the fast path's thunk (see fastEntry). `interruptible`: a call that can block
    /// (burrow_safe_syscall6); otherwise one that never does.
    @inline(__always)
    func hostCall(_ nr: Int, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0, _ e: Int = 0, _ f: Int = 0,
                  interruptible: Bool) throws(GuestErrno) -> SyscallOutcome {
        let call = burrow_host_call(nr: nr, args: (a, b, c, d, e, f), interruptible: interruptible ? 1 : 0, quiet: 0)
        if deferringHostCalls {
            hostCallBlock.pointee = call
            return .deferred
        }
        // Made here from a local copy: the global block is the fast path's alone (the thunk's
        // call), never shared with a dispatcher on another thread (the unit tests run several).
        return .value(try finishHostCall(call, first: withUnsafePointer(to: call) { burrow_host_call_run($0) }))
    }

    /// The raw result of a host call as the guest's result, by retryingBlockingCall's rule (an
    /// EINTR that no signal for the run loop caused is retried: the same call again).
    func finishHostCall(_ call: burrow_host_call, first raw: Int) throws(GuestErrno) -> UInt64 {
        UInt64(try retryingBlockingCall(first: raw) { withUnsafePointer(to: call) { burrow_host_call_run($0) } })
    }

    /// The end of a call whose host call the thunk made (fastComplete): what handleSyscall does
    /// after the dispatcher.
    func completeDeferred(_ raw: Int, _ process: GuestProcess, _ observer: SyscallObserver?) -> RunControl {
        let call = decodeCall(process.vcpu)
        // Set only by the lane when it made an observed call (BURROW_LANE_OPEN_OBSERVED), which
        // the observer has not heard of yet: it does now, timed from the lane's counter. (A call
        // the Swift entry deferred was told to the observer before it; the counter stays 0.)
        let started = lane.pointee.started
        if started != 0 {
            lane.pointee.started = 0
            observer?.willCallFromLane(number: call.number, args: call.args, ticks: started)
        }
        do throws(GuestErrno) {
            // (A value needs no retry rule: only an error reads the block again.)
            let value = raw >= 0 ? UInt64(raw) : try finishHostCall(hostCallBlock.pointee, first: raw)
            return finishCall(call.number, call.args, call.arg3, .value(value), nil, process, observer)
        } catch {
            return finishCall(call.number, call.args, call.arg3, .value(UInt64(error.value)), error, process, observer)
        }
    }

    /// The call in the vCPU's registers: its number, its row's entry (nil for an unknown number),
    /// its arguments decoded by that row, and rdx as the guest passed it (the restart needs it).
    @inline(__always)
    /// The argument registers decodeCall reads, as burrow_vcpu.regs indices (for the trace's C
    /// renderer, which decodes a lane call's arguments itself).
    static let argumentRegisters: [UInt8] = [BURROW_RDI, BURROW_RSI, BURROW_RDX, BURROW_RCX, BURROW_R8, BURROW_R9].map { UInt8($0.rawValue) }

    func decodeCall(_ v: VCPU) -> (number: UInt64, entry: DispatchEntry?, args: SyscallArgs, arg3: UInt64) {
        let number = v[.rax] & 0xFFFF_FFFF
        let registers = (v[.rdi], v[.rsi], v[.rdx], v[.rcx], v[.r8], v[.r9])
        let (entry, args) = decodeCall(number, registers)
        return (number, entry, args, registers.2)
    }

    /// A call number's row entry (nil for an unknown number) and six argument registers decoded
    /// by it (as they are for an unknown number): every ToyOS call, trapped, fast or batched.
    @inline(__always)
    func decodeCall(_ number: UInt64, _ registers: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) -> (entry: DispatchEntry?, args: SyscallArgs) {
        let entry = number < UInt64(dispatchCount) ? dispatchEntries[Int(number)] : nil
        return (entry, entry.map { SyscallArgs(registers: registers, entry: $0) } ?? SyscallArgs(raw: registers))
    }

    public func handleSyscall(_ process: GuestProcess) -> RunControl {
        observerSlot._withUnsafeGuaranteedRef { handleSyscall(process, $0.observer) }
    }

    /// handleSyscall with the observer given (the fast entry's constant; see FastContext).
    /// Inlined into the fast path's entry (fastDispatcher): one level fewer above the host call.
    @inline(__always)
    func handleSyscall(_ process: GuestProcess, _ observer: SyscallObserver?) -> RunControl {
        let v = process.vcpu
        let (number, entry, args, arg3) = decodeCall(v)
        // The trace's renderer takes the call whole where it can: its event then needs no Swift
        // (tellEnd); else the observer hears of the call before and after it.
        if !handedToRenderer(number, args, process) {
            // (Optional chaining, not `if let`: the binding's copy was retained and released on
            // every traced call.)
            observer?.willCall(number: number, args: args, fast: process.lastSyscallFast)
            // (The nil test here: every call would otherwise call injected(), which is not inlined.)
            if injector != nil, let r = injected(number, args, observer) {
                // Not run: the guest sees the chosen result, and no interrupted-call bookkeeping
                // follows (no signal caused an injected EINTR).
                v.setResult(value: r.value, error: r.error != nil)
                return .resume
            }
        }
        let outcome: SyscallOutcome
        var failure: GuestErrno? = nil
        do throws(GuestErrno) {
            outcome = try dispatch(try runnable(number, entry).call, args, process)
        } catch {
            failure = error
            outcome = .value(UInt64(error.value))
        }
        if case .deferred = outcome {
            callDeferred = true
            return .resume
        }
        return finishCall(number, args, arg3, outcome, failure, process, observer)
    }

    /// --inject's result for this call, shown to the observer; nil when no rule chooses it (the
    /// call then runs). The trap's calls and the batch hypercall's entries alike.
    func injected(_ number: UInt64, _ args: SyscallArgs, _ observer: SyscallObserver?) -> (value: UInt64, error: GuestErrno?)? {
        guard let injector, let action = injector.decide(number) else { return nil }
        let r: (value: UInt64, error: GuestErrno?)
        switch action {
        case .error(let e): r = (UInt64(e.value), e)
        case .value(let x): r = (x, nil)
        }
        observer?.didInject(number: number, args: args, result: r.value, error: r.error)
        return r
    }

    /// The entry of a call that can run: an unknown number or an unimplemented row is ENOSYS,
    /// reported once per number (the trap's calls and the batch hypercall's entries alike). The
    /// table's support level decides, not the handlers.
    @inline(__always)
    func runnable(_ number: UInt64, _ entry: DispatchEntry?) throws(GuestErrno) -> DispatchEntry {
        guard let entry else {
            reportOnce(number, "unknown ToyOS system call 0x\(String(number, radix: 16)) (returning ENOSYS)")
            throw GuestErrno.ENOSYS
        }
        if !entry.implemented {
            reportOnce(number, "ToyOS system call \(ToyOS.row(entry.call).name) is not implemented yet (returning ENOSYS)")
            throw GuestErrno.ENOSYS
        }
        return entry
    }

    /// The end of every call: the result into the registers, the trace, the interrupted-call
    /// bookkeeping.
    @inline(__always)
    func finishCall(_ number: UInt64, _ args: SyscallArgs, _ arg3: UInt64, _ outcome: SyscallOutcome, _ failure: GuestErrno?,
                    _ process: GuestProcess, _ observer: SyscallObserver?) -> RunControl {
        let v = process.vcpu
        switch outcome {
        case .value(let value):
            v.setResult(value: value, error: failure != nil)
            if let failure, failure == .EINTR {
                // A signal interrupted the call: the run loop delivers it next, and then decides
                // between EINTR and a restart (Signals.swift). The restart needs rdx as the guest
                // passed it (the result convention has overwritten it).
                // nanosleep, poll and sigsuspend fail with EINTR after any handler; after a stop
                // or a signal that runs none they carry on, as every interrupted call does.
                let rule = InterruptedCallRestart(ToyCall(rawValue: UInt32(truncatingIfNeeded: number)))
                if interruptedCallEndsInEINTR(restartable: rule.restartsAfterHandler) {
                    tellEnd(observer, number, args, value, failure)
                } else {
                    observer?.didInterrupt(number: number, args: args, restart: rule)
                }
                signals.interrupted = InterruptedCall(number: number, arg3: arg3, restartable: rule.restartsAfterHandler,
                                                      deadline: rule == .untilDeadline ? signals.lastDeadline : nil)
            } else {
                tellEnd(observer, number, args, value, failure)
            }
            integrity?.afterCall()
            return .resume
        case .resumeAsIs:
            tellEnd(observer, number, args, 0, nil)
            return .resume
        case .exit(let status):
            tellEnd(observer, number, args, UInt64(status), nil)
            return .exit(status)
        case .noHandler:
            preconditionFailure("ToyOS system call \(ToyOS.row(number: number)!.name) is \(ToyOS.row(number: number)!.support.name) in the table but has no handler")
        case .deferred:
            preconditionFailure("a deferred host call reached finishCall")
        }
    }

    /// Whether the trace's renderer took the call whole (burrow_trace_direct_begin): never with
    /// an --inject rule, which the observer tells of.
    @inline(__always)
    func handedToRenderer(_ number: UInt64, _ args: SyscallArgs, _ process: GuestProcess) -> Bool {
        guard let t = traceRenderer, injector == nil else { return false }
        let fast: Int32 = process.lastSyscallFast ? 1 : 0
        return args.withRegisters { burrow_trace_direct_begin(t, number, $0, fast) } != 0
    }

    /// A call's end: its event written by the trace's renderer when it took the call whole
    /// (burrow_trace_direct_end), else told to the observer (whose tracer then adopts a call the
    /// renderer took but leaves to it).
    @inline(__always)
    func tellEnd(_ observer: SyscallObserver?, _ number: UInt64, _ args: SyscallArgs, _ result: UInt64, _ failure: GuestErrno?) {
        if let t = traceRenderer, burrow_trace_direct_end(t, result, failure.map { Int64($0.value) } ?? -1) != 0 { return }
        observer?.didCall(number: number, args: args, result: result, error: failure)
    }

    // Inlined into handleSyscall (and the batch hypercall): one level fewer between the fast
    // path's thunk and the host system call (see fastDispatcher).
    @inline(__always)
    func dispatch(_ call: ToyCall, _ a: SyscallArgs, _ p: GuestProcess) throws(GuestErrno) -> SyscallOutcome {
        switch call {
        case .exit: return .exit(Int32(truncatingIfNeeded: a[0]) & 0xFF)
        case .getpid, .getppid, .read, .write, .pread, .pwrite: return try hostCall(call, a)   // templates
        case .yield: sched_yield(); return .value(0)
        case .sysinfo: return .value(try sysinfo(a))
        case .kill: return .value(try kill(a))
        case .fork: return .value(try fork())
        case .waitpid: return .value(try waitpid(a))
        case .setpgid: return .value(try setpgid(a))
        case .getpgid: return .value(try getpgid(a))
        case .setsid: return .value(try setsid())
        case .alarm: return .value(try alarm(a))
        case .sigaction: return .value(try sigaction(a))
        case .sigprocmask: return .value(try sigprocmask(a))
        case .sigreturn: return try sigreturn(p)
        case .sigpending: return .value(try sigpending(a))
        case .sigsuspend: return .value(try sigsuspend(a))
        case .sigaltstack: return .value(try sigaltstack(a, p))
        case .tcgetpgrp: return .value(try tcgetpgrp(a))
        case .tcsetpgrp: return .value(try tcsetpgrp(a))
        case .exec: return try exec(a, number: UInt64(call.rawValue))
        case .open: return .value(try open(a))
        case .close: try files.remove(a.int(0)); return .value(0)
        case .lseek: return .value(try lseek(a))
        case .fcntl: return .value(try fcntl(a))
        case .poll: return .value(try poll(a))
        case .dup: return .value(try dup(a))
        case .dup2: return .value(try dup2(a))
        case .pipe: return .value(try pipe(a))
        case .ftruncate: return .value(try ftruncate(a))
        case .fsync: return .value(try fsync(a))
        case .stat: return .value(try stat(a, followLinks: true))
        case .lstat: return .value(try stat(a, followLinks: false))
        case .fstat: return .value(try fstat(a))
        case .readdir: return .value(try readdir(a))
        case .mkdir: return .value(try mkdir(a))
        case .rmdir: return .value(try unlink(a, flags: AT_REMOVEDIR))
        case .unlink: return .value(try unlink(a, flags: 0))
        case .rename: return .value(try rename(a))
        case .link: return .value(try link(a))
        case .symlink: return .value(try symlink(a))
        case .readlink: return .value(try readlink(a))
        case .chdir: try paths.chdir(try path(a[0])); return .value(0)
        case .getcwd: return .value(try getcwd(a))
        case .access: return .value(try access(a))
        case .chmod: return .value(try chmod(a))
        case .utimens: return .value(try utimens(a))
        case .map: return .value(try map(a))
        case .unmap: return .value(try unmap(a))
        case .protect: return .value(try protect(a))
        case .setTLS: return .value(try setTLS(a))
        case .clockGettime: return .value(try clockGettime(a))
        case .nanosleep: return .value(try nanosleep(a))
        case .getrandom: return .value(try getrandom(a))
        case .tcgetattr: return .value(try tcgetattr(a))
        case .tcsetattr: return .value(try tcsetattr(a))
        case .isatty: return .value(try isatty(a))
        case .tcgetwinsize: return .value(try tcgetwinsize(a))
        }
    }

    public func finish(status: Int32?, signal: Int32?, process: GuestProcess) {
        machineState?.uart.restoreTerminal()
        observer?.fastPathSites(process.fastPath?.patchedSites.count)
        observer?.syscallGuardNote(process.syscallGuard.map { g in
            g.syncWithRuntime()
            return switch (g.mode, g.armed) {
            case (.always, _): "always armed"
            case (.scan, true): "scan, armed: \(g.armedBecause ?? "")"
            case (.scan, false) where g.handingOver:
                "scan, armed for now: SUD stands in while the hardware breakpoints are made (a hand-over in progress)"
            case (.scan, false) where g.handovers > 0:
                "scan, not armed (\(g.scannedBytes) bytes of code scanned\(g.watchedNote); SUD off again after a hand-over to hardware breakpoints)"
            case (.scan, false): "scan, not armed (\(g.scannedBytes) bytes of code scanned\(g.watchedNote))"
            }
        })
        observer?.finish(status: status, signal: signal, coreDumped: signal.flatMap { SignalState.guest(host: $0) }
            .map { SignalState.defaultAction($0) == .core } ?? false)
        if status != nil { integrity?.atExit() }
    }

    /// PATH_MAX from the ABI, less its NUL (looked up once, not on every path call).
    static let maxPathLength = Int(ToyOS.scalars.first { $0.name == "PATH_MAX" }!.value) - 1

    // MARK: - Shared helpers

    /// The message is an autoclosure: a program that calls an unknown number in a loop pays for one
    /// set lookup per call, not for formatting a message it will never print.
    /// At most `reportLimit` numbers are reported, then one line says the rest are not: a program
    /// that calls random numbers (the fuzzer) must not fill Burrow's memory or the terminal.
    func reportOnce(_ number: UInt64, _ message: @autoclosure () -> String) {
        // The last number seen here first: a loop of one unknown call then hashes nothing (it is
        // in `reported`, or past the limit nothing is reported any more).
        if number == lastReported { return }
        lastReported = number
        guard reported.count <= Self.reportLimit, !reported.contains(number) else { return }
        reported.insert(number)
        if reported.count > Self.reportLimit {
            Diagnostics.error("\(programName): more than \(Self.reportLimit) unknown or unimplemented ToyOS system calls; no more are reported")
        } else {
            Diagnostics.error("\(programName): \(message()); reported once")
        }
    }

    static let reportLimit = 1000

    /// See GuestMemory.kernelReadable: for host system calls only. (Inlined: read and write's
    /// fast path; otherwise the optimizer merges the two into one out-of-line function.)
    @inline(__always)
    func kernelReadable(_ addr: UInt64, _ length: Int) throws(GuestErrno) -> UnsafeRawBufferPointer {
        do { return try memory.kernelReadable(addr, length) } catch { throw .EFAULT }
    }

    /// See GuestMemory.kernelWritable: for host system calls only.
    @inline(__always)
    func kernelWritable(_ addr: UInt64, _ length: Int) throws(GuestErrno) -> UnsafeMutableRawBufferPointer {
        do { return try memory.kernelWritable(addr, length) } catch { throw .EFAULT }
    }

    func copyIn(_ addr: UInt64, count: Int) throws(GuestErrno) -> [UInt8] {
        do { return try memory.copyIn(addr, count: count) } catch { throw .EFAULT }
    }

    func copyOut(_ bytes: [UInt8], to addr: UInt64) throws(GuestErrno) {
        do { try memory.copyOut(bytes, to: addr) } catch { throw .EFAULT }
    }

    func load<T: FixedWidthInteger>(_ t: T.Type, _ addr: UInt64) throws(GuestErrno) -> T {
        do { return try memory.load(t, at: addr) } catch { throw .EFAULT }
    }

    func store<T: FixedWidthInteger>(_ v: T, _ addr: UInt64) throws(GuestErrno) {
        do { try memory.store(v, at: addr) } catch { throw .EFAULT }
    }

    /// A guest path: at most PATH_MAX - 1 bytes, else ENAMETOOLONG; empty is ENOENT. Read into one
    /// of two buffers of this personality, taken in turn (a call takes at most two paths), so the
    /// path is valid until the second-next path() (the call's end): no allocation per path.
    func path(_ addr: UInt64) throws(GuestErrno) -> PathBytes {
        let buffer = pathBuffers + nextPathBuffer * (Self.maxPathLength + 1)
        nextPathBuffer ^= 1
        let n: Int?
        do { n = try memory.readCString(addr, max: Self.maxPathLength, into: buffer) } catch { throw .EFAULT }
        guard let n else { throw .ENAMETOOLONG }
        if n == 0 { throw .ENOENT }
        return PathBytes(base: buffer, count: n)
    }

    /// The guest /proc/self view a path names, if any (ProcView.swift); most paths are ruled out by
    /// one scan, without a copy.
    func procNode(_ path: PathBytes) -> ProcSelf.Node? {
        paths.mayNameProc(path) ? procNode(path.array) : nil
    }
}

/// Sees every system call (the tracer implements it).
public protocol SyscallObserver: AnyObject {
    /// A call is about to run; `fast`: it came through a patched stub (the fast path).
    func willCall(number: UInt64, args: SyscallArgs, fast: Bool)
    /// Whether the fast lane may make calls that this observer then hears of through
    /// `willCallFromLane` and `didCall`, both after the host call (asked after each call: the
    /// answer may change). False unless the observer says so.
    var takesLaneCalls: Bool { get }
    /// Instead of willCall for a call the fast lane made (a fast call, always): told after its
    /// host call, with the time-stamp counter (burrow_rdtsc) read when the lane decided it.
    func willCallFromLane(number: UInt64, args: SyscallArgs, ticks: UInt64)
    /// A value the quick lane made, told once: willCallFromLane and didCall in one, then whether
    /// the observer still takes lane calls (takesLaneCalls). One call where a traced lane call
    /// made three through the existential.
    func laneCall(number: UInt64, args: SyscallArgs, ticks: UInt64, result: UInt64) -> Bool
    func didCall(number: UInt64, args: SyscallArgs, result: UInt64, error: GuestErrno?)
    /// The trace's C renderer, to which the personality hands the calls it can write whole
    /// (burrow_trace_direct_begin and _end) instead of willCall and didCall; nil (the default):
    /// none. Read once, when the observer is set.
    var traceRenderer: UnsafeMutablePointer<burrow_lane_trace>? { get }
    /// Instead of didCall for a call a signal interrupted that carries on if no handler runs (or,
    /// as `restart` says, the handler has SA_RESTART): not yet an EINTR the guest sees (strace's
    /// ERESTARTSYS, ERESTARTNOHAND or ERESTART_RESTARTBLOCK).
    func didInterrupt(number: UInt64, args: SyscallArgs, restart: InterruptedCallRestart)
    /// Instead of didCall when `--inject` chose the result and the call did not run.
    func didInject(number: UInt64, args: SyscallArgs, result: UInt64, error: GuestErrno?)
    /// An event of the machine (docs/abi.md 7): kind "privileged" (hlt, cli, sti), "port" (in, out),
    /// "hypercall" or "irq"; `text` as the trace shows it (`outb(0x3f8, 0x41)`), `key` what
    /// `--summary` counts it under (`outb 0x3f8`).
    func machine(kind: String, text: String, key: String, rip: UInt64)
    /// A signal is delivered to the guest, ends it, or stops it (fault != nil for a fault); `info`:
    /// its siginfo as a handler sees it (nil where the personality has none: xv6).
    func signal(_ hostSignal: Int32, fault: GuestFault?, info: ToySignalInfo?)
    /// Whether the observer shows the signals whose default action Burrow otherwise leaves to the
    /// kernel: stops (`stopped`), SIGCONT, and the ones the default ignores (SIGCHLD, SIGWINCH,
    /// SIGURG). Burrow then catches them while their action is the default. False unless the
    /// observer says so.
    var seesDefaultActions: Bool { get }
    /// The guest stops now, by this signal's default action (after `signal` told of the signal).
    func stopped(_ hostSignal: Int32)
    /// `coreDumped`: the signal's default action dumps core, which the guest's parent is told
    /// (TOY_EXIT_COREDUMP) though Burrow never writes a core.
    func finish(status: Int32?, signal: Int32?, coreDumped: Bool)
    /// Around fork: write out what is buffered before, take the new pid in the child after.
    func willFork()
    func didFork(inChild: Bool)
    /// exec is about to replace the process: show the call as done and write everything out.
    func willExec(number: UInt64, args: SyscallArgs)
    /// Before finish: how many stub sites the fast path patched (nil: the fast path is off).
    func fastPathSites(_ count: Int?)
    /// Before finish: the raw-syscall guard's state in words (nil: no guard).
    func syscallGuardNote(_ note: String?)
}

extension SyscallObserver {
    public var takesLaneCalls: Bool { false }
    public var traceRenderer: UnsafeMutablePointer<burrow_lane_trace>? { nil }
    public var seesDefaultActions: Bool { false }
    public func stopped(_ hostSignal: Int32) {}
    public func willCallFromLane(number: UInt64, args: SyscallArgs, ticks: UInt64) {
        willCall(number: number, args: args, fast: true)
    }
    public func laneCall(number: UInt64, args: SyscallArgs, ticks: UInt64, result: UInt64) -> Bool {
        willCallFromLane(number: number, args: args, ticks: ticks)
        didCall(number: number, args: args, result: result, error: nil)
        return takesLaneCalls
    }
    public func didInterrupt(number: UInt64, args: SyscallArgs, restart: InterruptedCallRestart) {
        didCall(number: number, args: args, result: UInt64(GuestErrno.EINTR.value), error: .EINTR)
    }
    public func didInject(number: UInt64, args: SyscallArgs, result: UInt64, error: GuestErrno?) {
        didCall(number: number, args: args, result: result, error: error)
    }
    public func machine(kind: String, text: String, key: String, rip: UInt64) {}
    public func willFork() {}
    public func didFork(inChild: Bool) {}
    public func willExec(number: UInt64, args: SyscallArgs) {}
    public func fastPathSites(_ count: Int?) {}
    public func syscallGuardNote(_ note: String?) {}
}
