// xv6's i386 flavour (docs/xv6.md, "i386"): the same xv6-ABI programs as XV6Tests, built for i386
// and linked twice: at 0x400000 (flat 32-bit selectors) and at 0 (LDT code and data segments with
// base 0x80000000 and a 2 GiB limit, without privileges). Recognised automatically, as x86-64's.
import Foundation
import Testing

@Suite struct XV6I386Tests {
    static let flavours = ["xv6-i386", "xv6-i386-0"]

    @Test(arguments: flavours) func basics(flavour: String) throws {
        let o = try XV6Programs.expectAllOK("basics", arguments: ["one", "two words"], flavour: flavour)
        #expect(o.stderr.split(separator: "\n").contains { $0.range(of: #"^[0-9]+ basics: unknown sys call 99$"#, options: .regularExpression) != nil }, "\(o)")
    }

    @Test(arguments: flavours) func files(flavour: String) throws {
        let o = try XV6Programs.expectAllOK("files", flavour: flavour)
        #expect(o.stdout.contains("# through the console\n") && o.stdout.contains("# through a dup of it\n"), "\(o)")
    }

    @Test(arguments: flavours) func processes(flavour: String) throws {
        // fork, wait, kill, pipes and exec of an i386 program from an i386 program.
        let o = try XV6Programs.expectAllOK("procs", programs: ["echoargs"], mode: 0o644, flavour: flavour)
        #expect(o.stderr.contains("procs: trap "), "\(o)")
    }

    @Test(arguments: flavours) func consoleAsInitUsesIt(flavour: String) throws {
        let root = try XV6Programs.root(with: ["echoargs"], flavour: flavour)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let o = try run(Repo.burrow, ["run", "--root", root, XV6Programs.path("initlike", flavour: flavour)], stdin: "typed line\n")
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "init: console on 0\nchild through the console\nread 11: typed line\n", "\(o)")
    }

    /// A load at 0x90000000: flat, a page fault on the reserved kernel half; confined, the
    /// segment limit's general-protection fault (trap 13, no address). Either way xv6's line and
    /// death by SIGSEGV.
    @Test(arguments: flavours) func faultLine(flavour: String) throws {
        let o = try run(Repo.burrow, ["run", XV6Programs.path("fault", flavour: flavour)])
        #expect(o.signal == SIGSEGV && o.stdout == "before\n", "\(o)")
        let line = flavour == "xv6-i386"
            ? #"^pid [0-9]+ fault: trap 14 err [0-9]+ on cpu 0 eip 0x4[0-9a-f]{5} addr 0x90000000--kill proc\n$"#
            : #"^pid [0-9]+ fault: trap 13 err 0 on cpu 0 eip 0x[0-9a-f]{1,4} addr 0x0--kill proc\n$"#
        #expect(o.stderr.range(of: line, options: .regularExpression) != nil, "\(o)")
        let io = try run(Repo.burrow, ["run", XV6Programs.path("fault", flavour: flavour), "io"])
        #expect(io.signal == SIGSEGV && io.stderr.contains(": trap 13 err 0 on cpu 0"), "\(io)")
    }

    /// `int $0x80` is a real Linux i386 system call, not a trap: Syscall User Dispatch catches it
    /// before the host kernel runs it, in both layouts (and `syscall` in x86-64's), and the process
    /// dies by SIGSYS with xv6's line.
    @Test(arguments: ["xv6"] + flavours) func linuxSystemCallIsCaught(flavour: String) throws {
        let o = try run(Repo.burrow, ["run", XV6Programs.path("fault", flavour: flavour), "linux"])
        #expect(o.signal == SIGSYS && o.stdout == "before\n", "\(o)")
        let trap = flavour == "xv6" ? "trap 6 err 0" : "trap 13 err 1026"
        #expect(o.stderr.range(of: "^pid [0-9]+ fault: \(trap) on cpu 0 eip 0x[0-9a-f]+ addr 0x0--kill proc\n$", options: .regularExpression) != nil, "\(o)")
    }

    /// A far jump to the 64-bit code selector: the next trap comes with a selector the guest was
    /// not entered with, and the process dies by SIGSYS (in the confined layout the jump lands
    /// outside the partition and faults first; the same verdict).
    @Test(arguments: flavours) func leavingCompatibilityModeIsRefused(flavour: String) throws {
        let o = try run(Repo.burrow, ["run", XV6Programs.path("fault", flavour: flavour), "mode"])
        #expect(o.signal == SIGSYS && o.stdout == "before\n" && o.stderr.contains("--kill proc"), "\(o)")
    }

    @Test func inspectNamesTheLayout() throws {
        let flat = try run(Repo.burrow, ["inspect", XV6Programs.path("echoargs", flavour: "xv6-i386")])
        #expect(flat.status == 0 && flat.stdout.contains("Personality:      xv6 i386") && flat.stdout.contains("flat 32-bit"), "\(flat)")
        let based = try run(Repo.burrow, ["inspect", XV6Programs.path("echoargs", flavour: "xv6-i386-0")])
        #expect(based.status == 0 && based.stdout.contains("LDT code and data segments, base 0x80000000"), "\(based)")
        let forced = try run(Repo.burrow, ["run", "--personality", "xv6", XV6Programs.path("echoargs", flavour: "xv6-i386-0"), "x", "y"])
        #expect(forced.status == 0 && forced.stdout == "x y\n", "\(forced)")
        let toy = try run(Repo.burrow, ["run", "--personality", "toyos", XV6Programs.path("echoargs", flavour: "xv6-i386")])
        // What the file is, rather than what ToyOS would refuse first (its ELF class).
        #expect(toy.status == 126 && toy.stderr.contains("an xv6 executable (") && toy.stderr.contains("not ToyOS"), "\(toy)")
    }

    /// The tracer reads guest memory through the segment base: strings and structures at guest
    /// addresses near 0 come out right.
    @Test func traceThroughTheSegmentBase() throws {
        let o = try XV6Programs.expectAllOK("files", options: ["--trace", "--trace-filter", "fstat,mknod"], flavour: "xv6-i386-0")
        #expect(o.stderr.contains(#"mknod("console", 1, 1) = 0"#), "\(o)")
        #expect(o.stderr.contains("{type=T_DEV"), "\(o)")
    }
}
