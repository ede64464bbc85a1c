// `burrow run --trace`: the options, and the adapter between the personality's SyscallObserver and
// BurrowTrace's Tracer. The adapter is the only tracing code that sees GuestMemory: it hands the
// tracer checked, read-only views of guest bytes (TraceMemory); decoding and rendering stay in
// BurrowTrace, which knows nothing of the VMM.
import ArgumentParser
import BurrowABI
import BurrowSyscalls
import BurrowTrace
import BurrowVMM
import CBurrowRuntime
import Glibc

/// The tracing options of `burrow run` (rows of RunOptionTable.swift; TraceArguments in
/// RunCommand.swift is ArgumentParser's view of them).
struct TraceCLIOptions: Equatable {
    var trace = false
    var traceFile: String?
    /// nil: not given (text). Given, it asks for a trace, as a filter does.
    var traceFormat: TraceFormat?
    var format: TraceFormat { traceFormat ?? .text }
    var traceStrlen = 32
    var traceFilter: String?
    var traceFDPaths = false
    var traceStack = false
    var traceFailed = false
    var traceSuccessful = false
    /// No signal or stop lines, and so no signal caught only to show it (seesDefaultActions).
    var traceNoSignals = false
    var summary = false
    var inject: [String] = []

    // The trace an earlier Burrow of the same tree began, continued after a guest's exec
    // (TraceTree.swift); not for users.
    /// The trace file's descriptor, kept open across the exec.
    var traceFD: Int32?
    /// Other processes of the tree write the same file or stream.
    var traceShared = false
    /// The trace is already begun (no new Chrome `[`).
    var traceContinue = false
    /// The tree's summary records (a memfd) and the process that prints the summary.
    var traceSummaryFD: Int32?
    var traceRoot: Int32?
    /// The tree's count of live processes (a memfd page; Chrome traces).
    var traceTreeFD: Int32?

    /// The options again, for the Burrow process that continues after a guest's exec, with the
    /// state of this process's trace (`session`).
    func forwarded(_ session: TraceSession?) -> [String] {
        var a: [String] = []
        if trace { a.append("--trace") }
        if let traceFile { a += ["--trace-file", traceFile] }
        if let traceFormat { a += ["--trace-format", traceFormat.rawValue] }
        a += ["--trace-strlen", String(traceStrlen)]
        if let traceFilter { a.append("--trace-filter=" + traceFilter) }
        if traceFailed { a.append("--trace-failed") }
        if traceFDPaths { a.append("--trace-fd-paths") }
        if traceStack { a.append("--trace-stack") }
        if traceSuccessful { a.append("--trace-successful") }
        if traceNoSignals { a.append("--trace-no-signals") }
        if summary { a.append("--summary") }
        for i in inject { a.append("--inject=" + i) }
        if let session { a += session.forwarded() }
        return a
    }

    /// Like strace, asking for a filter asks for a trace: without --trace-file it goes to stderr.
    /// With --summary the filter only chooses what the table counts (strace -c -e trace=...). So
    /// does asking for a format (it was ignored without --trace: a user's jsonl went nowhere).
    var tracing: Bool {
        trace || traceFile != nil
            || (!summary && (traceFilter != nil || traceFailed || traceSuccessful || traceNoSignals || traceFDPaths || traceStack || traceFormat != nil))
    }

    func validate() throws {
        if traceFile?.isEmpty == true {
            throw ValidationError("--trace-file: an empty file name (give a path; %p in it is the pid)")
        }
        if traceStrlen < 0 {
            throw ValidationError("--trace-strlen \(traceStrlen): must be 0 or more, the bytes of each string or buffer shown (there is no 'unlimited': give a large number; paths are always shown whole)")
        }
    }

