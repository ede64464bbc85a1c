// A `#!` line, read as Linux's binfmt_script reads it: one parser for the guest's exec (Exec.swift:
// it runs the interpreter) and the loader's refusal of a script given to `burrow run` (it names the
// interpreter).

public enum Shebang: Equatable {
    /// The file does not begin with `#!`.
    case notAScript
    /// `#!` without an end of line in its first 256 bytes, or without an interpreter.
    case malformed
    /// The interpreter and, trimmed, everything after it as one argument.
    case script(interpreter: [UInt8], argument: [UInt8]?)

    /// How many bytes of a file's beginning `parse` looks at (Linux's BINPRM_BUF_SIZE).
    public static let headSize = 256

    /// `head`: at least the file's first `headSize` bytes, or the whole file if shorter.
    public static func parse(_ head: some Collection<UInt8>) -> Shebang {
        let h = Array(head.prefix(headSize))
        guard h.count >= 2, h[0] == UInt8(ascii: "#"), h[1] == UInt8(ascii: "!") else { return .notAScript }
        guard let end = h[2...].firstIndex(of: UInt8(ascii: "\n")) else { return .malformed }
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let line = h[2..<end]
        guard let start = line.firstIndex(where: { !blank($0) }) else { return .malformed }
        let rest = line[start...]
        let interpEnd = rest.firstIndex(where: blank) ?? rest.endIndex
        // Linux passes everything after the interpreter (trimmed) as one argument.
        var arg = Array(rest[interpEnd...].drop(while: blank))
        while let last = arg.last, blank(last) { arg.removeLast() }
        return .script(interpreter: Array(rest[..<interpEnd]), argument: arg.isEmpty ? nil : arg)
    }
}
