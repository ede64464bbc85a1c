// Descriptor calls: open, read, write, pread, pwrite, lseek, fcntl, poll, dup, dup2, pipe,
// ftruncate, fsync, and the stat family. Each is one host call on the guest's host descriptor;
// buffers are guest memory checked by GuestMemory and passed to the kernel in place (no copy; the
// kernel turns a page that faults into EFAULT). Calls that can block go through the interruptible
// path (`blocking`).
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension ToyOSPersonality {
    /// open(path, flags, mode) → openat / openat2(RESOLVE_IN_ROOT). Host descriptors are always
    /// close-on-exec on the host; the guest's FD_CLOEXEC lives in the descriptor table.
    /// The resolver's plain-path open is inlined here, as stat and unlink are into dispatch: after
    /// a host system call every return mispredicts (the kernel's return leaves the return
    /// predictor empty here), so each frame between dispatch and the host call costs one. (open
    /// itself stays out of line: asked to inline, the optimizer still kept it a call.)
    func open(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let guestFlags = a[1]
        let t = Translate.openTranslation
        guard let flags = t.hostFlags(guestFlags) else { throw .EINVAL }
        let mode = UInt32(a[2] & 0o7777)
        let fd: Int32
        if let node = procNode(p), let view = try openProc(node, flags: flags | O_CLOEXEC, mode: mode) {
            fd = view   // the guest's own /proc/self (ProcView.swift)
        } else {
            fd = try paths.open(p, flags: flags | O_CLOEXEC, mode: mode)
        }
        let cloexec = guestFlags & t.guestCloexec != 0
        return UInt64(try files.add(host: fd, closeOnExec: cloexec))
    }

    // read, write, pread and pwrite are host-call templates (HostCallTemplates.swift).

    func lseek(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        guard let whence = Translate.whence[a[2]] else { throw .EINVAL }
        let r = try host { Glibc.lseek(fd, off_t(Int64(bitPattern: a[1])), whence) }
        return UInt64(bitPattern: Int64(r))
    }

    /// fcntl(fd, cmd, arg). `arg` is 64-bit (the table's `hex`): F_DUPFD with 0x1_0000_0003 is
    /// EINVAL, not a duplicate at 3 (Linux would truncate it to an int).
    func fcntl(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let gfd = a.int(0)
        let fd = try files.host(gfd)
        guard let cmd = ToyFcntlCommand(rawValue: a[1]) else { throw .EINVAL }
        let arg = a[2]
        switch cmd {
        case .dupfd, .dupfdCloexec:
            guard arg < UInt64(FileTable.limit) else { throw .EINVAL }
            let h = try host { burrow_fcntl(fd, F_DUPFD_CLOEXEC, 0) }
            return UInt64(try files.add(host: h, closeOnExec: cmd == .dupfdCloexec, minimum: Int(arg)))
        case .getfd:
            return try files.entry(gfd).closeOnExec ? Guest.FD_CLOEXEC : 0
        case .setfd:
            let cloexec = Guest.FD_CLOEXEC
            guard arg & ~cloexec == 0 else { throw .EINVAL }
            try files.setCloseOnExec(gfd, arg & cloexec != 0)
            return 0
        case .getfl:
            let fl = try host { burrow_fcntl(fd, F_GETFL, 0) }
            return Translate.guestStatusFlags(host: fl)
        case .setfl:
            // Like Linux, only O_APPEND and O_NONBLOCK can change; other bits are ignored.
            let settable = Guest.O_APPEND | Guest.O_NONBLOCK
            let h = Int32(Translate.openFlags.toHost(arg & settable) ?? 0)
            _ = try host { burrow_fcntl(fd, F_SETFL, h) }
            return 0
        }
    }

    /// poll(fds, n, timeout_ms) → ppoll. The array is copied in and the results copied out (never
    /// read in place), through the personality's poll scratch (no allocation once it has grown to
    /// the largest array seen). A signal the guest ignores restarts the wait with the time that is left.
    func poll(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let count = a[1]
        guard count <= UInt64(FileTable.limit) else { throw .EINVAL }
        let n = Int(count)
        let size = ToyOS.pollfdLayout.size
        guard memory.check(a[0], n * size, Self.readWrite) else { throw .EFAULT }
        // The scratch: the guest's array, then the host's pollfds, then one "invalid" flag each.
        let hostOffset = (n * size + 7) & ~7
        let flagsOffset = hostOffset + n * MemoryLayout<pollfd>.stride
        let scratch = pollScratch(flagsOffset + n)
        let guest = UnsafeMutableRawBufferPointer(start: scratch, count: n * size)
        let hostFds = (scratch + hostOffset).bindMemory(to: pollfd.self, capacity: max(n, 1))
        let invalid = (scratch + flagsOffset).bindMemory(to: Bool.self, capacity: max(n, 1))
        do throws(GuestMemoryFault) { try memory.copyIn(a[0], into: guest) } catch { throw .EFAULT }
        let l = PollLayout.self
        var anyInvalid = false
        for i in 0..<n {
            let gfd = Int64(Int32(littleEndian: guest.loadUnaligned(fromByteOffset: i * size + l.fd, as: Int32.self)))
            let ev = UInt64(UInt16(littleEndian: guest.loadUnaligned(fromByteOffset: i * size + l.events, as: UInt16.self)))
            hostFds[i] = pollfd(fd: -1, events: 0, revents: 0)
            invalid[i] = false
            if gfd < 0 { continue }
            guard let h = try? files.host(gfd) else { invalid[i] = true; anyInvalid = true; continue }
            hostFds[i] = pollfd(fd: h, events: Int16(truncatingIfNeeded: Translate.pollEvents.toHost(ev & Translate.pollEvents.guestMask) ?? 0), revents: 0)
        }
        // A closed descriptor is reported as POLLNVAL at once, as the kernel does.
        let ms = anyInvalid ? 0 : Int64(a.int(2))
        let resumed = resumedDeadline(.poll)
        let deadline: UInt64? = ms < 0 ? nil : (anyInvalid ? nil : resumed) ?? burrow_clock_ns(CLOCK_MONOTONIC) &+ UInt64(ms) * 1_000_000
        signals.lastDeadline = deadline
        _ = try blocking {
            let left: Int64
            if let deadline {
                let now = burrow_clock_ns(CLOCK_MONOTONIC)
                left = now >= deadline ? 0 : Int64(deadline - now)
            } else {
                left = -1
            }
            return burrow_blocking_poll(hostFds, UInt(n), left)
        }
        var ready = 0
        for i in 0..<n {
            var re = Translate.pollEvents.toGuest(Int64(UInt16(bitPattern: hostFds[i].revents)))
            if invalid[i] { re = Guest.POLLNVAL }
            if re != 0 { ready += 1 }
            guest.storeBytes(of: UInt16(re).littleEndian, toByteOffset: i * size + l.revents, as: UInt16.self)
        }
        do throws(GuestMemoryFault) { try memory.copyOut(UnsafeRawBufferPointer(guest), to: a[0]) } catch { throw .EFAULT }
        return UInt64(ready)
    }

    func dup(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        let h = try host { burrow_fcntl(fd, F_DUPFD_CLOEXEC, 0) }
        return UInt64(try files.add(host: h, closeOnExec: false))
    }

    func dup2(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let old = a.int(0), new = a.int(1)
        let fd = try files.host(old)
        guard new >= 0 else { throw .EBADF }
        guard new < FileTable.limit else { throw .EMFILE }
        if old == new { return UInt64(new) }
        let h: Int32
        do throws(GuestErrno) {
            h = try host { burrow_fcntl(fd, F_DUPFD_CLOEXEC, 0) }
        } catch {
            // The host has no descriptor to spare (its limit is Burrow's as well as the guest's),
            // but `new` is open: replaced in place, as Linux's dup2 does at the limit.
            guard error == .EMFILE, let target = files.exclusiveHost(Int(new)) else { throw error }
            _ = try host { Glibc.dup2(fd, target) }
            _ = burrow_fcntl(target, F_SETFD, FD_CLOEXEC)   // every guest descriptor is close-on-exec on the host
            try files.setCloseOnExec(new, false)
            return UInt64(new)
        }
        try files.replace(Int(new), host: h, closeOnExec: false)
        return UInt64(new)
    }

    func pipe(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let cloexec = Guest.O_CLOEXEC, nonblock = Guest.O_NONBLOCK
        let flags = a[1]
        guard flags & ~(cloexec | nonblock) == 0 else { throw .EINVAL }
        // Checked first, so EFAULT leaks no descriptors (and a copy that still faults closes them).
        guard memory.check(a[0], ToyOS.size(of: .fdPair), .write) else { throw .EFAULT }
        var fds: (Int32, Int32) = (0, 0)
        _ = try withUnsafeMutableBytes(of: &fds) { (p) throws(GuestErrno) -> Int32 in
            try host { burrow_pipe2(p.baseAddress!.assumingMemoryBound(to: Int32.self), O_CLOEXEC | (flags & nonblock != 0 ? O_NONBLOCK : 0)) }
        }
        let r = try files.add(host: fds.0, closeOnExec: flags & cloexec != 0)
        let w: Int
        do { w = try files.add(host: fds.1, closeOnExec: flags & cloexec != 0) } catch {
            try? files.remove(Int64(r))
            throw error
        }
        // struct toy_fdpair: two little-endian int32, read end first.
        let pair = UInt64(UInt32(bitPattern: Int32(r))) | UInt64(UInt32(bitPattern: Int32(w))) << 32
        do { try store(pair, a[0]) } catch {
            try? files.remove(Int64(r))
            try? files.remove(Int64(w))
            throw error
        }
        return 0
    }

    func ftruncate(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        _ = try host { Glibc.ftruncate(fd, off_t(Int64(bitPattern: a[1]))) }
        return 0
    }

    func fsync(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        _ = try host { Glibc.fsync(fd) }
        return 0
    }

    // MARK: - stat

    @inline(__always)   // into dispatch: see open
    func stat(_ a: SyscallArgs, followLinks: Bool) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        var st = Glibc.stat()
        if let node = procNode(p), try statProc(node, follow: followLinks, into: &st) {
            // a view of the guest's own /proc/self (ProcView.swift)
        } else if followLinks {
            _ = try paths.withResolvedAt(p, modifies: false) { fstatat($0, $1, &st, $2) }
        } else {
            _ = try paths.withParent(p, modifies: false) { fstatat($0, $1, &st, AT_SYMLINK_NOFOLLOW) }
        }
        try copyOutStat(&st, to: a[1])
        return 0
    }

    func fstat(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        var st = Glibc.stat()
        _ = try host { Glibc.fstat(fd, &st) }
        try copyOutStat(&st, to: a[1])
        return 0
    }

    /// The struct toy_stat of `st`, built on the stack and copied out in one checked copy.
    /// `st` is borrowed through a pointer: passed by value, the 144-byte host struct was copied
    /// once more per call.
    func copyOutStat(_ st: UnsafePointer<Glibc.stat>, to addr: UInt64) throws(GuestErrno) {
        var raw: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var failure: GuestErrno?
        let layout = StatLayout.offsets   // one lazy-static check: offsets, size and file types
        withUnsafeMutableBytes(of: &raw) { b in
            let out = UnsafeMutableRawBufferPointer(rebasing: b[0..<layout.structSize])
            Self.encodeStat(st, into: out, layout)
            do throws(GuestMemoryFault) { try memory.copyOut(UnsafeRawBufferPointer(out), to: addr) } catch { failure = .EFAULT }
        }
        if let failure { throw failure }
    }

    /// Host struct stat → struct toy_stat (layout from BurrowABI) in `b` (`o.structSize` bytes).
    @inline(__always)
    static func encodeStat(_ stp: UnsafePointer<Glibc.stat>, into b: UnsafeMutableRawBufferPointer, _ o: StatLayout.Offsets = StatLayout.offsets) {
        let st = stp.pointee
        @inline(__always) func put<T: FixedWidthInteger>(_ off: Int, _ v: T) {
            b.storeBytes(of: v.littleEndian, toByteOffset: off, as: T.self)
        }
        @inline(__always) func ns(_ t: timespec) -> Int64 { Int64(t.tv_sec) &* 1_000_000_000 &+ Int64(t.tv_nsec) }
        put(o.dev, UInt64(st.st_dev))
        put(o.ino, UInt64(st.st_ino))
        put(o.mode, o.fileTypes.mode(st.st_mode))   // Translate.guestMode, through the table held here
        put(o.nlink, UInt32(truncatingIfNeeded: st.st_nlink))
        put(o.uid, UInt32(st.st_uid))
        put(o.gid, UInt32(st.st_gid))
        put(o.rdev, UInt64(st.st_rdev))
        put(o.size, Int64(st.st_size))
        put(o.blocks, UInt64(st.st_blocks))
        put(o.blksize, UInt32(truncatingIfNeeded: st.st_blksize))
        put(o.atime, ns(st.st_atim))
        put(o.mtime, ns(st.st_mtim))
        put(o.ctime, ns(st.st_ctim))
    }
}

