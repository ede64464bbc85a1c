// Where trace bytes go, and how they survive the process. Each event is built whole in a private
// buffer and then committed at once:
// - to a trace file that this process alone writes: copied into a shared mapping of the file. The
//   file is grown ahead of the events by `pwrite` of spaces (64 KiB at a time), so each event costs a
//   memcpy, and the pages belong to the page cache as soon as the copy is done: SIGKILL loses nothing
//   that was committed (docs/tracing.md, "Completeness and cost", has the numbers that chose this).
//   On every orderly end (exit, crash, signal, exec, and a fork that shares the file) the file is cut
//   to its exact length; after SIGKILL it ends in at most 64 KiB of spaces, which every format
//   tolerates (whitespace between JSON values; trailing blanks of a text line).
// - to a stream (Burrow's stderr, a pipe, a file shared with other live processes of the tree): one
//   write(2) per event, with O_APPEND for files, so lines of several processes never interleave
//   mid-line and a killed process leaves every event it committed.
// - to memory (unit tests).
import CBurrowRuntime
import Glibc

/// Copies n bytes, returns 0 when all were copied and nonzero when not (a fault in the mapping is
/// caught, not fatal). Burrow passes its fault-tolerant copy (CBurrowRuntime's
/// burrow_safe_copy_short): a trace file truncated by someone else under the mapping raises
/// SIGBUS, which must not kill Burrow.
public typealias TraceCopyFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> Int

private let plainCopy: TraceCopyFunction = { dst, src, n in
    if let dst, let src { memcpy(dst, src, n) }
    return 0
}

public final class TraceWriter {
    enum Target {
        case memory
        /// write(2) per event.
        case stream
        /// Through the shared mapping (falls back to .stream if the mapping fails).
        case mapped(MappedTraceFile)
    }

    public private(set) var fd: Int32
    var target: Target {
        didSet {
            if case .mapped(let m) = target { mapped = Unmanaged.passUnretained(m) } else { mapped = nil }
        }
    }
    /// The mapped file of `.mapped` (kept alive by `target`), for the per-event commit: reading it
    /// through `target` would retain and release it on every event.
    @exclusivity(unchecked) private var mapped: Unmanaged<MappedTraceFile>?
    /// The event being built (memory target: everything so far).
    let buffer = ByteBuffer(capacity: 64 * 1024)
    /// The mapped file's window and position (MappedTraceFile's, while there is one: its window is
    /// NULL otherwise), which the lane's C renderer appends through too (LaneRenderer.swift).
    /// SAFETY: allocated here, freed in deinit.
    let window: UnsafeMutablePointer<burrow_trace_window> = {
        let w = UnsafeMutablePointer<burrow_trace_window>.allocate(capacity: 1)
        w.initialize(to: burrow_trace_window())
        return w
    }()
    /// Other processes write the same file or stream (the tree shares it): never mapped, never
    /// closed with a Chrome `]` by this process.
    public private(set) var shared: Bool
    /// A --trace-file (closed at finish), not Burrow's stderr.
    public let isFile: Bool
    let copy: TraceCopyFunction

    /// Test writer: keeps everything in memory.
    public static func memory() -> TraceWriter { TraceWriter(fd: -1, target: .memory, shared: false, isFile: false, copy: plainCopy) }

    /// A stream such as Burrow's stderr: one write per event.
    public static func stream(fd: Int32, shared: Bool = false) -> TraceWriter {
        TraceWriter(fd: fd, target: .stream, shared: shared, isFile: false, copy: plainCopy)
    }

    /// A trace file, open for reading and writing. Mapped when it is a regular file this process
    /// alone writes; otherwise (a FIFO, a character device, a file shared with other live
    /// processes) written with O_APPEND, one write per event.
    public static func file(fd: Int32, shared: Bool, copy: TraceCopyFunction? = nil) -> TraceWriter {
        let w = TraceWriter(fd: fd, target: .stream, shared: shared, isFile: true, copy: copy ?? plainCopy)
        w.setUpTarget()
        return w
    }

