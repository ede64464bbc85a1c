// How users name sets of calls: `--trace-filter` and `--inject` (strace's -e trace= and
// -e inject=) take the same tokens, resolved here once for both: a call's name (`open`), a class
// (`%file`), `all`, `none`, and a number the table lacks, written as the trace shows it
// (`syscall_0x1ff`).

/// A personality's call names, numbers and classes, as a command line names them.
public struct CallNames: Sendable {
    /// The personality's rows (their numbers, names and classes).
    public let rows: [CallRowInfo]
    /// The personality's name in prose ("ToyOS", "xv6"), for errors.
    public let label: String
    /// ToyOS's errors name the ToyOS call for a Linux name (`openat` → `open`).
    var toyOS: Bool { label == ToyOS.abi.label }

    public init(_ abi: PersonalityABI) {
        rows = abi.rows
        label = abi.label
    }

    public static let toyOS = CallNames(ToyOS.abi)

    /// Why a token names no call.
    public enum Failure: Error, Equatable {
        case unknownClass
        case unknownName
        /// An unknown call's form (`syscall_0x12`) for a number the table defines: its name.
        case hasName(String)
    }

    /// The numbers `token` names (no spaces, no `!`: the caller's syntax). `none`: no number.
    public func numbers(named token: Substring) throws(Failure) -> [UInt64] {
        if token == "all" { return rows.map { UInt64($0.number) } }
        if token == "none" { return [] }
        if token.first == "%" {
            guard let cls = SyscallClass(rawValue: String(token.dropFirst())) else { throw .unknownClass }
            return rows.filter { $0.classes.contains(cls) }.map { UInt64($0.number) }
        }
        if let row = rows.first(where: { $0.name == token }) { return [UInt64(row.number)] }
        if let n = Self.unknownNumber(token) {
            // A number the table defines goes by its name.
            if let row = rows.first(where: { UInt64($0.number) == n }) { throw .hasName(row.name) }
            return [n]
        }
        throw .unknownName
    }

    /// One line on a failure, after `OPTION: `: what was wrong with `name` and what to write.
    public func explain(_ failure: Failure, _ name: Substring) -> String {
        switch failure {
        case .unknownClass:
            return "unknown class '\(name)' (classes: \(Self.classList))"
        case .hasName(let known):
            return "'\(name)' is '\(known)' on \(label): name it so (an unknown call's form is for numbers the table lacks)"
        case .unknownName:
            let hint = toyOS ? ToyOS.unknownNameHint(String(name)) : "`burrow syscalls` lists the calls of each personality"
            return "unknown system call '\(name)': \(hint)"
        }
    }

    /// `%file, %desc, ...`: every class a token may name.
    public static let classList = SyscallClass.allCases.map { "%" + $0.rawValue }.joined(separator: ", ")

    /// An unknown call's name, in every trace format, the summary and these sets: `syscall_0x1ff`
    /// (lower-case hex, no leading zeros); unknownNumber takes it back.
    public static let unknownNamePrefix: StaticString = "syscall_0x"
    public static func unknownName(_ number: UInt64) -> String { "\(unknownNamePrefix)" + String(number, radix: 16) }

    /// The number an unknown call's name stands for, or nil when `name` is not in that form.
    public static func unknownNumber(_ name: Substring) -> UInt64? {
        let prefix = "\(unknownNamePrefix)"
        guard name.hasPrefix(prefix) else { return nil }
        let digits = name.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.first != "0" || digits.count == 1,
              digits.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return UInt64(digits, radix: 16)
    }
}
