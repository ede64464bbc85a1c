// The tracer: receives each system call twice (before and after), decodes its arguments by the
// table's ArgKinds at the right moment (in-arguments before the call may change memory, out-arguments
// after), and renders one event per call in the chosen format into a writer (TraceWriter.swift).
// One tracer per process: after a fork the child's tracer takes its own pid, and its own file when
// the file name has %p; after an exec the new Burrow continues the same file (docs/tracing.md,
// "Process trees"). The quick lane's calls it may leave to its C renderer (burrow_tracelane.h),
// which writes the same bytes without Swift where the configuration is the default one.
import BurrowABI
import CBurrowRuntime
import Glibc

/// A crash as the tracer shows it.
public struct TraceFault: Sendable {
    public var address: UInt64
    public var rip: UInt64
    public var detail: String?
    public init(address: UInt64, rip: UInt64, detail: String? = nil) {
        self.address = address
        self.rip = rip
        self.detail = detail
    }
}

/// A signal's siginfo as the trace shows it (strace's `{si_signo=SIGUSR1, si_code=SI_USER,
/// si_pid=42}`): the code by name, the sender (SI_USER) or the child (a SIGCHLD's CLD_*) and its
/// status, the address (a fault).
public struct TraceSignalInfo: Sendable {
    public var code: String
    public var pid: Int32?
    public var addr: UInt64?
    /// A SIGCHLD's si_status: the child's exit status in decimal, or the signal's name.
    public var status: String?
    public init(code: String, pid: Int32? = nil, addr: UInt64? = nil, status: String? = nil) {
        self.code = code
        self.pid = pid
        self.addr = addr
        self.status = status
    }
}

public final class Tracer {
    public let options: TraceOptions
    public let table: TraceTable
    let decoder: ArgDecoder
    public let writer: TraceWriter?
    /// `writer` and its buffer for the per-event path, reached without a retain and release per
    /// event. SAFETY: `writer` (a constant) keeps both alive as long as this tracer.
    let eventWriter: Unmanaged<TraceWriter>?
    let eventBuffer: Unmanaged<ByteBuffer>?
    @exclusivity(unchecked) public private(set) var summary: TraceSummary?
    let memory: TraceMemory?
    @exclusivity(unchecked) public private(set) var pid: Int32
    @exclusivity(unchecked) public private(set) var tid: Int32
    let programName: String
    // Per-event state is touched on every call by this one thread only (Burrow runs one guest
    // thread per process and never re-enters the tracer): dynamic exclusivity checks would cost
    // more than the rest of an event.
    @exclusivity(unchecked) var clock = WallClock()
    /// CLOCK_MONOTONIC as each event reads it, twice (Clock.swift: through the TSC where it can).
    let eventClock = EventClock()
    /// Tests pin time: every reading returns this monotonic value.
    @exclusivity(unchecked) var fixedMonotonic: UInt64? { didSet { updateLaneRenderer() } }

    /// True while the tracer builds or writes an event: an emergency flush from the trap handler
    /// (a fault in Burrow's own code) must not write a half-built buffer.
    @exclusivity(unchecked) public private(set) var busy = false

    /// Before a fork. `childSharesOutput`: the child will write the same file or stream (no %p),
    /// so both switch to O_APPEND writes of whole events (TraceWriter.becomeShared).
    public func willFork(childSharesOutput: Bool) {
        busy = true
        defer { busy = false }
        guard let writer else { return }
        if childSharesOutput { writer.becomeShared() } else { writer.commit() }
    }

    /// In a forked child: its own pid on every line from now on, its own summary (the parent's
    /// calls stay the parent's), and its own file when `newFD` is given (a %p file name). In a
    /// Chrome trace the child names its track.
    public func didForkInChild(pid: Int32, tid: Int32, newFD: Int32?) {
        busy = true
        defer { busy = false }
        self.pid = pid
        self.tid = tid
        renderIDs()
        if summary != nil { summary = TraceSummary() }
        forkReturnInChild = true   // (the renderer's off until the fork call's return: didCall's)
        guard let writer else { return }
        if let newFD { writer.switchInChild(to: newFD) }
        if options.format == .chrome {
            chromeHeader(first: newFD != nil)
            writer.eventDone()
        }
    }

    /// Before exec replaces the process: the exec call shown as done, everything committed and the
    /// file cut to its length. Returns the trace file's descriptor (nil: no file), which the next
    /// Burrow continues from.
    public func willExec(number: UInt64) -> Int32? {
        didCall(number: number, result: 0, errno: nil)
        busy = true
        defer { busy = false }
        guard let writer else { return nil }
        let fd = writer.prepareExec()
        return writer.isFile ? fd : nil
    }

    /// A fresh summary: the calls so far were handed to the tree's summary (before exec).
    public func resetSummary() {
        if summary != nil { summary = TraceSummary() }
    }

    /// Best effort from signal context after an internal error: cuts a mapped trace file to its
    /// length (every committed event is already in it), unless the tracer was interrupted in the
    /// middle of an event.
    public func emergencyFlush() {
        if busy || laneRenderer.pointee.busy != 0 { return }
        writer?.emergencyFinish()
    }