    /// The --inject rules, or nil when there are none.
    func makeInjector() throws -> Injector? {
        guard !inject.isEmpty else { return nil }
        var rules: [InjectionRule] = []
        for spec in inject {
            do { rules.append(try InjectionRule(parsing: spec)) } catch {
                throw Run.usage("\(error)")
            }
        }
        return Injector(rules: rules)
    }

    /// The observer for these options, or nil when neither tracing nor a summary was asked for.
    /// `table` is made only when there is an observer to make: an untraced run builds no trace
    /// table at start-up (an eager default argument had built the ToyOS one, ~250 fragments and
    /// its constant sets, on every `burrow run`).
    func makeObserver(memory: GuestMemory, programName: String, table makeTable: @autoclosure () -> TraceTable = .toyOS,
                      personality: ToyOSPersonality? = nil, process: GuestProcess? = nil) throws -> TraceObserver? {
        guard tracing || summary else { return nil }
        let table = makeTable()
        var options = TraceOptions(format: format, stringLimit: traceStrlen)
        if traceFailed && traceSuccessful {
            throw Run.usage("--trace-failed and --trace-successful exclude each other")
        }
        options.status = traceFailed ? .failedOnly : traceSuccessful ? .successfulOnly : .all
        options.signals = !traceNoSignals
        if let traceFilter {
            do { options.filter = try TraceFilter(parsing: traceFilter, table: table) } catch {
                throw Run.usage("\(error)")
            }
        }
        var writer: TraceWriter? = nil
        if let traceFD {
            guard burrow_fcntl_int(traceFD, F_SETFD, FD_CLOEXEC) == 0 else {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --trace-fd \(traceFD): not open")
            }
            writer = TraceWriter.file(fd: traceFD, shared: traceShared, copy: burrow_safe_copy_short)
        } else if let traceFile {
            let path = Self.expand(traceFile, pid: getpid())
            let fd = try Self.openTraceFile(path, truncate: !traceContinue)
            writer = TraceWriter.file(fd: fd, shared: traceShared, copy: burrow_safe_copy_short)
        } else if tracing {
            writer = TraceWriter.stream(fd: Diagnostics.fd, shared: traceShared)
        }
        if let traceFile {
            // (A process of the tree continuing the trace after an exec says it again, once.)
            let name = Self.expand(traceFile, pid: getpid())
            writer?.reportWriteError = { e in
                Diagnostics.error("--trace-file \(name): \(String(cString: strerror(e))) (the trace is incomplete)")
            }
        }
        let tracer = Tracer(options: options, writer: writer, summary: summary,
                            memory: GuestMemoryReader(memory), programName: programName,
                            tid: burrow_gettid(), table: table, continuing: traceContinue)
        crashFlushTracer = tracer
        tracer.installLaneRenderer()
        burrow_set_crash_hook(crashFlush)
        let session = try TraceSession(tracer: tracer, filePattern: traceFile, summaryFD: traceSummaryFD, root: traceRoot,
                                       treeFD: traceTreeFD)
        currentTraceSession = session
        if traceFDPaths, let personality {
            tracer.showDescriptorPaths { [unowned personality] fd in personality.descriptorTarget(fd) }
        }
        let observer = TraceObserver(session)
        if traceStack, let process {
            // A program calls from few places: each return address is symbolized once (a symbol
            // lookup and its string cost more than the walk).
            var names: [UInt64: String?] = [:]
            observer.stack = { [unowned process] in
                process.backtrace(atSyscall: true).enumerated().map { i, a in
                    if let known = names[a] { return (a, known) }
                    let name = process.symbolize(frame: a, isReturnAddress: i > 0)
                    names[a] = name
                    return (a, name)
                }
            }
        }
        return observer
    }

