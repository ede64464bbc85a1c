// Structure layouts, and the files derived from the table: a committed copy that differs from what
// the generators produce now is stale and fails here.

import Testing
import BurrowABI
import Foundation

/// The repository root, found from this file's path (Tests/BurrowABITests/<file>).
private let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func committed(_ relative: String) throws -> String {
    try String(contentsOf: repoRoot.appendingPathComponent(relative), encoding: .utf8)
}

/// Expects equal texts; on a difference, names the first differing line instead of dumping both.
private func expectSameText(_ actual: String, _ expected: String, _ what: String, regenerate: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
    if actual == expected { return }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    var line = 0
    while line < min(a.count, e.count), a[line] == e[line] { line += 1 }
    let committedLine = line < a.count ? String(a[line]) : "<end of file>"
    let generatedLine = line < e.count ? String(e[line]) : "<end of file>"
    Issue.record("""
        \(what) is stale (first difference at line \(line + 1)); regenerate with `\(regenerate)`
          committed: \(committedLine)
          generated: \(generatedLine)
        """, sourceLocation: sourceLocation)
}

@Suite struct LayoutTests {
    @Test func statLayout() {
        let l = ToyOS.statLayout
        #expect(l.cName == "toy_stat")
        #expect(l.size == 88)
        let expected: [(String, Int)] = [
            ("dev", 0), ("ino", 8), ("mode", 16), ("nlink", 20), ("uid", 24), ("gid", 28), ("rdev", 32),
            ("size", 40), ("blocks", 48), ("blksize", 56), ("reserved", 60), ("atime_ns", 64), ("mtime_ns", 72),
            ("ctime_ns", 80),
        ]
        #expect(l.fields.map(\.name) == expected.map(\.0))
        for (name, offset) in expected {
            #expect(l.offset(of: name) == offset, "toy_stat.\(name)")
        }
    }

    @Test func otherLayouts() {
        let sizes: [String: Int] = [
            "toy_stat": 88, "toy_dirent": 16, "toy_utsname": 320, "toy_winsize": 8, "toy_termios": 8,
            "toy_pollfd": 8, "toy_sigaction": 32, "toy_siginfo": 24, "toy_sigcontext": 200, "toy_batch_entry": 72,
            "toy_stack": 24,
        ]
        #expect(ToyOS.structLayouts.count == sizes.count)
        for l in ToyOS.structLayouts {
            #expect(l.size == sizes[l.cName], "\(l.cName): \(l.size)")
        }
        #expect(ToyOS.direntLayout.offset(of: "ino") == 0)
        #expect(ToyOS.direntLayout.offset(of: "reclen") == 8)
        #expect(ToyOS.direntLayout.offset(of: "type") == 10)
        #expect(ToyOS.direntLayout.offset(of: "namelen") == 11)
        #expect(ToyOS.direntLayout.offset(of: "name") == 12)
        #expect(ToyOS.pollfdLayout.offset(of: "events") == 4)
        #expect(ToyOS.pollfdLayout.offset(of: "revents") == 6)
        #expect(ToyOS.sigactionLayout.offset(of: "flags") == 16)
        #expect(ToyOS.sigactionLayout.offset(of: "restorer") == 24)
        #expect(ToyOS.termiosLayout.offset(of: "vmin") == 4)
        #expect(ToyOS.termiosLayout.offset(of: "vtime") == 5)
        #expect(ToyOS.termiosLayout.offset(of: "reserved") == 6)
        #expect(ToyOS.utsnameLayout.offset(of: "machine") == 256)
    }

    @Test func fieldsAreNaturallyAlignedAndDoNotOverlap() {
        for l in ToyOS.structLayouts {
            var end = 0
            for f in l.fields {
                #expect(f.offset % f.type.size == 0, "\(l.cName).\(f.name) misaligned")
                #expect(f.offset >= end, "\(l.cName).\(f.name) overlaps the previous field")
                end = f.offset + f.type.size * f.count
            }
            #expect(end <= l.size)
        }
    }

    /// The sizes and offsets abi.h asserts (its `_Static_assert`s) are the layouts' own.
    @Test func headerAssertionsMatchLayouts() throws {
        let header = try committed(SDKFiles.headerPath)
        var asserted: [String: Int] = [:]
        for line in header.split(separator: "\n") where line.hasPrefix("_Static_assert(") {
            // _Static_assert(sizeof(struct toy_stat) == 88, "toy_stat size");
            // _Static_assert(__builtin_offsetof(struct toy_stat, dev) == 0, "toy_stat.dev");
            let parts = line.split(separator: "\"")
            guard parts.count >= 2, let eq = parts[0].range(of: "== ") else { continue }
            let number = parts[0][eq.upperBound...].prefix { $0.isNumber }
            asserted[String(parts[1])] = Int(number)
        }
        var expectedCount = 0
        for l in ToyOS.structLayouts {
            #expect(asserted["\(l.cName) size"] == l.size, "\(l.cName) size")
            expectedCount += 1
            for f in l.fields {
                #expect(asserted["\(l.cName).\(f.name)"] == f.offset, "\(l.cName).\(f.name)")
                expectedCount += 1
            }
        }
        #expect(asserted.count == expectedCount)
    }
}