    // The call in flight.
    @exclusivity(unchecked) var active = false
    /// The call's row (nil: a number not in the table). SAFETY: owned by `table`, which this
    /// tracer holds; plain pointers, so an event retains and releases nothing for it.
    @exclusivity(unchecked) var info: UnsafeMutablePointer<RawCallInfo>?
    @exclusivity(unchecked) var number: UInt64 = 0
    @exclusivity(unchecked) var args: RawArgs = (0, 0, 0, 0, 0, 0)
    @exclusivity(unchecked) var start: UInt64 = 0
    @exclusivity(unchecked) var injected = false
    /// The call in flight was interrupted and carries on if no handler runs (didCall's restart).
    @exclusivity(unchecked) var restart: InterruptedCallRestart?
    /// The call in flight was made by the fast lane (willCall after it, with startTicks).
    @exclusivity(unchecked) var laneCall = false
    /// --trace-stack: the guest's frames at the call in flight (TraceStack.swift).
    @exclusivity(unchecked) var stackFrames: [(UInt64, String?)] = []
    /// The call came through a patched stub (the fast path) rather than the `int 0x81` trap.
    @exclusivity(unchecked) public var fastCall = false
    /// Sets fastCall for the call about to be reported. A method, not the property's setter from
    /// another module: inlined there, the setter's access was checked on every event.
    public func callPath(fast: Bool) { fastCall = fast }
    /// Decoded argument texts, and where each lies in it (argument i: [ranges[2i], ranges[2i+1])).
    /// For the JSON formats they are already escaped as JSON string contents (ArgDecoder.json).
    let text = ByteBuffer(capacity: 8192)
    let ranges = UnsafeMutablePointer<Int>.allocate(capacity: 14)   // 6 args + the "after" text
    /// renderIDs()'s fragments.
    let textPID = ByteBuffer(capacity: 32)
    let jsonIDs = ByteBuffer(capacity: 48)
    var finished = false

    /// The filter as a flat table (no array access, no retain on the per-event path).
    let tracedNumbers: UnsafeMutablePointer<Bool>
    let tracedCount: UInt64

    /// In a forked child until its fork call returns.
    @exclusivity(unchecked) var forkReturnInChild = false { didSet { updateLaneRenderer() } }
    /// The fork call's number: its Chrome event carries the flow that links parent and child.
    public let forkNumber: UInt64?

    /// `continuing`: this process continues a trace an earlier Burrow began (after a guest's exec):
    /// a Chrome trace gets no new `[`, only this program's track names and an "exec" mark.
    public init(options: TraceOptions, writer: TraceWriter?, summary: Bool, memory: TraceMemory?,
                programName: String, pid: Int32 = getpid(), tid: Int32? = nil, table: TraceTable = .toyOS,
                continuing: Bool = false) {
        self.options = options
        self.table = table
        self.decoder = ArgDecoder(table: table, stringLimit: options.stringLimit, json: options.format != .text)
        self.writer = writer
        eventWriter = writer.map { Unmanaged.passUnretained($0) }
        eventBuffer = writer.map { Unmanaged.passUnretained($0.buffer) }
        self.summary = summary ? TraceSummary() : nil
        self.memory = memory
        self.programName = programName
        self.pid = pid
        self.tid = tid ?? pid
        ranges.initialize(repeating: 0, count: 14)
        let traced = options.filter.traced
        tracedNumbers = .allocate(capacity: max(1, traced.count))
        for (i, t) in traced.enumerated() { tracedNumbers[i] = t }
        tracedCount = UInt64(traced.count)
        forkNumber = table.rows.first { $0.name == "fork" }?.number
        onePassLanes = writer != nil && options.format != .chrome && options.status == .all
        laneRenderer = burrow_lane_trace_new()
        renderIDs()
        fillLaneRenderer()
        if let writer, options.format == .chrome {
            chromeHeader(first: !continuing)
            if continuing {
                chromeInstant(writer.buffer, name: "exec", cat: "process", t: clock.epochNs(now())) {
                    $0.append("\"program\":\"")
                    self.jsonString($0, programName)
                    $0.append("\"")
                }
            }
            writer.eventDone()
        } else if let writer, options.format == .jsonl, continuing {
            // Which program the records after an exec come from.
            jsonHead(writer.buffer, "exec", clock.epochNs(now()))
            writer.buffer.append(",\"program\":\"")
            jsonString(writer.buffer, programName)
            writer.buffer.append("\"}\n")
            writer.eventDone()
        }
    }

    deinit {
        burrow_lane_trace_uninstall(laneRenderer)
        memory?.detachLaneView(laneRenderer.pointee.view)
        burrow_lane_trace_free(laneRenderer)
        for p in rendererStorage { p.deallocate() }
        ranges.deallocate()
        tracedNumbers.deallocate()
    }

    @inline(__always) func now() -> UInt64 {
        if let fixedMonotonic { return fixedMonotonic }
        return eventClock.now()
    }

    // MARK: - Events

    /// Whether a call's start can be given as a time-stamp counter reading (willCall's
    /// startTicks): the clock reads the counter and has its rate (after its first millisecond).
    public var timesFromCounter: Bool { fixedMonotonic == nil && eventClock.convertsTicks }

