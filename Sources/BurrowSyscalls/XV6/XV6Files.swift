// xv6 file calls: open, read, write, close, dup, pipe, fstat, mknod, unlink, link, mkdir, chdir.
// Files are host files (under --root, the root's); what xv6 sees differs in four ways:
// - struct stat is xv6's (20 bytes) with a synthesised inode number (XV6Tree.inum);
// - read() on a directory yields 16-byte records (inum, 14-byte name), "." and ".." first;
// - every path component is cut to 14 bytes;
// - a device node is a marker file (`deviceMarker` below): mknod("console", 1, 1) makes one, and
//   opening a major-1 node gives the console (Burrow's standard input and output), never a host
//   device node (host device 1,1 is /dev/mem).
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

/// A directory being read as xv6 records: the records, made when this process first reads the
/// descriptor (a snapshot), and how far the guest has read.
struct DirectoryStream {
    var records: [UInt8]
    var offset = 0
}

extension XV6Personality {
    /// A device node on the host: a regular file whose whole content is this line
    /// (`burrow-xv6-device MAJOR MINOR\n`). Such files are at most this long.
    static let deviceMarker = "burrow-xv6-device"
    static let deviceMarkerMax = 64

    // MARK: - Descriptors

    func open(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let mode = a[1]
        let writable = mode & (XV6.oWronly | XV6.oRdwr) != 0
        let readable = mode & XV6.oWronly == 0
        var flags: Int32 = writable && readable ? O_RDWR : writable ? O_WRONLY : O_RDONLY
        flags |= O_CLOEXEC | O_NOCTTY
        // O_CREATE never truncates; an existing directory makes the host open fail (EISDIR).
        if mode & XV6.oCreate != 0 { flags |= O_CREAT }
        let fd: Int32
        do {
            fd = try paths.open(p, flags: flags, mode: 0o666)
        } catch let e where e == .EACCES && flags & O_ACCMODE != O_RDONLY {
            // A device node the caller may not write (a marker file of another user's): xv6 has
            // no permissions, and the console does not need the marker to be writable.
            let r = try paths.open(p, flags: O_RDONLY | O_CLOEXEC | O_NOCTTY, mode: 0)
            var st = Glibc.stat()
            guard Glibc.fstat(r, &st) == 0, let (major, _) = Self.device(r, st) else { Glibc.close(r); throw e }
            Glibc.close(r)
            guard major == XV6.consoleMajor else { throw .ENODEV }
            return UInt64(try addConsole())
        }
        var st = Glibc.stat()
        if Glibc.fstat(fd, &st) != 0 { Glibc.close(fd); throw GuestErrno(host: errno) }
        if st.st_mode & S_IFMT == S_IFDIR, writable || mode & XV6.oCreate != 0 {
            Glibc.close(fd)
            throw .EISDIR
        }
        if let (major, _) = Self.device(fd, st) {
            Glibc.close(fd)
            guard major == XV6.consoleMajor else { throw .ENODEV }
            return UInt64(try addConsole())
        }
        return UInt64(try files.add(host: fd, closeOnExec: false))
    }

    /// A new guest descriptor for the console (a duplicate of its input; writes go to its output).
    func addConsole() throws(GuestErrno) -> Int {
        let d = try host { burrow_fcntl_int(console.input, F_DUPFD_CLOEXEC, 3) }
        let g = try files.add(host: d, closeOnExec: false)
        consoleDescriptors.insert(g)
        return g
    }

    func close(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let g = Int(a.int(0))
        try files.remove(Int64(g))
        consoleDescriptors.remove(g)
        directories[g] = nil
        return 0
    }

    func dup(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let g = Int(a.int(0))
        let h = try files.host(Int64(g))
        let d = try host { burrow_fcntl_int(h, F_DUPFD_CLOEXEC, 3) }
        let n = try files.add(host: d, closeOnExec: false)
        if consoleDescriptors.contains(g) { consoleDescriptors.insert(n) }
        return UInt64(n)
    }

    func pipe(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        var fds: [Int32] = [0, 0]
        _ = try host { burrow_pipe2(&fds, O_CLOEXEC) }
        let r: Int
        do { r = try files.add(host: fds[0], closeOnExec: false) } catch { Glibc.close(fds[1]); throw error }
        let w: Int
        do { w = try files.add(host: fds[1], closeOnExec: false) } catch { try? files.remove(Int64(r)); throw error }
        do {
            try store(Int32(r), a[0])
            try store(Int32(w), a[0] &+ 4)
        } catch {
            try? files.remove(Int64(r))
            try? files.remove(Int64(w))
            throw error
        }
        return 0
    }

