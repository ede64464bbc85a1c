// The xv6 personality (docs/xv6.md): Burrow's own xv6-ABI programs (foreign-binaries/xv6, TAP on
// stdout) each in a fresh --root, recognition (xv6 by its stubs; every native twin still refused
// as Linux), the fault line, the unknown-call line, the table, inspect and the trace.
import Foundation
import Testing

enum XV6Programs {
    /// `flavour`: "xv6" (x86-64), "xv6-i386" (i386 at 0x400000, flat), "xv6-i386-0" (i386 at 0,
    /// LDT segments with a base): the same programs built three ways.
    static func path(_ name: String, flavour: String = "xv6") -> String {
        Repo.root.appendingPathComponent("foreign-binaries/build/\(flavour)/\(name)").path
    }

    /// A fresh directory for a guest's "/", with the given programs copied into it.
    static func root(with programs: [String] = [], mode: Int? = nil, flavour: String = "xv6") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("burrow-xv6-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for p in programs {
            try FileManager.default.copyItem(atPath: path(p, flavour: flavour), toPath: dir + "/" + p)
            if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: dir + "/" + p) }
        }
        return dir
    }

    /// Runs a TAP program and checks every line is ok and the plan matches.
    static func expectAllOK(_ name: String, arguments: [String] = [], programs: [String] = [], mode: Int? = nil,
                            options: [String] = [], flavour: String = "xv6") throws -> Outcome {
        let root = try root(with: programs, mode: mode, flavour: flavour)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let o = try run(Repo.burrow, ["run", "--root", root] + options + ["--argv0", name, path(name, flavour: flavour)] + arguments, timeout: 120)
        #expect(o.status == 0, "\(o)")
        let lines = o.stdout.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("not ok") }, "\(o)")
        let oks = lines.filter { $0.hasPrefix("ok ") }.count
        #expect(oks > 0 && lines.last == "1..\(oks)", "\(o)")
        return o
    }
}