    /// Before the call: decode what the guest hands in. Cheap when the call is filtered out. For a
    /// call the fast lane made, after it (`startTicks`: the counter when the lane took it; only
    /// when timesFromCounter said so).
    public func willCall(number: UInt64, args: RawArgs, startTicks: UInt64? = nil) {
        busy = true
        defer { busy = false }
        staged = false
        guard traces(number) else { active = false; return }
        active = true
        if !stackFrames.isEmpty { stackFrames.removeAll(keepingCapacity: true) }
        self.number = number
        self.args = args
        let info = table.rawInfo(number)
        self.info = info
        if writer != nil {
            // The renderer's call (LaneRenderer.swift): it stages the arguments shown before
            // the call, and writes the event at didCall (it answers 0 for a call it does not
            // take). Swift's texts are cleared only for a call it decodes (adoptStaged clears
            // them when it takes the staged bytes over).
            if info != nil {
                staged = withUnsafeBytes(of: args) {
                    burrow_trace_call_begin(laneRenderer, number, $0.baseAddress!.assumingMemoryBound(to: UInt64.self))
                } != 0
            }
            if !staged {
                clearTexts()
                if let info {
                    let n = info.pointee.argCount, rawArgs = info.pointee.args
                    var i = 0
                    while i < n {
                        let a = rawArgs[i]
                        if !a.deferred {
                            ranges[2 * i] = text.count
                            if let set = a.set {
                                set._withUnsafeGuaranteedRef {
                                    decoder.appendBefore(a.kind, set: $0, index: i, args: args, memory: memory, into: text)
                                }
                            } else {
                                decoder.appendBefore(a.kind, set: nil, index: i, args: args, memory: memory, into: text)
                            }
                            ranges[2 * i + 1] = text.count
                            // Nothing rendered: an argument its command does not take (fcntl's
                            // F_GETFL), left out of the event (-1).
                            if text.count == ranges[2 * i], case .byCommand = a.kind { ranges[2 * i] = -1; ranges[2 * i + 1] = -1 }
                        }
                        i += 1
                    }
                } else if options.format == .chrome {
                    // An unknown call: its six registers in hex, for the Chrome event's arguments.
                    // (Text and JSON Lines put them straight into the line from `args`: nothing
                    // to read from guest memory, so nothing to keep from before the call.)
                    for i in 0..<6 {
                        ranges[2 * i] = text.count
                        text.appendHex(arg(args, i))
                        ranges[2 * i + 1] = text.count
                    }
                }
            }
        }
        laneCall = startTicks != nil
        if let startTicks { start = eventClock.at(ticks: startTicks) } else { start = now() }
    }

    /// Whether the filter shows call `number` (the flat table for the table's numbers).
    @inline(__always) func traces(_ number: UInt64) -> Bool {
        number < tracedCount ? tracedNumbers[Int(number)] : options.filter.includes(number)
    }

    /// No argument texts yet: every range empty.
    @inline(__always) func clearTexts() {
        text.removeAll()
        for i in 0..<7 { ranges[2 * i] = 0; ranges[2 * i + 1] = 0 }
    }

    /// A call the fast lane made, with its value: willCall and didCall in one (its start from the
    /// lane's counter reading).
    public func laneEvent(number: UInt64, args: RawArgs, startTicks: UInt64, result: UInt64) {
        fastCall = true
        if onePassLanes, number < tracedCount, tracedNumbers[Int(number)], !forkReturnInChild,
           let info = table.rawInfo(number), info.pointee.onePass {
            laneLine(info, number: number, args: args, startTicks: startTicks, result: result)
            return
        }
        willCall(number: number, args: args, startTicks: startTicks)
        didCall(number: number, result: result, errno: nil)
    }

    /// Lane calls in one pass (laneLine), where the format and filter allow: a text or JSON Lines
    /// trace to a writer, every result shown. Tests turn it off to compare with the two-call path.
    @exclusivity(unchecked) var onePassLanes: Bool { didSet { updateLaneRenderer() } }

    /// Whether the personality may hand calls to the renderer whole, before and after them
    /// (burrow_trace_direct_begin; SyscallObserver.traceRenderer), where the renderer is on:
    /// false when the observer adds to willCall (TraceObserver: --trace-stack's frames). Tests
    /// turn it off to compare with the observer's path.
    @exclusivity(unchecked) public var directCalls = true { didSet { updateLaneRenderer() } }

    /// The quick lane's C renderer (burrow_tracelane.h, LaneRenderer.swift): this tracer's rows,
    /// fragments and clock, with which it writes lane calls itself while `on`. SAFETY: allocated
    /// in init, freed in deinit.
    public let laneRenderer: UnsafeMutablePointer<burrow_lane_trace>
    /// The table's ENOSYS (0: it has none, and the renderer takes no unknown call).
    @exclusivity(unchecked) var unknownCallErrno: UInt32 = 0
    /// The current call's arguments were staged by the renderer (willCall), not decoded here.
    @exclusivity(unchecked) var staged = false
    /// The C sets, names and error tables the renderer's recipes point into (freed in deinit).
    var rendererStorage: [UnsafeMutableRawPointer] = []

    /// A lane call's line or record written straight into the event buffer, each argument in its
    /// turn: the call is over when the lane reports it, so what willCall would decode before it
    /// and didCall after it read the same memory, and the line needs no argument texts kept aside
    /// and copied (willCall's `text`), no second walk of the row, and one event instead of two.
    /// Only rows whose every argument is shown in its place (RawCallInfo.onePass); the rest as
    /// renderText and renderJSONL write it. The same bytes (LaneLineTests).
    private func laneLine(_ info: UnsafeMutablePointer<RawCallInfo>, number: UInt64, args: RawArgs, startTicks: UInt64, result: UInt64) {
        busy = true
        defer { busy = false }
        // The call's state as willCall and didCall leave it (putName and appendResult read it).
        if !stackFrames.isEmpty { stackFrames.removeAll(keepingCapacity: true) }
        active = false
        self.number = number
        self.args = args
        self.info = info
        injected = false
        restart = nil
        ranges[12] = 0   // (no in-out structure's output after the result: not a one-pass row)
        ranges[13] = 0
        laneCall = true
        start = eventClock.at(ticks: startTicks)
        let duration = now() &- start
        if summary != nil {
            summary!.record(number: number, durationNs: duration, failed: false)
            summary!.fastCalls += 1
            summary!.laneCalls += 1
        }
        eventWriter.unsafelyUnwrapped._withUnsafeGuaranteedRef { w in
            eventBuffer.unsafelyUnwrapped._withUnsafeGuaranteedRef { b in
                if options.format == .text { laneText(b, info, args, result, duration) } else { laneJSONL(b, info, args, result, duration) }
            }
            w.eventDone()
        }
    }

