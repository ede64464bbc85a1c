// Every translation table is complete and checked: every host errno, every flag bit, every signal,
// in both directions where both exist.

import Testing
@testable import BurrowSyscalls
import BurrowABI
import BurrowVMM
import CBurrowRuntime
#if canImport(Glibc)
import Glibc
#endif

/// glibc's strerrorname_np (2.32+), which the Glibc module does not import (it is a GNU extension).
private let strerrorname: @convention(c) (Int32) -> UnsafePointer<CChar>? = {
    guard let sym = dlsym(nil, "strerrorname_np") else { fatalError("this glibc has no strerrorname_np") }
    return unsafeBitCast(sym, to: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
}()

/// The host's own name for an errno value (glibc's strerrorname_np), with Linux's aliases folded
/// into the names Burrow's table uses.
private func hostName(_ e: Int32) -> String? {
    guard let p = strerrorname(e) else { return nil }
    let name = String(cString: p)
    return name == "EOPNOTSUPP" ? "ENOTSUP" : name
}

/// Every errno value the host knows a name for, from glibc or from Burrow's table.
private let allHostErrnos: [Int32] = (1..<4096).filter { e in
    hostName(Int32(e)) != nil || hostErrnoNames.contains { $0.value == Int32(e) }
}.map(Int32.init)

@Suite struct ErrnoTranslationTests {
    @Test func hostTableIsConsistentWithLibc() {
        #expect(Set(hostErrnoNames.map(\.value)).count == hostErrnoNames.count, "a host value listed twice")
        #expect(Set(hostErrnoNames.map(\.name)).count == hostErrnoNames.count, "a name listed twice")
        for (value, name) in hostErrnoNames {
            #expect(hostName(value) == name, "hostErrnoNames says \(value) is \(name); glibc says \(hostName(value) ?? "nil")")
        }
    }

    @Test func walkEveryHostErrno() {
        #expect(allHostErrnos.count >= 131)   // 1...133 less the unused 41 and 58
        for e in allHostErrnos {
            let g = GuestErrno(host: e)      // must not crash
            #expect(ToyOS.errno.name(of: UInt64(g.value)) != nil, "host \(e) → \(g.value), not a ToyOS errno")
            let name = hostErrnoNames.first { $0.value == e }?.name ?? hostName(e)!
            if ToyOS.errno.entry(named: name) != nil {
                #expect(g.name == name, "host \(name) (\(e)) → \(g.name)")
            } else if let lossy = lossyErrno[name] {
                #expect(g.name == lossy, "host \(name) (\(e)) → \(g.name), lossyErrno says \(lossy)")
            } else {
                // Not in Burrow's host table: the documented fallback for errnos Linux adds later.
                #expect(g == .EIO, "host \(name) (\(e)) → \(g.name)")
            }
        }
        // Values no errno has.
        #expect(GuestErrno(host: 0) == .EIO)
        #expect(GuestErrno(host: -1) == .EIO)
        #expect(GuestErrno(host: 4095) == .EIO)
        #expect(GuestErrno(host: Int32.max) == .EIO)
    }

    /// Every host errno glibc names is in Burrow's host table (mapped by name or marked lossy),
    /// not left to the silent EIO fallback.
    @Test func everyHostErrnoIsListed() {
        let listed = Set(hostErrnoNames.map(\.value))
        let missing = allHostErrnos.filter { !listed.contains($0) }.map { "\(hostName($0)!)(\($0))" }
        #expect(missing.isEmpty, "hostErrnoNames omits these host errnos: \(missing)")
    }

    @Test func lossyEntriesAreExactlyTheHostNamesToyOSLacks() {
        let lacking = Set(hostErrnoNames.map(\.name).filter { ToyOS.errno.entry(named: $0) == nil })
        #expect(Set(lossyErrno.keys) == lacking)
        for (host, guest) in lossyErrno {
            #expect(ToyOS.errno.entry(named: guest) != nil, "\(host) → \(guest), not a ToyOS errno")
        }
    }

    @Test func everyToyOSErrnoHasAHostNamesake() {
        for e in ToyOS.errno.entries {
            let g = GuestErrno(e.name)
            let host = hostErrno(guest: g)
            #expect(host != nil, "\(e.name) has no host errno")
            if let host {
                #expect(hostName(host) == e.name, "\(e.name) → host \(host)")
                #expect(GuestErrno(host: host) == g, "\(e.name) does not round-trip")
            }
        }
        #expect(hostErrno(guest: GuestErrno(value: 999)) == nil)
    }

    @Test func spotChecks() {
        #expect(GuestErrno(host: ENOENT) == .ENOENT)
        #expect(GuestErrno(host: ENOENT).value == 22)
        #expect(GuestErrno(host: EWOULDBLOCK) == .EAGAIN)
        #expect(GuestErrno(host: EOPNOTSUPP) == .ENOTSUP)
        #expect(GuestErrno(host: EDEADLOCK).name == "EDEADLK")
        #expect(GuestErrno(host: ECONNRESET).name == "EPIPE")
        #expect(hostErrno(guest: .EPERM) == EPERM)
    }
}

/// Host open flags by ToyOS name.
private let hostOpenFlag: [String: Int32] = [
    "O_CREAT": O_CREAT, "O_EXCL": O_EXCL, "O_TRUNC": O_TRUNC, "O_APPEND": O_APPEND, "O_NONBLOCK": O_NONBLOCK,
    "O_DIRECTORY": O_DIRECTORY, "O_NOFOLLOW": O_NOFOLLOW, "O_CLOEXEC": O_CLOEXEC, "O_NOCTTY": O_NOCTTY,
]
private let accessModes: [(guest: String, host: Int32)] = [("O_RDONLY", O_RDONLY), ("O_WRONLY", O_WRONLY), ("O_RDWR", O_RDWR)]

@Suite struct OpenFlagTranslationTests {
    @Test func everyBitTranslatesToItsNamesakeForEveryAccessMode() {
        let bits = ToyOS.openFlags.entries.filter { $0.value & ToyOS.openAccessModeMask == 0 }
        #expect(Set(bits.map(\.name)) == Set(hostOpenFlag.keys), "the test's host table covers every ToyOS bit")
        for (mode, hostMode) in accessModes {
            let m = ToyOS.openFlags[mode]
            #expect(Translate.hostOpenFlags(guest: m) == hostMode, "\(mode)")
            var all: UInt64 = m, allHost = hostMode
            for b in bits {
                let h = hostOpenFlag[b.name]!
                #expect(Translate.hostOpenFlags(guest: m | b.value) == hostMode | h, "\(mode)|\(b.name)")
                // And back (the FlagMap both ways).
                #expect(Translate.openFlags.toGuest(Int64(h)) == b.value, "\(b.name) back")
                #expect(Translate.openFlags.toHost(b.value) == Int64(h))
                all |= b.value
                allHost |= h
            }
            #expect(Translate.hostOpenFlags(guest: all) == allHost, "\(mode) with every flag")
        }
    }

    @Test func unknownBitsAndBadAccessModesAreRejected() {
        let known = ToyOS.openFlags.entries.reduce(UInt64(0)) { $0 | $1.value }
        for bit in 0..<64 {
            let v = UInt64(1) << UInt64(bit)
            if known & v != 0 { continue }
            #expect(Translate.hostOpenFlags(guest: ToyOS.openFlags["O_RDONLY"] | v) == nil, "bit \(bit)")
            #expect(Translate.openFlags.toHost(v) == nil, "bit \(bit)")
        }
        #expect(Translate.hostOpenFlags(guest: 0) == nil, "access mode 0 is invalid")
        #expect(Translate.hostOpenFlags(guest: ToyOS.openFlags["O_CREAT"]) == nil)
        #expect(Translate.hostOpenFlags(guest: ToyOS.openFlags["O_CREAT"] | ToyOS.openFlags["O_TRUNC"]) == nil)
    }

    @Test func statusFlagsRoundTrip() {
        let extras: [UInt64] = [0, ToyOS.openFlags["O_APPEND"], ToyOS.openFlags["O_NONBLOCK"],
                                ToyOS.openFlags["O_APPEND"] | ToyOS.openFlags["O_NONBLOCK"]]
        for (mode, _) in accessModes {
            for x in extras {
                let g = ToyOS.openFlags[mode] | x
                let h = Translate.hostOpenFlags(guest: g)!
                #expect(Translate.guestStatusFlags(host: h) == g, "\(mode) | \(x)")
                // Host-only and creation-time bits never show up in F_GETFL.
                #expect(Translate.guestStatusFlags(host: h | O_LARGEFILE_HOST | O_CLOEXEC | O_CREAT) == g)
            }
        }
    }

    @Test func statusFlagsFromARealDescriptor() throws {
        for (mode, hostMode) in accessModes {
            let fd = open("/dev/null", hostMode | O_APPEND | O_NONBLOCK | O_CLOEXEC)
            try #require(fd >= 0)
            defer { close(fd) }
            let got = Translate.guestStatusFlags(host: fcntl(fd, F_GETFL))
            #expect(got == ToyOS.openFlags[mode] | ToyOS.openFlags["O_APPEND"] | ToyOS.openFlags["O_NONBLOCK"], "\(mode)")
        }
    }
}

/// x86-64 Linux O_LARGEFILE (F_GETFL reports it on 64-bit kernels).
private let O_LARGEFILE_HOST: Int32 = 0o100000

@Suite struct OtherTranslationTests {
    @Test func accessModes() {
        #expect(Translate.accessMode.toHost(ToyOS.accessMode["F_OK"]) == Int64(F_OK))
        let host: [String: Int32] = ["R_OK": R_OK, "W_OK": W_OK, "X_OK": X_OK]
        var all: UInt64 = 0
        for (name, h) in host {
            #expect(Translate.accessMode.toHost(ToyOS.accessMode[name]) == Int64(h), "\(name)")
            #expect(Translate.accessMode.toGuest(Int64(h)) == ToyOS.accessMode[name], "\(name) back")
            all |= ToyOS.accessMode[name]
        }
        #expect(Translate.accessMode.toHost(all) == Int64(R_OK | W_OK | X_OK))
        #expect(Translate.accessMode.toHost(0x8) == nil)
        #expect(Translate.accessMode.toHost(all | 0x100) == nil)
    }

    @Test func pollEventsBothWays() {
        let host: [String: Int16] = [
            "POLLERR": Int16(POLLERR), "POLLHUP": Int16(POLLHUP), "POLLNVAL": Int16(POLLNVAL),
            "POLLIN": Int16(POLLIN), "POLLOUT": Int16(POLLOUT), "POLLPRI": Int16(POLLPRI),
        ]
        #expect(Set(ToyOS.pollEvents.entries.map(\.name)) == Set(host.keys))
        var allGuest: UInt64 = 0, allHost: Int64 = 0
        for e in ToyOS.pollEvents.entries {
            let h = Int64(host[e.name]!)
            #expect(Translate.pollEvents.toHost(e.value) == h, "\(e.name)")
            #expect(Translate.pollEvents.toGuest(h) == e.value, "\(e.name) back")
            allGuest |= e.value
            allHost |= h
        }
        #expect(Translate.pollEvents.toHost(allGuest) == allHost)
        #expect(Translate.pollEvents.toGuest(allHost) == allGuest)
        for bit in 0..<16 where allGuest & (1 << UInt64(bit)) == 0 {
            #expect(Translate.pollEvents.toHost(1 << UInt64(bit)) == nil, "unknown guest bit \(bit)")
        }
        // Host-only bits (POLLRDNORM, POLLWRNORM) are dropped on the way back.
        #expect(Translate.pollEvents.toGuest(Int64(POLLIN) | 0x40 | 0x100) == ToyOS.pollEvents["POLLIN"])
    }

    @Test func whenceIsComplete() {
        let host: [String: Int32] = ["SEEK_SET": SEEK_SET, "SEEK_CUR": SEEK_CUR, "SEEK_END": SEEK_END]
        #expect(Translate.whence.count == ToyOS.whence.entries.count)
        for e in ToyOS.whence.entries {
            #expect(Translate.whence[e.value] == host[e.name], "\(e.name)")
        }
        #expect(Translate.whence[0] == nil)
    }

    @Test func clocksAreComplete() {
        let host: [String: clockid_t] = [
            "CLOCK_REALTIME": CLOCK_REALTIME, "CLOCK_MONOTONIC": CLOCK_MONOTONIC,
            "CLOCK_PROCESS_CPUTIME": CLOCK_PROCESS_CPUTIME_ID,
        ]
        #expect(Translate.clock.count == ToyOS.clock.entries.count)
        for e in ToyOS.clock.entries {
            #expect(Translate.clock[e.value] != nil, "\(e.name) has no host clock")
            #expect(Translate.clock[e.value] == host[e.name], "\(e.name)")
        }
        #expect(Translate.clock[0] == nil)
    }

    @Test func fileModes() {
        let host: [String: mode_t] = [
            "S_IFREG": S_IFREG, "S_IFDIR": S_IFDIR, "S_IFLNK": S_IFLNK, "S_IFCHR": S_IFCHR, "S_IFBLK": S_IFBLK,
            "S_IFIFO": S_IFIFO, "S_IFSOCK": S_IFSOCK,
        ]
        #expect(Set(ToyOS.fileType.entries.map(\.name)) == Set(host.keys))
        for e in ToyOS.fileType.entries {
            let h = UInt32(host[e.name]!)
            #expect(Translate.guestMode(host: h | 0o4755) == UInt32(e.value) | 0o4755, "\(e.name)")
            #expect(Translate.guestMode(host: h | 0o7777) == UInt32(e.value) | 0o7777, "\(e.name)")
            #expect(Translate.guestMode(host: h) == UInt32(e.value), "\(e.name)")
        }
        #expect(Translate.guestMode(host: 0o644) == 0o644, "no type: permission bits only")
        // A real file and directory.
        var st = stat()
        #expect(stat("/", &st) == 0)
        #expect(UInt64(Translate.guestMode(host: st.st_mode)) & ToyOS.fileTypeMask == ToyOS.fileType["S_IFDIR"])
        #expect(stat("/dev/null", &st) == 0)
        #expect(UInt64(Translate.guestMode(host: st.st_mode)) & ToyOS.fileTypeMask == ToyOS.fileType["S_IFCHR"])
    }

    @Test func direntTypes() {
        let host: [String: Int32] = [
            "DT_UNKNOWN": Int32(DT_UNKNOWN), "DT_REG": Int32(DT_REG), "DT_DIR": Int32(DT_DIR), "DT_LNK": Int32(DT_LNK),
            "DT_CHR": Int32(DT_CHR), "DT_BLK": Int32(DT_BLK), "DT_FIFO": Int32(DT_FIFO), "DT_SOCK": Int32(DT_SOCK),
        ]
        #expect(Set(ToyOS.direntType.entries.map(\.name)) == Set(host.keys))
        for e in ToyOS.direntType.entries {
            #expect(UInt64(Translate.guestDirentType(host: UInt8(host[e.name]!))) == e.value, "\(e.name)")
        }
        #expect(UInt64(Translate.guestDirentType(host: 14)) == ToyOS.direntType["DT_UNKNOWN"], "DT_WHT")
        #expect(UInt64(Translate.guestDirentType(host: 255)) == ToyOS.direntType["DT_UNKNOWN"])
    }

    @Test func signalsBothWays() {
        let host: [String: Int32] = [
            "SIGINT": SIGINT, "SIGTERM": SIGTERM, "SIGKILL": SIGKILL, "SIGSEGV": SIGSEGV, "SIGILL": SIGILL,
            "SIGFPE": SIGFPE, "SIGABRT": SIGABRT, "SIGBUS": SIGBUS, "SIGTRAP": SIGTRAP, "SIGSYS": SIGSYS,
            "SIGPIPE": SIGPIPE, "SIGALRM": SIGALRM, "SIGCHLD": SIGCHLD, "SIGHUP": SIGHUP, "SIGQUIT": SIGQUIT,
            "SIGUSR1": SIGUSR1, "SIGUSR2": SIGUSR2, "SIGSTOP": SIGSTOP, "SIGTSTP": SIGTSTP, "SIGCONT": SIGCONT,
            "SIGTTOU": SIGTTOU, "SIGTTIN": SIGTTIN, "SIGWINCH": SIGWINCH,
            // Interrupt lines: real-time signals from SIGRTMIN + 2 (Linux has no such signals).
            "SIGIRQ0": burrow_sigrtmin() + 2, "SIGIRQ4": burrow_sigrtmin() + 6,
        ]
        #expect(Set(ToyOS.signal.entries.map(\.name)) == Set(host.keys))
        for e in ToyOS.signal.entries {
            #expect(Translate.hostSignal(guest: e.value) == host[e.name], "\(e.name)")
            #expect(Translate.guestSignal(host: host[e.name]!) == e.value, "\(e.name) back")
        }
        #expect(Translate.hostSignal(guest: 0) == nil)
        #expect(Translate.hostSignal(guest: 24) == nil)
        #expect(Translate.hostSignal(guest: UInt64.max) == nil)
        // Every host signal: either no ToyOS signal, or one that maps straight back.
        for h in Int32(1)...64 {
            if let g = Translate.guestSignal(host: h) {
                #expect(Translate.hostSignal(guest: g) == h, "host \(h)")
            }
        }
        #expect(Translate.guestSignal(host: SIGURG) == nil)
        #expect(Translate.guestSignal(host: SIGPROF) == nil)
        #expect(Translate.guestSignal(host: SIGRTMIN_HOST) == nil)
    }

    @Test func protection() {
        let r = ToyOS.protection["PROT_READ"], w = ToyOS.protection["PROT_WRITE"], x = ToyOS.protection["PROT_EXEC"]
        #expect(Translate.protection(guest: 0) == [])
        #expect(Translate.protection(guest: r) == [.read])
        #expect(Translate.protection(guest: w) == [.read, .write], "write implies read (x86 pages)")
        #expect(Translate.protection(guest: r | w) == [.read, .write])
        #expect(Translate.protection(guest: x) == [.read, .execute], "exec implies read")
        #expect(Translate.protection(guest: r | x) == [.read, .execute])
        #expect(Translate.protection(guest: x | w) == [.read, .write, .execute])
        #expect(Translate.protection(guest: r | w | x) == [.read, .write, .execute])
        for bit in 0..<64 where (r | w | x) & (1 << UInt64(bit)) == 0 {
            #expect(Translate.protection(guest: r | (1 << UInt64(bit))) == nil, "bit \(bit)")
        }
    }
}

/// The first real-time signal number the kernel defines (glibc reserves a few above it).
private let SIGRTMIN_HOST: Int32 = 32