@Suite struct XV6Tests {
    @Test func basics() throws {
        let o = try XV6Programs.expectAllOK("basics", arguments: ["one", "two words"])
        #expect(o.stderr.range(of: #"^[0-9]+ basics: unknown sys call 99$"#, options: .regularExpression) != nil
                || o.stderr.split(separator: "\n").contains { $0.range(of: #"^[0-9]+ basics: unknown sys call 99$"#, options: .regularExpression) != nil }, "\(o)")
    }

    @Test func files() throws {
        let o = try XV6Programs.expectAllOK("files")
        #expect(o.stdout.contains("# through the console\n") && o.stdout.contains("# through a dup of it\n"), "\(o)")
    }

    @Test func processes() throws {
        // echoargs without its execute bit: xv6 has no permissions, its exec needs none.
        let o = try XV6Programs.expectAllOK("procs", programs: ["echoargs"], mode: 0o644)
        // The children that fault say so, as xv6 does.
        #expect(o.stderr.contains("procs: trap 14 err"), "\(o)")
    }

    /// init's pattern: standard descriptors closed, "console" made with mknod and opened, dup'd,
    /// inherited across fork and exec; it reads Burrow's stdin and writes its stdout.
    @Test func consoleAsInitUsesIt() throws {
        let root = try XV6Programs.root(with: ["echoargs"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let o = try run(Repo.burrow, ["run", "--root", root, XV6Programs.path("initlike")], stdin: "typed line\n")
        #expect(o.status == 0, "\(o)")
        #expect(o.stdout == "init: console on 0\nchild through the console\nread 11: typed line\n", "\(o)")
        let marker = try String(contentsOfFile: root + "/console", encoding: .utf8)
        #expect(marker == "burrow-xv6-device 1 1\n")
    }

    @Test func faultLineAndSignal() throws {
        let o = try run(Repo.burrow, ["run", XV6Programs.path("fault")])
        #expect(o.signal == SIGSEGV, "\(o)")
        #expect(o.stdout == "before\n", "\(o)")
        let line = #"^pid [0-9]+ fault: trap 14 err [0-9]+ on cpu 0 eip 0x[0-9a-f]+ addr 0x90000000--kill proc\n$"#
        #expect(o.stderr.range(of: line, options: .regularExpression) != nil, "\(o)")
    }

    @Test func privilegedInstructionIsAGeneralProtectionFault() throws {
        let o = try run(Repo.burrow, ["run", XV6Programs.path("fault"), "io"])
        #expect(o.signal == SIGSEGV && o.stdout == "before\n", "\(o)")
        let line = #"^pid [0-9]+ fault: trap 13 err 0 on cpu 0 eip 0x[0-9a-f]+ addr 0x0--kill proc\n$"#
        #expect(o.stderr.range(of: line, options: .regularExpression) != nil, "\(o)")
    }

    @Test func recognisedByStubsOrForced() throws {
        let auto = try run(Repo.burrow, ["inspect", XV6Programs.path("echoargs")])
        #expect(auto.status == 0 && auto.stdout.contains("Personality:      xv6 x86-64"), "\(auto)")
        // One RWX segment whose file offset is not page-aligned (linked with -N): copied, not refused.
        #expect(auto.stdout.contains("rwx   0x0000000000400000-") && !auto.stdout.contains("0x1000-"), "\(auto)")
        let forced = try run(Repo.burrow, ["run", "--personality", "xv6", XV6Programs.path("echoargs"), "x"])
        #expect(forced.status == 0 && forced.stdout == "x\n", "\(forced)")
        let bad = try run(Repo.burrow, ["run", "--personality", "plan9", XV6Programs.path("echoargs")])
        #expect(bad.status == 125 && bad.stderr.contains("unknown (known: toyos, xv6)"), "\(bad)")
    }

    /// Every native twin (static, OSABI 0, no PT_INTERP, no build-id: the hard case) and every
    /// Linux program in /usr/bin is still refused as a Linux executable.
    @Test func linuxExecutablesStillRefused() throws {
        var files: [String] = []
        let twins = Repo.root.appendingPathComponent("foreign-binaries/build/linux").path
        if let e = FileManager.default.enumerator(atPath: twins) {
            for case let f as String in e where !f.hasSuffix(".o") && !f.hasSuffix(".a") {
                var dir: ObjCBool = false
                let p = twins + "/" + f
                if FileManager.default.fileExists(atPath: p, isDirectory: &dir), !dir.boolValue,
                   FileManager.default.isExecutableFile(atPath: p) { files.append(p) }
            }
        }
        #expect(files.count > 50, "the twins are built (make -C foreign-binaries)")
        files += ["/usr/bin/env", "/usr/bin/ls", "/bin/sh"].filter { FileManager.default.fileExists(atPath: $0) }
        for f in files {
            let o = try run(Repo.burrow, ["inspect", f])
            #expect(o.status == 126 && o.stderr.contains("looks like a Linux executable"), "\(f): \(o)")
        }
        let r = try run(Repo.burrow, ["run", Repo.twin("hello")])
        #expect(r.status == 126 && r.stderr.contains("looks like a Linux executable"), "\(r)")
    }

    @Test func tableAndGeneratedDocs() throws {
        let md = try run(Repo.burrow, ["syscalls", "--personality", "xv6", "--format", "markdown"])
        let committed = try String(contentsOfFile: Repo.root.appendingPathComponent("docs/syscalls-xv6.md").path, encoding: .utf8)
        #expect(md.stdout == committed, "docs/syscalls-xv6.md is stale: run `swift run burrow-gen`")
        let table = try run(Repo.burrow, ["syscalls", "--personality", "xv6"])
        #expect(table.stdout.contains("21 calls: 21 full"), "\(table)")
    }

    @Test func traceShowsXV6NamesAndStructures() throws {
        let o = try XV6Programs.expectAllOK("files", options: ["--trace", "--trace-filter", "fstat,mknod,sbrk"])
        #expect(o.stderr.contains(#"mknod("console", 1, 1) = 0"#), "\(o)")
        #expect(o.stderr.contains("{type=T_FILE, ino="), "\(o)")
        #expect(o.stderr.contains("{type=T_DEV"), "\(o)")
    }

    /// -1 is every xv6 error: the trace and the summary count it as a failure (no errno name), and
    /// a failed read's buffer shows as its address, as any failed call's does.
    @Test func minusOneIsAFailure() throws {
        let o = try XV6Programs.expectAllOK("basics", arguments: ["one", "two words"], options: ["--trace", "--trace-failed", "--summary"])
        #expect(o.stderr.contains(#"write(-1, "x", 1) = -1 <"#) && o.stderr.contains(#"open("", O_RDONLY) = -1 <"#), "\(o)")
        #expect(o.stderr.range(of: #"read\(0, 0x[0-9a-f]+, -1\) = -1 <"#, options: .regularExpression) != nil, "\(o)")
        #expect(!o.stderr.contains(") = 0 <") && !o.stderr.contains("E?"), "only failures, no errno name: \(o)")
        let write = o.stderr.split(separator: "\n").first { $0.hasSuffix(" write") }?.split(separator: " ")
        #expect(write.map { Int($0[3]) ?? 0 } ?? 0 >= 2, "the summary's errors column: \(o)")
    }
}