    /// An argument of a one-pass row, decoded into `b` (as text, or escaped as JSON contents).
    @inline(__always) private func laneArgument(_ b: ByteBuffer, _ a: RawArg, _ i: Int, _ args: RawArgs, _ result: UInt64) {
        if a.deferred {
            decoder.appendAfter(a.kind, index: i, args: args, result: result, memory: memory, into: b)
        } else if let set = a.set {
            set._withUnsafeGuaranteedRef {
                decoder.appendBefore(a.kind, set: $0, index: i, args: args, memory: memory, into: b)
            }
        } else {
            decoder.appendBefore(a.kind, set: nil, index: i, args: args, memory: memory, into: b)
        }
    }

    /// renderText's line of a one-pass lane call.
    private func laneText(_ b: ByteBuffer, _ info: UnsafeMutablePointer<RawCallInfo>, _ args: RawArgs, _ result: UInt64, _ duration: UInt64) {
        b.reserve(textPID.count + 16 + nameRoom + 1)
        b.count = putLineHead(b.base + b.count) - b.base
        let n = info.pointee.argCount, rawArgs = info.pointee.args
        var i = 0
        while i < n {
            if i > 0 { b.append(", ") }
            laneArgument(b, rawArgs[i], i, args, result)
            i += 1
        }
        appendLineEnd(b, result: result, errno: nil, duration: duration)
    }

    /// renderJSONL's record of a one-pass lane call, each argument decoded in its place.
    private func laneJSONL(_ b: ByteBuffer, _ info: UnsafeMutablePointer<RawCallInfo>, _ args: RawArgs, _ result: UInt64, _ duration: UInt64) {
        b.reserve(23 + 20 + jsonIDs.count + info.pointee.jsonFragments + 30)
        b.count = putJSONHead(b.base + b.count) - b.base
        let n = info.pointee.argCount, rawArgs = info.pointee.args
        var i = 0
        while i < n {
            let a = rawArgs[i]
            b.reserve(1 + a.jsonHead.count)
            var o = b.base + b.count
            if i > 0 { o = Put.byte(UInt8(ascii: ","), o) }
            b.count = Put.bytes(a.jsonHead.base, a.jsonHead.count, o) - b.base   // {"name":"NAME","value":"
            laneArgument(b, a, i, args, result)                                  // (escaped: decoder.json)
            b.reserve(9 + 18 + 2)
            b.count = Put.text("\"}", Put.hex(arg(args, i), Put.text("\",\"raw\":\"", b.base + b.count))) - b.base
            i += 1
        }
        // appendJSONEnd's output for a success that was not injected, has no in-out output and no
        // stack (a lane call's), written directly: the general end measured ~70 instructions more
        // an event. LaneLineTests holds the two to the same bytes.
        b.reserve(8 + 20 + 13 + 15 + 20 + 2)
        var o = Put.text("],\"ret\":", b.base + b.count)
        o = info.pointee.returns == .noReturn ? Put.text("null", o) : Put.decimal(signed: Int64(bitPattern: result), o)
        o = Put.decimal(duration, Put.text(",\"errno\":null,\"duration_ns\":", o))
        b.count = Put.text("}\n", o) - b.base
    }

    /// After the call: `result` is the value, or the guest errno value when `errno` is set;
    /// `injected`: --inject chose the result and the call did not run (marked in every format).
    /// `restart`: the call was interrupted (errno EINTR) and carries on if no handler runs (or one
    /// with SA_RESTART, as the rule says): shown as strace shows the same Linux call, `= ?
    /// ERESTARTSYS (To be restarted if SA_RESTART is set)`, `ERESTARTNOHAND`, `ERESTART_RESTARTBLOCK`;
    /// the guest sees EINTR only after a handler the rule does not restart.
    public func didCall(number: UInt64, result: UInt64, errno: UInt32?, injected: Bool = false, restart: InterruptedCallRestart? = nil) {
        busy = true
        defer { busy = false }
        if laneRenderer.pointee.pending != 0 { adoptDirect() }
        self.restart = restart
        let end = now()
        // The child's return from the fork that made it is traced but counted once, in the parent.
        let counted = !forkReturnInChild
        if !counted { forkReturnInChild = false }
        guard active else { return }
        active = false
        self.injected = injected
        let duration = end &- start
        if counted { summary?.record(number: number, durationNs: duration, failed: errno != nil) }
        if counted && fastCall { summary?.fastCalls += 1 }
        if counted && laneCall { summary?.laneCalls += 1 }
        guard let eventWriter else { return }
        switch options.status {
        case .all: break
        case .failedOnly: if errno == nil { return }
        case .successfulOnly: if errno != nil { return }
        }
        if staged {
            // The renderer's call: its event, unless something only Swift shows is in it (then
            // Swift takes the arguments the renderer staged, and goes on as for any call).
            staged = false
            if laneRenderer.pointee.on != 0, !injected, restart == nil, stackFrames.isEmpty {
                // (Committed by the renderer: n > 0.)
                if burrow_trace_call_end(laneRenderer, start, end, result, errno.map { Int64($0) } ?? -1, fastCall ? 1 : 0) > 0 { return }
            }
            adoptStaged()
        }
        // An unknown call's ENOSYS: the lane's C renderer writes it where it is on (the same
        // bytes as renderText's and renderJSONL's, LaneTraceTests).
        if info == nil, let errno, errno == unknownCallErrno, !injected, restart == nil, stackFrames.isEmpty {
            let n = withUnsafeBytes(of: args) {
                burrow_lane_trace_render_unknown(laneRenderer, number, $0.baseAddress!.assumingMemoryBound(to: UInt64.self), start, end, fastCall ? 1 : 0)
            }
            if n > 0 { return }   // (committed by the renderer)
        }
        if let info, info.pointee.hasOutArgs {
            for i in 0..<info.pointee.argCount {
                let a = info.pointee.args[i]
                switch a.kind {
                case .bufferOut, .pathOut, .structOut, .recordsOut, .bufferIn(length: .returnValue), .structOutOnEINTR:
                    // Filled by a success; nanosleep's time left only by an EINTR (an injected one
                    // did not run the call); a wait status only when a child was reaped (WNOHANG's
                    // 0 reaped none, and strace shows the address then). Otherwise the address.
                    let filled: Bool
                    switch a.kind {
                    case .structOutOnEINTR: filled = errno == GuestErrno.EINTR.value && !injected
                    case .structOut(.waitStatus): filled = errno == nil && result != 0
                    default: filled = errno == nil
                    }
                    ranges[2 * i] = text.count
                    if filled {
                        decoder.appendAfter(a.kind, index: i, args: args, result: result, memory: memory, into: text)
                    } else {
                        let v = arg(args, i)
                        if v == 0 { text.append("NULL") } else { text.appendHex(v) }
                    }
                    ranges[2 * i + 1] = text.count
                case .structInOut:
                    if errno == nil {
                        ranges[12] = text.count
                        decoder.appendAfter(a.kind, index: i, args: args, result: result, memory: memory, into: text)
                        ranges[13] = text.count
                    }
                default: break
                }
            }
        }
        eventWriter._withUnsafeGuaranteedRef { w in
            eventBuffer!._withUnsafeGuaranteedRef { b in
                switch options.format {
                case .text: renderText(b, result: result, errno: errno, duration: duration)
                case .jsonl: renderJSONL(b, result: result, errno: errno, duration: duration)
                case .chrome: renderChrome(b, result: result, errno: errno, duration: duration)
                }
            }
            w.eventDone()
        }
    }