    /// A trace file opened for the mapping (read and write), or for writing only when that is all
    /// the file allows (then it is written with write(2)).
    static func openTraceFile(_ path: String, truncate: Bool) throws -> Int32 {
        let flags = O_CREAT | (truncate ? O_TRUNC : 0) | O_CLOEXEC
        var fd = open(path, O_RDWR | flags, 0o644)
        if fd < 0 && errno == EACCES { fd = open(path, O_WRONLY | flags, 0o644) }
        if fd < 0 {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --trace-file \(path): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// `%p` -> pid, `%%` -> `%`.
    static func expand(_ pattern: String, pid: Int32) -> String {
        var out = ""
        var it = pattern.makeIterator()
        while let c = it.next() {
            guard c == "%" else { out.append(c); continue }
            switch it.next() {
            case "p": out += String(pid)
            case "%": out.append("%")
            case let other?: out.append("%"); out.append(other)
            case nil: out.append("%")
            }
        }
        return out
    }

    /// True when the pattern names a file per process (has `%p`).
    static func perProcess(_ pattern: String) -> Bool { expand(pattern, pid: 1) != expand(pattern, pid: 2) }
}

/// The tracer an internal error flushes (see burrow_set_crash_hook): one per process.
var crashFlushTracer: Tracer?
private let crashFlush: @convention(c) () -> Void = { crashFlushTracer?.emergencyFlush() }

/// Guest memory for the tracer. Every view is a COPY made through GuestMemory's fault-tolerant
/// copy (a file mapping past the end of its file must not kill Burrow while it decodes a string),
/// kept in a buffer of this reader's until the next call of the same kind.
final class GuestMemoryReader: TraceMemory {
    let memory: GuestMemory
    /// SAFETY: two buffers owned by this reader (freed in deinit), grown as needed; a view handed
    /// out stays valid until the next call that uses the same buffer.
    /// Unchecked: read on every decoded argument by the one tracing thread (a dynamic exclusivity
    /// check per string showed in profiles).
    @exclusivity(unchecked) private var bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 16)
    @exclusivity(unchecked) private var string = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 16)
    init(_ memory: GuestMemory) { self.memory = memory }
    deinit {
        bytes.deallocate()
        string.deallocate()
    }

    private static func ensure(_ buffer: inout UnsafeMutableRawBufferPointer, _ count: Int) {
        if buffer.count >= count { return }
        buffer.deallocate()
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
    }

    func readable(_ addr: UInt64, _ count: Int) -> UnsafeRawBufferPointer? {
        Self.ensure(&bytes, count)
        let view = UnsafeMutableRawBufferPointer(rebasing: bytes[0..<count])
        guard (try? memory.copyIn(addr, into: view)) != nil else { return nil }
        return UnsafeRawBufferPointer(view)
    }

    func attachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>) -> Bool {
        memory.traceView = view
        return true
    }

    func detachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>) {
        if memory.traceView == view { memory.traceView = nil }
    }

    func cString(_ addr: UInt64, max: Int) -> (bytes: UnsafeRawBufferPointer, terminated: Bool)? {
        Self.ensure(&string, max)
        guard let base = string.baseAddress?.bindMemory(to: UInt8.self, capacity: string.count),
              let r = memory.readableCString(addr, max: max, into: base) else { return nil }
        return (UnsafeRawBufferPointer(rebasing: string[0..<r.count]), r.terminated)
    }
}

/// The personality's observer: forwards each event to the tracer, and fork, exec and the end to
/// the process tree's bookkeeping (TraceSession).
final class TraceObserver: SyscallObserver {
    let session: TraceSession
    let tracer: Tracer
    init(_ session: TraceSession) {
        self.session = session
        tracer = session.tracer
    }

    /// --trace-stack: the guest's frames at this call, innermost first. Set once before the
    /// guest starts; read on every call (unchecked: no dynamic exclusivity check per event).
    @exclusivity(unchecked) var stack: (() -> [(UInt64, String?)])? {
        didSet { tracer.directCalls = stack == nil }   // (the frames are read at willCall)
    }

    /// The tracer's renderer takes the calls it can whole (Tracer.directCalls says when).
    var traceRenderer: UnsafeMutablePointer<burrow_lane_trace>? { tracer.laneRenderer }

