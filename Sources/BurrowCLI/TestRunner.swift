// Runs child processes for `burrow test`: each in its own process group with its own stdout/stderr
// pipes, at most `jobs` at a time, each with a deadline (SIGKILL to the whole group). One thread,
// one poll loop: no Dispatch, no Swift concurrency (docs/architecture.md keeps them out), and a
// crash or hang of one child never stops the others.
import CBurrowRuntime
import BurrowVMM
import Glibc

/// How a child ended.
enum ChildEnd: Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// Killed by us after the timeout.
    case timedOut
    /// Could not be started (errno).
    case spawnFailed(Int32)
    /// Never started (the run stopped early).
    case notRun

    var description: String {
        switch self {
        case .exited(let s): return "exit \(s)"
        case .signaled(let s): return "killed by \(signalName(s))"
        case .timedOut: return "TIMEOUT"
        case .spawnFailed(let e): return "cannot start: \(FS.errorText(e))"
        case .notRun: return "not run"
        }
    }
}

func signalName(_ s: Int32) -> String { HostSignals.name(s) }

struct ChildSpec {
    var path: String
    var arguments: [String]      // argv[1...]
    var environment: [String]
    var cwd: String?
    /// Run as this uid/gid (-1: keep ours).
    var uid: Int32 = -1
    var gid: Int32 = -1
    var timeout: Double
}

struct ChildResult {
    var end: ChildEnd
    var stdout: String
    var stderr: String
    var seconds: Double
}

func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Set by SIGINT/SIGTERM; the loop then kills every child and stops.
var testRunnerInterrupted: sig_atomic_t = 0

final class ChildRunner {
    /// Output kept per stream; a runaway printer is cut off (and noted) past this.
    static let outputCap = 4 << 20
    /// After the child exits, how long to wait for a grandchild that still holds its pipes.
    static let pipeGrace = 2.0

    private final class Running {
        let index: Int
        let spec: ChildSpec
        var pid: pid_t = 0
        var fds: [Int32] = [-1, -1]
        var data: [[UInt8]] = [[], []]
        var truncated = [false, false]
        var status: Int32?
        var started = 0.0
        var exitedAt: Double?
        var timedOut = false
        init(index: Int, spec: ChildSpec) {
            self.index = index
            self.spec = spec
        }
    }

    let jobs: Int
    private var queue: [(Int, ChildSpec)] = []
    private var running: [Running] = []
    private var nextIndex = 0
    /// When set, the runner starts nothing more (children already running finish), except those
    /// `mayStart` allows.
    var stopStarting = false
    /// Indices of the children started so far.
    private(set) var started: Set<Int> = []

    init(jobs: Int) { self.jobs = max(1, jobs) }

    /// Queues a child; returns its index (the order of completion callbacks is not this order).
    @discardableResult
    func enqueue(_ spec: ChildSpec) -> Int {
        let i = nextIndex
        nextIndex += 1
        queue.append((i, spec))
        return i
    }

    /// Runs everything queued. `mayStart(index)` is asked before each start (false: skipped as
    /// notRun when stopStarting is set); `done` is called as each child finishes; `tick` about 10
    /// times a second (progress display).
    func runAll(mayStart: (Int) -> Bool, done: (Int, ChildResult) -> Void, tick: (Int) -> Void) {
        installInterruptHandlers()
        while !queue.isEmpty || !running.isEmpty {
            if testRunnerInterrupted != 0 {
                for r in running { kill(-r.pid, SIGKILL); kill(r.pid, SIGKILL) }
                for r in running {
                    var st: Int32 = 0
                    while waitpid(r.pid, &st, 0) < 0 && errno == EINTR {}
                    for fd in r.fds where fd >= 0 { close(fd) }
                }
                running.removeAll()
                return
            }
            while running.count < jobs, !queue.isEmpty {
                let (index, spec) = queue.removeFirst()
                if stopStarting && !mayStart(index) {
                    done(index, ChildResult(end: .notRun, stdout: "", stderr: "", seconds: 0))
                    continue
                }
                if let r = start(index: index, spec: spec) {
                    started.insert(index)
                    running.append(r)
                } else {
                    done(index, ChildResult(end: .spawnFailed(lastSpawnError), stdout: "", stderr: "", seconds: 0))
                }
            }
            pollOnce()
            let now = monotonicNow()
            var still: [Running] = []
            for r in running {
                if r.status == nil {
                    var st: Int32 = 0
                    let w = waitpid(r.pid, &st, WNOHANG)
                    if w == r.pid {
                        r.status = st
                        r.exitedAt = now
                    } else if now - r.started > r.spec.timeout && !r.timedOut {
                        // The leader is not reaped yet, so its pid still names the group.
                        kill(-r.pid, SIGKILL)
                        kill(r.pid, SIGKILL)
                        r.timedOut = true
                    }
                }
                if let exited = r.exitedAt, r.fds.contains(where: { $0 >= 0 }), now - exited > Self.pipeGrace {
                    // A grandchild keeps the pipes open: the group still exists (it has a live
                    // member), so killing it cannot hit an unrelated process.
                    kill(-r.pid, SIGKILL)
                    for k in 0..<2 where r.fds[k] >= 0 { drain(r, k); close(r.fds[k]); r.fds[k] = -1 }
                }
                if r.status != nil && r.fds.allSatisfy({ $0 < 0 }) {
                    done(r.index, finish(r, now: now))
                } else {
                    still.append(r)
                }
            }
            running = still
            tick(running.count)
        }
    }

