// Guest paths → host locations. In rooted mode nothing may resolve outside the root: not "..",
// not an absolute symlink, not a relative symlink that climbs; the host's /etc/passwd is never
// reached (compared by device and inode).

import Testing
@testable import BurrowSyscalls
import BurrowABI
import CBurrowRuntime
import Foundation
#if canImport(Glibc)
import Glibc
#endif

private func b(_ s: String) -> [UInt8] { Array(s.utf8) }
private func s(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

/// A temporary directory tree, removed when the value goes away.
private final class TempTree {
    let path: String
    init(withEtc: Bool) throws {
        var template = Array("/tmp/burrow-unit-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: p)
        let fm = FileManager.default
        try "inside\n".write(toFile: path + "/file", atomically: false, encoding: .utf8)
        try fm.createDirectory(atPath: path + "/sub", withIntermediateDirectories: false)
        try "inner\n".write(toFile: path + "/sub/inner", atomically: false, encoding: .utf8)
        if withEtc {
            try fm.createDirectory(atPath: path + "/etc", withIntermediateDirectories: false)
            try "root:x:0:0:inside the guest root\n".write(toFile: path + "/etc/passwd", atomically: false, encoding: .utf8)
        }
        try fm.createSymbolicLink(atPath: path + "/abs", withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: path + "/rel", withDestinationPath: "../../../../etc")
        try fm.createSymbolicLink(atPath: path + "/sub/up", withDestinationPath: "../../../../../etc/passwd")
        try fm.createSymbolicLink(atPath: path + "/loop1", withDestinationPath: "loop2")
        try fm.createSymbolicLink(atPath: path + "/loop2", withDestinationPath: "loop1")
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct FileID: Equatable {
    let dev: UInt64, ino: UInt64
    init(dev: UInt64, ino: UInt64) { self.dev = dev; self.ino = ino }
    init(fd: Int32) { var st = stat(); fstat(fd, &st); dev = UInt64(st.st_dev); ino = UInt64(st.st_ino) }
    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        dev = UInt64(st.st_dev); ino = UInt64(st.st_ino)
    }
}

/// Opens a guest path; the file's identity, or the guest errno.
private func openID(_ r: PathResolver, _ path: String, _ flags: Int32 = O_RDONLY, mode: UInt32 = 0o644) -> Result<FileID, GuestErrno> {
    do {
        let fd = try r.open(b(path), flags: flags | O_CLOEXEC, mode: mode)
        defer { close(fd) }
        return .success(FileID(fd: fd))
    } catch {
        return .failure(error)
    }
}

private func hostPath(ofFD fd: Int32) -> String {
    var buf = [CChar](repeating: 0, count: 4097)
    let n = readlink("/proc/self/fd/\(fd)", &buf, 4096)
    return n < 0 ? "" : String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

@Suite struct PathNormaliseAndBindTests {
    @Test(arguments: [
        ("/", "/"), ("", "/"), ("//", "/"), ("/a", "/a"), ("/a/", "/a"), ("//a//b//", "/a/b"),
        ("/a/./b/./", "/a/b"), ("/a/b/..", "/a"), ("/a/b/../../..", "/"), ("/../../x", "/x"),
        ("/a/../b/../c", "/c"), ("a/b", "/a/b"), ("./a", "/a"), ("/a/.../b", "/a/.../b"), ("/..a/b..", "/..a/b.."),
    ])
    func normalise(_ input: String, _ expected: String) {
        #expect(s(PathResolver.normalise(b(input))) == expected, "\(input)")
    }

    @Test func parseBindAccepts() throws {
        let rw = try PathResolver.parseBind("/srv/data:/data")
        #expect(rw.hostPath == "/srv/data")
        #expect(s(rw.guestPath) == "/data")
        #expect(rw.readOnly == false)
        let ro = try PathResolver.parseBind("/srv/data:/mnt/data/:ro")
        #expect(ro.hostPath == "/srv/data")
        #expect(s(ro.guestPath) == "/mnt/data", "normalised, no trailing slash")
        #expect(ro.readOnly)
        let explicit = try PathResolver.parseBind("/srv/data:/data:rw")
        #expect(explicit.hostPath == "/srv/data" && s(explicit.guestPath) == "/data" && !explicit.readOnly)
        let rel = try PathResolver.parseBind("relative/host:/g/./x/../y")
        #expect(rel.hostPath == "relative/host")
        #expect(s(rel.guestPath) == "/g/y")
    }

    /// Each refusal names what is wrong.
    @Test(arguments: [("/h:g", "GUEST 'g' is not an absolute path"), ("/h:./g", "GUEST './g' is not an absolute path"),
                      ("/h", "no GUEST path"), (":/g", "no HOST path"), ("/h:/g:z", "'z' is not an option"),
                      ("/h:/g:ro:x", "too many ':'"), ("/a:b:/g", "too many ':'"), ("/h:", "no GUEST path"),
                      ("", "an empty spec"), ("/h:/g:", "'' is not an option"), ("/h::ro", "no GUEST path")])
    func parseBindRejects(_ spec: String, _ why: String) {
        do {
            _ = try PathResolver.parseBind(spec)
            Issue.record("\(spec) accepted")
        } catch {
            #expect(error.description.hasPrefix("--bind \(spec): \(why)"), "\(error)")
        }
    }

    @Test func setupErrors() throws {
        #expect(throws: PathResolver.SetupError.self) {
            _ = try PathResolver(root: "/nonexistent-burrow-root", binds: [], cwd: nil)
        }
        let t = try TempTree(withEtc: false)
        #expect(throws: PathResolver.SetupError.self) {
            _ = try PathResolver(root: t.path, binds: [try PathResolver.parseBind("/nonexistent-burrow-bind:/x")], cwd: nil)
        }
        #expect(throws: PathResolver.SetupError.self) {
            _ = try PathResolver(root: t.path, binds: [], cwd: "/no/such/dir")
        }
        let r = try PathResolver(root: t.path, binds: [], cwd: "/sub")
        #expect(s(try r.getcwd()) == "/sub")
        #expect(r.isRooted)
        #expect(r.rootHostPath == t.path)
    }

    @Test func hostModePassesPathsThrough() throws {
        let r = PathResolver()
        #expect(!r.isRooted)
        #expect(r.rootHostPath == nil)
        #expect(try openID(r, "/etc/passwd").get() == FileID(path: "/etc/passwd"))
        var buf = [CChar](repeating: 0, count: 4097)
        _ = getcwd(&buf, 4096)
        #expect(s(try r.getcwd()) == String(cString: buf))
        #expect(throws: GuestErrno.ENOENT) { _ = try r.open([], flags: O_RDONLY, mode: 0) }
    }
}

@Suite struct RootedPathTests {
    let hostPasswd = FileID(path: "/etc/passwd")

    static let escapes = ["/../../etc/passwd", "../../../etc/passwd", "/abs", "/rel/passwd", "rel/passwd",
                          "/sub/../../../etc/passwd", "/sub/up", "sub/up", "/./rel/../rel/passwd"]

    @Test(arguments: escapes)
    func escapesReachOnlyTheRootsOwnFile(_ path: String) throws {
        let t = try TempTree(withEtc: true)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        let inside = try #require(FileID(path: t.path + "/etc/passwd"))
        let got = openID(r, path)
        #expect(got == .success(inside), "\(path) → \(got)")
        if case .success(let id) = got { #expect(id != hostPasswd, "\(path) reached the host's /etc/passwd") }
    }

    @Test(arguments: escapes)
    func escapesWithoutAnInsideFileAreENOENT(_ path: String) throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        let got = openID(r, path)
        #expect(got == .failure(.ENOENT), "\(path) → \(got)")
    }

    @Test func dotDotAtTheRootIsTheRoot() throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        let root = try #require(FileID(path: t.path))
        for p in ["../../..", "/..", "/", "sub/../../.."] {
            #expect(openID(r, p, O_RDONLY | O_DIRECTORY, mode: 0) == .success(root), "\(p)")
        }
        #expect(openID(r, "/file") == .success(FileID(path: t.path + "/file")!))
    }

    /// open() ignores the mode without O_CREAT (natively, and so for the guest): a guest passing
    /// a leftover mode with O_DIRECTORY must not get EINVAL from openat2's stricter rule.
    @Test func openDirectoryIgnoresTheMode() throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        let sub = try #require(FileID(path: t.path + "/sub"))
        #expect(openID(r, "/sub", O_RDONLY | O_DIRECTORY, mode: 0o755) == .success(sub),
                "burrow_openat2 (runtime.c) keeps the mode for O_DIRECTORY because O_TMPFILE contains that bit")
        #expect(openID(r, "/sub", O_RDONLY | O_DIRECTORY, mode: 0) == .success(sub))
        // Natively:
        let fd = open(t.path + "/sub", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0o755)
        #expect(fd >= 0)
        close(fd)
    }

    @Test func symlinkLoopIsELOOP() throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        #expect(openID(r, "/loop1") == .failure(.ELOOP))
        #expect(openID(r, "loop2") == .failure(.ELOOP))
        #expect(openID(r, "/file/x") == .failure(.ENOTDIR))
        #expect(openID(r, "/nonexistent") == .failure(.ENOENT))
        #expect(openID(r, "") == .failure(.ENOENT))
        #expect(openID(r, "/sub", O_WRONLY) == .failure(.EISDIR))
    }

    @Test func chdirAndGetcwdUseGuestPaths() throws {
        let t = try TempTree(withEtc: true)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        #expect(s(try r.getcwd()) == "/")
        try r.chdir(b("sub"))
        #expect(s(try r.getcwd()) == "/sub")
        #expect(openID(r, "inner") == .success(FileID(path: t.path + "/sub/inner")!), "relative to the guest cwd")
        try r.chdir(b(".."))
        #expect(s(try r.getcwd()) == "/")
        try r.chdir(b("../../.."))
        #expect(s(try r.getcwd()) == "/", "cannot climb out")
        try r.chdir(b("/rel"))
        #expect(s(try r.getcwd()) == "/etc", "the relative symlink lands inside the root")
        #expect(openID(r, "passwd") == .success(FileID(path: t.path + "/etc/passwd")!))
        #expect(throws: GuestErrno.ENOTDIR) { try r.chdir(b("/file")) }
        #expect(throws: GuestErrno.ENOENT) { try r.chdir(b("/nonexistent")) }
        #expect(s(try r.getcwd()) == "/etc", "a failed chdir leaves the cwd alone")
        try r.chdir(b("/sub/"))
        #expect(s(try r.getcwd()) == "/sub")
    }

    @Test func withParentSplitsPaths() throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        func split(_ p: String) throws -> (String, String) {
            var dir = "", name = ""
            _ = try r.withParent(b(p), modifies: false) { dirfd, n in
                dir = dirfd == AT_FDCWD ? "AT_FDCWD" : hostPath(ofFD: dirfd)
                name = String(cString: n)
                return 0
            }
            return (dir, name)
        }
        #expect(try split("sub/inner") == (t.path + "/sub", "inner"))
        #expect(try split("/sub/inner") == (t.path + "/sub", "inner"))
        #expect(try split("/sub/") == (t.path, "sub/"), "a trailing slash stays on the last component")
        #expect(try split("/sub//") == (t.path, "sub//"))
        #expect(try split("/") == (t.path, "."))
        #expect(try split("file") == (t.path, "file"))
        #expect(try split("../../x") == (t.path, "x"), "the parent is clamped to the root")
    }

    @Test func withParentErrors() throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        // The parent does not resolve (rel leads to a nonexistent /etc inside the root).
        #expect(throws: GuestErrno.ENOENT) { _ = try r.withParent(b("/rel/passwd"), modifies: false) { _, _ in 0 } }
        // "file/" is not a directory, as natively.
        #expect(throws: GuestErrno.ENOTDIR) {
            _ = try r.withParent(b("/file/"), modifies: false) { dirfd, name in
                var st = stat()
                return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW)
            }
        }
        // "x/.." names x's parent, inside the root.
        var ino: UInt64 = 0
        _ = try r.withParent(b("/sub/.."), modifies: false) { dirfd, name in
            var st = stat()
            let rc = fstatat(dirfd, name, &st, 0)
            ino = UInt64(st.st_ino)
            return rc
        }
        #expect(ino == FileID(path: t.path)!.ino)
        // lstat of a symlink through withParent sees the link, not its target.
        var isLink = false
        _ = try r.withParent(b("/abs"), modifies: false) { dirfd, name in
            var st = stat()
            let rc = fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW)
            isLink = st.st_mode & S_IFMT == S_IFLNK
            return rc
        }
        #expect(isLink)
        // "link/" follows the link, in the root: never from the host's "/" (rel leads to
        // ../../../../etc, abs to /etc/passwd).
        let t2 = try TempTree(withEtc: true)
        let r2 = try PathResolver(root: t2.path, binds: [], cwd: nil)
        var dev: UInt64 = 0
        _ = try r2.withParent(b("/rel/"), modifies: false) { dirfd, name in
            var st = stat()
            let rc = fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW)
            ino = UInt64(st.st_ino); dev = UInt64(st.st_dev)
            return rc
        }
        #expect(FileID(dev: dev, ino: ino) == FileID(path: t2.path + "/etc"))
        #expect(throws: GuestErrno.ENOTDIR) {
            _ = try r2.withParent(b("/abs/"), modifies: false) { dirfd, name in
                var st = stat()
                return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW)
            }
        }
    }

    @Test func withResolvedFollowsInsideTheRoot() throws {
        let t = try TempTree(withEtc: true)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        var id: FileID? = nil
        _ = try r.withResolved(b("/abs"), modifies: false) { p in
            id = FileID(path: String(cString: p))
            return 0
        }
        #expect(id == FileID(path: t.path + "/etc/passwd"))
        #expect(id != hostPasswd)
    }

    @Test func readOnlyBindRefusesWrites() throws {
        let t = try TempTree(withEtc: false)
        let host = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [try PathResolver.parseBind("\(host.path):/mnt:ro")], cwd: nil)
        #expect(openID(r, "/mnt/file") == .success(FileID(path: host.path + "/file")!))
        #expect(openID(r, "/mnt/file", O_WRONLY) == .failure(.init("EROFS")))
        #expect(openID(r, "/mnt/file", O_RDWR) == .failure(.init("EROFS")))
        #expect(openID(r, "/mnt/new", O_RDONLY | O_CREAT) == .failure(.init("EROFS")))
        #expect(openID(r, "/mnt/file", O_RDONLY | O_TRUNC) == .failure(.init("EROFS")))
        #expect(throws: GuestErrno("EROFS")) { _ = try r.withParent(b("/mnt/file"), modifies: true) { _, _ in 0 } }
        #expect(throws: GuestErrno("EROFS")) { _ = try r.withResolved(b("/mnt/file"), modifies: true) { _ in 0 } }
        #expect(FileManager.default.fileExists(atPath: host.path + "/new") == false)
        // A symlink inside the bind cannot climb out of it either.
        #expect(openID(r, "/mnt/sub/up") == .failure(.ENOENT))
        #expect(openID(r, "/mnt/abs") == .failure(.ENOENT))
        // Outside the bind, the root is writable.
        #expect(throws: Never.self) { try openID(r, "/newfile", O_WRONLY | O_CREAT).get() }
    }

    @Test func writableAndFileBinds() throws {
        let t = try TempTree(withEtc: false)
        let host = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [
            try PathResolver.parseBind("\(host.path):/data"),
            try PathResolver.parseBind("\(host.path)/sub/inner:/bound.txt"),
        ], cwd: nil)
        #expect(throws: Never.self) { try openID(r, "/data/created", O_WRONLY | O_CREAT).get() }
        #expect(FileManager.default.fileExists(atPath: host.path + "/created"))
        #expect(openID(r, "/bound.txt") == .success(FileID(path: host.path + "/sub/inner")!))
        #expect(!FileManager.default.fileExists(atPath: t.path + "/data"), "the root has no /data of its own")
        #expect(openID(r, "/data/../file") == .success(FileID(path: t.path + "/file")!), "leaving a bind by .. lands in the root")
        try r.chdir(b("/data/sub"))
        #expect(s(try r.getcwd()) == "/data/sub")
        #expect(openID(r, "inner") == .success(FileID(path: host.path + "/sub/inner")!))
    }

    @Test func chdirIntoABindGivenWithATrailingSlash() throws {
        let t = try TempTree(withEtc: false)
        let host = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [try PathResolver.parseBind("\(host.path)/:/data")], cwd: nil)
        #expect(openID(r, "/data/file") == .success(FileID(path: host.path + "/file")!))
        try r.chdir(b("/data"))
        #expect(s(try r.getcwd()) == "/data")
    }

    @Test func devNullIsAlwaysVisible() throws {
        let t = try TempTree(withEtc: false)
        let r = try PathResolver(root: t.path, binds: [], cwd: nil)
        #expect(!FileManager.default.fileExists(atPath: t.path + "/dev"), "the root has no /dev of its own")
        let fd = try r.open(b("/dev/null"), flags: O_WRONLY | O_CLOEXEC, mode: 0)
        defer { close(fd) }
        var st = stat(), host = stat()
        fstat(fd, &st)
        stat("/dev/null", &host)
        #expect(st.st_mode & S_IFMT == S_IFCHR)
        #expect(st.st_rdev == host.st_rdev)
        #expect(write(fd, "x", 1) == 1)
        #expect(openID(r, "/dev/zero") == .success(FileID(path: "/dev/zero")!))
        #expect(openID(r, "/dev/../dev/null", O_WRONLY) == .success(FileID(path: "/dev/null")!))
        #expect(openID(r, "/dev/sda") == .failure(.ENOENT), "only the standard devices")
    }
}

