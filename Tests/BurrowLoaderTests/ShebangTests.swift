// The `#!` line as Linux's binfmt_script reads it (Shebang.swift), for exec and for the loader's
// refusal of a script.
import Testing
@testable import BurrowLoader

struct ShebangTests {
    func parse(_ s: String) -> Shebang { Shebang.parse(Array(s.utf8)) }
    func script(_ i: String, _ a: String?) -> Shebang { .script(interpreter: Array(i.utf8), argument: a.map { Array($0.utf8) }) }

    @Test func linesAsLinuxReadsThem() {
        #expect(parse("\u{7F}ELF") == .notAScript)
        #expect(parse("#") == .notAScript)
        #expect(parse("#!/bin/sh\necho") == script("/bin/sh", nil))
        #expect(parse("#! \t/bin/sh  -e -x \t\nrest") == script("/bin/sh", "-e -x"))   // one argument, trimmed
        #expect(parse("#!/usr/bin/env\tpython3\n") == script("/usr/bin/env", "python3"))
        #expect(parse("#!\n") == .malformed)                 // no interpreter
        #expect(parse("#!   \t\n") == .malformed)
        #expect(parse("#!/bin/sh") == .malformed)            // no end of line
        // The end of line must come within the first 256 bytes.
        #expect(parse("#!/" + String(repeating: "a", count: 252) + "\n") == script("/" + String(repeating: "a", count: 252), nil))
        #expect(parse("#!/" + String(repeating: "a", count: 253) + "\n") == .malformed)
    }
}