    func read(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let g = Int(a.int(0))
        let n = a.int(2)
        guard n >= 0 else { throw .EINVAL }
        let h = try files.host(Int64(g))
        if n == 0 { return 0 }
        let buf: UnsafeMutableRawBufferPointer
        do { buf = try memory.kernelWritable(a[1], Int(n)) } catch { throw .EFAULT }
        if var stream = try directoryRecords(g, h) {
            // The cursor is the host descriptor's own offset (Burrow reads the entries through a
            // descriptor of its own), so a dup or a forked child shares it, as xv6's file offset
            // is shared; where the file system refuses such an offset, the stream keeps it.
            let shared = Glibc.lseek(h, 0, SEEK_CUR)
            let at = shared >= 0 ? min(Int(shared), stream.records.count) : stream.offset
            let count = max(0, min(Int(n), stream.records.count - at))
            if count > 0 { try copyOut(Array(stream.records[at..<(at + count)]), to: a[1]) }
            stream.offset = at + count
            if shared >= 0, Glibc.lseek(h, off_t(stream.offset), SEEK_SET) < 0 { _ = Glibc.lseek(h, off_t(at), SEEK_SET) }
            directories[g] = stream
            return UInt64(count)
        }
        return UInt64(try blocking { burrow_blocking_read(h, buf.baseAddress, buf.count) })
    }

    func write(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let g = Int(a.int(0))
        let n = a.int(2)
        guard n >= 0 else { throw .EINVAL }
        var h = try files.host(Int64(g))
        if consoleDescriptors.contains(g) { h = console.output }
        if n == 0 { return 0 }
        let buf: UnsafeRawBufferPointer
        do { buf = try memory.kernelReadable(a[1], Int(n)) } catch { throw .EFAULT }
        return UInt64(try blocking { burrow_blocking_write(h, buf.baseAddress, buf.count) })
    }

    // MARK: - Status