/// Binds are mounts in the guest's namespace, as under Linux bind mounts, chroot, bwrap or gVisor:
/// ".." at a bind's root is its mount point's parent (whether or not the root has a directory
/// there), ".." at "/" stays at "/", and symlinks are followed in the guest's namespace (into a
/// bind or out of one), never into the host beyond the bound directory.
@Suite struct BindNamespaceTests {
    /// The root R (with /file, /sub/inner, /etc/passwd, no /data) and HOST = outer/sub bound at
    /// /data; outer/file lies next to HOST, outside it, and must never be reached.
    fileprivate final class Fixture {
        let root: TempTree, outer: TempTree
        let r: PathResolver
        var host: String { outer.path + "/sub" }
        init(readOnly: Bool = false, cwd: String? = nil) throws {
            root = try TempTree(withEtc: true)
            outer = try TempTree(withEtc: false)
            let fm = FileManager.default
            let host = outer.path + "/sub"
            try fm.createDirectory(atPath: host + "/dir", withIntermediateDirectories: false)
            try fm.createSymbolicLink(atPath: host + "/esc", withDestinationPath: "../file")
            try fm.createSymbolicLink(atPath: host + "/dir/back", withDestinationPath: "../../file")
            try fm.createSymbolicLink(atPath: host + "/abs", withDestinationPath: "/etc/passwd")
            try fm.createSymbolicLink(atPath: host + "/toroot", withDestinationPath: "/sub")
            try fm.createSymbolicLink(atPath: host + "/dangling", withDestinationPath: "/made-through-a-link")
            try fm.createSymbolicLink(atPath: root.path + "/lnk", withDestinationPath: "/data/dir")
            try fm.createSymbolicLink(atPath: root.path + "/lnkrel", withDestinationPath: "data")
            try fm.createSymbolicLink(atPath: root.path + "/devnull", withDestinationPath: "/dev/null")
            r = try PathResolver(root: root.path, binds: [
                try PathResolver.parseBind("\(host):/data" + (readOnly ? ":ro" : "")),
                try PathResolver.parseBind("\(host)/inner:/bound.txt"),
            ], cwd: cwd)
        }
        func id(_ hostPath: String) -> FileID { FileID(path: hostPath)! }
        var rootFile: FileID { id(root.path + "/file") }
    }

