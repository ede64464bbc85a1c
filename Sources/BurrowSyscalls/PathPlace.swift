// Rooted mode without the walk: most guest paths a program hands in ("/etc/passwd", "out.txt")
// hold no ".", "..", "//", trailing "/" or symlink. Such a path needs no lookup of Burrow's own
// (PathWalk.swift: arrays of components, a queue, a walked copy, a location, a NUL-terminated
// copy): comparing it with the binds says which mount holds it, and the kernel resolves the rest
// inside that mount (openat2 RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS, as the walk's own lookups do).
// No allocation: an absolute path stays in the personality's buffer, NUL-terminated, and the
// kernel gets a pointer into it; a relative one is composed with the working directory (a walked
// path, so the result is as simple) in one of two buffers the resolver owns. Every case the
// placement does not cover goes to the walk as before, so the walk stays the one definition of
// rooted resolution; this is its shortcut for what it would decide without looking anything up:
//   - a symlink anywhere: the kernel refuses it (ELOOP), and the call is made again by the walk,
//     which follows it in the guest's namespace (a refused call changed nothing);
//   - the path exactly at a bind's mount point, other than a file bind being opened or resolved;
//     under a file bind; in a read-only bind when the call writes (the walk names EROFS);
//   - "." and ".." anywhere, "//", a trailing "/", "/" itself, and a path of PATH_MAX bytes or
//     more (a relative one with its working directory).
import BurrowABI
import CBurrowRuntime
import Glibc

extension PathResolver {
    /// Where a simple rooted path lives.
    enum Place {
        /// In a directory: `base` is the root's or a directory bind's descriptor, and
        /// `bytes[offset..<end]`, NUL-terminated, is the path inside it (`bytes`: the path's own
        /// buffer, or for a relative path the working directory and the path composed in one of
        /// two buffers of the resolver).
        case inDirectory(base: Int32, bytes: UnsafePointer<UInt8>, offset: Int, end: Int, readOnly: Bool)
        /// Exactly a file bind's guest path.
        case fileBind(hostFD: Int32, readOnly: Bool)
    }