    deinit { window.deallocate() }

    private init(fd: Int32, target: Target, shared: Bool, isFile: Bool, copy: TraceCopyFunction) {
        self.fd = fd
        self.target = target
        if case .memory = target { isMemory = true } else { isMemory = false }
        self.shared = shared
        self.isFile = isFile
        self.copy = copy
    }

    private func setUpTarget() {
        if !shared, let m = MappedTraceFile(fd: fd, copy: copy, state: window) {
            setAppend(false)
            target = .mapped(m)
        } else {
            setAppend(true)
            target = .stream
        }
    }

    /// O_APPEND on for write(2) (several writers, each line lands whole at the end), off for the
    /// mapping (its pwrite must land where it says: Linux's pwrite ignores the offset with O_APPEND).
    private func setAppend(_ on: Bool) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, on ? flags | O_APPEND : flags & ~O_APPEND) }
    }

    /// The memory writer of tests (never changes): read on every event instead of matching
    /// `target`, whose access is checked and whose payload would be retained to match it.
    let isMemory: Bool

    /// The built event is complete: commit it.
    @inline(__always) func eventDone() {
        if isMemory { return }
        commit()
    }

    /// An event built elsewhere (the lane's C renderer, LaneRenderer.swift), committed as
    /// eventDone commits the buffer's: straight into the mapping when nothing waits in the buffer.
    func commitEvent(_ p: UnsafeRawPointer, _ n: Int) {
        if buffer.count == 0, let mapped, mapped._withUnsafeGuaranteedRef({ $0.append(p, n) }) { return }
        buffer.append(p, n)
        eventDone()
    }

    func commit() {
        if buffer.count == 0 { return }
        if let mapped {
            if mapped._withUnsafeGuaranteedRef({ $0.append(buffer.base, buffer.count) }) {
                buffer.removeAll()
                return
            }
        }
        if case .memory = target { return }
        if case .mapped(let m) = target {
            // No room on the device, or the file was cut under the mapping: carry on with write(2),
            // which reports ENOSPC by itself and drops the events it cannot write.
            m.close(trim: true)
            setAppend(true)
            target = .stream
        }
        // The trace is Burrow's file, not the guest's: the guest's `ulimit -f` does not cut it.
        burrow_own_files_begin()
        defer { burrow_own_files_end() }
        if !buffer.flush(to: fd) {
            let e = errno
            if !writeFailed { writeFailed = true; reportWriteError?(e) }
        }
    }

    /// Told the errno of the first write that fails (the file's device is full, the file cannot
    /// take writes): events that cannot be written are dropped, so the user hears of it once, as
    /// from strace. Set by the CLI, which knows the file's name.
    public var reportWriteError: ((Int32) -> Void)?
    private var writeFailed = false

    /// Before a fork after which the child keeps writing here (one file or stream for the tree):
    /// cut the file to its length and switch to O_APPEND writes.
    public func becomeShared() {
        commit()
        shared = true
        if case .mapped(let m) = target {
            m.close(trim: true)
            setAppend(true)
            target = .stream
        }
    }

    /// In a forked child that writes its own file from now on: forget the parent's mapping (the
    /// parent still writes it: no trimming here) and descriptor, and take `newFD`.
    public func switchInChild(to newFD: Int32) {
        buffer.removeAll()
        if case .mapped(let m) = target { m.close(trim: false) }
        if isFile { Glibc.close(fd) }
        fd = newFD
        shared = false
        setUpTarget()
    }

    /// Before exec: the file cut to its length and unmapped, so that the next Burrow (which gets
    /// this descriptor) continues at its end. Returns the descriptor. If exec fails, the next event
    /// maps the file again.
    public func prepareExec() -> Int32 {
        commit()
        if case .mapped(let m) = target { m.unmap(trim: true) }
        return fd
    }

    /// At the guest's end: everything committed, the file cut to its length and closed.
    public func finish() {
        commit()
        if case .mapped(let m) = target { m.close(trim: true) }
        target = .stream
        if isFile && fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// From the trap handler after an internal error (async-signal-safe: one ftruncate).
    public func emergencyFinish() {
        if case .mapped(let m) = target { m.trimOnly() }
    }

    /// What was written so far (the memory writer of tests; otherwise what is not yet committed).
    public var pending: String { buffer.string }
}

