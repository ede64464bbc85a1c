// The quick lane's traced calls written in C (burrow_tracelane.h, tracelane.c), and since session
// 28 the calls willCall and didCall hear of whose every argument is of a kind the renderer shows
// (callRow; Swift writes them from the staged bytes when the event needs what only it shows,
// adoptStaged; LaneTraceTests.callsRenderAsSwiftDoes): the tracer fills
// the renderer with what laneLine reads (its rows' names, JSON fragments and argument kinds, the
// ids, the quote table, the string limit, its clock) and switches it on where laneLine's bytes
// need nothing more: text or JSON Lines to a writer, every result shown, no summary, guest memory
// to read, no descriptor paths, no fixed test clock, a string limit the renderer's room holds, and
// not in a fork's child before its fork call returns. Every other call, and every call in any
// other configuration, goes to Swift's observer, which stays the reference: LaneTraceTests holds
// the renderer's bytes to laneLine's.
//
// Why C: a traced read cost +0.49 µs over the untraced one in Swift against the C tracer's +0.22
// (docs/performance.md section 3, session 26); quoting its bytes cost both alike, the rest was the
// observer's chain and the line's head, decimals and times. Written here, a text read event is
// ~1,450 steps and 72 code lines instead of 2,136 and 122 (bench/countlines.py), and
// bench/tracecost's seqread 0.34 µs an event instead of 0.49 (section 3, session 27). A traced
// file churn call (open, close, stat, unlink) is ~2,000 steps over the untraced one instead of
// ~2,470, not the halving of a read: most of what remains is cache misses after the kernel's
// file work and the two clock readings, on either side (section 3, session 28).
import BurrowABI
import CBurrowRuntime

extension Tracer {
    /// Makes this tracer's renderer the one the quick lane's observer uses (one per process: the
    /// run's tracer, set up by the CLI).
    public func installLaneRenderer() { burrow_lane_trace_install(laneRenderer) }

    /// Everything but the switch and the ids (renderIDs): set once, at init.
    func fillLaneRenderer() {
        let r = laneRenderer
        r.pointee.json = options.format == .text ? 0 : 1
        r.pointee.string_limit = UInt32(min(options.stringLimit, Int(BURROW_LANE_TRACE_LIMIT)))
        r.pointee.max_transfer = ToyOS.maxTransfer   // (ArgDecoder.length's cap)
        r.pointee.path_limit = UInt32(min(pathLimit, Int(BURROW_LANE_TRACE_LIMIT)))
        r.pointee.clock = eventClock.state
        r.pointee.wall_offset = clock.offset
        r.pointee.quote_table = ByteBuffer.quoteTable.assumingMemoryBound(to: UInt32.self)
        r.pointee.commit = Self.laneCommit
        r.pointee.commit_context = writer.map { Unmanaged.passUnretained($0).toOpaque() }
        r.pointee.window = writer?.window
        // An unknown call's failure, as renderText and renderJSONL show it.
        for e in 0..<table.errnoCount {
            guard let name = table.rawErrnoNames[e], UnsafeBufferPointer(start: name.base, count: name.count).elementsEqual("ENOSYS".utf8),
                  let shown = (options.format == .text ? table.rawErrnoTexts : table.rawErrnoNames)[e], shown.count <= 64 else { continue }
            withUnsafeMutableBytes(of: &r.pointee.enosys) { $0.copyMemory(from: UnsafeRawBufferPointer(start: shown.base, count: shown.count)) }
            r.pointee.enosys_count = UInt32(shown.count)
            unknownCallErrno = UInt32(e)
        }
        withUnsafeMutableBytes(of: &r.pointee.rows) { raw in
            let rows = raw.bindMemory(to: burrow_lane_trace_row.self)
            for n in rows.indices { rows[n] = laneRow(UInt64(n)) ?? burrow_lane_trace_row() }
        }
        fillCallRecipes()
        updateLaneRenderer()
    }

