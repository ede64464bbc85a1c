// Path calls: readdir, mkdir, rmdir, unlink, rename, link, symlink, readlink, getcwd, access,
// chmod, utimens. Paths go through PathResolver (host paths, or IN the --root directory).
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension ToyOSPersonality {
    /// readdir(fd, buf, count) → getdents64, repacked as struct toy_dirent records. A ToyOS record
    /// is never larger than the Linux record for the same name (12 vs 19 header bytes), so asking
    /// the host for at most `count` bytes always fits the translation into the guest's buffer.
    func readdir(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        let count = a.size(2)
        guard memory.check(a[1], count, .write) else { throw .EFAULT }
        var out = [UInt8](repeating: 0, count: count)
        var hostBuf = [UInt8](repeating: 0, count: max(count, 1))
        let n: Int
        if isProcFDDirectory(fd) {
            n = try procFDDirectoryEntries(fd, into: &hostBuf, count: count)   // the guest's descriptors
        } else {
            n = try host { hostBuf.withUnsafeMutableBytes { burrow_syscall6(Int(BURROW_SYS_getdents64), Int(fd), Int(bitPattern: $0.baseAddress), count, 0, 0, 0) } }
        }
        let layout = ToyOS.direntLayout
        let inoOff = layout.offset(of: "ino"), recOff = layout.offset(of: "reclen")
        let typeOff = layout.offset(of: "type"), lenOff = layout.offset(of: "namelen"), nameOff = layout.offset(of: "name")
        var src = 0, dst = 0
        while src < n {
            let ino = hostBuf.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: src, as: UInt64.self) }
            let reclen = Int(hostBuf.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: src + 16, as: UInt16.self) })
            let type = hostBuf[src + 18]
            var nameLen = 0
            while hostBuf[src + 19 + nameLen] != 0 { nameLen += 1 }
            let rec = (nameOff + nameLen + 1 + 7) & ~7
            out.withUnsafeMutableBytes { o in
                o.storeBytes(of: ino.littleEndian, toByteOffset: dst + inoOff, as: UInt64.self)
                o.storeBytes(of: UInt16(rec).littleEndian, toByteOffset: dst + recOff, as: UInt16.self)
                o.storeBytes(of: Translate.guestDirentType(host: type), toByteOffset: dst + typeOff, as: UInt8.self)
                o.storeBytes(of: UInt8(truncatingIfNeeded: nameLen), toByteOffset: dst + lenOff, as: UInt8.self)
            }
            for i in 0..<nameLen { out[dst + nameOff + i] = hostBuf[src + 19 + i] }
            src += reclen
            dst += rec
        }
        // Built in Burrow's memory, then copied out in one fault-tolerant copy.
        try copyOut(Array(out[0..<dst]), to: a[1])
        return UInt64(dst)
    }

    func mkdir(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let mode = mode_t(a[1] & 0o7777)
        _ = try paths.withParent(p, modifies: true) { mkdirat($0, $1, mode) }
        return 0
    }

    /// unlink and rmdir (flags = AT_REMOVEDIR). Inlined into dispatch, like stat (Files.swift,
    /// open): after a host system call every return mispredicts, one frame fewer each.
    @inline(__always)
    func unlink(_ a: SyscallArgs, flags: Int32) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        _ = try paths.withParent(p, modifies: true) { unlinkat($0, $1, flags) }
        return 0
    }

    /// Resolves two paths' parents and runs a two-path *at call.
    private func twoPaths(_ a: SyscallArgs, _ body: (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>) -> Int32) throws(GuestErrno) {
        let from = try path(a[0]), to = try path(a[1])
        var inner: GuestErrno?
        _ = try paths.withParent(from, modifies: true) { d1, n1 in
            do throws(GuestErrno) {
                return try paths.withParent(to, modifies: true) { d2, n2 in body(d1, n1, d2, n2) }
            } catch {
                inner = error
                return 0
            }
        }
        if let inner { throw inner }
    }

    func rename(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        try twoPaths(a) { renameat($0, $1, $2, $3) }
        return 0
    }

    func link(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        try twoPaths(a) { linkat($0, $1, $2, $3, 0) }
        return 0
    }

    /// symlink(target, linkpath): the target is stored as given; it is resolved (inside the root)
    /// only when followed.
    func symlink(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let target = try path(a[0])
        let link = try path(a[1])
        _ = try paths.withParent(link, modifies: true) { d, n in symlinkat(target.cString, d, n) }
        return 0
    }

    func readlink(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let size = a.size(2)
        guard Int64(bitPattern: a[2]) > 0 else { throw .EINVAL }
        let out = try kernelWritable(a[1], size)
        if let node = procNode(p), let target = try readlinkProc(node) {
            let n = min(target.count, size)   // truncated without a NUL, as readlink does
            try copyOut(Array(target.prefix(n)), to: a[1])
            return UInt64(n)
        }
        let n = try paths.withParent(p, modifies: false) { d, name in
            Int32(readlinkat(d, name, out.baseAddress!.assumingMemoryBound(to: CChar.self), size))
        }
        return UInt64(n)
    }

    /// getcwd(buf, size): the guest's working directory; the length without the NUL.
    func getcwd(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let size = a.size(1)
        guard size > 0 else { throw .EINVAL }
        let cwd = try paths.getcwd()
        guard cwd.count + 1 <= size else { throw .ERANGE }
        try copyOut(cwd + [0], to: a[0])
        return UInt64(cwd.count)
    }

    func access(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        guard let mode = Translate.accessMode.toHost(a[1]) else { throw .EINVAL }
        let writes = a[1] & Guest.W_OK != 0
        if let node = procNode(p), try accessProc(node, mode: Int32(mode)) { return 0 }
        _ = try paths.withResolved(p, modifies: writes) { Glibc.access($0, Int32(mode)) }
        return 0
    }

    func chmod(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let mode = mode_t(a[1] & 0o7777)
        _ = try paths.withResolved(p, modifies: true) { Glibc.chmod($0, mode) }
        return 0
    }

    /// utimens(path, times[2] ns or NULL, flags) → utimensat.
    func utimens(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let flags = a[2]
        let nofollow = Guest.AT_SYMLINK_NOFOLLOW
        guard flags & ~nofollow == 0 else { throw .EINVAL }
        // Two timespecs in a tuple (contiguous, as utimensat reads them), not an array: no allocation.
        var ts = (timespec(tv_sec: 0, tv_nsec: Int(BURROW_UTIME_NOW)), timespec(tv_sec: 0, tv_nsec: Int(BURROW_UTIME_NOW)))
        if a[1] != 0 {
            for i in 0..<2 {
                let v = try load(UInt64.self, a[1] &+ UInt64(8 * i))
                let t: timespec
                switch v {
                case ToyOS.utimeNow: t = timespec(tv_sec: 0, tv_nsec: Int(BURROW_UTIME_NOW))
                case ToyOS.utimeOmit: t = timespec(tv_sec: 0, tv_nsec: Int(BURROW_UTIME_OMIT))
                default:
                    // An i64 of nanoseconds: 2^63 and above (but the two markers) is EINVAL (docs/abi.md 9.3).
                    guard v < 1 << 63 else { throw .EINVAL }
                    t = timespec(tv_sec: Int(v / 1_000_000_000), tv_nsec: Int(v % 1_000_000_000))
                }
                if i == 0 { ts.0 = t } else { ts.1 = t }
            }
        }
        let nofollowCall = flags & nofollow != 0
        _ = try withUnsafeMutableBytes(of: &ts) { (raw) throws(GuestErrno) -> Int32 in
            let times = UnsafePointer(raw.baseAddress!.assumingMemoryBound(to: timespec.self))
            if nofollowCall {
                return try paths.withParent(p, modifies: true) { utimensat($0, $1, times, AT_SYMLINK_NOFOLLOW) }
            }
            return try paths.withResolved(p, modifies: true) { utimensat(AT_FDCWD, $0, times, 0) }
        }
        return 0
    }
}
