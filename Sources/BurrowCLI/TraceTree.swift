// Traces of process trees (docs/tracing.md, "Process trees"). Each guest process is a Burrow
// process with its own tracer; what they share:
// - the trace: one file (or Burrow's stderr) for the whole tree, each event one O_APPEND write once
//   several processes write it, or a file per process with `%p` in its name (each mapped);
// - for a Chrome trace, a count of the tree's live processes: the last to end closes the array;
// - the summary: every process but the first appends its calls, as one record, to a memfd the
//   tree inherits (across exec by number, `--trace-summary-fd`); the first process (the one
//   `burrow run` started, also after its own execs: `--trace-root`) merges them and prints the
//   summary when it ends, over itself and every process of the tree that ended before it.
import BurrowTrace
import BurrowVMM
import CBurrowRuntime
import Glibc

/// The trace session of the running process, for the exec front end (Exec.swift).
var currentTraceSession: TraceSession?

final class TraceSession {
    let tracer: Tracer
    /// --trace-file as given: with %p, each process writes its own file.
    let filePattern: String?
    let perProcess: Bool
    /// The tree's summary records (-1: no summary).
    let summaryFD: Int32
    /// The process that prints the summary.
    let root: Int32
    /// The trace file's descriptor handed to the next Burrow by exec.
    private var execFD: Int32?
    /// For a Chrome trace: a shared page (a memfd, -1: none) counting the tree's live processes, so
    /// that the last one to end closes a shared array with `]`. A process killed by SIGKILL never
    /// counts itself out: the array then stays open, which the format allows.
    let treeFD: Int32
    private let live: UnsafeMutablePointer<Int>?

    init(tracer: Tracer, filePattern: String?, summaryFD inherited: Int32?, root: Int32?, treeFD inheritedTree: Int32?) throws {
        self.tracer = tracer
        self.filePattern = filePattern
        perProcess = filePattern.map(TraceCLIOptions.perProcess) ?? false
        self.root = root ?? getpid()
        if tracer.writer != nil && tracer.options.format == .chrome {
            var fd: Int32
            if let inheritedTree {
                fd = inheritedTree
                guard burrow_fcntl_int(fd, F_SETFD, FD_CLOEXEC) == 0 else {
                    throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --trace-tree-fd \(fd): not open")
                }
            } else {
                fd = try Self.memfd("burrow-trace-tree")
                if burrow_own_ftruncate(fd, 4096) != 0 { close(fd); fd = -1 }
            }
            let p = fd < 0 ? nil : mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
            if let p, p != MAP_FAILED {
                // SAFETY: a page of the tree's memfd, mapped for the life of the process; set to 1
                // by the first process before any other exists, then only changed through
                // burrow_atomic_add.
                live = p.bindMemory(to: Int.self, capacity: 1)
                if inheritedTree == nil { live!.pointee = 1 }
                treeFD = fd
            } else {
                if fd >= 0 && inheritedTree == nil { close(fd) }
                live = nil
                treeFD = -1
            }
        } else {
            live = nil
            treeFD = -1
        }
        if tracer.summary == nil {
            summaryFD = -1
        } else if let inherited {
            guard burrow_fcntl_int(inherited, F_SETFD, FD_CLOEXEC) == 0 else {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --trace-summary-fd \(inherited): not open")
            }
            summaryFD = inherited
        } else {
            let fd = try Self.memfd("burrow-summary")
            // O_APPEND: each process's record is one write that lands whole at the end.
            _ = burrow_fcntl_int(fd, F_SETFL, O_APPEND)
            summaryFD = fd
        }
    }

    static func memfd(_ name: String) throws -> Int32 {
        let fd = Int32(truncatingIfNeeded: name.withCString {
            burrow_syscall6(319 /* SYS_memfd_create */, Int(bitPattern: $0), 1 /* MFD_CLOEXEC */, 0, 0, 0, 0)
        })
        guard fd >= 0 else {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: memfd_create: \(String(cString: strerror(errno)))")
        }
        return fd
    }

    /// The hidden options that carry this process's trace across exec (TraceCLIOptions.forwarded).
    func forwarded() -> [String] {
        var a: [String] = []
        if let writer = tracer.writer {
            a.append("--trace-continue")
            if writer.shared { a.append("--trace-shared") }
            if let execFD { a += ["--trace-fd", String(execFD)] }
        }
        if summaryFD >= 0 { a += ["--trace-summary-fd", String(summaryFD), "--trace-root", String(root)] }
        if treeFD >= 0 { a += ["--trace-tree-fd", String(treeFD)] }
        return a
    }

    func willFork() {
        if let live { _ = burrow_atomic_add(live, 1) }
        tracer.willFork(childSharesOutput: !perProcess)
    }

    /// The fork did not happen after all: the child counted in willFork does not exist.
    func forkFailed() {
        if let live { _ = burrow_atomic_add(live, -1) }
    }

    /// In the child: its own pid, summary and, with %p, file.
    func didForkInChild() {
        let pid = getpid()
        var newFD: Int32? = nil
        if perProcess, let filePattern, tracer.writer != nil {
            let path = TraceCLIOptions.expand(filePattern, pid: pid)
            do { newFD = try TraceCLIOptions.openTraceFile(path, truncate: true) } catch let e as CLIExit {
                // The child carries on untraced rather than write into its parent's file.
                Diagnostics.write((e.message ?? "burrow: --trace-file \(path)") + " (process \(pid) is not traced)\n")
                newFD = -1
            } catch {}
        }
        tracer.didForkInChild(pid: pid, tid: burrow_gettid(), newFD: newFD)
    }

    /// exec: the call shown as done, the trace file cut to its length and kept open for the next
    /// Burrow, this image's calls added to the tree's summary.
    func willExec(number: UInt64) {
        execFD = tracer.willExec(number: number)
        if let execFD { _ = burrow_fcntl_int(execFD, F_SETFD, 0) }
        if summaryFD >= 0 {
            exportSummary()
            tracer.resetSummary()
            _ = burrow_fcntl_int(summaryFD, F_SETFD, 0)
        }
        if treeFD >= 0 { _ = burrow_fcntl_int(treeFD, F_SETFD, 0) }
    }

    func finish(status: Int32?, signalName: String?, coreDumped: Bool = false) {
        var printTo: Int32 = -1
        if summaryFD >= 0 {
            if getpid() == root {
                if let s = tracer.summary { s.merge(encoded: readRecords()) }
                printTo = Diagnostics.fd
            } else {
                exportSummary()
            }
        }
        let live = self.live
        tracer.finish(status: status, signalName: signalName, coreDumped: coreDumped, summaryFD: printTo,
                      lastOfTree: live.map { p in { burrow_atomic_add(p, -1) == 0 } })
    }

    private func exportSummary() {
        guard let s = tracer.summary, !s.isEmpty else { return }
        let bytes = s.encoded()
        // The tree's summary memfd is Burrow's file: the guest's `ulimit -f` does not bind it.
        burrow_own_files_begin()
        defer { burrow_own_files_end() }
        bytes.withUnsafeBytes { p in
            while write(summaryFD, p.baseAddress, p.count) < 0 && errno == EINTR {}
        }
    }

    private func readRecords() -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(summaryFD, $0.baseAddress, $0.count, offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += chunk[0..<n]
            offset += off_t(n)
        }
        return out
    }
}
