// The lane's C renderer (burrow_tracelane.h) against Swift's one-pass line (Tracer.laneLine): the
// same bytes, times included, for every row of both personalities' tables the renderer takes,
// random arguments (buffers readable, unreadable, write-only, NULL, straddling a region's end),
// random results and several string limits; and the switch that leaves every other configuration
// to Swift.
import Testing
import BurrowABI
import Glibc
import CBurrowRuntime
@testable import BurrowTrace

/// Guest memory as the lane's mirror describes it (GuestMemory.check's rules: a region that does
/// not allow reading is unreadable; an empty range is always readable), over one host block.
final class LaneMirrorMemory: TraceMemory {
    static let base: UInt64 = 0x10000
    static let size = 0x3000
    /// [0x10000, 0x12000) readable and writable (text, then binary); [0x12000, 0x13000) writable only.
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
    let regions = UnsafeMutablePointer<burrow_lane_region>.allocate(capacity: 2)
    let lane = UnsafeMutablePointer<burrow_lane_state>.allocate(capacity: 1)

    init(seed: UInt64) {
        var g = SplitMix(state: seed)
        for i in 0..<0x1000 { block[i] = UInt8(0x20 + g.next() % 0x5F) }
        for _ in 0..<24 { block[Int(g.next() % 0x1000)] = 0 }
        for i in 0x1000..<Self.size { block[i] = UInt8(truncatingIfNeeded: g.next()) }
        regions[0] = burrow_lane_region(start: Self.base, end: Self.base + 0x2000, protection: UInt64(BURROW_LANE_READ | BURROW_LANE_WRITE))
        regions[1] = burrow_lane_region(start: Self.base + 0x2000, end: Self.base + 0x3000, protection: UInt64(BURROW_LANE_WRITE))
        UnsafeMutableRawPointer(lane).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<burrow_lane_state>.size)
        lane.pointee.regions = UnsafePointer(regions)
        lane.pointee.nregions = 2
        lane.pointee.host_base = UInt64(UInt(bitPattern: block.baseAddress!)) &- Self.base
        lane.pointee.limit = 1 << 47
    }

    deinit {
        block.deallocate()
        regions.deallocate()
        lane.deallocate()
    }

    func readable(_ addr: UInt64, _ count: Int) -> UnsafeRawBufferPointer? {
        if count == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let (last, overflow) = addr.addingReportingOverflow(UInt64(count) - 1)
        guard !overflow, addr >= Self.base, last < Self.base + 0x2000 else { return nil }
        return UnsafeRawBufferPointer(rebasing: block[Int(addr - Self.base)...Int(last - Self.base)])
    }

    /// GuestMemory.readableCString's answer: the bytes up to a NUL within max + 1, stopping where
    /// the readable region ends.
    func cString(_ addr: UInt64, max: Int) -> (bytes: UnsafeRawBufferPointer, terminated: Bool)? {
        guard addr >= Self.base, addr < Self.base + 0x2000 else { return nil }
        let from = Int(addr - Self.base), scan = min(max + 1, 0x2000 - from)
        for i in 0..<scan where block[from + i] == 0 {
            return (UnsafeRawBufferPointer(rebasing: block[from..<from + i]), true)
        }
        return (UnsafeRawBufferPointer(rebasing: block[from..<from + min(scan, max)]), false)
    }

    func attachLaneView(_ view: UnsafeMutablePointer<burrow_lane_state>) -> Bool {
        view.pointee.regions = lane.pointee.regions
        view.pointee.nregions = lane.pointee.nregions
        view.pointee.host_base = lane.pointee.host_base
        view.pointee.limit = lane.pointee.limit
        return true
    }
}

/// A register for a lane call's test (LaneLineTests' too): small numbers, -1, and addresses
/// readable (text, then binary), write-only, up to the readable region's end, and unmapped, as
/// LaneMirrorMemory lays them out.
func laneArgument(_ g: inout SplitMix) -> UInt64 {
    switch g.next() % 8 {
    case 0: 0
    case 1: g.next() % 8
    case 2: g.next() % 300
    case 3: 0x10000 + g.next() % 0x2000              // readable, text or binary after it
    case 4: 0xFFFF_FFFF_FFFF_FFFF                    // -1
    case 5: 0x12000 + g.next() % 0x1000              // write-only
    case 6: 0x11F00 + g.next() % 0x100               // up to the readable region's end
    default: 0x7000_0000 + g.next() % 0x1000         // unmapped
    }
}