    /// A machine event (MachineEvents.swift): hlt, outb(0x3f8, 0x41), a hypercall, an interrupt.
    public func machine(kind: String, text: String, key: String, rip: UInt64) {
        busy = true
        defer { busy = false }
        summary?.recordMachine(key)
        guard let writer else { return }
        let b = writer.buffer
        let t = clock.epochNs(now())
        switch options.format {
        case .text:
            textPrefix(b, t)
            b.append(string: text)
            b.append(UInt8(ascii: "\n"))
        case .jsonl:
            jsonHead(b, "machine", t)
            b.append(UInt8(ascii: ","))
            machineFields(b, kind, text, rip)
            b.append("}\n")
        case .chrome:
            chromeInstant(b, name: text, cat: "machine", t: t) { self.machineFields($0, kind, text, rip) }
        }
        writer.eventDone()
    }

    /// A signal that ends the guest: a crash (fault given) or a host signal such as SIGTERM.
    public func signal(name: String, fault: TraceFault?, info: TraceSignalInfo? = nil) { signalEvent(name, fault, info, stop: false) }

    /// The guest stops by a signal's default action (strace's `--- stopped by SIGTSTP ---`; JSON
    /// `"type":"stopped"`), after the signal's own event.
    public func stopped(name: String) { signalEvent(name, nil, nil, stop: true) }

    private func signalEvent(_ name: String, _ fault: TraceFault?, _ info: TraceSignalInfo?, stop: Bool) {
        guard options.signals else { return }
        busy = true
        defer { busy = false }
        guard let writer else { return }
        let b = writer.buffer
        let t = clock.epochNs(now())
        switch options.format {
        case .text:
            textPrefix(b, t)
            if stop { b.append("--- stopped by ") } else { b.append("--- ") }
            b.append(string: name)
            // strace's siginfo, then a fault's own details: where it happened, and what when the
            // signal alone does not say it.
            if info != nil || fault != nil {
                b.append(" {")
                var sep = false
                if let info {
                    b.append("si_signo=")
                    b.append(string: name)
                    siginfoFields(b, info, json: false)
                    sep = true
                }
                if let fault {
                    if sep { b.append(", ") }
                    if info == nil {
                        b.append("addr=")
                        b.appendHex(fault.address)
                        b.append(", ")
                    }
                    b.append("rip=")
                    b.appendHex(fault.rip)
                    if let d = fault.detail {
                        b.append(", detail=")
                        var s = d
                        s.withUTF8 { b.appendQuoted(UnsafeRawBufferPointer($0), truncated: false) }
                    }
                }
                b.append(UInt8(ascii: "}"))
            }
            b.append(" ---\n")
        case .jsonl:
            if stop { jsonHead(b, "stopped", t) } else { jsonHead(b, "signal", t) }
            b.append(UInt8(ascii: ","))
            signalFields(b, name, fault, info)
            b.append("}\n")
        case .chrome:
            chromeInstant(b, name: stop ? "stopped by " + name : name, cat: "signal", t: t) { self.signalFields($0, name, fault, info) }
        }
        writer.eventDone()
    }

    /// The JSON fields of a signal event, shared by JSON Lines and Chrome.
    private func signalFields(_ b: ByteBuffer, _ name: String, _ fault: TraceFault?, _ info: TraceSignalInfo?) {
        b.append("\"signal\":\"")
        b.append(string: name)
        b.append("\"")
        // strace's names: "pid" is the process's own, in every record.
        if let info { siginfoFields(b, info, json: true) }
        if let fault { faultJSON(b, fault) }
    }

    /// The siginfo's fields from si_code on, in strace's order: as text (`, si_pid=42`, si_addr 0
    /// as `NULL`) or as JSON members (`,"si_pid":42`; strings quoted), one list for both.
    private func siginfoFields(_ b: ByteBuffer, _ info: TraceSignalInfo, json: Bool) {
        func field(_ key: String, quoted: Bool, _ value: () -> Void) {
            b.append(string: json ? ",\"" + key + "\":" : ", " + key + "=")
            if json && quoted { b.append(UInt8(ascii: "\"")) }
            value()
            if json && quoted { b.append(UInt8(ascii: "\"")) }
        }
        field("si_code", quoted: true) { b.append(string: info.code) }
        if let pid = info.pid { field("si_pid", quoted: false) { b.appendDecimal(signed: Int64(pid)) } }
        if let status = info.status { field("si_status", quoted: true) { b.append(string: status) } }
        if let addr = info.addr { field("si_addr", quoted: true) { if addr == 0 && !json { b.append("NULL") } else { b.appendHex(addr) } } }
    }

