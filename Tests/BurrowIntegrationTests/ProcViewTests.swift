// The guest sees itself in /proc/self (exe, cmdline, fd/, maps), not Burrow, with and without
// --root; other /proc files pass through. (The conformance test tests/proc_self checks the same
// views against the native twin.)
import Foundation
import Testing

@Suite
struct ProcViewTests {
    @Test func exeAndCmdlineAreTheGuests() throws {
        let exe = try burrow(["run", Repo.toy("readlink"), "/proc/self/exe"])
        #expect(exe.stdout == URL(fileURLWithPath: Repo.toy("readlink")).resolvingSymlinksInPath().path + "\n", "\(exe)")
        let cmd = try burrow(["run", "--argv0", "zero", Repo.toy("cat"), "/proc/self/cmdline", "-"], stdin: "")
        #expect(cmd.stdout == "zero\0/proc/self/cmdline\0-\0", "\(cmd)")
        let pid = try burrow(["run", Repo.toy("cat"), "/proc/self/cmdline"])
        #expect(pid.stdout == Repo.toy("cat") + "\0/proc/self/cmdline\0", "\(pid)")
    }

    @Test func fdListsOnlyTheGuestsDescriptors() throws {
        let o = try burrow(["run", Repo.toy("ls"), "/proc/self/fd/"])
        // 0-2, and the directory ls is reading (3): never Burrow's private stderr (900+).
        #expect(o.stdout == "0\n1\n2\n3\n", "\(o)")
        let l = try burrow(["run", Repo.toy("readlink"), "/proc/self/fd/0"], stdin: "x")
        #expect(l.stdout.hasPrefix("pipe:["), "\(l)")
        let gone = try burrow(["run", Repo.toy("readlink"), "/proc/self/fd/900"])
        #expect(gone.status == 1 && gone.stdout.isEmpty, "\(gone)")
    }

    @Test func mapsListsTheGuestsRegions() throws {
        let o = try burrow(["run", Repo.toy("cat"), "/proc/self/maps"])
        #expect(o.status == 0)
        let lines = o.stdout.split(separator: "\n")
        let cat = URL(fileURLWithPath: Repo.toy("cat")).resolvingSymlinksInPath().path
        #expect(lines.contains { $0.contains(" r-xp ") && $0.hasSuffix(" " + cat) }, "\(o)")
        #expect(lines.contains { $0.contains(" rw-p ") && $0.hasSuffix(" [stack]") }, "\(o)")
        // Nothing of Burrow's: no Swift runtime, no libc, no burrow binary.
        #expect(!o.stdout.contains("burrow\n") && !o.stdout.contains("libc") && !o.stdout.contains("[vdso]"), "\(o)")
    }

    @Test func underRootProcIsTheHostsWithTheGuestsViews() throws {
        let r = try RootTests.makeRoot()
        defer { cleanup(r) }
        try FileManager.default.copyItem(atPath: Repo.toy("readlink"), toPath: r + "/bin/readlink")
        let exe = try burrow(["run", "--root", r, r + "/bin/readlink", "/proc/self/exe"])
        #expect(exe.stdout == "/bin/readlink\n", "\(exe)")
        let cwd = try burrow(["run", "--root", r, "--cwd", "/home/user", r + "/bin/readlink", "/proc/self/cwd"])
        #expect(cwd.stdout == "/home/user\n", "\(cwd)")
        let fd = try burrow(["run", "--root", r, "--cwd", "/home/user", r + "/bin/cat", "note.txt", "/proc/self/status"])
        #expect(fd.status == 0 && fd.stdout.hasPrefix("note\nName:"), "other /proc files pass through: \(fd)")
        let cmd = try burrow(["run", "--root", r, r + "/bin/cat", "/proc/self/cmdline"])
        #expect(cmd.stdout == r + "/bin/cat\0/proc/self/cmdline\0", "\(cmd)")
        // A relative path from a working directory under /proc.
        let rel = try burrow(["run", "--root", r, "--cwd", "/proc/self", r + "/bin/readlink", "exe"])
        #expect(rel.stdout == "/bin/readlink\n", "\(rel)")
    }

    @Test func relativePathsFromAWorkingDirectoryInProc() throws {
        let o = try burrow(["run", "--cwd", "/proc/self", Repo.toy("readlink"), "exe"])
        #expect(o.stdout == URL(fileURLWithPath: Repo.toy("readlink")).resolvingSymlinksInPath().path + "\n", "\(o)")
    }
}