    @Test func dotDotAtABindsRootIsItsMountPointsParent() throws {
        let f = try Fixture()
        #expect(!FileManager.default.fileExists(atPath: f.root.path + "/data"))
        for p in ["/data/..", "/data/../", "/data/./..", "/data/dir/../..", "/data/../data/..", "/data/../../..", "data/.."] {
            #expect(openID(f.r, p, O_RDONLY | O_DIRECTORY) == .success(f.id(f.root.path)), "\(p)")
        }
        for p in ["/data/../file", "/data/dir/../../file", "/data//dir/./../../file", "data/../file"] {
            #expect(openID(f.r, p) == .success(f.rootFile), "\(p)")
        }
        #expect(f.rootFile != f.id(f.outer.path + "/file"))
        #expect(openID(f.r, "/data/../sub/inner") == .success(f.id(f.root.path + "/sub/inner")))
        #expect(openID(f.r, "/data/dir/../inner") == .success(f.id(f.host + "/inner")))
    }

    @Test func symlinksInABindAreFollowedInTheGuestsNamespace() throws {
        let f = try Fixture()
        let rootPasswd = f.id(f.root.path + "/etc/passwd")
        #expect(openID(f.r, "/data/esc") == .success(f.rootFile), "../file from the bind's root is the root's /file")
        #expect(openID(f.r, "/data/dir/back") == .success(f.rootFile))
        #expect(openID(f.r, "/data/abs") == .success(rootPasswd), "an absolute target starts at the guest's /")
        #expect(rootPasswd != FileID(path: "/etc/passwd"))
        #expect(openID(f.r, "/data/toroot/inner") == .success(f.id(f.root.path + "/sub/inner")))
        #expect(openID(f.r, "/data/esc", O_RDONLY | O_NOFOLLOW) == .failure(.ELOOP), "as natively")
        #expect(openID(f.r, "/data/dangling", O_WRONLY | O_CREAT | O_EXCL) == .failure(.EEXIST), "as natively: not followed")
        #expect(throws: Never.self) { try openID(f.r, "/data/dangling", O_WRONLY | O_CREAT).get() }
        #expect(FileManager.default.fileExists(atPath: f.root.path + "/made-through-a-link"))
        #expect(!FileManager.default.fileExists(atPath: f.host + "/made-through-a-link"))
    }

