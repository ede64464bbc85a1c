// The raw-syscall guard: a guest that executes a Linux system-call instruction (`syscall`,
// `int 0x80`; `sysenter` where it traps) is reported, never served by the host kernel behind
// Burrow's back. Syscall User Dispatch catches them, but while it is armed EVERY host system call
// Burrow makes pays the kernel's slow entry path (docs/performance.md, "The raw-syscall guard's tax").
//
// Two modes, the same guarantee for code in guest memory (docs/architecture.md, "The raw-syscall
// guard and its tax"):
// - always: SUD armed from the start.
// - scan (the default): SUD armed only when guest code that could be such an instruction runs.
//   Every region that becomes executable is scanned for the instruction bytes at every offset
//   (0F 05, 0F 34, CD 80, one byte into its executable neighbours for an instruction that straddles
//   them). A page with a hit is held back (host r--, the guest's view stays r-x) until its first
//   instruction fetch; then the addresses where such an instruction could start on it get hardware
//   breakpoints (guardbp.c) while two last and the page is released, or else SUD arms. A breakpoint
//   that fires arms SUD before the instruction runs. The first breakpoint of a quiet machine would
//   make the guest wait 5-30 ms for the kernel (guardbp.c, "Warm-up"): then SUD stands in for the
//   breakpoints while a helper pays that wait, and the guest thread hands over to them at its next
//   system call after the helper is done (handOver: breakpoints made, SUD off). Memory whose bytes
//   can change without Burrow seeing a new executable region arms at once: writable and executable
//   memory (W^X is what makes a rescan on protect complete), file mappings (the file can be written
//   through another descriptor), and execute-only memory (it cannot be read to be scanned). Once
//   armed it stays armed (and a forked child re-arms it, as always).
// Neither mode is a security boundary: a guest can jump into Burrow's own code, and the SUD
// selector byte lies in memory the guest could write.
import CBurrowRuntime
import Glibc

public final class SyscallGuard {
    public enum Mode: String, CaseIterable, Sendable {
        case always, scan
    }

    public let mode: Mode
    public private(set) var armed = false

    /// Takes over SUD armed by the C runtime behind Swift's back: burrow_fork arms it in a child
    /// that cannot re-make the parent's breakpoints. Without this the child would go on holding
    /// pages back and its `--summary` would say "not armed" while SUD is on.
    /// A child forked during a hand-over (SUD standing in, the helper the parent's) keeps SUD for
    /// good too (burrow_fork forgets the helper): the simplest rule that never leaves it unguarded.
    public func syncWithRuntime() {
        guard !armed, burrow_sud_enabled() != 0 else { return }
        if handingOver && burrow_guard_warmup_pending() != 0 { return }   // SUD stands in, as meant
        markArmed(because: handingOver ? "a forked child of a hand-over from SUD to hardware breakpoints keeps SUD"
                                       : "a forked child could not re-make the hardware breakpoints")
    }
    /// "; N addresses watched by hardware breakpoints" when any is (for `--summary`), else "".
    public var watchedNote: String {
        let n = Int(burrow_guard_breakpoint_count())
        return n == 0 ? "" : "; \(n) \(n == 1 ? "address" : "addresses") watched by hardware breakpoints"
    }
    /// Why the guard was armed (scan mode), for `--summary`-style reports and tests.
    public private(set) var armedBecause: String?
    /// Bytes scanned so far (scan mode).
    public private(set) var scannedBytes: UInt64 = 0
    private var failure: Int32 = 0
    /// Strong, not weak: a weak reference gives GuestMemory a side table, and every retain and
    /// release of it (several per system call) would take the slow path. No cycle: the memory's
    /// hook holds the guard unowned.
    private var memory: GuestMemory?

    public init(mode: Mode) { self.mode = mode }

    /// Arms the guard now (always) or scans the guest's executable memory and watches what
    /// becomes executable later (scan). 0, or the errno of the prctl (no SUD on this kernel).
    public func start(memory: GuestMemory) -> Int32 {
        if mode == .always { return arm(because: "always") }
        // The breakpoints and the fetch faults speak host addresses, the scan guest ones: they are
        // the same only at host base 0 (ToyOS, xv6 x86-64 and flat i386). A guest placed elsewhere
        // (xv6 i386 confined, at 0x80000000) gets SUD from the start.
        if memory.hostBase != 0 { return arm(because: "guest memory at host base 0x\(String(memory.hostBase, radix: 16))") }
        self.memory = memory
        memory.executableHook = { [unowned self] region in self.noteExecutable(region) }
        for r in memory.regions where r.protection.contains(.execute) { noteExecutable(r) }
        return failure
    }