/// A trace file written through a shared mapping of a window of it (8 MiB, moved as the file grows).
/// `allocated` (the file's size) runs ahead of `offset` (the end of the trace) by up to 64 KiB of
/// spaces, written with pwrite: the kernel allocates page-cache pages for a pwrite far more cheaply
/// than it serves a first write fault on a mapped page (numbers in docs/tracing.md).
final class MappedTraceFile {
    static let chunk = 64 * 1024
    static let windowSize = 8 << 20
    static let spaces: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 4096)
        memset(p, 0x20, chunk)
        return p
    }()
    static let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))

    let fd: Int32
    let copy: TraceCopyFunction
    /// Where the trace ends, how far the file's spaces run, the window: in the writer's block
    /// (burrow_trace_window), through which the lane's C renderer appends too; read and written on
    /// every event by the one thread that traces (never re-entered), as plain memory, without the
    /// dynamic exclusivity checks a class's stored properties would cost. SAFETY: the writer's,
    /// which outlives this file (it owns it).
    let state: UnsafeMutablePointer<burrow_trace_window>
    var offset: UInt64 {
        get { state.pointee.offset }
        set { state.pointee.offset = newValue }
    }
    private var allocated: UInt64 {
        get { state.pointee.allocated }
        set { state.pointee.allocated = newValue }
    }
    private var window: UnsafeMutableRawPointer? {
        get { UnsafeMutableRawPointer(state.pointee.window) }
        set { state.pointee.window = newValue?.assumingMemoryBound(to: UInt8.self) }
    }
    private var windowStart: UInt64 {
        get { state.pointee.window_start }
        set { state.pointee.window_start = newValue }
    }

    /// On tmpfs, each chunk's pages are mapped as soon as they are grown, all at once
    /// (MADV_POPULATE_READ) rather than by one write fault a page when the events reach them: the
    /// same work without an exception a page. READ, not WRITE: a read fault maps the pages around
    /// it too (fault-around, 16 at a time), and tmpfs keeps no dirty accounting, so they are mapped
    /// writable and the copies take no fault; POPULATE_WRITE faults each page on its own.
    /// On the AMD machine (docs/performance.md, "Tracing cost per event"): POPULATE_WRITE against
    /// faults, bench/tracecost to tmpfs, a JSON Lines write event 0.525 -> 0.446 µs, text 0.260 ->
    /// 0.241; then READ against WRITE, the bytes alone (a C model of this writer) 0.58-0.72 -> 0.45-0.60
    /// ns a byte. On ext4 either call made the bytes dearer (its pages are mapped read-only to see
    /// writes), so it is left to the faults there. Cleared when the kernel lacks the call (Linux <
    /// 5.14).
    @exclusivity(unchecked) private(set) var populate: Bool

    /// nil when fd is not a regular file (a FIFO, /dev/stderr): those are written with write(2).
    init?(fd: Int32, copy: @escaping TraceCopyFunction, state: UnsafeMutablePointer<burrow_trace_window>) {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        self.fd = fd
        self.copy = copy
        self.state = state
        state.pointee = burrow_trace_window(window: nil, window_start: 0, offset: UInt64(st.st_size), allocated: UInt64(st.st_size), copy: copy)
        populate = burrow_fs_magic(fd) == TMPFS_MAGIC
        // The mapping must be possible at all (a file system without shared writable mappings).
        guard remap(at: offset) else { return nil }
    }

    /// Appends n bytes; false when the file cannot grow or the copy faulted.
    func append(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        // The common case in C (the window holds it, the spaces are there), shared with the lane's
        // renderer; below, everything else.
        if burrow_trace_window_append(state, p, n) == 1 { return true }
        let end = offset + UInt64(n)
        if n > Self.windowSize / 2 {
            if end > allocated && !grow(to: end) { return false }
            // A huge event (an exec with a long argument list): written directly.
            burrow_own_files_begin()
            defer { burrow_own_files_end() }
            var done = 0
            while done < n {
                let r = pwrite(fd, p + done, n - done, off_t(offset) + off_t(done))
                if r < 0 { if errno == EINTR { continue }; return false }
                done += r
            }
            offset = end
            return true
        }
        if window == nil || offset < windowStart || end > windowStart + UInt64(Self.windowSize) {
            guard remap(at: offset) else { return false }
        }
        // Grown after the window moved, so that the new chunk's pages can be populated in it.
        if end > allocated && !grow(to: end) { return false }
        let at = window! + Int(offset - windowStart)
        if copy(at, p, n) != 0 { return false }
        // The next event's lines asked for now, while the call and the guest run: the chunk's
        // spaces were written up to 64 KiB of events ago and have left the near caches, so each
        // event's copy otherwise waits for its lines. bench/tracecost against the same source
        // without it, 21 rounds, four runs, median of the paired CPU differences: nullcall's JSON
        // Lines 0.31-0.33 -> 0.29-0.30 µs an event, nosys's 0.50-0.60 -> 0.46-0.53 and its text
        // 0.32-0.36 -> 0.28-0.32; seqread within its noise. Eight lines instead of four, or 16 KiB
        // chunks so that the spaces stay near, were worse.
        burrow_prefetch_write(at + n)
        offset = end
        return true
    }

    /// The file grown past `end` by whole chunks of spaces.
    private func grow(to end: UInt64) -> Bool {
        // Burrow's file, not the guest's: RLIMIT_FSIZE lifted as far as it goes, no SIGXFSZ.
        burrow_own_files_begin()
        defer { burrow_own_files_end() }
        while allocated < end {
            let r = pwrite(fd, Self.spaces, Self.chunk, off_t(allocated))
            if r < 0 { if errno == EINTR { continue }; return false }
            if r == 0 { return false }
            // From the page that holds `allocated` (a file continued after exec ends mid-page).
            let first = allocated & ~(Self.pageSize - 1), last = allocated + UInt64(r)
            if populate, let w = window, first >= windowStart, last <= windowStart + UInt64(Self.windowSize) {
                // A failure is harmless: the copy's faults map the pages instead (and a file cut
                // under the mapping is caught there). EINVAL: no such advice on this kernel.
                if madvise(w + Int(first - windowStart), Int(last - first), MADV_POPULATE_READ) != 0 && errno == EINVAL {
                    populate = false
                }
            }
            allocated += UInt64(r)
        }
        return true
    }

    private func remap(at position: UInt64) -> Bool {
        if let w = window { munmap(w, Self.windowSize) }
        window = nil
        let start = position & ~(Self.pageSize - 1)
        let p = mmap(nil, Self.windowSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(start))
        guard let p, p != MAP_FAILED else { return false }
        window = p
        windowStart = start
        return true
    }

    /// The file cut to the trace's length (the padding goes). A file someone else cut shorter than
    /// the trace is left as it is (ftruncate would extend it with zeros).
    func trimOnly() {
        if allocated == offset { return }
        var st = stat()
        if fstat(fd, &st) == 0 && UInt64(st.st_size) < offset { return }
        if ftruncate(fd, off_t(offset)) == 0 { allocated = offset }
    }

    /// Unmapped, optionally trimmed; the next append maps it again.
    func unmap(trim: Bool) {
        if trim { trimOnly() }
        if let w = window { munmap(w, Self.windowSize) }
        window = nil
    }

    func close(trim: Bool) { unmap(trim: trim) }
}