    /// What the renderer needs for calls heard of before and after (burrow_trace_call_begin and
    /// _end): the errors, struct stat's layout, the sets, each row's recipe.
    func fillCallRecipes() {
        let r = laneRenderer
        let errorCount = table.errnoCount
        let shown = store(UnsafePointer<UInt8>?.self, errorCount), counts = store(UInt32.self, errorCount)
        for e in 0..<errorCount {
            let bytes = (options.format == .text ? table.rawErrnoTexts : table.rawErrnoNames)[e]
            shown[e] = bytes?.base
            counts[e] = UInt32(bytes?.count ?? 0)
        }
        r.pointee.errno_count = UInt32(errorCount)
        r.pointee.errno_shown = UnsafePointer(shown)
        r.pointee.errno_shown_counts = UnsafePointer(counts)
        r.pointee.stat_size = UInt32(decoder.statBytes)
        r.pointee.stat_mode_offset = UInt32(decoder.statModeOffset)
        r.pointee.stat_size_offset = UInt32(decoder.statSizeOffset)
        r.pointee.file_type_mask = decoder.fileTypeMask
        var sets: [ObjectIdentifier: UnsafeMutablePointer<burrow_trace_set>] = [:]
        r.pointee.file_types = UnsafePointer(cSet(table.fileTypeSet, &sets))
        // (Without a view of guest memory, every call is Swift's.)
        let attached = memory?.attachLaneView(r.pointee.view) ?? false
        withUnsafeMutableBytes(of: &r.pointee.calls) { raw in
            let rows = raw.bindMemory(to: burrow_trace_call_row.self)
            for n in rows.indices {
                let row = r.pointee.file_types == nil || !attached || pathLimit > Int(BURROW_LANE_TRACE_LIMIT) ? nil : callRow(UInt64(n), &sets)
                rows[n] = row ?? burrow_trace_call_row()
                rows[n].direct = directKind(UInt64(n), recipe: row != nil)
            }
        }
        // Every number past the rows an unknown one that is traced (the table ends before them,
        // and the filter names none of them).
        let filter = options.filter
        r.pointee.direct_beyond = unknownCallErrno != 0 && tracedCount <= UInt64(BURROW_LANE_TRACE_ROWS) && filter.tracesUnknown
            && filter.unknownExceptions.isEmpty ? 1 : 0
        r.pointee.unknown_errno = unknownCallErrno
    }

    /// How the personality may hand call `number` to the renderer whole (burrow_trace_call_row's
    /// `direct`): a row with a recipe but fork (whose failure the observer tells the session of),
    /// or a traced number the table does not have when the renderer writes unknown calls.
    func directKind(_ number: UInt64, recipe: Bool) -> UInt8 {
        if recipe { return number == forkNumber ? 0 : UInt8(BURROW_TD_ROW) }
        return table.rawInfo(number) == nil && unknownCallErrno != 0 && traces(number) ? UInt8(BURROW_TD_UNKNOWN) : 0
    }