    func noteExecutable(_ r: GuestRegion) {
        syncWithRuntime()
        guard !armed, let memory else { return }
        let at = "0x" + String(r.start, radix: 16)
        if r.protection.contains(.write) { arm(because: "writable and executable memory at \(at)"); return }
        if r.fileBacked { arm(because: "an executable file mapping at \(at)"); return }
        if !r.protection.contains(.read) { arm(because: "execute-only memory at \(at) (it cannot be scanned)"); return }
        // Into executable, readable neighbours too: an instruction may start up to 14 bytes before
        // its 0F 05 (prefixes, REX), across a region boundary either way, and regions become
        // executable in any order (a neighbour scanned earlier could not see this region's bytes).
        func scannable(_ a: UInt64) -> Bool {
            guard let n = memory.region(containing: a) else { return false }
            return n.protection.contains(.execute) && n.protection.contains(.read)
        }
        var from = r.start
        while from > 0, r.start - from < 14, scannable(from - 1) { from -= 1 }
        var to = r.end
        while to - r.end < 15, scannable(to) { to += 1 }
        scannedBytes += to - from
        // Every hit, not only the first. Where an instruction could start and still be this system
        // call: the bytes themselves, or up to 14 legacy-prefix or REX bytes before them.
        var cursor = from
        while cursor + 1 < to {
            // SAFETY: [cursor, to) is mapped readable guest memory (the region and its checked neighbours).
            let hit = burrow_scan_raw_syscalls(UnsafeRawPointer(bitPattern: memory.host(cursor)), Int(to - cursor))
            if hit < 0 { break }
            let at = cursor + UInt64(hit)
            cursor = at + 1
            var starts = [at]
            var p = at
            // SAFETY: p - 1 >= from, inside the scanned readable range.
            while p > from, at - p < 14, Self.isPrefix(UnsafePointer<UInt8>(bitPattern: memory.host(p - 1))!.pointee) {
                p -= 1
                starts.append(p)
            }
            // An instruction wholly inside a neighbour is that neighbour's scan's business.
            if p >= r.end || at + 2 <= r.start { continue }
            let pages = Set([GuestMemory.pageDown(p), GuestMemory.pageDown(at), GuestMemory.pageDown(at + 1)])
            for page in pages { heldStarts[page, default: []].append(contentsOf: starts) }
            if !holdBack(pages, memory) { return }
        }
    }

    /// A hardware breakpoint on each start (guardbp.c), exact to the byte, while the debug
    /// registers last. False: not watched (too many, or perf_event_open refused).
    /// (Guest addresses are host addresses here: `start` arms at once for any other host base.)
    private func watch(_ starts: [UInt64]) -> Bool {
        guard let new = unwatched(starts) else { return false }
        return watch(new)
    }

    /// The same for starts `unwatched` has already chosen.
    private func watch(_ new: Set<UInt64>) -> Bool {
        for a in new {
            let e = burrow_guard_breakpoint_add(a)
            if e != 0 {
                breakpointsWork = false   // (a breakpoint added before stays: it is still a watch)
                breakpointRefusal = e
                return false
            }
        }
        return true
    }

    /// The pages stay readable but not executable for the CPU until their first instruction
    /// fetch (resumeAfterFetchFault). Again after every map or protect that made them executable:
    /// GuestMemory has just given them the guest's protection. False: the guard armed instead.
    private func holdBack(_ pages: Set<UInt64>, _ memory: GuestMemory) -> Bool {
        for page in pages {
            guard deferred.contains(page) || deferred.count < Self.maxDeferredPages,
                  mprotect(UnsafeMutableRawPointer(bitPattern: memory.host(page)), Int(GuestMemory.pageSize), PROT_READ) == 0
            else {
                arm(because: "Linux system-call instruction bytes in the page at 0x" + String(page, radix: 16))
                return false
            }
            deferred.insert(page)
        }
        return true
    }