    /// Whether p[from..<n] is components of one or more bytes, one slash between them, none "."
    /// or "..".
    private static func isSimple(_ p: UnsafePointer<UInt8>, from: Int, _ n: Int) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        if from >= n { return false }
        var i = from
        while true {
            var j = i
            while j < n && p[j] != slash { j &+= 1 }
            let length = j &- i
            if length == 0 { return false }
            if p[i] == dot && (length == 1 || (length == 2 && p[i &+ 1] == dot)) { return false }
            if j == n { return true }
            i = j &+ 1
        }
    }

    /// The place of a rooted path the shortcut covers (see the top of this file); nil otherwise.
    func place(_ path: PathBytes) -> Place? {
        let slash = UInt8(ascii: "/")
        var p = path.base, n = path.count
        // The guest path is "/" followed by p[start..<n].
        let start = 1
        if p[0] == slash {
            if !Self.isSimple(p, from: 1, n) { return nil }
        } else {
            if !Self.isSimple(p, from: 0, n) { return nil }
            // Relative: the working directory (a walked path: "/" or "/a/b") and the path, composed.
            let prefix = cwd.count == 1 ? 0 : cwd.count   // ("/": the path's own "/" is enough)
            let total = prefix &+ 1 &+ n
            if total > Self.composedCapacity { return nil }
            let buffer = composedPaths + nextComposed &* (Self.composedCapacity &+ 1)
            nextComposed ^= 1
            cwd.withUnsafeBufferPointer { c in buffer.update(from: c.baseAddress!, count: prefix) }
            buffer[prefix] = slash
            (buffer + (prefix &+ 1)).update(from: p, count: n)
            buffer[total] = 0
            p = UnsafePointer(buffer)
            n = total
        }
        // The walk hands the kernel the whole guest path ("/a/b") where this hands it "a/b": a
        // path of PATH_MAX bytes or more is the walk's to refuse (ENAMETOOLONG), not this one's
        // to take. That also bounds every parent below (placeScratch holds PATH_MAX bytes).
        if n >= Int(PATH_MAX) { return nil }
        // The longest bind at or above it (binds are sorted longest first). By index: an array's
        // iterator allocated per call in a debug build.
        let rest = n &- start
        return binds.withUnsafeBufferPointer { bs -> Place? in
            var bi = 0
            while bi < bs.count {
                let matched: Bool = bs[bi].guestPath.withUnsafeBufferPointer { g in
                    let inner = g.count &- 1   // the bind's path after its leading "/"
                    if rest < inner || (rest > inner && p[start &+ inner] != slash) { return false }
                    var k = 0
                    while k < inner {
                        if g[k &+ 1] != p[start &+ k] { return false }
                        k &+= 1
                    }
                    return true
                }
                if matched {
                    let b = bs[bi]
                    if rest == b.guestPath.count &- 1 { return b.isDirectory ? nil : .fileBind(hostFD: b.hostFD, readOnly: b.readOnly) }
                    return b.isDirectory ? .inDirectory(base: b.hostFD, bytes: p, offset: start &+ b.guestPath.count, end: n, readOnly: b.readOnly) : nil
                }
                bi &+= 1
            }
            return .inDirectory(base: rootFD, bytes: p, offset: start, end: n, readOnly: false)
        }
    }

    /// open(2) of a placed path: the descriptor, or nil when the walk must decide.
    func openPlaced(_ path: PathBytes, flags: Int32, mode: UInt32) throws(GuestErrno) -> Int32? {
        guard let place = place(path) else { return nil }
        let writes = flags & O_ACCMODE != O_RDONLY || flags & (O_CREAT | O_TRUNC) != 0
        switch place {
        case .fileBind(let hostFD, let readOnly):
            if writes && readOnly { return nil }
            // The bound file itself, reopened through its descriptor (as openOnce does).
            return try retryingHostCall { Self.withDescriptorPath(hostFD) { burrow_open_mode($0, flags, mode) } }
        case .inDirectory(let base, let bytes, let offset, _, let readOnly):
            if writes && readOnly { return nil }
            return try lookUp(in: base, Self.cString(bytes + offset), flags: flags, mode: mode)
        }
    }

    /// withResolvedAt's body on a placed path, given the descriptor (its result; a negative one
    /// throws, with the errno the body left), or nil when the walk must decide.
    func withResolvedPlaced(_ path: PathBytes, modifies: Bool, _ body: (Int32, UnsafePointer<CChar>, Int32) -> Int32) throws(GuestErrno) -> Int32? {
        guard let place = place(path) else { return nil }
        switch place {
        case .fileBind(let hostFD, let readOnly):
            if modifies && readOnly { return nil }
            return try Self.checked(body(hostFD, Self.emptyName, BURROW_AT_EMPTY_PATH))
        case .inDirectory(let base, let bytes, let offset, _, let readOnly):
            if modifies && readOnly { return nil }
            guard let fd = try lookUp(in: base, Self.cString(bytes + offset), flags: BURROW_O_PATH | O_CLOEXEC) else { return nil }
            defer { close(fd) }   // (after the check has read errno)
            return try Self.checked(body(fd, Self.emptyName, BURROW_AT_EMPTY_PATH))
        }
    }

    /// withParent's body on a placed path (its result; a negative one throws, with the errno the
    /// body left), or nil when the walk must decide. A
    /// name directly in its mount's directory needs no lookup at all: that directory's descriptor
    /// is the parent.
    func withParentPlaced(_ path: PathBytes, modifies: Bool, _ body: (Int32, UnsafePointer<CChar>) -> Int32) throws(GuestErrno) -> Int32? {
        guard let place = place(path), case .inDirectory(let base, let p, let offset, let end, let readOnly) = place else { return nil }
        if modifies && readOnly { return nil }
        var cut = end &- 1
        while cut >= offset && p[cut] != UInt8(ascii: "/") { cut &-= 1 }
        let name = Self.cString(p + (cut &+ 1))
        if cut < offset { return try Self.checked(body(base, name)) }
        // The parent, [offset, cut), NUL-terminated in the scratch buffer for its one lookup (a
        // second path of the same call, rename's, reuses it only after that).
        let length = cut &- offset   // < PATH_MAX: place() takes no longer path
        placeScratch.update(from: p + offset, count: length)
        placeScratch[length] = 0
        guard let dirfd = try lookUp(in: base, Self.cString(placeScratch), flags: BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC) else { return nil }
        defer { close(dirfd) }   // (after the check has read errno)
        return try Self.checked(body(dirfd, name))
    }

    /// openat2 of `path` inside the mount `base` (the walk's own lookup flags): the descriptor, or
    /// nil when the kernel met a symlink (ELOOP), which the walk follows in the guest's namespace.
    private func lookUp(in base: Int32, _ path: UnsafePointer<CChar>, flags: Int32, mode: UInt32 = 0) throws(GuestErrno) -> Int32? {
        do {
            return try retryingHostCall { burrow_openat2(base, path, UInt64(UInt32(bitPattern: flags)), UInt64(mode), Self.resolveInMount) }
        } catch where error == .ELOOP {
            return nil
        }
    }

    /// "" for AT_EMPTY_PATH, from a static string: a String literal passed as a C string is
    /// copied into an array on every call in a debug build.
    static var emptyName: UnsafePointer<CChar> { cString(("" as StaticString).utf8Start) }

    @inline(__always)
    static func cString(_ p: UnsafePointer<UInt8>) -> UnsafePointer<CChar> {
        UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)   // SAFETY: NUL-terminated; CChar and UInt8 alias
    }

    @inline(__always)
    static func checked(_ r: Int32) throws(GuestErrno) -> Int32 {
        if r < 0 { throw GuestErrno(host: errno) }
        return r
    }

    /// Calls body with "/proc/self/fd/N", NUL-terminated, on the stack: the host's name for what a
    /// descriptor refers to (a file bind's, or one opened in the guest's namespace).
    @inline(__always)
    static func withDescriptorPath<T>(_ fd: Int32, _ body: (UnsafePointer<CChar>) -> T) -> T {
        var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)   // 14 + at most 10 digits + NUL
        return withUnsafeMutableBytes(of: &storage) { raw in
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let prefix: StaticString = "/proc/self/fd/"
            out.update(from: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            var digits = 1
            var v = UInt32(bitPattern: fd)
            while v >= 10 { v /= 10; digits &+= 1 }
            v = UInt32(bitPattern: fd)
            var k = prefix.utf8CodeUnitCount &+ digits
            out[k] = 0
            repeat {
                k &-= 1
                out[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v > 0
            return body(UnsafeRawPointer(out).assumingMemoryBound(to: CChar.self))
        }
    }
}