struct LaneTraceTests {
    /// The zone RenderingTests' tracers set (process-wide, and tests run in parallel): set here
    /// first, so that no other test's first setenv lands between a C and a Swift local time.
    init() {
        setenv("TZ", "UTC", 1)
        tzset()
    }

    /// The registers as SyscallArgs decodes them by the row's widths (as the observer does).
    func decoded(_ r: RawArgs, _ row: CallInfo) -> RawArgs {
        func d(_ i: Int, _ v: UInt64) -> UInt64 { i < row.args.count ? row.args[i].kind.decode(v) : 0 }
        return (d(0, r.0), d(1, r.1), d(2, r.2), d(3, r.3), d(4, r.4), d(5, r.5))
    }

    /// A clock both sides read alike: its anchor ahead of any counter reading, so a start converts
    /// backwards from it by the rate, and every "now" is an exact reading, which returns `end`.
    func pin(_ t: Tracer, end: UInt64) {
        let c = t.eventClock.state
        c.pointee.use_tsc = 1
        c.pointee.rate = 3 << 31                 // 1.5 ns a tick
        c.pointee.anchor_ticks = 1 << 62
        c.pointee.anchor_ns = 5_000_000_000_000
        c.pointee.last = 0
        c.pointee.fixed_exact = end
    }