    /// False once perf_event_open refused a breakpoint (no debug registers: a VM without them, a
    /// seccomp policy): pages are held back instead.
    private var breakpointsWork = true
    /// The errno perf_event_open gave when it refused (0: never refused).
    private var breakpointRefusal: Int32 = 0

    /// Legacy prefixes and REX: bytes that can lead the same instruction.
    static func isPrefix(_ b: UInt8) -> Bool {
        switch b {
        case 0x66, 0x67, 0xF2, 0xF3, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65, 0xF0, 0x40...0x4F: true
        default: false
        }
    }

    /// A SIGTRAP from one of the guard's breakpoints (si_code TRAP_PERF at a watched address): the
    /// guest is about to run accidental system-call bytes as an instruction. Arms the guard and
    /// resumes at the same instruction (true), which SUD then catches if it is a system call.
    public func resumeAfterBreakpoint(rip: UInt64) -> Bool {
        guard burrow_guard_breakpoint_hit(rip) != 0 else { return false }
        arm(because: "code ran onto Linux system-call instruction bytes at 0x" + String(rip, radix: 16))
        return armed
    }

    /// Pages whose bytes hold a Linux system-call instruction's bytes, executable for the guest but
    /// held back from the CPU (host protection r--) until their first instruction fetch.
    public private(set) var deferred: Set<UInt64> = []
    /// Beyond this many held-back pages the guard simply arms (each page costs a fault at most once).
    static let maxDeferredPages = 64

    /// A page fault of the guest: when it is an instruction fetch from a held-back page, the guard
    /// arms, every held-back page becomes executable as the guest asked, and the guest resumes at
    /// the same instruction (true). Anything else is the guest's own fault (false).
    public func resumeAfterFetchFault(address: UInt64, errorCode: UInt64) -> Bool {
        // x86 page-fault error code: bit 4 = the access was an instruction fetch.
        guard !deferred.isEmpty, errorCode & 0x10 != 0, let memory,
              deferred.contains(address & ~(GuestMemory.pageSize - 1)),
              let r = memory.region(containing: address), r.protection.contains(.execute)
        else { return false }
        let page = GuestMemory.pageDown(address)
        let starts = heldStarts[page] ?? []
        // SUD stands in while a hand-over waits for its helper: the page runs now, and its bytes
        // are watched with the others at the hand-over (or SUD stays, if they do not fit).
        if handingOver {
            handoverStarts += starts
            release(page, memory)
            return true
        }
        // The page runs after all: its system-call bytes get a breakpoint each while the debug
        // registers last (breakpoints go to the pages that do run), and the page is released.
        // Made now when the kernel is ready for them, else handed over to later (startHandover).
        if let new = unwatched(starts), startHandover(starts) || watch(new) {
            release(page, memory)
            return true
        }
        arm(because: heldPageRan(" (0x" + String(address, radix: 16) + ")"))
        return armed
    }

    /// Why the guard arms when a held-back page ran and its bytes could not be watched.
    private func heldPageRan(_ where: String) -> String {
        var why = "code ran from a page holding Linux system-call instruction bytes" + `where`
        if breakpointRefusal != 0 {
            // Said so that a machine without usable debug registers (a VM, a seccomp policy
            // refusing perf_event_open) reads as that, not as a guard that armed for no reason.
            why += "; hardware breakpoints unavailable: " + String(cString: strerror(breakpointRefusal))
        }
        return why
    }

    // MARK: The hand-over (docs/architecture.md, "The raw-syscall guard and its tax")

    /// True while SUD stands in for breakpoints not made yet: armed for now, not for good.
    public private(set) var handingOver = false
    /// The starts the hand-over will watch (of every page released meanwhile).
    private var handoverStarts: [UInt64] = []
    /// Hand-overs completed (SUD off again), for `--summary`.
    public private(set) var handovers = 0
    /// How long the fetch fault waits for the helper before SUD stands in: on a warm machine the
    /// helper is done in about 0.1-0.2 ms and the breakpoints come at once (no SUD at all); on a
    /// cold one nothing short would do, and SUD costs the guest ~85 ns a host call meanwhile.
    static let helperWait = 300_000
    /// Test-only (BURROW_TEST_GUARD_HANDOVER, set only by the tests; not a user option), so that a
    /// test's outcome does not depend on whether some other process on the machine had a perf
    /// event open a moment ago. "1": the fetch fault never waits, and the hand-over comes at the
    /// guest's next system call whatever the helper's progress (waiting for it there): a test sees
    /// both sides of it. "0": never a hand-over: the breakpoints are made at once, waiting for the
    /// kernel as long as it takes (the guard as it was before the hand-over).
    enum TestHandover { case normal, always, never }
    static let testHandover: TestHandover = switch getenv("BURROW_TEST_GUARD_HANDOVER").map({ String(cString: $0) }) {
    case "1": .always
    case "0": .never
    default: .normal
    }

