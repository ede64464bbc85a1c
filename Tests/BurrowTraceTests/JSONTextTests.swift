// The JSON formats take the argument texts as the decoder writes them, already escaped as JSON
// string contents (ArgDecoder.json), instead of escaping the text format's texts again. Every row
// of both tables and an unknown call, with arguments that point at bytes both C and JSON escape
// (quotes, backslashes, newlines, octal digits, bytes >= 0x80) and descriptors with such paths:
// every JSON Lines value, read back by a JSON parser, is exactly the text line's argument; Chrome's
// the same, by name, and its result the text line's.
import Foundation
import Testing
import BurrowABI
@testable import BurrowTrace

struct JSONTextTests {
    /// Memory at 0x1000 (strings that end), 0x2000 (no NUL for 300 bytes), 0x3000 (a pointer array
    /// to both, for argv).
    func trickyMemory() -> FakeMemory {
        let m = FakeMemory()
        let tricky: [UInt8] = [0x22, 0x61, 0x5C, 0x0A, 0x00, 0x31, 0xFF, 0x7F, 0x09, 0x3E, 0x30, 0x01, 0xC3, 0xA9, 0x2F, 0x00]
        m.put(0x1000, (0..<256).map { tricky[$0 % tricky.count] })
        m.put(0x2000, (0..<300).map { tricky[$0 % tricky.count] | 0x80 } + [0])
        var pointers: [UInt8] = []
        for p: UInt64 in [0x1000, 0x2000, 0x1005, 0] { pointers += withUnsafeBytes(of: p.littleEndian) { Array($0) } }
        m.put(0x3000, pointers + [UInt8](repeating: 0x5C, count: 4064))
        return m
    }

    func tracer(_ format: TraceFormat, _ table: TraceTable, _ memory: FakeMemory) -> (Tracer, TraceWriter) {
        let w = TraceWriter.memory()
        let t = Tracer(options: TraceOptions(format: format, stringLimit: 32), writer: w, summary: false, memory: memory,
                       programName: "prog", pid: 42, tid: 42, table: table)
        t.fixedMonotonic = 1_500
        t.showDescriptorPaths { fd in fd == 3 ? Array("/a\"b\\c\n>d\u{ff}".utf8) : nil }
        return (t, w)
    }

    @Test(arguments: ["toyos", "xv6"])
    func everyArgumentIsTheTextEscapedOnce(personality: String) throws {
        let table = personality == "xv6" ? TraceTable(XV6.abi) : TraceTable.toyOS
        let memory = trickyMemory()
        let argSets: [RawArgs] = [(3, 0x1000, 40, 0x2000, 2, 0x3000), (3, 0x3000, 0x2000, 0x1000, 0x1000, 3), (0, 0x2000, 3, 3, 0x3000, 0x1000)]
        var checked = 0
        // Every row, and an unknown number (its six registers in hex).
        for (number, name) in table.rows.map({ ($0.number, $0.name) }) + [(0xFFFF, "syscall_0xffff")] {
            for args in argSets {
                for (result, errno) in [(UInt64(2), UInt32?.none), (UInt64(e("EINTR")), e("EINTR"))] {
                    let (text, tw) = tracer(.text, table, memory)
                    let (jsonl, jw) = tracer(.jsonl, table, memory)
                    let (chrome, cw) = tracer(.chrome, table, memory)
                    cw.buffer.removeAll()
                    for t in [text, jsonl, chrome] {
                        t.willCall(number: number, args: args)
                        t.didCall(number: number, result: result, errno: errno)
                    }
                    let record = try #require(JSONSerialization.jsonObject(with: Data(jw.pending.utf8)) as? [String: Any])
                    let values = try #require(record["args"] as? [[String: Any]]).map { $0["value"] as! String }
                    let line = tw.pending
                    #expect(line.contains("\(name)(\(values.joined(separator: ", "))) = "), "\(name) \(args): \(line) against \(jw.pending)")
                    if let out = record["out"] as? String { #expect(line.contains(" (\(out)) <"), "\(line) against \(jw.pending)") }
                    // Chrome: the same texts by name. (Each event follows a comma; fork's has a
                    // flow event after it.)
                    var event = cw.pending
                    while event.first == "," || event.first == "\n" { event.removeFirst() }
                    let events = try #require(JSONSerialization.jsonObject(with: Data("[\(event)]".utf8)) as? [[String: Any]])
                    let object = try #require(events.first)
                    let named = try #require(object["args"] as? [String: Any]).compactMapValues { $0 as? String }
                    let ret = try #require((object["args"] as? [String: Any])?["ret"] as? String)
                    #expect(line.contains(") = \(ret) <"), "\(line) against \(event)")
                    for a in try #require(record["args"] as? [[String: Any]]) {
                        #expect(named[a["name"] as! String] == a["value"] as? String, "\(name): \(event)")
                    }
                    checked += values.count
                }
            }
        }
        #expect(checked > 100)
    }
}
