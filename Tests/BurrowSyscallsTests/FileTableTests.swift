// The guest descriptor table: guest numbers are the guest's own (lowest free first), Burrow's
// descriptors are invisible, and closing/replacing closes the host descriptor behind it.

import Testing
@testable import BurrowSyscalls
import BurrowABI
import CBurrowRuntime
#if canImport(Glibc)
import Glibc
#endif

/// A pipe whose read end tells whether every write end is closed. Other suites run in parallel in
/// this process and start child processes: a descriptor without close-on-exec could be inherited by
/// one of them for its whole life, and even a close-on-exec one is held by a child between its fork
/// and its exec. So every descriptor here is made close-on-exec atomically (pipe2, F_DUPFD_CLOEXEC),
/// and `readEOF` waits for the end of file instead of expecting it at once: a leak in the table
/// never ends (the test fails after the wait), a sibling's fork window ends within moments.
private struct Pipe {
    let r: Int32, w: Int32
    init() {
        var fds: [Int32] = [-1, -1]
        precondition(burrow_pipe2(&fds, O_CLOEXEC | O_NONBLOCK) == 0)
        r = fds[0]; w = fds[1]
    }
    /// 0: every write end is closed. -1: some write end is still open after a generous wait.
    func readEOF() -> Int {
        var p = pollfd(fd: r, events: Int16(POLLIN), revents: 0)
        let deadline = time(nil) + 60
        while time(nil) < deadline {
            if poll(&p, 1, 1000) == 1 { break }
        }
        var b: UInt8 = 0
        return read(r, &b, 1)
    }
}

/// A close-on-exec duplicate (see Pipe).
private func dupCloexec(_ fd: Int32) -> Int32 { fcntl(fd, F_DUPFD_CLOEXEC, 0) }

private func expectEBADF(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: GuestErrno.EBADF, sourceLocation: sourceLocation) { try body() }
}

@Suite(.serialized) struct FileTableTests {
    @Test func firstAddAfterInheritingStandardDescriptorsIsThree() throws {
        let open0to2 = (Int32(0)...2).filter { fcntl($0, F_GETFD) >= 0 }
        let t = FileTable.inheritingStandardDescriptors()
        for fd in open0to2 {
            #expect(try t.host(Int64(fd)) == fd, "guest \(fd) is host \(fd)")
            #expect(try t.entry(Int64(fd)).closeOnExec == false)
        }
        let p = Pipe()
        let g = try t.add(host: p.r, closeOnExec: true)
        let expected = (0...3).first { !open0to2.contains(Int32($0)) }!
        #expect(g == expected)
        #expect(open0to2.count < 3 || g == 3, "with 0, 1, 2 open the first add is 3")
        #expect(try t.host(Int64(g)) == p.r)
        #expect(try t.entry(Int64(g)).closeOnExec == true)
        try t.remove(Int64(g))
        close(p.w)
        // Guests 0-2 stay (the test process's own stdio is never closed by this test).
    }

