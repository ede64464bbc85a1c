// --root and --bind: the guest's "/" is a host directory that neither ".." nor symlinks can leave.
import Foundation
import Testing

@Suite
struct RootTests {
    /// A root with its own /etc/passwd, escaping symlinks, and a copy of cat in /bin.
    static func makeRoot() throws -> String {
        let r = try temporaryDirectory("root")
        let fm = FileManager.default
        for d in ["etc", "bin", "home/user", "data"] { try fm.createDirectory(atPath: r + "/" + d, withIntermediateDirectories: true) }
        try "inside-root\n".write(toFile: r + "/etc/passwd", atomically: false, encoding: .utf8)
        try "note\n".write(toFile: r + "/home/user/note.txt", atomically: false, encoding: .utf8)
        try fm.createSymbolicLink(atPath: r + "/abs-link", withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: r + "/home/user/rel-link", withDestinationPath: "../../../../../../etc/passwd")
        try fm.createSymbolicLink(atPath: r + "/loop", withDestinationPath: "loop")
        try fm.copyItem(atPath: Repo.toy("cat"), toPath: r + "/bin/cat")
        return r
    }

    func cat(_ root: String, _ args: [String], extra: [String] = [], cwd: String? = nil) throws -> Outcome {
        try burrow(["run", "--root", root] + extra + (cwd.map { ["--cwd", $0] } ?? []) + [root + "/bin/cat"] + args)
    }

    @Test(arguments: ["/etc/passwd", "/../../../../etc/passwd", "../../../etc/passwd", "/abs-link", "/home/user/rel-link",
                      "/home/../../etc/passwd", "/etc/../../../../../etc/passwd"])
    func pathsStayInsideTheRoot(path: String) throws {
        let r = try Self.makeRoot()
        defer { cleanup(r) }
        let o = try cat(r, [path], cwd: "/home/user")
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "inside-root\n", "\(path) escaped the root: \(o.stdout)")
    }

    @Test func symlinkLoopsAndMissingFiles() throws {
        let r = try Self.makeRoot()
        defer { cleanup(r) }
        let loop = try cat(r, ["/loop"])
        #expect(loop.status == 1 && loop.stderr.contains("Too many levels of symbolic links"), "\(loop)")
        let missing = try cat(r, ["/nope"])
        #expect(missing.status == 1 && missing.stderr.contains("No such file or directory"), "\(missing)")
    }

    @Test func relativePathsUseTheGuestWorkingDirectory() throws {
        let r = try Self.makeRoot()
        defer { cleanup(r) }
        #expect(try cat(r, ["note.txt"], cwd: "/home/user").stdout == "note\n")
        let pwd = try burrow(["run", "--root", r, "--cwd", "/home/user", Repo.toy("pwd")])
        #expect(pwd.stdout == "/home/user\n", "\(pwd)")
    }

    @Test func devicesAreAlwaysThere() throws {
        let r = try Self.makeRoot()
        defer { cleanup(r) }
        let o = try cat(r, ["/dev/null"])
        #expect(o.status == 0 && o.stdout.isEmpty, "\(o)")
        let head = try burrow(["run", "--root", r, Repo.toy("head"), "-c", "4", "/dev/zero"])
        #expect(head.stdout == "\0\0\0\0", "\(head)")
    }

    @Test func bindMakesAHostDirectoryVisibleAndReadOnlyMeansIt() throws {
        let r = try Self.makeRoot()
        let host = try temporaryDirectory("bind")
        defer { cleanup(r); cleanup(host) }
        try "bound\n".write(toFile: host + "/file.txt", atomically: false, encoding: .utf8)
        let o = try cat(r, ["/mnt/host/file.txt"], extra: ["--bind", "\(host):/mnt/host"])
        #expect(o.stdout == "bound\n", "\(o)")
        let ro = try burrow(["run", "--root", r, "--bind", "\(host):/mnt/host:ro", Repo.toy("touch"), "/mnt/host/new"])
        #expect(ro.status == 1 && ro.stderr.contains("Read-only file system"), "\(ro)")
        #expect(!FileManager.default.fileExists(atPath: host + "/new"))
        let rw = try burrow(["run", "--root", r, "--bind", "\(host):/mnt/host", Repo.toy("touch"), "/mnt/host/new"])
        #expect(rw.status == 0 && FileManager.default.fileExists(atPath: host + "/new"), "\(rw)")
        #expect(try burrow(["run", "--root", r, "--bind", "relative", Repo.toy("true")]).status == 125)
        #expect(try burrow(["run", "--bind", "\(host):/x", Repo.toy("true")]).status == 125)
    }

    /// A bind is a mount in the guest's namespace: ".." at its top is its mount point's parent
    /// (the root has no /mnt here), and its symlinks are followed from the guest's "/"; the host's
    /// file next to the bound directory is never reached.
    @Test func dotDotAndSymlinksLeaveABindIntoTheRoot() throws {
        let r = try Self.makeRoot()
        let outer = try temporaryDirectory("bind")
        defer { cleanup(r); cleanup(outer) }
        let host = outer + "/bound"
        try FileManager.default.createDirectory(atPath: host + "/sub", withIntermediateDirectories: true)
        try "outside-the-bind\n".write(toFile: outer + "/passwd", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: host + "/up", withDestinationPath: "../passwd")
        try FileManager.default.createSymbolicLink(atPath: host + "/sub/abs", withDestinationPath: "/etc/passwd")
        let bind = ["--bind", "\(host):/mnt/host"]
        for path in ["/mnt/host/../../etc/passwd", "/mnt/host/sub/abs"] {
            let o = try cat(r, [path], extra: bind)
            #expect(o.status == 0 && o.stdout == "inside-root\n", "\(path): \(o)")
        }
        let up = try cat(r, ["/mnt/host/up"], extra: bind)
        #expect(up.status == 1 && up.stdout.isEmpty && up.stderr.contains("No such file or directory"),
                "../passwd from the bind's top is the root's /mnt/passwd, which does not exist: \(up)")
        let rel = try cat(r, ["../../../etc/passwd"], extra: bind, cwd: "/mnt/host/sub")
        #expect(rel.stdout == "inside-root\n", "\(rel)")
        let pwd = try burrow(["run", "--root", r] + bind + ["--cwd", "/mnt/host/sub/..", Repo.toy("pwd")])
        #expect(pwd.stdout == "/mnt/host\n", "\(pwd)")
    }

    @Test func writesLandInsideTheRoot() throws {
        let r = try Self.makeRoot()
        defer { cleanup(r) }
        let o = try burrow(["run", "--root", r, Repo.toy("mkdir"), "-p", "/../../made/here"])
        #expect(o.status == 0, "\(o)")
        #expect(FileManager.default.fileExists(atPath: r + "/made/here"))
        let ln = try burrow(["run", "--root", r, Repo.toy("ln"), "-s", "/etc/passwd", "/made/link"])
        #expect(ln.status == 0)
        #expect(try cat(r, ["/made/link"]).stdout == "inside-root\n")
    }
}