    /// The starts not watched yet, when they fit in the debug registers the guard uses; nil when
    /// they do not (or breakpoints do not work here).
    private func unwatched(_ starts: [UInt64]) -> Set<UInt64>? {
        let new = Set(starts).filter { burrow_guard_breakpoint_hit($0) == 0 }
        guard breakpointsWork, Int(burrow_guard_breakpoint_count()) + new.count <= Int(BURROW_GUARD_BREAKPOINTS) else { return nil }
        return new
    }

    /// The breakpoints for a page that runs, without the kernel's wait: true when SUD now stands in
    /// for them (armed until handOver), false when the caller should make them now: the kernel is
    /// ready (a breakpoint of ours is open, or the helper was done within helperWait), or no helper
    /// could be started (clone refused: today's synchronous open).
    private func startHandover(_ starts: [UInt64]) -> Bool {
        if Self.testHandover == .never { return false }
        if burrow_guard_breakpoint_count() > 0 && Self.testHandover != .always { return false }   // our events keep the hooks on
        guard burrow_guard_warmup_start() == 0 else { return false }
        if Self.testHandover != .always, burrow_guard_warmup_wait(Self.helperWait) != 0 {
            _ = burrow_guard_warmup_finish()
            return false
        }
        guard burrow_sud_enable() == 0 else {
            _ = burrow_guard_warmup_finish()
            return false
        }
        handingOver = true
        handoverStarts = starts
        // The test switch: the next check (the guest's next system call) hands over.
        if Self.testHandover == .always { burrow_guard_warm_done = 1 }
        return true
    }

    /// The helper is done (burrow_guard_handover_ready, checked by the run loop and the fast
    /// path's entry at each system call): the breakpoints are made on this thread, and only then
    /// is SUD turned off, so that no guest instruction runs unwatched. When they cannot be made,
    /// SUD stays armed for good, as it would have without a hand-over.
    public func handOver() {
        _ = burrow_guard_warmup_finish()   // reaps the helper; its own refusal shows in watch below
        guard handingOver else { return }  // armed for good meanwhile
        handingOver = false
        let starts = handoverStarts
        handoverStarts = []
        if watch(starts), burrow_sud_disable() == 0 {
            handovers += 1
            return
        }
        markArmed(because: heldPageRan(""))
    }

    /// Where the accidental system-call instructions of each held-back page could start.
    private var heldStarts: [UInt64: [UInt64]] = [:]

    private func release(_ page: UInt64, _ memory: GuestMemory) {
        if let r = memory.region(containing: page), r.protection.contains(.execute) {
            mprotect(UnsafeMutableRawPointer(bitPattern: memory.host(page)), Int(GuestMemory.pageSize), r.protection.hostBits)
        }
        deferred.remove(page)
        heldStarts[page] = nil
    }

    /// Gives every held-back page the protection the guest asked for (once armed, none is needed).
    private func releaseDeferred() {
        guard let memory else { deferred.removeAll(); heldStarts.removeAll(); return }
        for page in deferred { release(page, memory) }
    }

    @discardableResult
    func arm(because why: String) -> Int32 {
        guard !armed else { return 0 }
        if !handingOver {   // (during a hand-over SUD is on already: it now stays)
            let r = burrow_sud_enable()
            if r != 0 { failure = r; return r }
        }
        markArmed(because: why)
        return 0
    }

    /// SUD is on: for good from now.
    private func markArmed(because why: String) {
        armed = true
        armedBecause = why
        handingOver = false
        handoverStarts = []
        releaseDeferred()
        burrow_guard_breakpoints_clear()
    }
}
