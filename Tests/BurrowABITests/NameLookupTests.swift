// Constants and structure fields are looked up by name in a few places (`ToyOS.openFlags["O_CLOEXEC"]`,
// `ToyOS.statLayout.offset(of: "mode")`); a misspelt name compiles and would only fail, with a
// precondition, when that line first runs. This test reads every such lookup in Sources/ and
// checks that the name exists, so a typo fails here, whichever handler it is in.
import Foundation
import Testing
import BurrowABI

@Suite struct NameLookupTests {
    static let sources: [(String, String)] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var out: [(String, String)] = []
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for f in files where f.hasSuffix(".swift") {
            if let text = try? String(contentsOfFile: root.appendingPathComponent(f).path, encoding: .utf8) { out.append((f, text)) }
        }
        return out
    }()

    static func matches(_ pattern: String) -> [(file: String, groups: [String])] {
        let re = try! NSRegularExpression(pattern: pattern)
        var out: [(String, [String])] = []
        for (file, text) in sources {
            let ns = text as NSString
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                out.append((file, (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }))
            }
        }
        return out
    }

    @Test func everyConstantLookedUpByNameExists() {
        let uses = Self.matches(#"ToyOS\.(\w+)\["(\w+)"\]"#)
        #expect(uses.count > 20, "the scan found too few lookups: \(uses.count)")
        for use in uses {
            guard let id = ConstantSetID(rawValue: use.groups[0]) else {
                Issue.record("\(use.file): ToyOS.\(use.groups[0]) is not a constant set"); continue
            }
            #expect(ToyOS.constants(id).entry(named: use.groups[1]) != nil, "\(use.file): no \(use.groups[1]) in \(id)")
        }
        // Terminal.swift's shorthand for the termios flags.
        for use in Self.matches(#"Self\.flag\("(\w+)"\)"#) {
            #expect(ToyOS.termiosFlags.entry(named: use.groups[0]) != nil, "\(use.file): no termios flag \(use.groups[0])")
        }
    }

    @Test func everyStructureFieldLookedUpByNameExists() {
        let layouts: [String: StructLayout] = [
            "statLayout": ToyOS.statLayout, "direntLayout": ToyOS.direntLayout, "utsnameLayout": ToyOS.utsnameLayout,
            "winsizeLayout": ToyOS.winsizeLayout, "termiosLayout": ToyOS.termiosLayout, "pollfdLayout": ToyOS.pollfdLayout,
            "sigactionLayout": ToyOS.sigactionLayout, "stackLayout": ToyOS.stackLayout,
        ]
        let uses = Self.matches(#"ToyOS\.(\w+Layout)\.offset\(of: "(\w+)"\)"#)
        #expect(uses.count > 10, "the scan found too few lookups: \(uses.count)")
        for use in uses {
            guard let layout = layouts[use.groups[0]] else { Issue.record("\(use.file): unknown layout \(use.groups[0])"); continue }
            #expect(layout.fields.contains { $0.name == use.groups[1] }, "\(use.file): no field \(use.groups[1]) in \(layout.cName)")
        }
        // Directories.swift reads toy_dirent through a local `layout`.
        for use in Self.matches(#"\blayout\.offset\(of: "(\w+)"\)"#) {
            #expect(ToyOS.direntLayout.fields.contains { $0.name == use.groups[0] }, "\(use.file): no field \(use.groups[0]) in toy_dirent")
        }
    }
}
