// The quick lane's traced calls written in C (burrow_tracelane.h, tracelane.c): the tracer fills
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
// bench/tracecost's seqread 0.34 µs an event instead of 0.49 (section 3, session 27).
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
        r.pointee.clock = eventClock.state
        r.pointee.wall_offset = clock.offset
        r.pointee.quote_table = UnsafePointer(decoder.quoteTable)
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
        updateLaneRenderer()
    }

    /// Whether the renderer writes lane calls now (see the file's head).
    func updateLaneRenderer() {
        let on = writer != nil && onePassLanes && summary == nil && memory != nil && decoder.descriptorPath == nil
            && fixedMonotonic == nil && !forkReturnInChild && options.stringLimit <= Int(BURROW_LANE_TRACE_LIMIT)
        laneRenderer.pointee.on = on ? 1 : 0
    }

    /// Call `number`'s recipe, or nil when the renderer leaves it to Swift: not traced, not a
    /// one-pass row (laneLine's), or an argument or result it does not show the way laneLine does
    /// (flags, structures, paths, a command's kind), or a fragment longer than its room allows.
    func laneRow(_ number: UInt64) -> burrow_lane_trace_row? {
        guard number < tracedCount, tracedNumbers[Int(number)], let info = table.rawInfo(number) else { return nil }
        let i = info.pointee
        guard i.onePass, i.argCount <= 4, i.name.count <= 64, i.jsonRow.count <= 256 else { return nil }
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
