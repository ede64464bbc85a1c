// Traces of process trees at the tracer's level: the Chrome array form (begun once, continued
// after exec, closed only by a sole writer), the fork flow, the child's own pid and summary, the
// summary records the first process merges, and the mapped trace file (every committed event in
// the file at once, padded with spaces until the orderly end cuts it).
import Foundation
import Glibc
import Testing
import BurrowABI
import CBurrowRuntime
@testable import BurrowTrace

private func tracer(_ format: TraceFormat, writer: TraceWriter, summary: Bool = false, continuing: Bool = false) -> Tracer {
    let t = Tracer(options: TraceOptions(format: format), writer: writer, summary: summary, memory: FakeMemory(),
                   programName: "prog", pid: 42, tid: 42, continuing: continuing)
    t.clock = WallClock(offset: 1_700_000_000_000_000_000)
    t.fixedMonotonic = 1_500
    return t
}

private func call(_ t: Tracer, _ c: ToyCall, result: UInt64 = 0) {
    t.willCall(number: n(c), args: (0, 0, 0, 0, 0, 0))
    t.didCall(number: n(c), result: result, errno: nil)
}

/// A Chrome array-form trace as JSON: the closing `]` is optional (Trace Event format).
private func chromeEvents(_ text: String) throws -> [[String: Any]] {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let closed = trimmed.hasSuffix("]") ? trimmed : trimmed + "]"
    return try JSONSerialization.jsonObject(with: Data(closed.utf8)) as! [[String: Any]]
}

struct ProcessTreeTests {
    @Test func chromeArrayFormIsBegunOnceAndClosedOnlyByASoleWriter() throws {
        let w = TraceWriter.memory()
        let t = tracer(.chrome, writer: w)
        call(t, .getpid, result: 42)
        t.finish(status: 0, signalName: nil, summaryFD: -1)
        #expect(w.pending.hasPrefix("[\n{\"name\":\"process_name\""))
        #expect(w.pending.hasSuffix("}\n]\n"), "\(w.pending)")
        #expect(try chromeEvents(w.pending).count == 4)

        // After exec: no second `[`, the new program's names and an exec mark.
        let w2 = TraceWriter.memory()
        let t2 = tracer(.chrome, writer: w2, continuing: true)
        t2.finish(status: 0, signalName: nil, summaryFD: -1)
        #expect(w2.pending.hasPrefix(",{\"name\":\"process_name\""), "\(w2.pending)")
        #expect(w2.pending.contains("\"name\":\"exec\",\"cat\":\"process\",\"ph\":\"i\""), "\(w2.pending)")

        // A shared writer never closes the array: another process may still append.
        let w3 = TraceWriter.memory()
        let t3 = tracer(.chrome, writer: w3)
        t3.willFork(childSharesOutput: true)
        t3.finish(status: 0, signalName: nil, summaryFD: -1)
        #expect(w3.shared && !w3.pending.contains("]"), "\(w3.pending)")
        #expect(try chromeEvents(w3.pending).count == 3)
        // ... unless it is the last process of the tree to end (asked once its last event is out).
        let w4 = TraceWriter.memory()
        let t4 = tracer(.chrome, writer: w4)
        t4.willFork(childSharesOutput: true)
        var asked = 0
        t4.finish(status: 0, signalName: nil, summaryFD: -1, lastOfTree: { asked += 1; return w4.pending.hasSuffix("}\n") })
        #expect(asked == 1 && w4.pending.hasSuffix("}\n]\n"), "\(w4.pending)")
    }

    @Test func forkLinksParentAndChildTracks() throws {
        let w = TraceWriter.memory()
        let t = tracer(.chrome, writer: w, summary: true)
        call(t, .getpid, result: 42)
        t.willCall(number: n(.fork), args: (0, 0, 0, 0, 0, 0))
        t.willFork(childSharesOutput: true)
        // What the child's tracer does (it is a copy of the parent's after fork).
        t.didForkInChild(pid: 77, tid: 77, newFD: nil)
        t.didCall(number: n(.fork), result: 0, errno: nil)
        call(t, .getpid, result: 77)
        let events = try chromeEvents(w.pending)
        let child = events.filter { $0["pid"] as? Int == 77 }
        #expect(child.contains { $0["ph"] as? String == "M" && $0["name"] as? String == "process_name" })
        #expect(child.contains { $0["ph"] as? String == "f" && $0["id"] as? Int == 77 && $0["bp"] as? String == "e" })
        #expect(child.filter { $0["ph"] as? String == "X" }.map { $0["name"] as? String } == ["fork", "getpid"])
        // The child's summary starts empty and does not count its return from fork.
        let rows = t.summary!.render(table: .toyOS).split(separator: "\n")
        #expect(rows.contains { $0.hasSuffix(" getpid") && $0.split(separator: " ")[2] == "1" }, "\(rows)")
        #expect(!rows.contains { $0.hasSuffix(" fork") }, "\(rows)")

        // The parent's side: a flow start whose id is the child's pid.
        let wp = TraceWriter.memory()
        let p = tracer(.chrome, writer: wp)
        p.willCall(number: n(.fork), args: (0, 0, 0, 0, 0, 0))
        p.didCall(number: n(.fork), result: 77, errno: nil)
        #expect(try chromeEvents(wp.pending).contains { $0["ph"] as? String == "s" && $0["id"] as? Int == 77 && $0["pid"] as? Int == 42 })
    }