    @Test func lowestFreeRule() throws {
        let t = FileTable()
        let p = Pipe()
        var hosts: [Int32] = []
        for i in 0..<5 {
            let h = dupCloexec(p.w)
            hosts.append(h)
            #expect(try t.add(host: h, closeOnExec: false) == i)
        }
        try t.remove(1)
        try t.remove(3)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false) == 1)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false) == 3)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false) == 5)
        // A minimum (F_DUPFD) skips lower free numbers.
        try t.remove(0)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false, minimum: 2) == 6)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false, minimum: 10) == 10)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false) == 0)
        #expect(try t.add(host: dupCloexec(p.w), closeOnExec: false) == 7)
        for g in [0, 1, 2, 3, 4, 5, 6, 7, 10] { try t.remove(Int64(g)) }
        close(p.w)
        #expect(p.readEOF() == 0, "every host descriptor was closed")
        close(p.r)
    }

    @Test func badDescriptors() throws {
        let t = FileTable()
        let p = Pipe()
        let g = try t.add(host: p.w, closeOnExec: false)
        expectEBADF { _ = try t.host(-1) }
        expectEBADF { _ = try t.host(Int64.min) }
        expectEBADF { _ = try t.host(1) }
        expectEBADF { _ = try t.host(100_000) }
        expectEBADF { _ = try t.entry(-1) }
        expectEBADF { try t.remove(-1) }
        expectEBADF { try t.remove(5) }
        expectEBADF { try t.setCloseOnExec(1, true) }
        expectEBADF { try t.replace(-1, host: p.w, closeOnExec: false) }
        expectEBADF { try t.replace(FileTable.limit, host: p.w, closeOnExec: false) }
        try t.setCloseOnExec(Int64(g), true)
        #expect(try t.entry(Int64(g)).closeOnExec)
        try t.remove(Int64(g))
        expectEBADF { _ = try t.host(Int64(g)) }
        expectEBADF { try t.remove(Int64(g)) }
        expectEBADF { try t.setCloseOnExec(Int64(g), false) }
        #expect(p.readEOF() == 0, "remove closed the host descriptor")
        close(p.r)
    }

    @Test func replaceIsDup2() throws {
        let t = FileTable()
        let p = Pipe()
        let devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        try #require(devnull >= 0)
        #expect(try t.add(host: p.w, closeOnExec: true) == 0)
        // Replace guest 0 (the pipe's only write end) with /dev/null: the old host descriptor closes.
        try t.replace(0, host: devnull, closeOnExec: false)
        #expect(try t.host(0) == devnull)
        #expect(try t.entry(0).closeOnExec == false)
        let oldClosed = p.readEOF() == 0
        #expect(oldClosed, "dup2 onto an open descriptor closes the one it replaces (FileTable.replace)")
        // Replacing a free number past the end grows the table; lower numbers stay free.
        let d2 = dupCloexec(devnull)
        try t.replace(7, host: d2, closeOnExec: false)
        #expect(try t.host(7) == d2)
        expectEBADF { _ = try t.host(6) }
        #expect(try t.add(host: dupCloexec(devnull), closeOnExec: false) == 1)
        for g in [0, 1, 7] { try t.remove(Int64(g)) }
        if !oldClosed { close(p.w) }   // do not leak the pipe when replace did not close it
        close(p.r)
    }

    @Test func replaceKeepsAHostDescriptorOtherEntriesShare() throws {
        let t = FileTable()
        let p = Pipe()
        let devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        try #require(devnull >= 0)
        // Two guest numbers on one host descriptor (as inherited 0-2 are shared with the host).
        try t.replace(0, host: p.w, closeOnExec: false)
        try t.replace(1, host: p.w, closeOnExec: false)
        try t.replace(0, host: devnull, closeOnExec: false)
        #expect(try t.host(1) == p.w)
        #expect(fcntl(p.w, F_GETFD) >= 0, "guest 1 still uses it")
        try t.remove(1)
        #expect(p.readEOF() == 0)
        try t.remove(0)
        close(p.r)
    }

    @Test func emfileAtTheLimit() throws {
        var lim = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &lim)
        if lim.rlim_cur < 2 * UInt(FileTable.limit) {
            lim.rlim_cur = min(lim.rlim_max, 2 * UInt(FileTable.limit))
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &lim)
        }
        try #require(lim.rlim_cur >= UInt(FileTable.limit) + 64, "RLIMIT_NOFILE too low to fill the table")

        let t = FileTable()
        let p = Pipe()
        for i in 0..<FileTable.limit {
            let h = fcntl(p.w, F_DUPFD_CLOEXEC, 0)
            try #require(h >= 0)
            #expect(try t.add(host: h, closeOnExec: false) == i)
        }
        let extra = fcntl(p.w, F_DUPFD_CLOEXEC, 0)
        #expect(throws: GuestErrno.EMFILE) { _ = try t.add(host: extra, closeOnExec: false) }
        #expect(throws: GuestErrno.EMFILE) { _ = try t.add(host: fcntl(p.w, F_DUPFD_CLOEXEC, 0), closeOnExec: false, minimum: 5) }
        // Freeing one makes exactly that number available again.
        try t.remove(517)
        #expect(try t.add(host: fcntl(p.w, F_DUPFD_CLOEXEC, 0), closeOnExec: false) == 517)
        for g in 0..<FileTable.limit { try t.remove(Int64(g)) }
        close(p.w)
        #expect(p.readEOF() == 0, "everything, including the descriptors refused with EMFILE, was closed")
        close(p.r)
    }
}
