// Rooted mode: a guest path is resolved in the guest's namespace, the root with each --bind mounted
// at its guest path, the way Linux resolves it under a bind mount, chroot, bwrap or gVisor:
//   - ".." is the parent of the directory reached: at a bind's root, the parent of its mount point
//     (whether or not the root has a directory there); at "/", "/" itself;
//   - a symlink is followed from "/" (absolute target) or from its own directory (relative), in
//     the guest's namespace: it may lead into a bind or out of one, never into the host beyond it.
// The kernel knows one mount at a time (openat2 RESOLVE_IN_ROOT from the root's or a bind's
// directory clamps ".." and absolute symlinks to THAT directory), so Burrow steps across mounts
// itself and gives the kernel only stretches that stay in one mount and hold no symlink
// (RESOLVE_NO_SYMLINKS: when one is met the kernel says ELOOP, and the walk that follows every
// symlink itself runs instead). A path without ".." and without a symlink costs what it always
// did: one openat2, no lookup of its own.
//
// Binds are matched on the path as walked, so a bind is visible at its guest path whatever the
// root holds there (its parents need not exist in the root either).
import BurrowABI
import CBurrowRuntime
import Glibc

extension PathResolver {
    /// A walked guest path: absolute, "/" or "/a/b" (no ".", "..", "//" or trailing slash), and
    /// whether it was written as a directory (a trailing "/", "." or "..": the kernel must still
    /// find a directory there).
    struct Walked {
        var path: [UInt8]
        var mustBeDirectory: Bool
    }

    private static let maxSymlinks = 40   // as Linux (MAXSYMLINKS)

    /// Walks a guest path in the guest's namespace. With `verifyAll` false, only names before a
    /// ".." are looked up (one openat2 per run of names, as directories without symlinks); the
    /// names after the last ".." are taken as written, which is exact when the caller's kernel
    /// call meets no symlink (it refuses them). With `verifyAll` true (or once a run fails), every
    /// component is looked up here and every symlink followed (the last component's only when
    /// `followFinal`).
    func walk(_ path: [UInt8], followFinal: Bool, verifyAll startVerifyAll: Bool) throws(GuestErrno) -> Walked {
        if path.isEmpty { throw .ENOENT }
        let slash = UInt8(ascii: "/")
        // The canonical directory reached so far: "" for "/", else "/a/b"; verified unless pending.
        var cur: [UInt8] = path[0] == slash || cwd == [slash] ? [] : cwd
        var curIsDirectory = true
        // Components still to walk, last first; "." after a name keeps it from being the last
        // (so "link/" and "link/." follow the link and need a directory, as natively).
        let written = Self.components(path)
        var queue: [ArraySlice<UInt8>] = written.reversed()
        var pending: [ArraySlice<UInt8>] = []   // names taken as written (verifyAll false)
        var verifyAll = startVerifyAll
        var links = 0
        while let c = queue.popLast() {
            if Self.isDot(c) {
                if verifyAll && !curIsDirectory { throw .ENOTDIR }
                continue
            }
            if Self.isDotDot(c) {
                if !pending.isEmpty {
                    if try !verifyRun(&cur, &curIsDirectory, pending) {
                        // A symlink, a missing or non-directory component: walk them one by one.
                        queue.append(c)
                        queue.append(contentsOf: pending.reversed())
                        pending = []
                        verifyAll = true
                        continue
                    }
                    pending = []
                }
                if !curIsDirectory { throw .ENOTDIR }
                if let i = cur.lastIndex(of: slash) { cur.removeSubrange(i...) }
                continue
            }
            guard verifyAll else { pending.append(c); continue }
            if !curIsDirectory { throw .ENOTDIR }
            let candidate = cur + [slash] + c
            if let b = bind(at: candidate) {
                cur = candidate
                curIsDirectory = b.isDirectory
                continue
            }
            let isLast = queue.isEmpty
            let (base, rel) = mount(holding: candidate)
            let fd = withCPath(rel) {
                burrow_openat2(base, $0, UInt64(BURROW_O_PATH | O_NOFOLLOW | O_CLOEXEC), 0, Self.resolveInMount)
            }
            if fd < 0 {
                let e = errno
                // The last component may be about to be created; a bind's parents exist in the guest.
                if e == ENOENT && (isLast || isAncestorOfBind(candidate)) {
                    cur = candidate
                    continue
                }
                throw GuestErrno(host: e)
            }
            defer { close(fd) }
            var st = stat()
            if fstat(fd, &st) != 0 { throw GuestErrno(host: errno) }
            if st.st_mode & S_IFMT == S_IFLNK && (!isLast || followFinal) {
                links += 1
                if links > Self.maxSymlinks { throw .ELOOP }
                let target = try linkTarget(fd)
                if target.first == slash { cur = []; curIsDirectory = true }
                if target.last == slash { queue.append(Array(".".utf8)[...]) }
                queue.append(contentsOf: Self.components(target).reversed())
                continue
            }
            cur = candidate
            curIsDirectory = st.st_mode & S_IFMT == S_IFDIR
        }
        for c in pending { cur += [slash] + c }
        let asDirectory = path.last == slash || written.last.map { Self.isDot($0) || Self.isDotDot($0) } ?? true
        return Walked(path: cur.isEmpty ? [slash] : cur, mustBeDirectory: asDirectory)
    }