    /// The guest's end: exit status or the signal that killed it. Writes the final line, closes the
    /// Chrome array when no other process may still append to it, and prints the summary to
    /// `summaryFD`. `lastOfTree`, for an output the tree shares: called once this process's last
    /// event is in the output; true when every other process of the tree has ended (the array is
    /// then closed here).
    /// `coreDumped`: shown as strace shows it, `(core dumped)` (JSON: `"core_dumped":true`).
    public func finish(status: Int32?, signalName: String?, coreDumped: Bool = false, summaryFD: Int32, lastOfTree: (() -> Bool)? = nil) {
        busy = true
        defer { busy = false }
        if finished { return }
        finished = true
        if let writer {
            let b = writer.buffer
            let t = clock.epochNs(now())
            switch options.format {
            case .text:
                textPrefix(b, t)
                if let status {
                    b.append("+++ exited with ")
                    b.appendDecimal(signed: Int64(status))
                } else {
                    b.append("+++ killed by ")
                    b.append(string: signalName ?? "signal")
                    if coreDumped { b.append(" (core dumped)") }
                }
                b.append(" +++\n")
            case .jsonl:
                if let status {
                    jsonHead(b, "exit", t)
                    b.append(",\"status\":")
                    b.appendDecimal(signed: Int64(status))
                } else {
                    jsonHead(b, "killed", t)
                    b.append(",\"signal\":\"")
                    b.append(string: signalName ?? "signal")
                    b.append("\"")
                    if coreDumped { b.append(",\"core_dumped\":true") }
                }
                b.append("}\n")
            case .chrome:
                chromeInstant(b, name: status != nil ? "exit" : "killed", cat: "process", t: t) {
                    if let status {
                        $0.append("\"status\":")
                        $0.appendDecimal(signed: Int64(status))
                    } else {
                        $0.append("\"signal\":\"")
                        $0.append(string: signalName ?? "signal")
                        $0.append("\"")
                        if coreDumped { $0.append(",\"core_dumped\":true") }
                    }
                }
                // The array's end, when no other process may still append to this file.
                if writer.shared {
                    writer.commit()
                    if lastOfTree?() == true { b.append("]\n") }
                } else {
                    b.append("]\n")
                }
            }
            writer.finish()
        }
        if let summary {
            var s = summary.render(table: table)
            s.withUTF8 { p in
                var off = 0
                while off < p.count {
                    let n = write(summaryFD, p.baseAddress! + off, p.count - off)
                    if n <= 0 { if n < 0 && Glibc.errno == EINTR { continue }; break }
                    off += n
                }
            }
        }
    }

    // MARK: - Text

    func textPrefix(_ b: ByteBuffer, _ epochNs: UInt64) {
        b.reserve(textPID.count + 16)
        b.count = putTextPrefix(epochNs, b.base + b.count) - b.base
    }

    /// `[pid N] HH:MM:SS.uuuuuu `: textPID's bytes and 16 more.
    @inline(__always) func putTextPrefix(_ epochNs: UInt64, _ o: Put.Position) -> Put.Position {
        let afterPID = Put.bytes(textPID.base, textPID.count, o)
        return Put.byte(UInt8(ascii: " "), clock.put(epochNs, afterPID))
    }

    func appendName(_ b: ByteBuffer) {
        b.reserve(nameRoom)
        b.count = putName(b.base + b.count) - b.base
    }

    /// The call's name, or an unknown call's `syscall_0x...`: at most nameRoom bytes.
    @inline(__always) func putName(_ o: Put.Position) -> Put.Position {
        if let info { return Put.bytes(info.pointee.name.base, info.pointee.name.count, o) }
        return Put.hexDigits(number, Put.text(CallNames.unknownNamePrefix, o))
    }

    @inline(__always) var nameRoom: Int { info?.pointee.name.count ?? 26 }

    /// `[pid N] HH:MM:SS.uuuuuu name(args) = result <duration>`. The head and the arguments
    /// written at one position in room reserved for them (Put), the count set once; the end
    /// (whose result's forms vary most) appended (appendLineEnd, shared with laneText).
    func renderText(_ b: ByteBuffer, result: UInt64, errno: UInt32?, duration: UInt64) {
        let n = info?.pointee.argCount ?? 6   // (an unknown call's: its registers, willCall)
        // The prefix, the name, `(`, the arguments and their `, `.
        b.reserve(textPID.count + 16 + nameRoom + 1 + text.count + 2 * n)
        var o = putLineHead(b.base + b.count)
        if info == nil {
            // An unknown call's six registers, each `0x...` (at most 18 bytes, and ", "
            // between them: willCall left `text` empty, so their room is reserved here).
            b.count = o - b.base
            b.reserve(6 * 20)
            o = Put.hex(arg(args, 0), b.base + b.count)
            for i in 1..<6 { o = Put.hex(arg(args, i), Put.text(", ", o)) }
        } else {
            for i in 0..<n where ranges[2 * i] >= 0 {   // (-1: left out)
                if i > 0 { o = Put.text(", ", o) }
                o = Put.bytes(text.base + ranges[2 * i], ranges[2 * i + 1] - ranges[2 * i], o)
            }
        }
        b.count = o - b.base
        appendLineEnd(b, result: result, errno: errno, duration: duration)
    }

    /// `[pid N] HH:MM:SS.uuuuuu name(`: at most textPID.count + 16 + nameRoom + 1 bytes.
    @inline(__always) func putLineHead(_ o: Put.Position) -> Put.Position {
        Put.byte(UInt8(ascii: "("), putName(putTextPrefix(clock.epochNs(start), o)))
    }