    @Test func summaryRecordsMergeAcrossProcesses() {
        let parent = TraceSummary(), child = TraceSummary()
        for d in 1...3 { parent.record(number: n(.read), durationNs: UInt64(d) * 1000, failed: false) }
        child.record(number: n(.read), durationNs: 4000, failed: true)
        child.record(number: 0x1ff, durationNs: 500, failed: true)
        child.recordMachine("outb 0x3f8")
        let records = child.encoded() + child.encoded()
        parent.merge(encoded: records + Array(records.prefix(20)))   // a record cut short is ignored
        let rows = parent.render(table: .toyOS).split(separator: "\n")
        let read = rows.first { $0.hasSuffix(" read") }?.split(separator: " ")
        #expect(read?[2] == "5" && read?[3] == "2", "\(rows)")
        let unknown = rows.first { $0.hasSuffix(" syscall_0x1ff") }?.split(separator: " ")
        #expect(unknown?[2] == "2", "\(rows)")
        #expect(parent.machineCounts == ["outb 0x3f8": 2], "\(parent.machineCounts)")
        #expect(TraceSummary().isEmpty && !parent.isEmpty)
    }

    /// The temporary directory (ext4 or whatever the machine has) and /dev/shm (tmpfs: the writer
    /// maps each grown chunk's pages ahead there).
    static let traceDirectories = [NSTemporaryDirectory()] + (access("/dev/shm", W_OK) == 0 ? ["/dev/shm/"] : [])

    @Test(arguments: traceDirectories)
    func mappedFileHoldsEveryCommittedEventAndIsCutAtTheEnd(directory: String) throws {
        let path = directory + "burrow-mapped-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        defer { unlink(path) }
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        let w = TraceWriter.file(fd: fd, shared: false)
        guard case .mapped = w.target else { Issue.record("a regular file is mapped"); return }
        let t = tracer(.jsonl, writer: w)
        for _ in 0..<3000 { call(t, .getpid, result: 42) }
        // As SIGKILL would leave it: every event in the file, then spaces up to the chunk's end.
        let live = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(live.count % MappedTraceFile.chunk == 0 && live.count > 3000 * 100)
        let lines = String(decoding: live, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3001 && lines.last!.allSatisfy { $0 == " " }, "\(lines.count)")
        for l in lines.dropLast() { _ = try JSONSerialization.jsonObject(with: Data(l.utf8)) }

        t.finish(status: 0, signalName: nil, summaryFD: -1)
        let done = try String(contentsOfFile: path, encoding: .utf8)
        #expect(done.hasSuffix("\"status\":0}\n") && done.split(separator: "\n").count == 3001)
    }

    @Test(arguments: traceDirectories)
    func mappedFileMovesItsWindowAndTakesHugeEvents(directory: String) throws {
        let path = directory + "burrow-window-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { close(fd) }
        // A trace continued after exec: the file ends mid-page.
        var expected = Array("earlier events\n".utf8)
        #expect(write(fd, expected, expected.count) == expected.count)
        let state = UnsafeMutablePointer<burrow_trace_window>.allocate(capacity: 1)
        defer { state.deallocate() }
        guard let m = MappedTraceFile(fd: fd, copy: { d, s, n in memcpy(d!, s!, n); return 0 }, state: state) else {
            Issue.record("a regular file is mapped")
            return
        }
        func put(_ bytes: [UInt8]) {
            #expect(bytes.withUnsafeBytes { m.append($0.baseAddress!, $0.count) })
            expected += bytes
        }
        // Lines of 1000 bytes past the first 8 MiB window, one event bigger than half a window, more lines.
        for i in 0..<9000 { put(Array(repeating: UInt8(ascii: "a") + UInt8(i % 26), count: 999) + [10]) }
        put(Array(repeating: UInt8(ascii: "H"), count: MappedTraceFile.windowSize / 2 + 1))
        for i in 0..<100 { put(Array(repeating: UInt8(ascii: "a") + UInt8(i % 26), count: 99) + [10]) }
        // Still on after every chunk (a refused madvise, such as one from a page not aligned, turns it off).
        if directory == "/dev/shm/" { #expect(m.populate, "tmpfs: each grown chunk's pages mapped at once") }
        m.close(trim: true)
        let content = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(content.count == expected.count && content.elementsEqual(expected))
    }

    @Test func sharedFileIsWrittenWithAppendsAfterTheFork() throws {
        let path = NSTemporaryDirectory() + "burrow-shared-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        defer { unlink(path) }
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let w = TraceWriter.file(fd: fd, shared: false)
        let t = tracer(.text, writer: w)
        call(t, .getpid, result: 42)
        t.willFork(childSharesOutput: true)
        // Cut to its length at the fork, then each event appended.
        var st = stat()
        fstat(fd, &st)
        #expect(st.st_size == 50, "\(st.st_size)")
        call(t, .getpid, result: 42)
        fstat(fd, &st)
        #expect(st.st_size == 100 && fcntl(fd, F_GETFL) & O_APPEND != 0)
        t.finish(status: 0, signalName: nil, summaryFD: -1)
    }
}