    /// fstat(fd, st): xv6's struct stat. Pipes (and sockets) have none: -1.
    func fstat(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let g = Int(a.int(0))
        let h = try files.host(Int64(g))
        var st = Glibc.stat()
        _ = try host { Glibc.fstat(h, &st) }
        let type: Int16
        var size = UInt32(truncatingIfNeeded: st.st_size)
        // The console is a device whatever Burrow's standard input is (a terminal, a pipe, a file).
        switch consoleDescriptors.contains(g) ? S_IFCHR : st.st_mode & S_IFMT {
        case S_IFDIR:
            type = XV6.tDir
            size = UInt32(truncatingIfNeeded: try makeRecords(h).count)
        case S_IFREG: type = Self.device(h, st) != nil ? XV6.tDev : XV6.tFile
        case S_IFCHR, S_IFBLK: type = XV6.tDev
        default: throw .EINVAL
        }
        if type == XV6.tDev { size = 0 }
        var out = [UInt8](repeating: 0, count: XV6.statLayout.size)
        func put<T: FixedWidthInteger>(_ v: T, _ field: String) {
            withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { out[XV6.statLayout.offset(of: field) + i] = b } }
        }
        put(type, "type")
        put(Int32(1), "dev")   // one file system, xv6's ROOTDEV
        put(tree.inum(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), "ino")
        put(Int16(truncatingIfNeeded: max(st.st_nlink, 1)), "nlink")
        put(size, "size")
        try copyOut(out, to: a[1])
        return 0
    }

    /// (major, minor) when the open file `fd` is a device marker.
    static func device(_ fd: Int32, _ st: Glibc.stat) -> (Int, Int)? {
        guard st.st_mode & S_IFMT == S_IFREG, st.st_size > 0, st.st_size <= deviceMarkerMax else { return nil }
        var buf = [UInt8](repeating: 0, count: deviceMarkerMax)
        let n = pread(fd, &buf, buf.count, 0)
        guard n > 0 else { return nil }
        let text = String(decoding: buf[0..<n], as: UTF8.self)
        let parts = text.split(separator: " ")
        guard text.hasSuffix("\n"), parts.count == 3, parts[0] == deviceMarker,
              let major = Int(parts[1]), let minor = Int(parts[2].dropLast()) else { return nil }
        return (major, minor)
    }

    // MARK: - Directories as records

    /// The records of the directory guest `g` (host `h`), made at the first read; nil when `h`
    /// is not a directory.
    func directoryRecords(_ g: Int, _ h: Int32) throws(GuestErrno) -> DirectoryStream? {
        if let s = directories[g] { return s }
        var st = Glibc.stat()
        guard Glibc.fstat(h, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
        let s = DirectoryStream(records: try makeRecords(h))
        directories[g] = s
        return s
    }

    /// "." and ".." first, then the host's entries in its order; each 16 bytes: the inum (the
    /// same as stat's), the name cut to 14 bytes, NUL-padded.
    func makeRecords(_ h: Int32) throws(GuestErrno) -> [UInt8] {
        var st = Glibc.stat()
        _ = try host { Glibc.fstat(h, &st) }
        var parent = Glibc.stat()
        if fstatat(h, "..", &parent, 0) != 0 { parent = st }
        var out: [UInt8] = []
        func record(_ inum: UInt32, _ name: [UInt8]) {
            let n = UInt16(truncatingIfNeeded: inum)
            out += [UInt8(n & 0xff), UInt8(n >> 8)]
            let cut = name.prefix(XV6.nameLength)
            out += cut
            out += [UInt8](repeating: 0, count: XV6.nameLength - cut.count)
        }
        record(tree.inum(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), Array(".".utf8))
        record(tree.inum(device: UInt64(parent.st_dev), inode: UInt64(parent.st_ino)), Array("..".utf8))
        // A descriptor of our own (the guest's offset stays where it is).
        let d = openat(h, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if d < 0 { throw GuestErrno(host: errno) }
        defer { Glibc.close(d) }
        var buf = [UInt8](repeating: 0, count: 32768)
        while true {
            let n = buf.withUnsafeMutableBytes { burrow_syscall6(Int(BURROW_SYS_getdents64), Int(d), Int(bitPattern: $0.baseAddress), $0.count, 0, 0, 0) }
            if n < 0 { throw GuestErrno(host: errno) }
            if n == 0 { break }
            var at = 0
            while at < n {
                let ino = buf.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
                let reclen = Int(buf[at + 16]) | Int(buf[at + 17]) << 8
                let nameStart = at + 19
                let nameEnd = buf[nameStart..<(at + reclen)].firstIndex(of: 0) ?? (at + reclen)
                let name = Array(buf[nameStart..<nameEnd])
                if name != Array(".".utf8), name != Array("..".utf8) {
                    record(tree.inum(device: UInt64(st.st_dev), inode: ino), name)
                }
                at += reclen
            }
        }
        return out
    }

    // MARK: - Names

    func mknod(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let major = Int16(truncatingIfNeeded: a.int(1)), minor = Int16(truncatingIfNeeded: a.int(2))
        let fd = try paths.open(p, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o666)
        defer { Glibc.close(fd) }
        let text = Array("\(Self.deviceMarker) \(major) \(minor)\n".utf8)
        _ = try host { Glibc.write(fd, text, text.count) }
        return 0
    }

    /// unlink: a file, or an empty directory; never "." or "..".
    func unlink(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        let last = p.split(separator: UInt8(ascii: "/")).last.map(Array.init) ?? []
        if last == Array(".".utf8) || last == Array("..".utf8) { throw .EINVAL }
        do {
            _ = try paths.withParent(p, modifies: true) { unlinkat($0, $1, 0) }
        } catch let e where e == .EISDIR {
            _ = try paths.withParent(p, modifies: true) { unlinkat($0, $1, AT_REMOVEDIR) }
        }
        return 0
    }

    func link(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let from = try path(a[0]), to = try path(a[1])
        var inner: GuestErrno?
        _ = try paths.withParent(from, modifies: true) { d1, n1 in
            do throws(GuestErrno) {
                return try paths.withParent(to, modifies: true) { d2, n2 in linkat(d1, n1, d2, n2, 0) }
            } catch {
                inner = error
                return 0
            }
        }
        if let inner { throw inner }
        return 0
    }

    func mkdir(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let p = try path(a[0])
        _ = try paths.withParent(p, modifies: true) { mkdirat($0, $1, 0o777) }
        return 0
    }

    func chdir(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        try paths.chdir(try path(a[0]))
        return 0
    }
}

extension XV6Personality {
    /// Marks guest descriptor `g` as the console (after exec, from --xv6-state).
    public func markConsole(_ g: Int) { consoleDescriptors.insert(g) }
}
