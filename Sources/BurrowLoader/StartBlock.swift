// The ToyOS start block (docs/abi.md, "Process start"): what the initial stack holds when _start
// runs. From rsp upward, 8-byte little-endian words:
//
//     argc | argv[0..argc-1], 0 | envp[0..n-1], 0 | (key, value) aux pairs ..., (AT_NULL, 0)
//
// then padding, the 16 random bytes (AT_RANDOM), the argument and environment strings and, at the
// very top, the executable path (AT_EXECPATH). The bytes are built here, as data, so the layout can
// be checked by parsing it back; the VMM only copies them below the stack top.

import BurrowABI

/// The initial stack contents for one ToyOS process.
public struct StartBlock: Equatable, Sendable {
    /// One auxiliary vector entry (TOY_AT_* key and its value).
    public struct AuxEntry: Equatable, Sendable {
        public let key: UInt64
        public let value: UInt64
    }

    /// The bytes to place so that they end exactly at `stackTop`: they occupy
    /// [stackPointer, stackTop).
    public let bytes: [UInt8]
    /// The initial rsp: 16-byte aligned, the address of argc (also passed in rdi).
    public let stackPointer: UInt64
    public let stackTop: UInt64
    /// The auxiliary vector as written, ending with AT_NULL (for traces and tests).
    public let auxv: [AuxEntry]

    /// The start block may use at most this much of the stack (the rest is the program's). Like
    /// Linux's limit on exec arguments, a quarter of the stack.
    public static let maximumSize = Int(ToyOSAddressSpace.stackSize / 4)

    /// Builds the start block for `image` loaded at `bias`, for a stack ending at `stackTop`
    /// (16-byte aligned; normally `ToyOSAddressSpace.stackTop`).
    ///
    /// Strings are copied as given and NUL-terminated (an embedded NUL ends a string early, as it
    /// would in C). `random` must be exactly 16 bytes. AT_ABI_VERSION reports the ABI Burrow
    /// implements (the image's own request is in its note). Throws `argumentListTooLong` when the
    /// block would exceed `maximumSize`.
    public static func build(
        arguments: [[UInt8]], environment: [[UInt8]], executablePath: [UInt8],
        image: GuestImage, bias: UInt64, random: [UInt8], stackTop: UInt64
    ) throws(LoadError) -> StartBlock {
        precondition(random.count == 16, "AT_RANDOM needs exactly 16 bytes")
        precondition(stackTop % 16 == 0, "the stack top must be 16-byte aligned")

        // Strings in ascending address order: arguments, environment, then the path at the very
        // top (as Linux orders them). Each is NUL-terminated; its address is known once the total
        // size is, as a distance below the top.
        var strings: [UInt8] = []
        func append(_ string: [UInt8]) -> Int {
            let start = strings.count
            strings += string.prefix { $0 != 0 }
            strings.append(0)
            return start
        }
        let argumentStarts = arguments.map(append)
        let environmentStarts = environment.map(append)
        let pathStart = append(executablePath)
        let fromTop = { (start: Int) -> Int in strings.count - start }
        let pathDistance = fromTop(pathStart)
        let environmentDistances = environmentStarts.map(fromTop)
        let argumentDistances = argumentStarts.map(fromTop)

        // The 16 random bytes, 16-byte aligned just below the strings.
        var distance = (strings.count + 16 + 15) / 16 * 16
        let randomDistance = distance

        let (abiMajor, abiMinor) = (UInt64(ToyOS.abiMajor), UInt64(ToyOS.abiMinor))
        let address = { (fromTop: Int) -> UInt64 in stackTop - UInt64(fromTop) }
        let auxv: [AuxEntry] = [
            AuxEntry(key: ToyOS.auxKey["AT_PAGESZ"], value: UInt64(ToyOS.pageSize)),
            AuxEntry(key: ToyOS.auxKey["AT_RANDOM"], value: address(randomDistance)),
            AuxEntry(key: ToyOS.auxKey["AT_ABI_VERSION"], value: abiMajor << 16 | abiMinor),
            AuxEntry(key: ToyOS.auxKey["AT_EXECPATH"], value: address(pathDistance)),
            AuxEntry(key: ToyOS.auxKey["AT_ENTRY"], value: image.entryAddress(bias: bias)),
            AuxEntry(key: ToyOS.auxKey["AT_PHDR"], value: image.programHeaderAddress(bias: bias) ?? 0),
            AuxEntry(key: ToyOS.auxKey["AT_PHENT"], value: image.programHeaders.entrySize),
            AuxEntry(key: ToyOS.auxKey["AT_PHNUM"], value: UInt64(image.programHeaders.count)),
            AuxEntry(key: ToyOS.auxKey["AT_BASE"], value: image.elfType == .sharedObject ? bias : 0),
            AuxEntry(key: ToyOS.auxKey["AT_NULL"], value: 0),
        ]

        var words: [UInt64] = [UInt64(arguments.count)]
        words += argumentDistances.map(address)
        words.append(0)
        words += environmentDistances.map(address)
        words.append(0)
        for entry in auxv { words += [entry.key, entry.value] }

        // rsp = the word area's start, rounded down to 16; the padding above the words is zero.
        distance = (randomDistance + words.count * 8 + 15) / 16 * 16
        guard distance <= maximumSize else {
            throw LoadError(path: String(decoding: executablePath, as: UTF8.self), kind: .argumentListTooLong,
                            message: "argument list too long (\(distance) bytes of arguments and environment; the limit is \(maximumSize))")
        }

        var bytes = [UInt8](repeating: 0, count: distance)
        for (index, word) in words.enumerated() {
            for byte in 0..<8 { bytes[index * 8 + byte] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(byte))) }
        }
        bytes.replaceSubrange((distance - randomDistance)..<(distance - randomDistance + 16), with: random)
        bytes.replaceSubrange((distance - strings.count)..<distance, with: strings)
        return StartBlock(bytes: bytes, stackPointer: stackTop - UInt64(distance), stackTop: stackTop, auxv: auxv)
    }

    /// `build` for Swift strings (UTF-8 encoded).
    public static func build(
        arguments: [String], environment: [String], executablePath: String,
        image: GuestImage, bias: UInt64, random: [UInt8], stackTop: UInt64
    ) throws(LoadError) -> StartBlock {
        try build(arguments: arguments.map { Array($0.utf8) }, environment: environment.map { Array($0.utf8) },
                  executablePath: Array(executablePath.utf8), image: image, bias: bias, random: random,
                  stackTop: stackTop)
    }
}