    /// Room for `count` values of T that lives as long as this tracer.
    private func store<T>(_: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<T>.stride, alignment: MemoryLayout<T>.alignment)
        rendererStorage.append(p)
        return p.bindMemory(to: T.self, capacity: max(1, count))
    }

    /// A constant set as the renderer reads it (made once per set), or nil for one of more than
    /// 64 entries (appendFlags' bit mask).
    private func cSet(_ set: PreparedSet, _ made: inout [ObjectIdentifier: UnsafeMutablePointer<burrow_trace_set>]) -> UnsafeMutablePointer<burrow_trace_set>? {
        if let c = made[ObjectIdentifier(set)] { return c }
        guard set.count <= 64 else { return nil }
        let names = store(UnsafePointer<UInt8>?.self, set.count), counts = store(UInt32.self, set.count)
        for i in 0..<set.count {
            names[i] = set.rawNames[i].base
            counts[i] = UInt32(set.rawNames[i].count)
        }
        let order = store(UInt32.self, set.matchCount)
        for k in 0..<set.matchCount { order[k] = UInt32(set.rawMatchOrder[k]) }
        let c = store(burrow_trace_set.self, 1)
        c.initialize(to: burrow_trace_set())   // (no memo yet)
        c.pointee.count = UInt32(set.count)
        c.pointee.match_count = UInt32(set.matchCount)
        c.pointee.values = UnsafePointer(set.rawValues)
        c.pointee.names = UnsafePointer(names)
        c.pointee.name_counts = UnsafePointer(counts)
        c.pointee.match_order = UnsafePointer(order)
        c.pointee.zero_name = set.rawZeroName?.base
        c.pointee.zero_count = UInt32(set.rawZeroName?.count ?? 0)
        made[ObjectIdentifier(set)] = c
        return c
    }

    /// Call `number`'s row when a recipe may take it: traced, one pass (every argument shown in
    /// its place), at most `maxArgs` arguments, its name and JSON row within the renderer's room.
    private func renderableRow(_ number: UInt64, maxArgs: Int) -> RawCallInfo? {
        guard number < tracedCount, tracedNumbers[Int(number)], let info = table.rawInfo(number) else { return nil }
        let i = info.pointee
        guard i.onePass, i.argCount <= maxArgs, i.name.count <= 64, i.jsonRow.count <= 256 else { return nil }
        return i
    }

    /// Call `number`'s recipe for the renderer's willCall/didCall events, or nil when Swift
    /// renders it: not traced, not a one-pass row, no return (exit, exec), a result by command,
    /// or an argument of a kind it does not show (structures but struct stat, string arrays,
    /// time spans, a command's kind).
    func callRow(_ number: UInt64, _ sets: inout [ObjectIdentifier: UnsafeMutablePointer<burrow_trace_set>]) -> burrow_trace_call_row? {
        guard let i = renderableRow(number, maxArgs: 6) else { return nil }
        var row = burrow_trace_call_row()
        row.present = 1
        row.nargs = UInt8(i.argCount)
        switch i.returns {
        case .noReturn, .byCommand: return nil
        case .address: row.ret = UInt8(BURROW_LT_RET_HEX)
        case .none, .int, .size, .offset, .fd, .pid: row.ret = UInt8(BURROW_LT_RET_SIGNED)
        }
        row.name_count = UInt8(i.name.count)
        row.name = i.name.base
        row.json_row_count = UInt16(i.jsonRow.count)
        row.json_row = i.jsonRow.base
        var args: [burrow_trace_call_arg] = []
        func length(_ source: LengthSource) -> UInt8? {
            switch source {
            case .argument(let n) where n >= 0 && n < 6: UInt8(n)
            case .returnValue: UInt8(BURROW_LT_LENGTH_RESULT)
            default: nil
            }
        }
        for k in 0..<i.argCount {
            let a = i.args[k]
            guard a.jsonHead.count <= 64 else { return nil }
            var c = burrow_trace_call_arg(kind: 0, length: 0, json_head_count: UInt16(a.jsonHead.count), json_head: a.jsonHead.base, set: nil)
            switch a.kind {
            case .int, .pid, .fd, .offset: c.kind = UInt8(BURROW_LT_SIGNED)
            case .uint, .size: c.kind = UInt8(BURROW_LT_UNSIGNED)
            case .hex: c.kind = UInt8(BURROW_LT_HEX)
            case .address: c.kind = UInt8(BURROW_LT_ADDRESS)
            case .mode: c.kind = UInt8(BURROW_LT_MODE)
            case .path: c.kind = UInt8(BURROW_LT_PATH)
            case .flags, .enumeration:
                guard let set = a.set, let cs = cSet(set.takeUnretainedValue(), &sets) else { return nil }
                if case .flags = a.kind { c.kind = UInt8(BURROW_LT_FLAGS) } else { c.kind = UInt8(BURROW_LT_ENUM) }
                c.set = cs
            case .bufferIn(let source):
                guard case .argument = source, let n = length(source) else { return nil }   // (the result's: shown after)
                c.kind = UInt8(BURROW_LT_BUFFER)
                c.length = n
            case .bufferOut(let source), .pathOut(let source):
                guard let n = length(source) else { return nil }
                if case .pathOut = a.kind { c.kind = UInt8(BURROW_LT_PATH_OUT) } else { c.kind = UInt8(BURROW_LT_BUFFER_OUT) }
                c.length = n
            case .structOut(.stat): c.kind = UInt8(BURROW_LT_STAT_OUT)
            default: return nil
            }
            args.append(c)
        }
        row.widths = ArgWidth.codes(table.info(number)?.args ?? [])
        withUnsafeMutableBytes(of: &row.args) { raw in
            let slots = raw.bindMemory(to: burrow_trace_call_arg.self)
            for (k, c) in args.enumerated() { slots[k] = c }
        }
        return row
    }

    /// The call the personality handed to the renderer whole (burrow_trace_direct_begin) and
    /// then to didCall: the call in flight, as willCall would have left it (its arguments staged
    /// for a row, as with a call the renderer takes from willCall).
    func adoptDirect() {
        let r = laneRenderer
        let kind = r.pointee.pending
        r.pointee.pending = 0
        if !stackFrames.isEmpty { stackFrames.removeAll(keepingCapacity: true) }
        number = r.pointee.call_number
        args = r.pointee.call_args
        info = table.rawInfo(number)
        fastCall = r.pointee.call_fast != 0
        laneCall = false
        start = r.pointee.call_start
        active = true
        staged = kind == UInt32(BURROW_TD_ROW)
        if !staged { clearTexts() }
    }

    /// The arguments the renderer staged before the call, taken into `text` and `ranges` as
    /// willCall would have decoded them: Swift writes this call's event (burrow_trace_call_end
    /// left it, or the configuration changed in between).
    func adoptStaged() {
        clearTexts()
        guard let info else { return }
        let r = laneRenderer
        let at = r.pointee.staged_at, count = r.pointee.staged_count
        withUnsafeBytes(of: at) { at in
            withUnsafeBytes(of: count) { count in
                let a = at.bindMemory(to: Int32.self), c = count.bindMemory(to: UInt32.self)
                for i in 0..<info.pointee.argCount where !info.pointee.args[i].deferred && a[i] >= 0 {
                    ranges[2 * i] = text.count
                    text.append(UnsafeRawPointer(r.pointee.staged + Int(a[i])), Int(c[i]))
                    ranges[2 * i + 1] = text.count
                }
            }
        }
    }

    /// Whether the renderer writes lane calls now (see the file's head).
    func updateLaneRenderer() {
        let on = writer != nil && onePassLanes && summary == nil && memory != nil && decoder.descriptorPath == nil
            && fixedMonotonic == nil && !forkReturnInChild && options.stringLimit <= Int(BURROW_LANE_TRACE_LIMIT)
        laneRenderer.pointee.on = on ? 1 : 0
        laneRenderer.pointee.direct = on && directCalls ? 1 : 0
    }

    /// Call `number`'s recipe, or nil when the renderer leaves it to Swift: not traced, not a
    /// one-pass row (laneLine's), or an argument or result it does not show the way laneLine does
    /// (flags, structures, paths, a command's kind), or a fragment longer than its room allows.
    func laneRow(_ number: UInt64) -> burrow_lane_trace_row? {
        guard let i = renderableRow(number, maxArgs: 4) else { return nil }
        var row = burrow_lane_trace_row()
        row.present = 1
        row.nargs = UInt8(i.argCount)
        switch i.returns {
        case .noReturn: row.ret = UInt8(BURROW_LT_RET_NONE)
        case .address: row.ret = UInt8(BURROW_LT_RET_HEX)
        case .byCommand: return nil
        // (.fd: without descriptor paths, which turn the renderer off, a decimal.)
        case .none, .int, .size, .offset, .fd, .pid: row.ret = UInt8(BURROW_LT_RET_SIGNED)
        }
        row.name_count = UInt8(i.name.count)
        row.name = i.name.base
        row.json_row_count = UInt16(i.jsonRow.count)
        row.json_row = i.jsonRow.base
        var args: [burrow_lane_trace_arg] = []
        for k in 0..<i.argCount {
            let a = i.args[k]
            guard a.jsonHead.count <= 64 else { return nil }
            var c = burrow_lane_trace_arg(kind: 0, length: 0, json_head_count: UInt16(a.jsonHead.count), json_head: a.jsonHead.base)
            switch a.kind {
            case .int, .pid, .fd, .offset: c.kind = UInt8(BURROW_LT_SIGNED)
            case .uint, .size: c.kind = UInt8(BURROW_LT_UNSIGNED)
            case .bufferIn(let length), .bufferOut(let length):
                c.kind = UInt8(BURROW_LT_BUFFER)
                switch length {
                case .argument(let n) where n >= 0 && n < 6: c.length = UInt8(n)
                case .returnValue: c.length = UInt8(BURROW_LT_LENGTH_RESULT)
                default: return nil
                }
            default: return nil
            }
            args.append(c)
        }
        // One buffer at most: the event's room holds one quoted buffer at the largest limit
        // (BURROW_LANE_TRACE_ROOM; every lane row has one or none).
        guard args.filter({ $0.kind == UInt8(BURROW_LT_BUFFER) }).count <= 1 else { return nil }
        row.widths = ArgWidth.codes(table.info(number)?.args ?? [])
        withUnsafeMutableBytes(of: &row.args) { raw in
            let slots = raw.bindMemory(to: burrow_lane_trace_arg.self)
            for (k, c) in args.enumerated() { slots[k] = c }
        }
        return row
    }

    /// The renderer's event, committed as eventDone commits the buffer's.
    static let laneCommit: burrow_lane_trace_commit = { context, bytes, count in
        Unmanaged<TraceWriter>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.commitEvent(UnsafeRawPointer(bytes!), count) }
    }
}