    func willCall(number: UInt64, args: SyscallArgs, fast: Bool) {
        tracer.callPath(fast: fast)
        tracer.willCall(number: number, args: args.raw)
        if let stack, tracer.callIsTraced { tracer.setStack(stack()) }
    }

    /// The lane's calls (read, write, pread, pwrite, getpid, getppid) are reported after their
    /// host call: their arguments then read the same (the call changes none of them, only a
    /// read's buffer, which is shown after it anyway), and their start comes from the lane's
    /// counter, which the tracer can convert once its clock has a rate. Not with --trace-stack,
    /// whose frames are read from guest memory before the call.
    var takesLaneCalls: Bool { stack == nil && tracer.timesFromCounter }

    func willCallFromLane(number: UInt64, args: SyscallArgs, ticks: UInt64) {
        tracer.callPath(fast: true)
        tracer.willCall(number: number, args: args.raw, startTicks: ticks)
    }

    func laneCall(number: UInt64, args: SyscallArgs, ticks: UInt64, result: UInt64) -> Bool {
        tracer.laneEvent(number: number, args: args.raw, startTicks: ticks, result: result)
        return takesLaneCalls
    }

    func didCall(number: UInt64, args: SyscallArgs, result: UInt64, error: GuestErrno?) {
        tracer.didCall(number: number, result: result, errno: error?.value)
        if error != nil && number == tracer.forkNumber { session.forkFailed() }
    }

    func didInterrupt(number: UInt64, args: SyscallArgs, restart: InterruptedCallRestart) {
        tracer.didCall(number: number, result: UInt64(GuestErrno.EINTR.value), errno: GuestErrno.EINTR.value, restart: restart)
    }

    func didInject(number: UInt64, args: SyscallArgs, result: UInt64, error: GuestErrno?) {
        tracer.didCall(number: number, result: result, errno: error?.value, injected: true)
    }

    func machine(kind: String, text: String, key: String, rip: UInt64) {
        tracer.machine(kind: kind, text: text, key: key, rip: rip)
    }

    func signal(_ hostSignal: Int32, fault: GuestFault?, info: ToySignalInfo?) {
        let name = HostSignals.name(hostSignal)
        tracer.signal(name: name,
                      fault: fault.map { TraceFault(address: $0.address, rip: $0.rip, detail: $0.detail) },
                      info: info.map { i in
                          // A SIGCHLD about a child: strace's si_pid and si_status (a number when it
                          // exited, else the signal by name).
                          let child = i.isChild(signal: name)
                          let status = !child ? nil : i.code == ToySignalInfo.cldExited ? String(i.status)
                              : ToyOS.signal.name(of: UInt64(i.status)) ?? String(i.status)
                          return TraceSignalInfo(code: i.codeName(signal: name), pid: i.code == ToySignalInfo.siUser || child ? i.pid : nil,
                                                 addr: fault != nil ? i.addr : nil, status: status)
                      })
    }

    /// A trace shows stops and the signals that default actions ignore (a summary alone does not
    /// count them).
    var seesDefaultActions: Bool { tracer.writer != nil && tracer.options.signals }

    func stopped(_ hostSignal: Int32) { tracer.stopped(name: HostSignals.name(hostSignal)) }

    func willFork() { session.willFork() }
    func fastPathSites(_ count: Int?) { tracer.summary?.fastPathSites = count }
    func syscallGuardNote(_ note: String?) { tracer.summary?.syscallGuardNote = note }

    func willExec(number: UInt64, args: SyscallArgs) { session.willExec(number: number) }

    func didFork(inChild: Bool) {
        if inChild { session.didForkInChild() }
    }

    func finish(status: Int32?, signal: Int32?, coreDumped: Bool) {
        session.finish(status: status, signalName: signal.map(HostSignals.name), coreDumped: coreDumped)
    }
}