    func compare(_ table: TraceTable, _ format: TraceFormat, limit: Int) -> Int {
        var g = SplitMix(state: 0x7EAC ^ UInt64(limit))
        var rendered = 0
        for row in table.rows where row.number < UInt64(BURROW_LANE_TRACE_ROWS) {
            for round in 0..<10 {
                let mem = LaneMirrorMemory(seed: UInt64(round) &* 7919 &+ row.number)
                let args = decoded((laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g)), row)
                let result = g.next() % 3 == 0 ? g.next() % 5000 : g.next() % 3 == 0 ? 0x7FFF_FFFF_0000 + g.next() % 99 : g.next() % 40
                let w = TraceWriter.memory()
                let t = Tracer(options: TraceOptions(format: format, stringLimit: limit), writer: w, summary: false, memory: mem,
                               programName: "prog", pid: 42, tid: 43, table: table)
                let end = 5_000_000_000_000 + UInt64(round) * 1_234_567_891
                pin(t, end: end)
                let startTicks: UInt64 = (1 << 62) - 1_000_000 * UInt64(round + 1)
                let values = [args.0, args.1, args.2, args.3, args.4, args.5]
                let n = values.withUnsafeBufferPointer {
                    burrow_lane_trace_render(t.laneRenderer, mem.lane, row.number, $0.baseAddress, startTicks, result)
                }
                let takes = t.laneRow(row.number) != nil
                #expect((n > 0) == takes, "\(row.name): rendered \(n) bytes, takes it: \(takes)")
                guard n > 0 else { continue }
                rendered += 1
                let c = String(decoding: UnsafeBufferPointer(start: t.laneRenderer.pointee.event, count: n), as: UTF8.self)
                t.laneEvent(number: row.number, args: args, startTicks: startTicks, result: result)
                #expect(c == w.pending, "\(row.name) \(args) = \(result), -s \(limit)")
            }
        }
        return rendered
    }

    @Test(arguments: [TraceFormat.text, .jsonl], [32, 0, 5, 200, 4096])
    func toyOSRowsRenderAsLaneLine(_ format: TraceFormat, _ limit: Int) {
        let rendered = compare(.toyOS, format, limit: limit)
        // The lane's rows at least (read, write, pread, pwrite, getpid, getppid), ten rounds each.
        #expect(rendered >= 60, "\(rendered) events rendered")
        let t = Tracer(options: TraceOptions(format: format), writer: .memory(), summary: false, memory: LaneMirrorMemory(seed: 1),
                       programName: "p")
        for call in [ToyCall.read, .write, .pread, .pwrite, .getpid, .getppid] {
            #expect(t.laneRow(UInt64(call.rawValue)) != nil, "\(call)")
        }
    }

    @Test(arguments: [TraceFormat.text, .jsonl])
    func xv6RowsRenderAsLaneLine(_ format: TraceFormat) {
        #expect(compare(TraceTable(XV6.abi), format, limit: 32) > 0)
    }

    /// A trapped (or fast) call of a number the table lacks, failed with ENOSYS: the renderer's
    /// bytes (from didCall) are renderText's and renderJSONL's.
    @Test(arguments: [TraceFormat.text, .jsonl])
    func unknownCallsRenderAsSwiftDoes(_ format: TraceFormat) {
        var g = SplitMix(state: 0x5E75)
        var rendered = 0
        for table in [TraceTable.toyOS, TraceTable(XV6.abi)] {
            for round in 0..<40 {
                let number: UInt64 = [0x1FF, 300, 1 << 40, UInt64(table.maxNumber + 1) + g.next() % 50][round % 4]
                let args: RawArgs = (g.next(), g.next() % 10, 0, UInt64.max, g.next() >> (g.next() % 64), 0x10000)
                let fast = round % 3 == 0
                let end = 5_000_000_000_000 + UInt64(round) * 1000 + g.next() % 3_000_000_000
                var out: [String] = []
                var byC = false
                for renderer in [true, false] {
                    let w = TraceWriter.memory()
                    let t = Tracer(options: TraceOptions(format: format), writer: w, summary: false, memory: LaneMirrorMemory(seed: 4),
                                   programName: "prog", pid: 42, tid: 43, table: table)
                    if !renderer { t.laneRenderer.pointee.on = 0 }
                    // (One wall clock for both tracers: each measures its own offset.)
                    t.clock = WallClock(offset: 1_796_000_000_000_000_000)
                    t.laneRenderer.pointee.wall_offset = t.clock.offset
                    pin(t, end: 5_000_000_000_000 + UInt64(round) * 1000)
                    t.callPath(fast: fast)
                    t.willCall(number: number, args: args)
                    t.eventClock.state.pointee.fixed_exact = end
                    t.laneRenderer.pointee.event[0] = 0
                    t.didCall(number: number, result: UInt64(GuestErrno.ENOSYS.value), errno: table === TraceTable.toyOS ? GuestErrno.ENOSYS.value : GuestErrno.unnamed.value)
                    out.append(w.pending)
                    if renderer {
                        let c = String(decoding: UnsafeBufferPointer(start: t.laneRenderer.pointee.event, count: w.pending.utf8.count), as: UTF8.self)
                        byC = c == w.pending
                    }
                }
                #expect(out[0] == out[1], "\(number) \(args) fast \(fast)")
                if byC { rendered += 1 }
            }
        }
        // ToyOS's ENOSYS is the renderer's; xv6's unnamed failure is Swift's.
        #expect(rendered == 40, "\(rendered) rendered in C")
    }

    /// A call heard of before and after it (trapped, or dispatched from a patched stub): the
    /// renderer's event (burrow_trace_call_begin from willCall, _end from didCall) is the one Swift
    /// writes with the renderer off, for every row of both tables, random arguments (paths and
    /// buffers readable, cut, unreadable, NULL), results and errors (named, unnamed, and one
    /// without a name, which Swift then writes from the renderer's staged arguments).
    @Test(arguments: [TraceFormat.text, .jsonl], [32, 0, 4096])
    func callsRenderAsSwiftDoes(_ format: TraceFormat, _ limit: Int) {
        var g = SplitMix(state: 0xCA11 ^ UInt64(limit))
        var byC = 0, adopted = 0
        for table in [TraceTable.toyOS, TraceTable(XV6.abi)] {
            for row in table.rows where row.number < UInt64(BURROW_LANE_TRACE_ROWS) {
                for round in 0..<8 {
                    let args: RawArgs = (laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g))
                    // Then other arguments, then the first again (a set's memo kept, missed, hit).
                    let other: RawArgs = (laneArgument(&g), g.next() % 4096, laneArgument(&g), g.next() % 2048, laneArgument(&g), laneArgument(&g))
                    let result = g.next() % 3 == 0 ? g.next() % 5000 : g.next() % 3 == 0 ? 0x7FFF_FFFF_0000 + g.next() % 99 : g.next() % 40
                    let errors: [UInt32?] = [nil, nil, nil, 0, 2, 9, 13, UInt32(table.errnoCount) + 3]
                    let error = errors[Int(g.next() % UInt64(errors.count))]
                    let fast = round % 2 == 0
                    let end = 5_000_000_000_000 + UInt64(round) * 1000 + g.next() % 3_000_000_000
                    var out: [String] = []
                    var staged = false, rendered = false
                    for renderer in [true, false] {
                        let mem = LaneMirrorMemory(seed: UInt64(round) &* 7919 &+ row.number)
                        let w = TraceWriter.memory()
                        let t = Tracer(options: TraceOptions(format: format, stringLimit: limit), writer: w, summary: false, memory: mem,
                                       programName: "prog", pid: 42, tid: 43, table: table)
                        if !renderer { t.laneRenderer.pointee.on = 0 }
                        t.clock = WallClock(offset: 1_796_000_000_000_000_000)
                        t.laneRenderer.pointee.wall_offset = t.clock.offset
                        var events = ""
                        for (k, a) in [args, other, args].enumerated() {
                            pin(t, end: 5_000_000_000_000 + UInt64(round) * 1000 + UInt64(k))
                            t.callPath(fast: fast)
                            t.willCall(number: row.number, args: a)
                            if renderer && k == 0 { staged = t.staged }
                            t.eventClock.state.pointee.fixed_exact = end + UInt64(k)
                            let before = w.pending.utf8.count
                            t.didCall(number: row.number, result: result, errno: error)
                            let event = String(w.pending.utf8.dropFirst(before))!
                            events += event
                            if renderer && k == 0 && staged {
                                let c = String(decoding: UnsafeBufferPointer(start: t.laneRenderer.pointee.event, count: event.utf8.count), as: UTF8.self)
                                rendered = c == event
                            }
                        }
                        out.append(events)
                        withExtendedLifetime(mem) {}
                    }
                    #expect(out[0] == out[1], "\(row.name) \(args) = \(result) errno \(String(describing: error)), -s \(limit)")
                    if rendered { byC += 1 } else if staged { adopted += 1 }
                }
            }
        }
        // The rows of both tables' files (open, close, stat, unlink, mkdir, ...) in C; the error
        // without a name by Swift from the staged arguments.
        #expect(byC > 300, "\(byC) rendered in C")
        #expect(adopted > 10, "\(adopted) adopted by Swift")
        let t = Tracer(options: TraceOptions(format: format), writer: .memory(), summary: false, memory: LaneMirrorMemory(seed: 1), programName: "p")
        for call in [ToyCall.open, .close, .stat, .unlink, .mkdir, .lseek, .getcwd, .readlink] {
            #expect(withExtendedLifetime(t) { burrow_trace_call_takes(t.laneRenderer, UInt64(call.rawValue)) } != 0, "\(call)")
        }
    }

    /// A call the personality hands to the renderer whole (burrow_trace_direct_begin and _end,
    /// telling the tracer's didCall only when _end leaves the event to it, as handleSyscall and
    /// tellEnd do): the same events as Swift's with the renderer off, for ToyOS's rows and unknown
    /// numbers, random arguments, results, errors (named, unnamed, and one without a name: Swift
    /// adopts the pending call), and interrupted calls (Swift's restart lines, adopted).
    @Test(arguments: [TraceFormat.text, .jsonl])
    func directCallsRenderAsSwiftDoes(_ format: TraceFormat) {
        var g = SplitMix(state: 0xD1EC7)
        let table = TraceTable.toyOS
        var byC = 0, adopted = 0, unknownByC = 0
        let numbers = table.rows.map(\.number).filter { $0 < UInt64(BURROW_LANE_TRACE_ROWS) } + [0x1FF, 200, 1 << 40]
        for number in numbers {
            for round in 0..<6 {
                let known = table.rawInfo(number) != nil
                // The registers as the guest passed them (the renderer's), and as SyscallArgs
                // decodes them (willCall's).
                // In odd rounds the registers' upper halves hold garbage, which a 32-bit
                // argument's decoding drops.
                func register() -> UInt64 { laneArgument(&g) ^ (round % 2 == 1 ? g.next() & 0xFFFF_FFFF_0000_0000 : 0) }
                let registers: RawArgs = (register(), register(), register(), register(), register(), register())
                let args = table.info(number).map { decoded(registers, $0) } ?? registers
                let result = known ? g.next() % 5000 : UInt64(GuestErrno.ENOSYS.value)
                let errors: [UInt32?] = known ? [nil, nil, 2, 13, UInt32(table.errnoCount) + 3, GuestErrno.EINTR.value]
                                              : [GuestErrno.ENOSYS.value, GuestErrno.ENOSYS.value, 2]
                let error = errors[round % errors.count]
                let restart: InterruptedCallRestart? = error == GuestErrno.EINTR.value && round % 2 == 1 ? .ifSARestart : nil
                let fast = round % 3 == 0
                let end = 5_000_000_000_000 + UInt64(round) * 1000 + g.next() % 3_000_000_000
                var out: [String] = []
                var handed = false, ended = false
                for direct in [true, false] {
                    let mem = LaneMirrorMemory(seed: UInt64(round) &* 7919 &+ number)
                    let w = TraceWriter.memory()
                    let t = Tracer(options: TraceOptions(format: format), writer: w, summary: false, memory: mem,
                                   programName: "prog", pid: 42, tid: 43, table: table)
                    if !direct { t.laneRenderer.pointee.on = 0 }
                    t.clock = WallClock(offset: 1_796_000_000_000_000_000)
                    t.laneRenderer.pointee.wall_offset = t.clock.offset
                    pin(t, end: 5_000_000_000_000 + UInt64(round) * 1000)
                    let begun = withUnsafeBytes(of: registers) {
                        burrow_trace_direct_begin(t.laneRenderer, number, $0.baseAddress!.assumingMemoryBound(to: UInt64.self), fast ? 1 : 0)
                    } != 0
                    if !begun {
                        t.callPath(fast: fast)
                        t.willCall(number: number, args: args)
                    }
                    t.eventClock.state.pointee.fixed_exact = end
                    let n = restart == nil ? burrow_trace_direct_end(t.laneRenderer, result, error.map { Int64($0) } ?? -1) : 0
                    if n == 0 { t.didCall(number: number, result: result, errno: error, restart: restart) }
                    #expect(t.laneRenderer.pointee.pending == 0)
                    if direct { (handed, ended) = (begun, n > 0) }
                    out.append(w.pending)
                    withExtendedLifetime(mem) {}
                }
                #expect(out[0] == out[1], "\(number) \(args) = \(result) errno \(String(describing: error)) \(String(describing: restart))")
                if ended { if known { byC += 1 } else { unknownByC += 1 } } else if handed { adopted += 1 }
            }
        }
        #expect(byC > 100, "\(byC) rendered in C")
        #expect(unknownByC >= 10, "\(unknownByC) unknown calls rendered in C")
        #expect(adopted > 20, "\(adopted) adopted by Swift")
    }

    /// Every configuration laneLine's bytes would not cover is Swift's.
    @Test func theSwitch() {
        func tracer(_ options: TraceOptions = TraceOptions(), summary: Bool = false, memory: TraceMemory? = LaneMirrorMemory(seed: 2),
                    writer: TraceWriter? = .memory()) -> Tracer {
            Tracer(options: options, writer: writer, summary: summary, memory: memory, programName: "p")
        }
        // (Read while the tracer lives: a temporary's renderer is freed with it.)
        func on(_ t: Tracer) -> UInt32 { withExtendedLifetime(t) { t.laneRenderer.pointee.on } }
        #expect(on(tracer()) == 1)
        #expect(on(tracer(TraceOptions(format: .jsonl))) == 1)
        #expect(on(tracer(TraceOptions(format: .chrome))) == 0)
        #expect(on(tracer(TraceOptions(status: .failedOnly))) == 0)
        #expect(on(tracer(TraceOptions(stringLimit: Int(BURROW_LANE_TRACE_LIMIT) + 1))) == 0)
        #expect(on(tracer(summary: true)) == 0)
        #expect(on(tracer(memory: nil)) == 0)
        #expect(on(tracer(writer: nil)) == 0)
        let paths = tracer()
        paths.showDescriptorPaths { _ in nil }
        #expect(on(paths) == 0)
        let fixed = tracer()
        fixed.fixedMonotonic = 1
        #expect(on(fixed) == 0)
        // Calls handed over whole (burrow_trace_direct_begin): where the renderer is on and the
        // observer adds nothing (directCalls); every row with a recipe but fork's, whose failure
        // the session hears of; a traced unknown number, and past the rows all of them unless the
        // filter names one.
        func direct(_ t: Tracer, _ n: UInt64) -> UInt8 {
            withExtendedLifetime(t) {
                let calls = UnsafeRawPointer(t.laneRenderer) + MemoryLayout<burrow_lane_trace>.offset(of: \.calls)!
                return calls.assumingMemoryBound(to: burrow_trace_call_row.self)[Int(n)].direct
            }
        }
        let plain = tracer()
        #expect(withExtendedLifetime(plain) { plain.laneRenderer.pointee.direct } == 1)
        #expect(direct(plain, UInt64(ToyCall.unlink.rawValue)) == UInt8(BURROW_TD_ROW))
        #expect(direct(plain, UInt64(ToyCall.fork.rawValue)) == 0)
        #expect(direct(plain, UInt64(ToyCall.exec.rawValue)) == 0)
        #expect(direct(plain, 200) == UInt8(BURROW_TD_UNKNOWN))
        #expect(withExtendedLifetime(plain) { plain.laneRenderer.pointee.direct_beyond } == 1)
        plain.directCalls = false
        #expect(withExtendedLifetime(plain) { plain.laneRenderer.pointee.direct } == 0)
        #expect(withExtendedLifetime(plain) { plain.laneRenderer.pointee.on } == 1)
        let some = tracer(TraceOptions(filter: try! TraceFilter(parsing: "write,syscall_0xc8")))
        #expect(direct(some, 200) == UInt8(BURROW_TD_UNKNOWN))
        #expect(direct(some, 201) == 0)
        #expect(direct(some, UInt64(ToyCall.unlink.rawValue)) == 0)
        #expect(withExtendedLifetime(some) { some.laneRenderer.pointee.direct_beyond } == 0)
        let summed = tracer(summary: true)
        #expect(withExtendedLifetime(summed) { summed.laneRenderer.pointee.direct } == 0)
        // A fork's child: Swift's until its fork call returns (its event is the child's first).
        let child = tracer()
        child.didForkInChild(pid: 7, tid: 7, newFD: nil)
        #expect(on(child) == 0)
        let fork = child.forkNumber!
        child.willCall(number: fork, args: (0, 0, 0, 0, 0, 0))
        child.didCall(number: fork, result: 0, errno: nil)
        #expect(on(child) == 1)
        // The child's ids.
        let ids = withExtendedLifetime(child) {
            withUnsafeBytes(of: child.laneRenderer.pointee.ids) { Array($0.prefix(Int(child.laneRenderer.pointee.ids_count))) }
        }
        #expect(String(decoding: ids, as: UTF8.self) == "[pid 7] ")
        // A filter: an untraced call is not the renderer's either (it writes no line for it).
        let filtered = tracer(TraceOptions(filter: try! TraceFilter(parsing: "write")))
        #expect(filtered.laneRow(UInt64(ToyCall.read.rawValue)) == nil)
        #expect(filtered.laneRow(UInt64(ToyCall.write.rawValue)) != nil)
        // With the renderer off, nothing is rendered.
        let off = tracer(summary: true)
        let mem = LaneMirrorMemory(seed: 3)
        let n = withExtendedLifetime((off, mem)) {
            [UInt64](repeating: 0, count: 6).withUnsafeBufferPointer {
                burrow_lane_trace_render(off.laneRenderer, mem.lane, UInt64(ToyCall.getpid.rawValue), $0.baseAddress, 1, 5)
            }
        }
        #expect(n == 0)
    }
}