    @Test func symlinksInTheRootLeadIntoBinds() throws {
        let f = try Fixture()
        #expect(openID(f.r, "/lnkrel/inner") == .success(f.id(f.host + "/inner")))
        #expect(openID(f.r, "/lnk/../inner") == .success(f.id(f.host + "/inner")), ".. after a symlink is physical")
        #expect(openID(f.r, "/lnk/../../file") == .success(f.rootFile))
        let fd = try f.r.open(b("/devnull"), flags: O_WRONLY | O_CLOEXEC, mode: 0)
        defer { close(fd) }
        var st = stat(), host = stat()
        fstat(fd, &st)
        stat("/dev/null", &host)
        #expect(st.st_mode & S_IFMT == S_IFCHR && st.st_rdev == host.st_rdev, "a link to /dev/null reaches the bound device")
        // The host /proc is bound too: its own symlinks ("self") are followed, its magic links
        // (host paths as targets) refused, as RESOLVE_NO_MAGICLINKS refuses them.
        try FileManager.default.createSymbolicLink(atPath: f.root.path + "/mtab", withDestinationPath: "/proc/self/mounts")
        var proc = stat()
        stat("/proc", &proc)
        #expect(openID(f.r, "/mtab").map(\.dev) == .success(UInt64(proc.st_dev)))
        #expect(openID(f.r, "/proc/self/cwd", O_RDONLY | O_DIRECTORY) == .failure(.ELOOP))
    }