    /// Looks up a run of names after `cur` as directories, one openat2 for the names after the
    /// last mount point among them; false when the kernel refuses (the caller walks them one by
    /// one, which also names the right error).
    private func verifyRun(_ cur: inout [UInt8], _ curIsDirectory: inout Bool, _ run: [ArraySlice<UInt8>]) throws(GuestErrno) -> Bool {
        let slash = UInt8(ascii: "/")
        var path = cur
        var isDirectory = curIsDirectory
        var unverified = 0   // names at the end of `path` not yet looked up
        for c in run {
            if !isDirectory { return false }
            path += [slash] + c
            if let b = bind(at: path) { isDirectory = b.isDirectory; unverified = 0 } else { unverified += 1 }
        }
        if unverified > 0 {
            let (base, rel) = mount(holding: path)
            let fd = withCPath(rel) {
                burrow_openat2(base, $0, UInt64(BURROW_O_PATH | O_DIRECTORY | O_CLOEXEC), 0, Self.resolveInMount)
            }
            if fd < 0 { return false }
            close(fd)
        }
        cur = path
        curIsDirectory = isDirectory
        return true
    }

    /// The target of the symlink open as `fd` (BURROW_O_PATH | O_NOFOLLOW). The host /proc's magic
    /// links (cwd, exe, fd/N: a host path or "pipe:[N]") are refused with ELOOP, as
    /// RESOLVE_NO_MAGICLINKS refuses them: their targets are no guest paths.
    private func linkTarget(_ fd: Int32) throws(GuestErrno) -> [UInt8] {
        guard let target = readLink(at: fd, "") else { throw GuestErrno(host: errno) }
        if target.isEmpty { throw .ENOENT }
        // Only a target that looks like one (a host path, "pipe:[N]") is asked where it lives: on
        // any procfs (bound at /proc or elsewhere), by its file system's magic number.
        if (target.first == UInt8(ascii: "/") || target.contains(UInt8(ascii: ":"))) && burrow_fs_magic(fd) == PROC_SUPER_MAGIC { throw .ELOOP }
        return target
    }

    /// Where a walked path lives: the host directory of its mount (a bind's or the root's) and the
    /// path inside it. Only for paths not themselves a bind's guest path.
    private func mount(holding path: [UInt8]) -> (base: Int32, rel: [UInt8]) {
        for b in binds where b.isDirectory && Self.isStrictlyUnder(path, b.guestPath) {
            return (b.hostFD, Array(path[(b.guestPath.count + 1)...]))
        }
        return (rootFD, path)
    }

    /// The bind mounted exactly at a walked path.
    func bind(at path: [UInt8]) -> Bind? {
        for b in binds where b.guestPath == path { return b }
        return nil
    }

    /// Whether a walked path lies in a read-only bind.
    func isReadOnly(_ path: [UInt8]) -> Bool {
        for b in binds where path == b.guestPath || Self.isStrictlyUnder(path, b.guestPath) { return b.readOnly }
        return false
    }

    private func isAncestorOfBind(_ path: [UInt8]) -> Bool {
        binds.contains { Self.isStrictlyUnder($0.guestPath, path) }
    }

    /// The host location of a walked path.
    func location(_ w: Walked) throws(GuestErrno) -> Location {
        for b in binds {
            if w.path == b.guestPath {
                if !b.isDirectory && w.mustBeDirectory { throw .ENOTDIR }
                return Location(base: b.hostFD, path: b.isDirectory ? Array(".".utf8) : [], readOnly: b.readOnly)
            }
            if Self.isStrictlyUnder(w.path, b.guestPath) {
                if !b.isDirectory { throw .ENOTDIR }
                var rel = Array(w.path[(b.guestPath.count + 1)...])
                if w.mustBeDirectory { rel.append(UInt8(ascii: "/")) }
                return Location(base: b.hostFD, path: rel, readOnly: b.readOnly)
            }
        }
        var rel = w.path
        if w.mustBeDirectory && rel.count > 1 { rel.append(UInt8(ascii: "/")) }
        return Location(base: rootFD, path: rel, readOnly: false)
    }

    /// Whether `path` is below `dir` ("/a/b" is below "/a", "/ab" is not). `dir` is walked: "/"
    /// only for the root, which no bind is.
    static func isStrictlyUnder(_ path: [UInt8], _ dir: [UInt8]) -> Bool {
        path.count > dir.count && path[dir.count] == UInt8(ascii: "/") && path.starts(with: dir)
    }

    static func components(_ path: [UInt8]) -> [ArraySlice<UInt8>] {
        path.split(separator: UInt8(ascii: "/"))
    }

    static func isDot(_ c: ArraySlice<UInt8>) -> Bool { c.count == 1 && c.first == UInt8(ascii: ".") }
    static func isDotDot(_ c: ArraySlice<UInt8>) -> Bool {
        c.count == 2 && c.first == UInt8(ascii: ".") && c.last == UInt8(ascii: ".")
    }
}