    /// A text line's end after its arguments: `) = `, the result, ` (INJECTED)`, ` <`, the
    /// seconds, `.`, six digits, `>\n`, and the stack.
    @inline(__always) func appendLineEnd(_ b: ByteBuffer, result: UInt64, errno: UInt32?, duration: UInt64) {
        b.append(") = ")
        appendResult(b, result: result, errno: errno)
        b.reserve(11 + 2 + 20 + 1 + 6 + 2)
        var o = b.base + b.count
        if injected { o = Put.text(" (INJECTED)", o) }   // strace's mark
        o = Put.decimal(duration / 1_000_000_000, Put.text(" <", o))
        o = Put.sixDigits((duration / 1000) % 1_000_000, Put.byte(UInt8(ascii: "."), o))
        b.count = Put.text(">\n", o) - b.base
        if !stackFrames.isEmpty { appendStackText(b) }
    }

    /// `6`, `0x7f0000`, `?` (no return), `-1 ENOENT (No such file or directory)`, then the output
    /// of in-out structures in parentheses.
    func appendResult(_ b: ByteBuffer, result: UInt64, errno: UInt32?) {
        if let restart {
            b.append("? ")
            b.append(restart.straceName)
            b.append(" (")
            b.append(restart.straceMessage)
            b.append(UInt8(ascii: ")"))
            return
        }
        if let errno {
            b.append("-1")
            if errno != GuestErrno.unnamed.value {   // (a failure without an errno: xv6's -1)
                b.append(UInt8(ascii: " "))
                appendErrno(b, errno, message: true)
            }
            return
        }
        switch info?.pointee.returns {
        case .noReturn: b.append(UInt8(ascii: "?"))
        case .address: b.appendHex(result)
        case .fd: decoder.appendDescriptor(Int64(bitPattern: result), into: b)
        case .byCommand(let id):
            let spec = id.spec
            if result != 0, let flags = spec.resultFlags(command: spec.command(in: args)), let set = table.constantSet(flags) {
                b.appendHex(result)
                b.append(" (flags ")
                b.appendFlags(result, set)
                b.append(UInt8(ascii: ")"))
            } else {
                b.appendDecimal(signed: Int64(bitPattern: result))
            }
        default: b.appendDecimal(signed: Int64(bitPattern: result))
        }
        if ranges[13] > ranges[12] {
            b.append(" (")
            b.append(text, from: ranges[12], to: ranges[13])
            b.append(UInt8(ascii: ")"))
        }
    }

    /// An errno's name: at most table.errnoNameRoom bytes.
    @inline(__always) func putErrnoName(_ errno: UInt32, _ o: Put.Position) -> Put.Position {
        let e = Int(errno)
        if e < table.errnoCount, let n = table.rawErrnoNames[e] { return Put.bytes(n.base, n.count, o) }
        return Put.decimal(UInt64(errno), Put.text("E?", o))
    }

    func appendErrno(_ b: ByteBuffer, _ errno: UInt32, message: Bool) {
        let e = Int(errno)
        if e < table.errnoCount, let n = (message ? table.rawErrnoTexts : table.rawErrnoNames)[e] {
            b.append(n.base, n.count)
        } else {
            b.append("E?")
            b.appendDecimal(UInt64(errno))
        }
    }

    // MARK: - JSON Lines

    func jsonHead(_ b: ByteBuffer, _ type: StaticString, _ epochNs: UInt64) {
        b.append("{\"type\":\"")
        b.append(type)
        b.append("\",\"ts\":")
        clock.appendEpochNs(epochNs, to: b)
        b.append(jsonIDs, from: 0, to: jsonIDs.count)
    }

    /// The fragments that carry the pid and tid, rendered once per process (again after a fork)
    /// rather than formatted on every event: `[pid N] ` and `,"pid":N,"tid":T`.
    func renderIDs() {
        textPID.removeAll()
        textPID.append("[pid ")
        textPID.appendDecimal(signed: Int64(pid))
        textPID.append("] ")
        jsonIDs.removeAll()
        jsonIDs.append(",\"pid\":")
        jsonIDs.appendDecimal(signed: Int64(pid))
        jsonIDs.append(",\"tid\":")
        jsonIDs.appendDecimal(signed: Int64(tid))
        // The lane renderer's copy of its format's fragment (both fit: at most 8 + 11 and 22 + 11).
        let ids = options.format == .text ? textPID : jsonIDs
        withUnsafeMutableBytes(of: &laneRenderer.pointee.ids) { $0.copyMemory(from: UnsafeRawBufferPointer(start: ids.base, count: ids.count)) }
        laneRenderer.pointee.ids_count = UInt32(ids.count)
    }

    func jsonString(_ b: ByteBuffer, _ s: String) {
        var s = s
        s.withUTF8 { if let p = $0.baseAddress { b.appendJSONEscaped(p, $0.count) } }
    }

    func faultJSON(_ b: ByteBuffer, _ fault: TraceFault) {
        b.append(",\"addr\":\"")
        b.appendHex(fault.address)
        b.append("\",\"rip\":\"")
        b.appendHex(fault.rip)
        b.append("\"")
        if let d = fault.detail {
            b.append(",\"detail\":\"")
            jsonString(b, d)
            b.append("\"")
        }
    }

    /// `{"name":"argI","value":"` of an unknown call's argument i (0-5).
    static func unknownArgHead(_ i: Int) -> StaticString {
        switch i {
        case 0: "{\"name\":\"arg0\",\"value\":\""
        case 1: "{\"name\":\"arg1\",\"value\":\""
        case 2: "{\"name\":\"arg2\",\"value\":\""
        case 3: "{\"name\":\"arg3\",\"value\":\""
        case 4: "{\"name\":\"arg4\",\"value\":\""
        default: "{\"name\":\"arg5\",\"value\":\""
        }
    }