    @Test func relativePathsFromAWorkingDirectoryInABind() throws {
        let f = try Fixture(cwd: "/data/dir")
        #expect(s(try f.r.getcwd()) == "/data/dir")
        #expect(openID(f.r, "../../file") == .success(f.rootFile))
        #expect(openID(f.r, "../inner") == .success(f.id(f.host + "/inner")))
        #expect(openID(f.r, "../../../../file") == .success(f.rootFile), ".. above / stays at /")
        try f.r.chdir(b(".."))
        #expect(s(try f.r.getcwd()) == "/data")
        try f.r.chdir(b(".."))
        #expect(s(try f.r.getcwd()) == "/")
        try f.r.chdir(b("/lnk"))
        #expect(s(try f.r.getcwd()) == "/data/dir", "the working directory is the walked path")
        try f.r.chdir(b("../../.."))
        #expect(s(try f.r.getcwd()) == "/")
        try f.r.chdir(b("data/toroot"))
        #expect(s(try f.r.getcwd()) == "/sub")
    }

    /// A path ProcView maps to a host path of its own (the guest's /proc/self/fd/N) is the host's
    /// directory, named back in the guest's namespace.
    @Test func chdirThroughAHostPathOverride() throws {
        let f = try Fixture()
        let dir = open(f.host + "/dir", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #expect(dir >= 0)
        defer { close(dir) }
        f.r.hostPathOverride = { p in s(p) == "/proc/self/fd/7" ? b("/proc/self/fd/\(dir)") : nil }
        try f.r.chdir(b("/proc/self/fd/7"))
        #expect(s(try f.r.getcwd()) == "/data/dir")
        #expect(openID(f.r, "../../file") == .success(f.rootFile))
    }

    @Test func dotDotErrorsAreTheNativeOnes() throws {
        let f = try Fixture()
        #expect(openID(f.r, "/nonexistent/../file") == .failure(.ENOENT))
        #expect(openID(f.r, "/data/nonexistent/../inner") == .failure(.ENOENT))
        #expect(openID(f.r, "/file/../file") == .failure(.ENOTDIR))
        #expect(openID(f.r, "/data/inner/..") == .failure(.ENOTDIR))
        #expect(openID(f.r, "/bound.txt/..") == .failure(.ENOTDIR))
        #expect(openID(f.r, "/bound.txt/x") == .failure(.ENOTDIR))
        #expect(openID(f.r, "/bound.txt") == .success(f.id(f.host + "/inner")))
        #expect(openID(f.r, "/loop1/../file") == .failure(.ELOOP))
    }

    @Test func withParentInTheGuestsNamespace() throws {
        let f = try Fixture()
        func split(_ p: String) throws -> (String, String) {
            var dir = "", name = ""
            _ = try f.r.withParent(b(p), modifies: false) { dirfd, n in
                dir = dirfd == AT_FDCWD ? "AT_FDCWD" : hostPath(ofFD: dirfd)
                name = String(cString: n)
                return 0
            }
            return (dir, name)
        }
        #expect(try split("/data/../file") == (f.root.path, "file"))
        #expect(try split("/data/dir/../inner") == (f.host, "inner"))
        #expect(try split("/lnk/x") == (f.host + "/dir", "x"))
        #expect(try split("/data") == (f.host, "."), "a mount point is the bind's directory")
        var ino: UInt64 = 0
        _ = try f.r.withParent(b("/data/.."), modifies: false) { dirfd, name in
            var st = stat()
            let rc = fstatat(dirfd, name, &st, 0)
            ino = UInt64(st.st_ino)
            return rc
        }
        #expect(ino == f.id(f.root.path).ino)
        _ = try f.r.withParent(b("/data/../made"), modifies: true) { mkdirat($0, $1, 0o755) }
        #expect(FileManager.default.fileExists(atPath: f.root.path + "/made"))
        #expect(!FileManager.default.fileExists(atPath: f.outer.path + "/made"))
    }

    @Test func readOnlyBindsFollowTheWalkedPath() throws {
        let f = try Fixture(readOnly: true)
        #expect(openID(f.r, "/lnk/new", O_WRONLY | O_CREAT) == .failure(.init("EROFS")), "a root symlink into the read-only bind")
        #expect(throws: GuestErrno("EROFS")) { _ = try f.r.withParent(b("/lnk/x"), modifies: true) { _, _ in 0 } }
        #expect(!FileManager.default.fileExists(atPath: f.host + "/dir/new"))
        #expect(throws: Never.self) { try openID(f.r, "/data/esc", O_WRONLY).get() }
        #expect(throws: Never.self) { try openID(f.r, "/data/../new", O_WRONLY | O_CREAT).get() }
        #expect(FileManager.default.fileExists(atPath: f.root.path + "/new"))
    }
}

/// Rooted mode's shortcut (PathPlace.swift) against the walk (PathWalk.swift): every path below,
/// simple or not, through the entry points that take the personality's NUL-terminated bytes (the
/// shortcut first) and through those that take an array (the walk alone), must reach the same
/// file or fail with the same errno, for open, withResolved and withParent, reading and writing.
/// The simple ones must be placed (or the test would compare the walk with itself).
@Suite struct PlacedPathTests {
    /// A NUL-terminated copy for the PathBytes entry points.
    private final class Bytes {
        let storage: UnsafeMutablePointer<UInt8>
        let path: PathBytes
        init(_ s: String) {
            let u = Array(s.utf8)
            storage = .allocate(capacity: u.count + 1)
            storage.initialize(from: u, count: u.count)
            storage[u.count] = 0
            path = PathBytes(base: storage, count: u.count)
        }
        deinit { storage.deallocate() }
    }

