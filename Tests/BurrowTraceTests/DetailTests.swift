// Golden strings for the details strace users rely on: directory entries, time values, how many
// array elements were left out, injected results in every format, and what an unknown filter name
// suggests.
import Foundation
import Testing
import BurrowABI
@testable import BurrowTrace

/// toy_dirent records as Burrow packs them: ino, reclen, type, namelen, name, NUL, 8-byte aligned.
func dirents(_ entries: [(String, UInt8)]) -> [UInt8] {
    var out: [UInt8] = []
    for (i, (name, type)) in entries.enumerated() {
        let reclen = (ToyOS.direntLayout.offset(of: "name") + name.utf8.count + 1 + 7) / 8 * 8
        var rec = [UInt8](repeating: 0, count: reclen)
        rec[0] = UInt8(i + 1)
        rec[8] = UInt8(reclen & 0xFF)
        rec[9] = UInt8(reclen >> 8)
        rec[10] = type
        rec[11] = UInt8(name.utf8.count)
        for (j, c) in name.utf8.enumerated() { rec[12 + j] = c }
        out += rec
    }
    return out
}

struct DetailTests {
    @Test func readdirShowsNamesAndTypes() {
        let m = FakeMemory()
        let buf = dirents([(".", 2), ("..", 2), ("a.txt", 1), ("link", 3)])
        m.put(0x2000, buf + [UInt8](repeating: 0, count: 64))
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.readdir), args: (3, 0x2000, 4096, 0, 0, 0))
        t.didCall(number: n(.readdir), result: UInt64(buf.count), errno: nil)
        t.willCall(number: n(.readdir), args: (3, 0x2000, 4096, 0, 0, 0))
        t.didCall(number: n(.readdir), result: 0, errno: nil)
        t.willCall(number: n(.readdir), args: (7, 0x2000, 4096, 0, 0, 0))
        t.didCall(number: n(.readdir), result: UInt64(e("ENOTDIR")), errno: e("ENOTDIR"))
        #expect(w.pending == """
            \(prefix)readdir(3, [{name=".", type=DT_DIR}, {name="..", type=DT_DIR}, {name="a.txt", type=DT_REG}, {name="link", type=DT_LNK}], 4096) = \(buf.count) <0.000000>
            \(prefix)readdir(3, [], 4096) = 0 <0.000000>
            \(prefix)readdir(7, 0x2000, 4096) = -1 ENOTDIR (Not a directory) <0.000000>

            """)
    }

    @Test func readdirCountsTheEntriesLeftOut() {
        let m = FakeMemory()
        let buf = dirents((0..<20).map { ("f\($0)", 1) })
        m.put(0x2000, buf)
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.readdir), args: (3, 0x2000, UInt64(buf.count), 0, 0, 0))
        t.didCall(number: n(.readdir), result: UInt64(buf.count), errno: nil)
        let shown = (0..<16).map { "{name=\"f\($0)\", type=DT_REG}" }.joined(separator: ", ")
        #expect(w.pending == "\(prefix)readdir(3, [\(shown), ... /* 4 more */], \(buf.count)) = \(buf.count) <0.000000>\n")
    }

    @Test func readdirMalformedRecordIsSaid() {
        let m = FakeMemory()
        var buf = dirents([("a", 1)])
        buf[8] = 200   // reclen past the returned length
        m.put(0x2000, buf)
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.readdir), args: (3, 0x2000, 4096, 0, 0, 0))
        t.didCall(number: n(.readdir), result: UInt64(buf.count), errno: nil)
        #expect(w.pending == "\(prefix)readdir(3, [ /* malformed */], 4096) = \(buf.count) <0.000000>\n")
    }

    @Test func timeValuesInSecondsAndNanoseconds() {
        let m = FakeMemory()
        m.put(0x9000, withUnsafeBytes(of: UInt64(1_700_000_000_123_456_789).littleEndian) { Array($0) })
        m.put(0xA000, withUnsafeBytes(of: UInt64(250_000_000).littleEndian) { Array($0) })
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.clockGettime), args: (1, 0x9000, 0, 0, 0, 0))
        t.didCall(number: n(.clockGettime), result: 0, errno: nil)
        t.willCall(number: n(.nanosleep), args: (2_500_000_000, 0xA000, 0, 0, 0, 0))
        t.didCall(number: n(.nanosleep), result: UInt64(e("EINTR")), errno: e("EINTR"))
        t.willCall(number: n(.nanosleep), args: (5, 0, 0, 0, 0, 0))
        t.didCall(number: n(.nanosleep), result: 0, errno: nil)
        // The time left is written only on EINTR: any other result shows the address (strace's
        // nanosleep), not what the guest left there.
        t.willCall(number: n(.nanosleep), args: (5, 0xA000, 0, 0, 0, 0))
        t.didCall(number: n(.nanosleep), result: 0, errno: nil)
        t.willCall(number: n(.nanosleep), args: (1 << 63, 0xA000, 0, 0, 0, 0))
        t.didCall(number: n(.nanosleep), result: UInt64(e("EINVAL")), errno: e("EINVAL"))
        #expect(w.pending == """
            \(prefix)clock_gettime(CLOCK_REALTIME, {sec=1700000000, nsec=123456789}) = 0 <0.000000>
            \(prefix)nanosleep({sec=2, nsec=500000000}, {sec=0, nsec=250000000}) = -1 EINTR (Interrupted system call) <0.000000>
            \(prefix)nanosleep({sec=0, nsec=5}, NULL) = 0 <0.000000>
            \(prefix)nanosleep({sec=0, nsec=5}, 0xa000) = 0 <0.000000>
            \(prefix)nanosleep({sec=9223372036, nsec=854775808}, 0xa000) = -1 EINVAL (Invalid argument) <0.000000>

            """)
    }

    @Test func anUnreadableArgumentArrayIsShownByItsAddress() {
        let m = FakeMemory()
        m.put(0x1000, cString: "/bin/prog")
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.exec), args: (0x1000, 0x10, 0x5000, 0, 0, 0))
        t.didCall(number: n(.exec), result: UInt64(e("EFAULT")), errno: e("EFAULT"))
        #expect(w.pending == "\(prefix)exec(\"/bin/prog\", 0x10, 0x5000) = -1 EFAULT (Bad address) <0.000000>\n")
    }

    @Test func longArgumentArraysSayHowManyWereLeftOut() {
        let m = FakeMemory()
        m.put(0x1000, cString: "/bin/prog")
        var ptrs: [UInt8] = []
        for i in 0..<20 {
            m.put(0x3000 + UInt64(i) * 0x10, cString: "a\(i)")
            ptrs += withUnsafeBytes(of: (0x3000 + UInt64(i) * 0x10).littleEndian) { Array($0) }
        }
        ptrs += [UInt8](repeating: 0, count: 8)
        m.put(0x2000, ptrs)
        m.put(0x2800, [UInt8](repeating: 0, count: 8))   // empty envp
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.exec), args: (0x1000, 0x2000, 0x2800, 0, 0, 0))
        t.didCall(number: n(.exec), result: UInt64(e("ENOENT")), errno: e("ENOENT"))
        let shown = (0..<16).map { "\"a\($0)\"" }.joined(separator: ", ")
        #expect(w.pending == "\(prefix)exec(\"/bin/prog\", [\(shown), ... /* 4 more */], []) = -1 ENOENT (No such file or directory) <0.000000>\n")
    }

    @Test func longPollArraysSayHowManyWereLeftOut() {
        let m = FakeMemory()
        var fds: [UInt8] = []
        for i in 0..<18 { fds += [UInt8(i), 0, 0, 0, 0x10, 0, 0, 0] }
        m.put(0x4000, fds)
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.poll), args: (0x4000, 18, 0, 0, 0, 0))
        t.didCall(number: n(.poll), result: 0, errno: nil)
        let shown = (0..<16).map { "{fd=\($0), events=POLLIN}" }.joined(separator: ", ")
        #expect(w.pending.hasPrefix("\(prefix)poll([\(shown), ... /* 2 more */], 18, 0) = 0"))
    }

    /// The returned array: the entries with events, up to 16, and how many more have events (not
    /// how many entries were left unshown); a result of 0 is strace's "(Timeout)".
    @Test func returnedPollArraysCountTheReadyEntriesLeftOut() {
        let m = FakeMemory()
        var fds: [UInt8] = []
        let idle: Set<Int> = [5, 11]
        for i in 0..<20 { fds += [UInt8(i), 0, 0, 0, 0x10, 0, idle.contains(i) ? 0 : 0x10, 0] }
        m.put(0x4000, fds)
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.poll), args: (0x4000, 20, 0, 0, 0, 0))
        t.didCall(number: n(.poll), result: 18, errno: nil)
        let ready = (0..<20).filter { !idle.contains($0) }.prefix(16).map { "{fd=\($0), revents=POLLIN}" }.joined(separator: ", ")
        #expect(w.pending.hasSuffix("= 18 ([\(ready), ... /* 2 more */]) <0.000000>\n"), "\(w.pending)")
        w.buffer.removeAll()
        t.willCall(number: n(.poll), args: (0x4000, 1, 10, 0, 0, 0))
        t.didCall(number: n(.poll), result: 0, errno: nil)
        #expect(w.pending == "\(prefix)poll([{fd=0, events=POLLIN}], 1, 10) = 0 (Timeout) <0.000000>\n")
    }

    @Test func injectedResultsAreMarkedInEveryFormat() throws {
        let m = FakeMemory()
        m.put(0x2000, Array("hi\n".utf8))
        let (t, w) = makeTracer(memory: m)
        t.willCall(number: n(.write), args: (1, 0x2000, 3, 0, 0, 0))
        t.didCall(number: n(.write), result: UInt64(e("ENOSPC")), errno: e("ENOSPC"), injected: true)
        t.willCall(number: n(.write), args: (1, 0x2000, 3, 0, 0, 0))
        t.didCall(number: n(.write), result: 1, errno: nil, injected: true)
        #expect(w.pending == """
            \(prefix)write(1, "hi\\n", 3) = -1 ENOSPC (No space left on device) (INJECTED) <0.000000>
            \(prefix)write(1, "hi\\n", 3) = 1 (INJECTED) <0.000000>

            """)

        let (j, jw) = makeTracer(.jsonl, memory: m)
        j.willCall(number: n(.write), args: (1, 0x2000, 3, 0, 0, 0))
        j.didCall(number: n(.write), result: UInt64(e("ENOSPC")), errno: e("ENOSPC"), injected: true)
        j.willCall(number: n(.write), args: (1, 0x2000, 3, 0, 0, 0))
        j.didCall(number: n(.write), result: 3, errno: nil)
        let lines = jw.pending.split(separator: "\n")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["injected"] as? Bool == true)
        #expect(first["errno"] as? String == "ENOSPC")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["injected"] == nil)

        let (c, cw) = makeTracer(.chrome, memory: m)
        c.willCall(number: n(.write), args: (1, 0x2000, 3, 0, 0, 0))
        c.didCall(number: n(.write), result: UInt64(e("ENOSPC")), errno: e("ENOSPC"), injected: true)
        c.finish(status: 0, signalName: nil, summaryFD: -1)
        let events = try #require(detailChromeEvents(cw.pending))
        let write = try #require(events.first { $0["name"] as? String == "write" })
        #expect((write["args"] as? [String: Any])?["injected"] as? String == "true")
    }

    /// A call a signal interrupted that is restarted if the handler asks for it: strace's
    /// ERESTARTSYS (not yet an EINTR the guest sees), its buffer as the address, in every format.
    @Test func anInterruptedRestartableCallIsERESTARTSYS() throws {
        let (t, w) = makeTracer()
        t.willCall(number: n(.read), args: (3, 0x2000, 8, 0, 0, 0))
        t.didCall(number: n(.read), result: UInt64(e("EINTR")), errno: e("EINTR"), restart: .ifSARestart)
        t.willCall(number: n(.read), args: (3, 0x2000, 8, 0, 0, 0))
        t.didCall(number: n(.read), result: UInt64(e("EINTR")), errno: e("EINTR"))
        #expect(w.pending == """
            \(prefix)read(3, 0x2000, 8) = ? ERESTARTSYS (To be restarted if SA_RESTART is set) <0.000000>
            \(prefix)read(3, 0x2000, 8) = -1 EINTR (Interrupted system call) <0.000000>

            """)
        try expectRestartCode(.read, (3, 0x2000, 8, 0, 0, 0), .ifSARestart, "ERESTARTSYS")
    }

    /// The calls a handler never restarts, by the code strace shows for the same Linux call:
    /// nanosleep and poll ERESTART_RESTARTBLOCK (Linux resumes them with restart_syscall, to their
    /// first deadline), sigsuspend ERESTARTNOHAND.
    @Test func callsNeverRestartedAfterAHandlerShowTheirOwnCodes() throws {
        #expect(InterruptedCallRestart(.nanosleep) == .untilDeadline && InterruptedCallRestart(.poll) == .untilDeadline)
        #expect(InterruptedCallRestart(.sigsuspend) == .ifNoHandler)
        #expect(InterruptedCallRestart(.read) == .ifSARestart && InterruptedCallRestart(.waitpid) == .ifSARestart)
        #expect(InterruptedCallRestart(nil) == .ifSARestart)
        let (t, w) = makeTracer()
        t.willCall(number: n(.sigsuspend), args: (0, 0, 0, 0, 0, 0))
        t.didCall(number: n(.sigsuspend), result: UInt64(e("EINTR")), errno: e("EINTR"), restart: .ifNoHandler)
        t.willCall(number: n(.poll), args: (0x2000, 0, 1000, 0, 0, 0))
        t.didCall(number: n(.poll), result: UInt64(e("EINTR")), errno: e("EINTR"), restart: .untilDeadline)
        let lines = w.pending.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.hasSuffix(" = ? ERESTARTNOHAND (To be restarted if no handler) <0.000000>") == true, "\(lines)")
        #expect(lines.last?.hasSuffix(" = ? ERESTART_RESTARTBLOCK (Interrupted by signal) <0.000000>") == true, "\(lines)")
        try expectRestartCode(.sigsuspend, (0, 0, 0, 0, 0, 0), .ifNoHandler, "ERESTARTNOHAND")
        try expectRestartCode(.nanosleep, (0x2000, 0, 0, 0, 0, 0), .untilDeadline, "ERESTART_RESTARTBLOCK")
    }

    /// JSON Lines and Chrome name an interrupted call's code as its errno, with no return value.
    func expectRestartCode(_ call: ToyCall, _ args: RawArgs, _ rule: InterruptedCallRestart, _ name: String) throws {
        let (j, jw) = makeTracer(.jsonl)
        j.willCall(number: n(call), args: args)
        j.didCall(number: n(call), result: UInt64(e("EINTR")), errno: e("EINTR"), restart: rule)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(jw.pending.utf8)) as? [String: Any])
        #expect(o["ret"] is NSNull && o["errno"] as? String == name, "\(o)")
        let (c, cw) = makeTracer(.chrome)
        c.willCall(number: n(call), args: args)
        c.didCall(number: n(call), result: UInt64(e("EINTR")), errno: e("EINTR"), restart: rule)
        c.finish(status: 0, signalName: nil, summaryFD: -1)
        let events = try #require(detailChromeEvents(cw.pending))
        let event = try #require(events.first { $0["name"] as? String == ToyOS.row(call).name })
        #expect((event["args"] as? [String: Any])?["errno"] as? String == name, "\(event)")
    }

    /// fcntl's third argument by its command, as strace shows it; the get commands take none and
    /// leave it out (in JSON Lines too).
    @Test func fcntlArgumentsByCommand() throws {
        let (t, w) = makeTracer()
        let flags = ToyOS.openFlags["O_APPEND"] | ToyOS.openFlags["O_NONBLOCK"]
        let rdwrAppend = ToyOS.openFlags["O_RDWR"] | ToyOS.openFlags["O_APPEND"]
        for (cmd, value, result) in [(ToyFcntlCommand.setfl, flags, UInt64(0)), (.setfd, 0x2, 0), (.dupfd, 10, 4), (.getfl, 0x7, rdwrAppend),
                                     (.getfd, 0, 0), (.getfd, 0, 0x2), (.dupfdCloexec, 3, 5)] {
            t.willCall(number: n(.fcntl), args: (3, cmd.rawValue, value, 0, 0, 0))
            t.didCall(number: n(.fcntl), result: result, errno: nil)
        }
        t.willCall(number: n(.fcntl), args: (3, 99, 0x180, 0, 0, 0))
        t.didCall(number: n(.fcntl), result: UInt64(e("EINVAL")), errno: e("EINVAL"))
        #expect(w.pending == """
            \(prefix)fcntl(3, F_SETFL, O_APPEND|O_NONBLOCK) = 0 <0.000000>
            \(prefix)fcntl(3, F_SETFD, FD_CLOEXEC) = 0 <0.000000>
            \(prefix)fcntl(3, F_DUPFD, 10) = 4 <0.000000>
            \(prefix)fcntl(3, F_GETFL) = 0x\(String(rdwrAppend, radix: 16)) (flags O_RDWR|O_APPEND) <0.000000>
            \(prefix)fcntl(3, F_GETFD) = 0 <0.000000>
            \(prefix)fcntl(3, F_GETFD) = 0x2 (flags FD_CLOEXEC) <0.000000>
            \(prefix)fcntl(3, F_DUPFD_CLOEXEC, 3) = 5 <0.000000>
            \(prefix)fcntl(3, 99, 0x180) = -1 EINVAL (Invalid argument) <0.000000>

            """)
        let (j, jw) = makeTracer(.jsonl)
        j.willCall(number: n(.fcntl), args: (3, ToyFcntlCommand.getfl.rawValue, 7, 0, 0, 0))
        j.didCall(number: n(.fcntl), result: 1, errno: nil)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(jw.pending.utf8)) as? [String: Any])
        #expect((o["args"] as? [[String: Any]])?.map { $0["name"] as? String } == ["fd", "cmd"], "\(o)")
    }

    @Test func unknownFilterNamesSuggestTheToyOSName() {
        func message(_ expr: String) -> String {
            do { _ = try TraceFilter(parsing: expr); return "" } catch { return error.description }
        }
        #expect(message("openat") == "--trace-filter: unknown system call 'openat': on ToyOS that is 'open'; `burrow syscalls` lists the ToyOS calls")
        #expect(message("read,!getdents64") == "--trace-filter: unknown system call 'getdents64': on ToyOS that is 'readdir'; `burrow syscalls` lists the ToyOS calls")
        #expect(message("opne") == "--trace-filter: unknown system call 'opne': did you mean 'open'? `burrow syscalls` lists the ToyOS calls")
        #expect(message("frobnicate") == "--trace-filter: unknown system call 'frobnicate': `burrow syscalls` lists the ToyOS calls")
        #expect(message("%net").hasPrefix("--trace-filter: unknown class '%net' (classes: %file, %desc"))
        #expect(message("!!open") == "--trace-filter: '!!open': a name is negated by one '!' ('!open')")
    }
}

struct DescriptorAndStackTests {
    @Test func descriptorPathsAfterNumbersAndResults() {
        let m = FakeMemory()
        m.put(0x1000, cString: "a.txt")
        m.put(0x2000, Array("hi".utf8))
        let (t, w) = makeTracer(memory: m)
        t.showDescriptorPaths { fd in fd == 3 ? Array("/srv/data/a.txt".utf8) : fd == 4 ? Array("odd>name\n".utf8) : nil }
        t.willCall(number: n(.open), args: (0x1000, 1, 0, 0, 0, 0))
        t.didCall(number: n(.open), result: 3, errno: nil)
        t.willCall(number: n(.read), args: (3, 0x2000, 2, 0, 0, 0))
        t.didCall(number: n(.read), result: 2, errno: nil)
        t.willCall(number: n(.close), args: (4, 0, 0, 0, 0, 0))
        t.didCall(number: n(.close), result: 0, errno: nil)
        t.willCall(number: n(.close), args: (9, 0, 0, 0, 0, 0))
        t.didCall(number: n(.close), result: UInt64(e("EBADF")), errno: e("EBADF"))
        m.put(0x3000, [3, 0, 0, 0, 4, 0, 0, 0])
        t.willCall(number: n(.pipe), args: (0x3000, 0, 0, 0, 0, 0))
        t.didCall(number: n(.pipe), result: 0, errno: nil)
        #expect(w.pending == """
            \(prefix)open("a.txt", O_RDONLY, 000) = 3</srv/data/a.txt> <0.000000>
            \(prefix)read(3</srv/data/a.txt>, "hi", 2) = 2 <0.000000>
            \(prefix)close(4<odd\\076name\\012>) = 0 <0.000000>
            \(prefix)close(9) = -1 EBADF (Bad file descriptor) <0.000000>
            \(prefix)pipe([3</srv/data/a.txt>, 4<odd\\076name\\012>], 0) = 0 <0.000000>

            """)
    }

    @Test func stackFramesInEveryFormat() throws {
        let frames: [(UInt64, String?)] = [(0x100d80f, "toy_sys_write+0x7"), (0x1009a79, "write+0x9"), (0x1002000, nil)]
        let (t, w) = makeTracer()
        t.willCall(number: n(.getpid), args: (0, 0, 0, 0, 0, 0))
        #expect(t.callIsTraced)
        t.setStack(frames)
        t.didCall(number: n(.getpid), result: 42, errno: nil)
        t.willCall(number: n(.getpid), args: (0, 0, 0, 0, 0, 0))
        t.didCall(number: n(.getpid), result: 42, errno: nil)
        #expect(w.pending == """
            \(prefix)getpid() = 42 <0.000000>
             > toy_sys_write+0x7 [0x100d80f]
             > write+0x9 [0x1009a79]
             > [0x1002000]
            \(prefix)getpid() = 42 <0.000000>

            """)

        let (j, jw) = makeTracer(.jsonl)
        j.willCall(number: n(.getpid), args: (0, 0, 0, 0, 0, 0))
        j.setStack(frames)
        j.didCall(number: n(.getpid), result: 42, errno: nil)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(jw.pending.utf8)) as? [String: Any])
        #expect(obj["stack"] as? [String] == ["toy_sys_write+0x7 [0x100d80f]", "write+0x9 [0x1009a79]", "[0x1002000]"])

        let (c, cw) = makeTracer(.chrome)
        c.willCall(number: n(.getpid), args: (0, 0, 0, 0, 0, 0))
        c.setStack(frames)
        c.didCall(number: n(.getpid), result: 42, errno: nil)
        c.finish(status: 0, signalName: nil, summaryFD: -1)
        let ev = try #require(detailChromeEvents(cw.pending)?.first { $0["name"] as? String == "getpid" })
        #expect((ev["args"] as? [String: Any])?["stack"] as? String == "toy_sys_write+0x7 [0x100d80f] < write+0x9 [0x1009a79] < [0x1002000]")

        let (f, _) = makeTracer(filter: "write")
        f.willCall(number: n(.getpid), args: (0, 0, 0, 0, 0, 0))
        #expect(!f.callIsTraced, "a filtered-out call needs no stack walk")
    }
}

/// The events of a Chrome trace, in the JSON array form or the object form.
func detailChromeEvents(_ text: String) -> [[String: Any]]? {
    guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
    if let array = any as? [[String: Any]] { return array }
    return (any as? [String: Any])?["traceEvents"] as? [[String: Any]]
}