    private var lastSpawnError: Int32 = 0

    private func start(index: Int, spec: ChildSpec) -> Running? {
        let r = Running(index: index, spec: spec)
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        if let e = Optional(burrow_pipe_cloexec(&outPipe)), e != 0 { lastSpawnError = e; return nil }
        if let e = Optional(burrow_pipe_cloexec(&errPipe)), e != 0 {
            lastSpawnError = e
            close(outPipe[0]); close(outPipe[1])
            return nil
        }
        let argv = [spec.path] + spec.arguments
        var pid: pid_t = 0
        let rc = withCStrings(argv) { cargv in
            withCStrings(spec.environment) { cenv in
                spec.path.withCString { cpath in
                    withOptionalCString(spec.cwd) { ccwd in
                        var req = burrow_spawn_request(path: cpath, argv: cargv, envp: cenv, cwd: ccwd,
                                                       stdout_fd: outPipe[1], stderr_fd: errPipe[1],
                                                       uid: spec.uid, gid: spec.gid)
                        return burrow_spawn(&req, &pid)
                    }
                }
            }
        }
        close(outPipe[1])
        close(errPipe[1])
        if rc != 0 {
            close(outPipe[0]); close(errPipe[0])
            lastSpawnError = rc
            return nil
        }
        for fd in [outPipe[0], errPipe[0]] {
            let fl = fcntl(fd, F_GETFL)
            _ = burrow_fcntl_int(fd, F_SETFL, fl | O_NONBLOCK)
        }
        r.pid = pid
        r.fds = [outPipe[0], errPipe[0]]
        r.started = monotonicNow()
        return r
    }

    private func pollOnce() {
        var pfds: [pollfd] = []
        var owners: [(Running, Int)] = []
        for r in running {
            for k in 0..<2 where r.fds[k] >= 0 {
                pfds.append(pollfd(fd: r.fds[k], events: Int16(POLLIN), revents: 0))
                owners.append((r, k))
            }
        }
        if pfds.isEmpty {
            // Only exited-but-unreaped children (or none): wait a little for them.
            usleep(20_000)
            return
        }
        let n = poll(&pfds, nfds_t(pfds.count), 100)
        guard n > 0 else { return }
        for (i, p) in pfds.enumerated() where p.revents != 0 {
            let (r, k) = owners[i]
            if drain(r, k) {
                close(r.fds[k])
                r.fds[k] = -1
            }
        }
    }

    /// Reads what is available; true at end of file (or a read error).
    @discardableResult
    private func drain(_ r: Running, _ k: Int) -> Bool {
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(r.fds[k], &buf, buf.count)
            if n > 0 {
                if r.data[k].count < Self.outputCap {
                    r.data[k].append(contentsOf: buf[0..<min(n, Self.outputCap - r.data[k].count)])
                } else {
                    r.truncated[k] = true
                }
                continue
            }
            if n == 0 { return true }
            if errno == EINTR { continue }
            return errno != EAGAIN && errno != EWOULDBLOCK
        }
    }

    private func finish(_ r: Running, now: Double) -> ChildResult {
        let st = r.status ?? 0
        let end: ChildEnd
        if r.timedOut {
            end = .timedOut
        } else if st & 0x7f == 0 {
            end = .exited((st >> 8) & 0xff)
        } else {
            end = .signaled(st & 0x7f)
        }
        var out = String(decoding: r.data[0], as: UTF8.self)
        var err = String(decoding: r.data[1], as: UTF8.self)
        if r.truncated[0] { out += "\n# burrow test: output cut off after \(Self.outputCap) bytes\n" }
        if r.truncated[1] { err += "\n[burrow test: output cut off after \(Self.outputCap) bytes]\n" }
        return ChildResult(end: end, stdout: out, stderr: err, seconds: (r.exitedAt ?? now) - r.started)
    }

    private func installInterruptHandlers() {
        for s in [SIGINT, SIGTERM, SIGHUP] {
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = { _ in testRunnerInterrupted = 1 }
            sigemptyset(&sa.sa_mask)
            sa.sa_flags = 0
            sigaction(s, &sa, nil)
        }
    }
}

/// A NULL-terminated C string array valid for the closure's duration.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    // SAFETY: strdup'd copies live until the defer frees them, after body returns.
    var ptrs: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    ptrs.append(nil)
    defer { for p in ptrs { free(p) } }
    return ptrs.withUnsafeBufferPointer { body($0.baseAddress!) }
}

func withOptionalCString<R>(_ s: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let s else { return body(nil) }
    return s.withCString { body($0) }
}