    /// What a call reached: a file's identity, or the guest errno.
    private static func outcome(_ body: () throws(GuestErrno) -> FileID) -> Result<FileID, GuestErrno> {
        do throws(GuestErrno) { return .success(try body()) } catch { return .failure(error) }
    }

    @Test func theShortcutReachesWhatTheWalkReaches() throws {
        let t = try TempTree(withEtc: true)
        let rw = try TempTree(withEtc: false), ro = try TempTree(withEtc: false)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: t.path + "/sub/tofile", withDestinationPath: "/file")
        try fm.createSymbolicLink(atPath: t.path + "/todata", withDestinationPath: "data/sub")
        try fm.createSymbolicLink(atPath: rw.path + "/out", withDestinationPath: "/sub/inner")
        // Names that begin with a bind's name without being under it.
        try "robin\n".write(toFile: t.path + "/robin", atomically: false, encoding: .utf8)
        try fm.createDirectory(atPath: t.path + "/database", withIntermediateDirectories: false)
        try "in the root\n".write(toFile: t.path + "/database/file", atomically: false, encoding: .utf8)
        let r = try PathResolver(root: t.path, binds: [
            try PathResolver.parseBind("\(rw.path):/data"),
            try PathResolver.parseBind("\(ro.path):/ro:ro"),
            try PathResolver.parseBind("\(rw.path)/sub/inner:/bound.txt"),
            try PathResolver.parseBind("\(ro.path)/file:/robound:ro"),
        ], cwd: nil)
        let simple = ["/file", "/sub/inner", "/etc/passwd", "/missing", "/sub/missing/deeper", "/file/notadir",
                      "/abs", "/rel", "/sub/up", "/loop1", "/sub/tofile", "/todata/inner", "/data/file",
                      "/data/sub/inner", "/data/out", "/data/missing", "/ro/file", "/ro/sub/inner", "/bound.txt",
                      "/robound", "/dev/null", "/dev/zero", "/dev", "/robin", "/database/file", "/data/file2", "file", "sub/inner", "missing", "data/file", "bound.txt"]
        let walkedOnly = ["/", "/sub/", "/sub/.", "/sub/..", "/data", "/ro", "/./file", "//file", "/sub//inner",
                          "/data/../file", "sub/../file", ".", "..", "/bound.txt/x", "/proc/self/exe"]
        for p in simple {
            let bytes = Bytes(p)
            withExtendedLifetime(bytes) { #expect(r.place(bytes.path) != nil, "\(p) is placed") }
        }
        for p in walkedOnly {
            let bytes = Bytes(p)
            withExtendedLifetime(bytes) { #expect(r.mayNameProc(bytes.path) || r.place(bytes.path) == nil, "\(p) is walked") }
        }
        var st = stat()
        func statID(_ rc: Int32) throws(GuestErrno) -> FileID {
            if rc < 0 { throw GuestErrno(host: errno) }
            return FileID(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
        }
        // Relative paths from "/", then from a directory of the root and from one inside a bind.
        for (cwd, p) in [("/", ""), ("/sub", "inner"), ("/sub", "up"), ("/sub", "tofile"), ("/sub", "missing"),
                         ("/data", "file"), ("/data", "sub/inner"), ("/data", "out"), ("/ro", "file")] where !p.isEmpty {
            try r.chdir(Array(cwd.utf8))
            let bytes = Bytes(p)
            withExtendedLifetime(bytes) { #expect(r.place(bytes.path) != nil, "\(p) from \(cwd) is placed") }
            let viaShortcut = Self.outcome { () throws(GuestErrno) in
                let fd = try r.open(bytes.path, flags: O_RDONLY | O_CLOEXEC, mode: 0)
                defer { close(fd) }
                return FileID(fd: fd)
            }
            let viaWalk = Self.outcome { () throws(GuestErrno) in
                let fd = try r.open(Array(p.utf8), flags: O_RDONLY | O_CLOEXEC, mode: 0)
                defer { close(fd) }
                return FileID(fd: fd)
            }
            #expect(viaShortcut == viaWalk, "open \(p) from \(cwd)")
            let parentShortcut = Self.outcome { () throws(GuestErrno) in
                try statID(try r.withParent(bytes.path, modifies: true) { fstatat($0, $1, &st, AT_SYMLINK_NOFOLLOW) })
            }
            let parentWalk = Self.outcome { () throws(GuestErrno) in
                try statID(try r.withParent(Array(p.utf8), modifies: true) { fstatat($0, $1, &st, AT_SYMLINK_NOFOLLOW) })
            }
            #expect(parentShortcut == parentWalk, "withParent \(p) from \(cwd)")
            withExtendedLifetime(bytes) {}
        }
        // A relative path whose composition with the working directory reaches PATH_MAX is the
        // walk's (it refuses it): not placed, and no parent of it copied anywhere.
        let deep = "/" + (0..<10).map { _ in String(repeating: "d", count: 200) }.joined(separator: "/")
        try fm.createDirectory(atPath: t.path + deep, withIntermediateDirectories: true)
        try r.chdir(Array(deep.utf8))
        for count in [9, 10, 19] {
            let long = (0..<count).map { _ in String(repeating: "e", count: 200) }.joined(separator: "/") + "/x"
            let bytes = Bytes(long)
            withExtendedLifetime(bytes) {
                let composed = deep.utf8.count + 1 + long.utf8.count
                #expect((r.place(bytes.path) == nil) == (composed >= Int(PATH_MAX)), "\(composed) bytes")
            }
            let viaShortcut = Self.outcome { () throws(GuestErrno) in
                try statID(try r.withParent(bytes.path, modifies: true) { mkdirat($0, $1, 0o755) })
            }
            let viaWalk = Self.outcome { () throws(GuestErrno) in
                try statID(try r.withParent(Array(long.utf8), modifies: true) { mkdirat($0, $1, 0o755) })
            }
            #expect(viaShortcut == viaWalk, "mkdir of a \(long.utf8.count)-byte path from a 2,010-byte directory")
            withExtendedLifetime(bytes) {}
        }
        try r.chdir(Array("/".utf8))
        for p in simple + walkedOnly {
            let placed = Bytes(p), walked = Array(p.utf8)
            defer { withExtendedLifetime(placed) {} }   // its bytes are read through raw pointers
            for flags in [O_RDONLY, O_RDONLY | O_DIRECTORY, O_WRONLY, O_RDONLY | O_NOFOLLOW, BURROW_O_PATH | O_NOFOLLOW] {
                let viaShortcut = Self.outcome { () throws(GuestErrno) in
                    let fd = try r.open(placed.path, flags: flags | O_CLOEXEC, mode: 0)
                    defer { close(fd) }
                    return FileID(fd: fd)
                }
                let viaWalk = Self.outcome { () throws(GuestErrno) in
                    let fd = try r.open(walked, flags: flags | O_CLOEXEC, mode: 0)
                    defer { close(fd) }
                    return FileID(fd: fd)
                }
                #expect(viaShortcut == viaWalk, "open \(p) flags \(flags)")
            }
            for modifies in [false, true] {
                let resolvedShortcut = Self.outcome { () throws(GuestErrno) in
                    try statID(try r.withResolved(placed.path, modifies: modifies) { fstatat(AT_FDCWD, $0, &st, 0) })
                }
                let resolvedWalk = Self.outcome { () throws(GuestErrno) in
                    try statID(try r.withResolved(walked, modifies: modifies) { fstatat(AT_FDCWD, $0, &st, 0) })
                }
                #expect(resolvedShortcut == resolvedWalk, "withResolved \(p) modifies \(modifies)")
                let parentShortcut = Self.outcome { () throws(GuestErrno) in
                    try statID(try r.withParent(placed.path, modifies: modifies) { fstatat($0, $1, &st, AT_SYMLINK_NOFOLLOW) })
                }
                let parentWalk = Self.outcome { () throws(GuestErrno) in
                    try statID(try r.withParent(walked, modifies: modifies) { fstatat($0, $1, &st, AT_SYMLINK_NOFOLLOW) })
                }
                #expect(parentShortcut == parentWalk, "withParent \(p) modifies \(modifies)")
            }
        }
        // Creating and removing, each way in turn, leaves the same trees.
        for p in ["/made", "/sub/made", "/data/made", "/data/sub/made", "made", "/ro/made", "/missing/made"] {
            let placed = Bytes(p)
            defer { withExtendedLifetime(placed) {} }
            for usePlaced in [true, false] {
                let made = Self.outcome { () throws(GuestErrno) in
                    let fd = usePlaced ? try r.open(placed.path, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o600)
                                       : try r.open(Array(p.utf8), flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o600)
                    defer { close(fd) }
                    return FileID(fd: fd)
                }
                let removed = Self.outcome { () throws(GuestErrno) in
                    let rc = usePlaced ? try r.withParent(placed.path, modifies: true) { unlinkat($0, $1, 0) }
                                       : try r.withParent(Array(p.utf8), modifies: true) { unlinkat($0, $1, 0) }
                    return FileID(dev: 0, ino: UInt64(rc))
                }
                let expectFailure = p.hasPrefix("/ro/") || p.hasPrefix("/missing/")
                #expect((try? made.get()) == nil ? expectFailure : !expectFailure, "create \(p) placed \(usePlaced): \(made)")
                #expect((try? removed.get()) == nil ? expectFailure : !expectFailure, "remove \(p) placed \(usePlaced): \(removed)")
            }
        }
    }
}