@Suite struct GeneratedFileTests {
    @Test func sdkHeaderIsCurrent() throws {
        expectSameText(try committed(SDKFiles.headerPath), SDKFiles.header(), SDKFiles.headerPath, regenerate: "swift run burrow-gen")
    }

    @Test func sdkStubsAreCurrent() throws {
        expectSameText(try committed(SDKFiles.stubsPath), SDKFiles.stubs(), SDKFiles.stubsPath, regenerate: "swift run burrow-gen")
    }

    @Test func syscallDocsAreCurrent() throws {
        expectSameText(try committed(SyscallDocs.markdownPath), SyscallDocs.markdown(), SyscallDocs.markdownPath,
                       regenerate: "swift run burrow syscalls --format markdown > docs/syscalls.md")
    }

    @Test func headerDefinesEveryCallAndConstant() {
        let h = SDKFiles.header()
        for row in ToyOS.table {
            #expect(h.contains("#define TOY_SYS_\(row.name) \(row.number)\n"), "\(row.name)")
            #expect(h.contains("struct toy_result toy_sys_\(row.name)("), "\(row.name)")
        }
        for set in ToyOS.constantSets {
            for e in set.entries {
                #expect(h.contains("#define TOY_\(e.name) "), "\(e.name)")
            }
        }
        #expect(h.contains("#define TOY_ENOENT 22\n"))
        #expect(h.contains("#define TOY_O_CREAT 0x10\n"))
        #expect(h.contains("#define TOY_UTIME_NOW UINT64_MAX\n"))
    }

    @Test func stubsAreEightByteSequences() {
        let s = SDKFiles.stubs()
        for row in ToyOS.table {
            #expect(s.contains("toy_sys_\(row.name):\n    movl $\(row.number), %eax\n    int $0x81\n    ret\n"), "\(row.name)")
        }
    }

    @Test func markdownHasOneLinePerRow() {
        let md = SyscallDocs.markdown()
        let calls = md.components(separatedBy: "\n## ")[0]   // the hypercalls and devices follow
        let rows = calls.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| NR") }
        #expect(rows.count == ToyOS.table.count)
        #expect(md.contains("| 4 | batch | entries, count | "))
        #expect(md.contains("| 0x3f8-0x3ff | com1 | 4 | SIGIRQ4 | "))
        for (line, row) in zip(rows, ToyOS.table) {
            #expect(line.hasPrefix("| \(row.number) | \(row.name) | `\(row.name)("), "\(line)")
        }
    }

    @Test func textTableHasOneLinePerRow() {
        let lines = SyscallDocs.table().split(separator: "\n")
        for row in ToyOS.table {
            #expect(lines.contains { $0.hasPrefix(String(row.number) + " ") && $0.contains(" \(row.name) ") }, "\(row.name)")
        }
        var full = 0, partial = 0, unimplemented = 0
        for row in ToyOS.table {
            switch row.support {
            case .full: full += 1
            case .partial: partial += 1
            case .unimplemented: unimplemented += 1
            }
        }
        #expect(full + partial + unimplemented == ToyOS.table.count)
        #expect(lines.contains("\(ToyOS.table.count) calls: \(full) full, \(partial) partial, \(unimplemented) unimplemented (ENOSYS)."))
        // The machine's own tables follow: every hypercall and every device.
        for h in ToyOS.hypercalls { #expect(lines.contains { $0.hasPrefix("\(h.number)    \(h.name) ") }, "\(h.name)") }
        for d in ToyOS.portDevices { #expect(lines.contains { $0.contains(" \(d.name) ") && $0.hasPrefix("0x" + String(d.base, radix: 16)) }, "\(d.name)") }
    }

    @Test func jsonParsesWithOneEntryPerRow() throws {
        let data = Data(SyscallDocs.json().utf8)
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(top["personality"] as? String == "toyos")
        #expect(top["abi"] as? String == "\(ToyOS.abiMajor).\(ToyOS.abiMinor)")
        let calls = try #require(top["calls"] as? [[String: Any]])
        #expect(calls.count == ToyOS.table.count)
        for (call, row) in zip(calls, ToyOS.table) {
            #expect((call["number"] as? NSNumber)?.uint32Value == row.number)
            #expect(call["name"] as? String == row.name)
            #expect(call["classes"] as? [String] == row.classes.map(\.rawValue))
            #expect(call["support"] as? String == row.support.name)
            #expect(call["errors"] as? [String] == row.errors)
            #expect(call["summary"] as? String == row.summary)
            if let note = row.support.note {
                #expect(call["note"] as? String == note)
            } else {
                #expect(call["note"] is NSNull)
            }
            let args = try #require(call["args"] as? [[String: String]])
            #expect(args.map { $0["name"] } == row.args.map(\.name))
        }
    }
}