extension ToyOSPersonality {
    /// A constant, not an array literal per call (which builds the set through an array).
    static let readWrite: Protection = [.read, .write]
}

/// struct toy_pollfd's field offsets, looked up by name once.
enum PollLayout {
    static let fd = ToyOS.pollfdLayout.offset(of: "fd")
    static let events = ToyOS.pollfdLayout.offset(of: "events")
    static let revents = ToyOS.pollfdLayout.offset(of: "revents")
}

/// struct toy_stat's field offsets, looked up by name in BurrowABI's layout once, with its size
/// and the file-type table: everything encodeStat needs behind one lazy-static check.
enum StatLayout {
    struct Offsets {
        let dev, ino, mode, nlink, uid, gid, rdev, size, blocks, blksize, atime, mtime, ctime: Int
        /// The struct's own size (copyOutStat's buffer holds 128 bytes).
        let structSize: Int
        let fileTypes: Translate.FileTypeTable
    }
    static let offsets: Offsets = {
        let l = ToyOS.statLayout
        precondition(l.size <= 128, "struct toy_stat outgrew copyOutStat's buffer")
        let o = Offsets(dev: l.offset(of: "dev"), ino: l.offset(of: "ino"), mode: l.offset(of: "mode"),
                        nlink: l.offset(of: "nlink"), uid: l.offset(of: "uid"), gid: l.offset(of: "gid"),
                        rdev: l.offset(of: "rdev"), size: l.offset(of: "size"), blocks: l.offset(of: "blocks"),
                        blksize: l.offset(of: "blksize"), atime: l.offset(of: "atime_ns"),
                        mtime: l.offset(of: "mtime_ns"), ctime: l.offset(of: "ctime_ns"),
                        structSize: l.size, fileTypes: Translate.guestFileTypes)
        // Every field of the layout is written (the reserved one stays zero).
        precondition(l.fields.count == 14, "struct toy_stat changed: update StatLayout")
        return o
    }()
}

@inline(__always)
func burrow_fcntl(_ fd: Int32, _ cmd: Int32, _ arg: Int32) -> Int32 {
    burrow_fcntl_int(fd, cmd, arg)
}
