// The loader's one error type: an operational error of Burrow (docs/architecture.md §4), never a guest
// errno. Every refusal is one line naming the file and the problem, with the exit status a shell
// would give for the same failure (127: no such program, 126: found but cannot be run).

/// Why Burrow refuses to load a program. Tests and callers match on `kind`; people read `description`.
public struct LoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of refusal, one per distinct problem, so tests can assert the reason without
    /// depending on the wording of the message.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        // The file itself.
        case notFound, notADirectory, isDirectory, notRegularFile, permissionDenied, notExecutable, readFailed, emptyFile, fileTooLarge
        // The ELF container.
        case notELF, truncated, wrongClass, wrongDataEncoding, wrongVersion, wrongMachine, nonZeroIdentPadding
        case relocatableObject, coreDump, unknownType, malformed
        // Branding.
        case linuxExecutable, unknownOSABI, missingToyOSNote, misalignedToyOSNote, unsupportedABIVersion, inconsistentBrand
        /// Recognisably another personality's than the one --personality forced.
        case otherPersonality
        // Program headers and segments.
        case dynamicallyLinked, badProgramHeaderSize, tooManyProgramHeaders, noLoadableSegments
        case overlappingSegments, addressOverflow, fileSizeExceedsMemorySize, badAlignment
        case imageTooLarge, segmentOutsideImageRange, noRoomForImage, entryNotExecutable, incongruentSegment
        // Building the start block.
        case argumentListTooLong
    }

    /// The path as the user gave it.
    public let path: String
    public let kind: Kind
    /// The problem, without the "burrow: PATH: " prefix.
    public let message: String
    /// 127 when the file does not exist, 126 for every other refusal (the shell's conventions).
    public let exitStatus: Int32

    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
        self.exitStatus = kind == .notFound ? 127 : 126
    }

    /// Exactly one line, e.g. `burrow: ./a.out: not an ELF file`. Control characters in the path or
    /// message are escaped so that a hostile file name cannot forge extra lines in a log.
    public var description: String {
        let shownPath = LoadError.oneLine(path)
        if kind == .linuxExecutable {
            // The sentence names the path itself, so the usual "PATH: " prefix would say it twice.
            return "burrow: \(shownPath) looks like a Linux executable: run it directly"
        }
        return "burrow: \(shownPath): \(LoadError.oneLine(message))"
    }

    static func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + hex2(UInt8(scalar.value))
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

/// Formats an address or size the way every loader message and report does: `0x` and lowercase hex.
@inline(__always)
func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
