// A lane call's text line or JSON Lines record in one pass (Tracer.laneLine) against the same call
// through willCall and didCall: the same bytes for every row of both personalities' tables,
// whatever the arguments point at (readable text, binary data, NULs, unreadable addresses), and the
// same summary counts.
import Foundation
import Testing
import BurrowABI
@testable import BurrowTrace

struct LaneLineTests {
    /// Times masked: each tracer's clock converts the lane's counter reading from its own anchor.
    func masked(_ s: String) -> String {
        s.replacing(try! Regex(#"\d\d:\d\d:\d\d\.\d{6}"#), with: "T").replacing(try! Regex(#"<\d+\.\d{6}>"#), with: "<D>")
            .replacing(try! Regex(#""ts":\d+"#), with: "\"ts\":T").replacing(try! Regex(#""duration_ns":\d+"#), with: "\"duration_ns\":D")
    }

    func memory(seed: UInt64) -> FakeMemory {
        var g = SplitMix(state: seed)
        let m = FakeMemory()
        // Text with a NUL now and then (paths, strings), then binary bytes (buffers, structures).
        var bytes = (0..<4096).map { _ in UInt8(0x20 + g.next() % 0x5F) }
        for _ in 0..<24 { bytes[Int(g.next() % 4096)] = 0 }
        bytes += (0..<4096).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        m.put(0x10000, bytes)
        return m
    }

    func compare(_ table: TraceTable, personality: String, _ format: TraceFormat) {
        var g = SplitMix(state: 0x1A4E)
        var onePassEvents = 0
        // A row with an in-out structure (shown after the result) for the call before, where the
        // table has one (xv6's has none).
        let inOut = table.rows.first { $0.args.contains { if case .structInOut = $0.kind { true } else { false } } }
            ?? table.rows.first { !$0.args.isEmpty }!
        for row in table.rows {
            for round in 0..<12 {
                let mem = memory(seed: UInt64(round) &* 7919 &+ row.number)
                var lines: [String] = []
                var counts: [(Int, Int)] = []
                let args: RawArgs = (laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g), laneArgument(&g))
                let result = g.next() % 3 == 0 ? g.next() % 5000 : g.next() % 40
                let onePass = table.rawInfo(row.number)!.pointee.onePass
                for fused in [true, false] {
                    let w = TraceWriter.memory()
                    let t = Tracer(options: TraceOptions(format: format), writer: w, summary: true, memory: mem, programName: "prog",
                                   pid: 42, tid: 43, table: table)
                    #expect(t.onePassLanes)
                    t.onePassLanes = fused
                    // A trapped call before it, injected, interrupted and with an in-out
                    // structure, leaves the state the lane's event must not carry over.
                    if round % 3 == 0 {
                        t.willCall(number: inOut.number, args: (0, 0x10000, 0x10100, 0, 0, 0))
                        t.didCall(number: inOut.number, result: 4, errno: GuestErrno.EINTR.value, injected: true, restart: .ifSARestart)
                        t.willCall(number: inOut.number, args: (0, 0x10000, 0x10100, 0, 0, 0))
                        t.didCall(number: inOut.number, result: 0, errno: nil)
                    }
                    let before = w.pending.utf8.count
                    t.laneEvent(number: row.number, args: args, startTicks: 1000, result: result)
                    #expect(w.pending.utf8.count > before, "\(personality) \(row.name): no event")
                    // The one pass keeps no argument texts aside; the two calls do (every row's
                    // arguments render to something).
                    if !row.args.isEmpty {
                        #expect((t.text.count == 0 && round % 3 != 0) == (fused && onePass && round % 3 != 0),
                                "\(personality) \(row.name): fused \(fused), one pass \(onePass), side texts \(t.text.count)")
                    }
                    lines.append(masked(w.pending))
                    counts.append((t.summary!.fastCalls, t.summary!.laneCalls))
                }
                #expect(lines[0] == lines[1], "\(personality) \(row.name) \(args) = \(result)")
                #expect(counts[0] == counts[1] && counts[0] == (1, 1), "\(personality) \(row.name)")
                if onePass { onePassEvents += 1 }
            }
        }
        // Most rows take the one pass (else this test compares a path with itself).
        #expect(onePassEvents > table.rows.count * 12 / 2, "\(personality): \(onePassEvents) one-pass events")
    }

    @Test(arguments: [TraceFormat.text, .jsonl]) func toyOSLinesAreTheTwoCallLines(_ format: TraceFormat) {
        compare(.toyOS, personality: "ToyOS", format)
    }
    @Test(arguments: [TraceFormat.text, .jsonl]) func xv6LinesAreTheTwoCallLines(_ format: TraceFormat) {
        compare(TraceTable(XV6.abi), personality: "xv6", format)
    }

    /// Chrome traces, result filters and summaries without a trace keep the two-call path.
    @Test func onlyTextAndJSONLinesOfEveryResultTakeIt() {
        #expect(Tracer(options: TraceOptions(), writer: .memory(), summary: false, memory: nil, programName: "p").onePassLanes)
        #expect(Tracer(options: TraceOptions(format: .jsonl), writer: .memory(), summary: false, memory: nil, programName: "p").onePassLanes)
        #expect(!Tracer(options: TraceOptions(format: .chrome), writer: .memory(), summary: false, memory: nil, programName: "p").onePassLanes)
        #expect(!Tracer(options: TraceOptions(status: .failedOnly), writer: .memory(), summary: false, memory: nil, programName: "p").onePassLanes)
        #expect(!Tracer(options: TraceOptions(), writer: nil, summary: true, memory: nil, programName: "p").onePassLanes)
        // A filtered-out call makes no line either way.
        let w = TraceWriter.memory()
        let t = Tracer(options: TraceOptions(filter: try! TraceFilter(parsing: "open")), writer: w, summary: false, memory: nil, programName: "p")
        t.laneEvent(number: UInt64(ToyCall.getpid.rawValue), args: (0, 0, 0, 0, 0, 0), startTicks: 1, result: 7)
        #expect(w.pending.isEmpty)
    }
}
