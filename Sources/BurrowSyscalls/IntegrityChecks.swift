// Test-only integrity checks for the system-call fuzzer (docs/fuzzing.md). `burrow run` turns them
// on when its own environment has BURROW_DEBUG_CHECKS=N (N > 0): then, every N system calls and
// when the guest exits, Burrow verifies that
//   - no host descriptor leaked: every open host descriptor is one Burrow had when the guest started
//     or one the guest's descriptor table holds;
//   - the canary pages it placed around the guest's memory (and in the reserved ranges guests may
//     never map) still hold their pattern;
//   - its own read-only segments (executable and libraries: code and constants) hash as at start.
// A failure is one line, `burrow: integrity check failed after N calls: ...`, and exit status 125.
// The checks are not a feature: nothing else reads the variable, and off they cost one branch
// per call.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

public final class IntegrityChecks {
    public static let environmentVariable = "BURROW_DEBUG_CHECKS"

    private struct Segment {
        let start: UInt64, length: Int, name: String, hash: UInt64
    }

    private let interval: Int
    private var calls = 0
    private let files: FileTable
    private var baseline: Set<Int32>
    private var segments: [Segment] = []
    /// Canary pages: address and the hash of their pattern.
    private var canaries: [(UInt64, UInt64)] = []
    private static let page = ToyOS.pageSize

    /// nil when the variable is unset. A value that is not a positive number is an error for the
    /// caller to report (`.failure`).
    public static func fromEnvironment(files: FileTable, memory: GuestMemory) -> Result<IntegrityChecks, SetupFailure>? {
        guard let raw = getenv(environmentVariable) else { return nil }
        let value = String(cString: raw)
        guard let n = Int(value), n > 0 else { return .failure(SetupFailure(message: "\(environmentVariable)=\(value): expected a positive number of calls")) }
        return .success(IntegrityChecks(interval: n, files: files, memory: memory))
    }

    public struct SetupFailure: Error { public let message: String }

    private init(interval: Int, files: FileTable, memory: GuestMemory) {
        self.interval = interval
        self.files = files
        baseline = Self.openDescriptors().subtracting(files.hostDescriptors)
        placeCanaries(memory)
        segments = Self.readOnlySegments()
    }

    /// Descriptors Burrow opened for itself after the start (the machine's devices).
    func adopt(_ fds: [Int32]) { baseline.formUnion(fds) }

    /// After every completed call (not after exit, which `atExit` covers).
    @inline(__always)
    public func afterCall() {
        calls += 1
        if calls % interval == 0 { verify() }
    }

    public func atExit() {
        verify()
    }

    private func verify() {
        // The raw-syscall guard's perf events (guardbp.c: its hardware breakpoints, made when a
        // watched page first runs) are Burrow's own, opened whenever the guard needs them; a
        // guest cannot open one (ToyOS has no perf_event_open, and a raw Linux call is caught).
        let guardFDs = (0..<burrow_guard_breakpoint_count()).map { burrow_guard_breakpoint_fd($0) }
        let leaked = Self.openDescriptors().subtracting(baseline).subtracting(files.hostDescriptors).subtracting(guardFDs)
        if let fd = leaked.min() {
            fail("host descriptor \(fd) (\(Self.describe(fd))) is neither Burrow's nor in the guest's table (\(leaked.count) leaked)")
        }
        for (addr, expected) in canaries where Self.hashPage(addr) != expected {
            fail("canary page at 0x\(String(addr, radix: 16)) changed")
        }
        for s in segments where Self.hash(s.start, s.length) != s.hash {
            fail("read-only segment 0x\(String(s.start, radix: 16))+0x\(String(s.length, radix: 16)) of \(s.name) changed")
        }
    }

    private func fail(_ what: String) -> Never {
        Diagnostics.error("integrity check failed after \(calls) calls: \(what)")
        _exit(BurrowExitStatus.burrowFailed)
    }

    // MARK: - Descriptors

    private static func openDescriptors() -> Set<Int32> {
        var out: Set<Int32> = []
        guard let dir = opendir("/proc/self/fd") else { return out }
        let own = dirfd(dir)
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd != own { out.insert(fd) }
        }
        closedir(dir)
        return out
    }

    private static func describe(_ fd: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 512)
        let n = readlink("/proc/self/fd/\(fd)", &buf, buf.count - 1)
        return n < 0 ? "?" : String(cString: buf)
    }

    // MARK: - Canary pages

    /// One page below and one above every run of guest regions (except the stack's guard page,
    /// which must stay unmapped), the first page of each reserved window and of the host range.
    private func placeCanaries(_ memory: GuestMemory) {
        let page = UInt64(Self.page)
        var candidates: [UInt64] = [ToyOSAddressSpace.slotTableLow, ToyOSAddressSpace.compatWindowLow,
                                    ToyOSAddressSpace.stackTop, ToyOSAddressSpace.guestLimit]
        let guardPage = ToyOSAddressSpace.stackTop - ToyOSAddressSpace.stackSize - page
        var runStart: UInt64? = nil
        var runEnd: UInt64 = 0
        for r in memory.regions {
            if runStart == nil || r.start != runEnd {
                if let s = runStart { candidates += [s - page, runEnd] }
                runStart = r.start
            }
            runEnd = r.end
        }
        if let s = runStart { candidates += [s - page, runEnd] }
        for addr in Set(candidates) where addr != guardPage && addr >= page && memory.region(containing: addr) == nil {
            let p = mmap(UnsafeMutableRawPointer(bitPattern: UInt(addr)), Self.page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
            guard p != MAP_FAILED, let p else { continue }   // taken, or below mmap_min_addr
            guard UInt64(UInt(bitPattern: p)) == addr else { munmap(p, Self.page); continue }
            // SAFETY: a private anonymous page we just mapped at addr, not a guest region; only
            // this object writes to it (a write from anywhere else is what the check detects).
            let bytes = p.bindMemory(to: UInt64.self, capacity: Self.page / 8)
            for i in 0..<(Self.page / 8) { bytes[i] = addr &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(i) }
            canaries.append((addr, Self.hashPage(addr)))
        }
    }

    private static func hashPage(_ addr: UInt64) -> UInt64 { hash(addr, page) }

    private static func hash(_ start: UInt64, _ length: Int) -> UInt64 {
        // SAFETY: [start, start+length) is a canary page or a read-only file mapping of Burrow's
        // own, read from /proc/self/maps at start; Burrow never unmaps either.
        burrow_hash_bytes(UnsafeRawPointer(bitPattern: UInt(start)), length)
    }

    // MARK: - Read-only segments

    /// File-backed mappings above the guest's range that nobody may write: Burrow's and its
    /// libraries' code and constants.
    private static func readOnlySegments() -> [Segment] {
        guard let f = fopen("/proc/self/maps", "r") else { return [] }
        defer { fclose(f) }
        var out: [Segment] = []
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(cString: line)
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1].hasPrefix("r"), !fields[1].contains("w"),
                  fields[5].hasPrefix("/") else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let lo = UInt64(range[0], radix: 16), let hi = UInt64(range[1], radix: 16),
                  lo >= ToyOSAddressSpace.guestLimit, hi > lo else { continue }
            let name = fields[5].trimmingSuffix("\n")
            out.append(Segment(start: lo, length: Int(hi - lo), name: name, hash: hash(lo, Int(hi - lo))))
        }
        return out
    }
}

private extension Substring {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : String(self)
    }
}