    /// One call's record, written at one position in room reserved for it (Put), the count set
    /// once at the end; its head and end shared with laneJSONL (putJSONHead, appendJSONEnd).
    func renderJSONL(_ b: ByteBuffer, result: UInt64, errno: UInt32?, duration: UInt64) {
        let n = info?.pointee.argCount ?? 6
        // The head (`{"type":"syscall","ts":` 23, 20 digits, the ids), the row's fragments (an
        // unknown call's: at most 77, and 6 heads of 26 with their values' hex, 18 each), the
        // path (14), `,"args":[`, each argument's value (text) and its raw value (18) with
        // `","raw":"`, `"}` and `,` (12), `],"ret":` and 20 digits, `,"out":"` and `"`,
        // `,"errno":` and a quoted name, `,"injected":true`, `,"duration_ns":` and 20 digits,
        // `}\n`: less than 256 besides the name.
        b.reserve(23 + 20 + jsonIDs.count + (info?.pointee.jsonFragments ?? 80 + 6 * (26 + 18)) + text.count + n * 30
                  + table.errnoNameRoom + 256)
        var o = putJSONHead(b.base + b.count)
        for i in 0..<n where ranges[2 * i] >= 0 {   // (-1: left out)
            if i > 0 { o = Put.byte(UInt8(ascii: ","), o) }
            if let info {
                let head = info.pointee.args[i].jsonHead   // {"name":"NAME","value":"
                o = Put.bytes(head.base, head.count, o)
                o = Put.bytes(text.base + ranges[2 * i], ranges[2 * i + 1] - ranges[2 * i], o)   // (escaped: decoder.json)
                o = Put.hex(arg(args, i), Put.text("\",\"raw\":\"", o))
            } else {
                // An unknown call's register: its value and its raw value, the same hex twice.
                let value = Put.text(Self.unknownArgHead(i), o)
                o = Put.hex(arg(args, i), value)
                o = Put.bytes(value, value.distance(to: o), Put.text("\",\"raw\":\"", o))
            }
            o = Put.text("\"}", o)
        }
        appendJSONEnd(b, o, result: result, errno: errno, duration: duration)
    }

    /// A record's start: `{"type":"syscall","ts":T` and the ids, the row's `,"number":N,"name":
    /// "NAME","class":[...]` (an unknown call's made here), `,"path":"fast"` or `"trap"`,
    /// `,"args":[`: at most 23 + 20 + jsonIDs.count + the row's jsonRow (an unknown call's 80) + 30
    /// bytes, in room the caller reserved.
    @inline(__always) func putJSONHead(_ o: Put.Position) -> Put.Position {
        var o = Put.text("{\"type\":\"syscall\",\"ts\":", o)
        o = clock.putEpochNs(clock.epochNs(start), o)
        o = Put.bytes(jsonIDs.base, jsonIDs.count, o)
        if let info {
            o = Put.bytes(info.pointee.jsonRow.base, info.pointee.jsonRow.count, o)   // ,"number":N,"name":"NAME","class":[...]
        } else {
            o = Put.decimal(number, Put.text(",\"number\":", o))
            o = Put.text("\",\"class\":[]", putName(Put.text(",\"name\":\"", o)))
        }
        return Put.text(fastCall ? ",\"path\":\"fast\",\"args\":[" : ",\"path\":\"trap\",\"args\":[", o)
    }

    /// A record's end from `o` (after its arguments, in room the caller reserved):
    /// `],"ret":`, the in-out output, `,"errno":`, the injected mark, the stack, `,"duration_ns":`.
    func appendJSONEnd(_ b: ByteBuffer, _ o: Put.Position, result: UInt64, errno: UInt32?, duration: UInt64) {
        var o = Put.text("],\"ret\":", o)
        if restart != nil {
            o = Put.text("null", o)
        } else if errno != nil {
            o = Put.text("-1", o)
        } else if info?.pointee.returns == .noReturn {
            o = Put.text("null", o)
        } else {
            o = Put.decimal(signed: Int64(bitPattern: result), o)
        }
        if ranges[13] > ranges[12] {
            o = Put.text(",\"out\":\"", o)
            o = Put.byte(UInt8(ascii: "\""), Put.bytes(text.base + ranges[12], ranges[13] - ranges[12], o))
        }
        o = Put.text(",\"errno\":", o)
        if let restart {
            o = Put.byte(UInt8(ascii: "\""), Put.text(restart.straceName, Put.byte(UInt8(ascii: "\""), o)))
        } else if let errno, errno != GuestErrno.unnamed.value {   // (without one, xv6's -1: null, the ret says -1)
            o = Put.byte(UInt8(ascii: "\""), putErrnoName(errno, Put.byte(UInt8(ascii: "\""), o)))
        } else {
            o = Put.text("null", o)
        }
        if injected { o = Put.text(",\"injected\":true", o) }
        if !stackFrames.isEmpty {
            b.count = o - b.base
            appendStackJSON(b)
            b.reserve(20 + 20)
            o = b.base + b.count
        }
        o = Put.decimal(duration, Put.text(",\"duration_ns\":", o))
        b.count = Put.text("}\n", o) - b.base
    }
}

extension InterruptedCallRestart {
    /// The kernel's code for the same Linux call, as strace shows it (`= ? ERESTARTSYS (...)`).
    public var straceName: StaticString {
        switch self {
        case .ifSARestart: "ERESTARTSYS"
        case .ifNoHandler: "ERESTARTNOHAND"
        case .untilDeadline: "ERESTART_RESTARTBLOCK"
        }
    }

    /// strace's words for the code.
    public var straceMessage: StaticString {
        switch self {
        case .ifSARestart: "To be restarted if SA_RESTART is set"
        case .ifNoHandler: "To be restarted if no handler"
        case .untilDeadline: "Interrupted by signal"
        }
    }
}
