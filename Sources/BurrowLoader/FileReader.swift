// Reads a whole program file into memory with plain Glibc calls (Foundation stays out of the
// loader). Executables are small; holding the bytes lets the VMM copy segment contents without
// reopening the file, and lets libelf parse a stable image that cannot change under it.

#if canImport(Glibc)
import Glibc
#endif

/// ST_NOEXEC of statvfs(3) (a GNU enum the Glibc module does not import).
private let stNoexec: UInt = 8

enum FileReader {
    /// Larger files are refused before any allocation: no ToyOS v1 program needs them.
    static let maximumFileSize = 1 << 30

    /// Reads the regular file at `path` completely (open, fstat, read). With `forExecution`, first
    /// refuses what execve(2) refuses with EACCES: no execute permission for the caller (for root:
    /// no execute bit at all), or a file on a noexec mount.
    static func readWholeFile(path: String, forExecution: Bool = false) throws(LoadError) -> [UInt8] {
        func fail(_ kind: LoadError.Kind, _ message: String) -> LoadError {
            LoadError(path: path, kind: kind, message: message)
        }
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; we
        // refuse non-regular files right after fstat anyway.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let err = errno
            switch err {
            case ENOENT: throw fail(.notFound, "no such file or directory")
            // A component before the last is a file (`prog.c/x`): found wanting, as a shell has it
            // (bash: "Not a directory", 126), and execve's own ENOTDIR for a guest's exec.
            case ENOTDIR: throw fail(.notADirectory, "not a directory")
            case EACCES, EPERM: throw fail(.permissionDenied, "permission denied")
            case EISDIR: throw fail(.isDirectory, "is a directory")
            default: throw fail(.readFailed, "cannot open: \(errorText(err))")
            }
        }
        defer { close(fd) }

        var info = stat()
        if fstat(fd, &info) != 0 {
            throw fail(.readFailed, "cannot stat: \(errorText(errno))")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw fail(.isDirectory, "is a directory") }
        if type != S_IFREG { throw fail(.notRegularFile, "not a regular file") }
        if forExecution {
            // AT_EACCESS: the effective ids, as execve uses; root passes with any x bit, as in execve.
            if faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) != 0 && (errno == EACCES || errno == EPERM) {
                throw fail(.notExecutable, "permission denied (no execute permission)")
            }
            var fs = statvfs()
            if fstatvfs(fd, &fs) == 0 && fs.f_flag & stNoexec != 0 {
                throw fail(.notExecutable, "permission denied (on a noexec file system)")
            }
        }
        if info.st_size == 0 { throw fail(.emptyFile, "empty file") }
        if info.st_size > maximumFileSize {
            throw fail(.fileTooLarge, "file too large (\(info.st_size) bytes; the limit is 1 GiB)")
        }

        let size = Int(info.st_size)
        var readError: Int32 = 0
        // Not zero-filled first: read() fills what is kept (the count is what it filled), and the
        // pages are populated in one go (populate(_:)).
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            populate(UnsafeMutableRawBufferPointer(buffer))
            var filled = 0
            while filled < size {
                // SAFETY: the buffer is valid for `size` bytes for the duration of the closure,
                // and read() writes at most `size - filled` bytes starting `filled` bytes in.
                let got = read(fd, buffer.baseAddress! + filled, size - filled)
                if got < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    readError = errno
                    break
                }
                if got == 0 { break }  // the file shrank after fstat: use what is there
                filled += got
            }
            initialized = filled
        }
        if readError != 0 { throw fail(.readFailed, "read failed: \(errorText(readError))") }
        if bytes.isEmpty { throw fail(.emptyFile, "empty file") }
        return bytes
    }

    /// A copy of `bytes` in fresh memory, populated in one go (libelf's private copy, ELFParser).
    static func populatedCopy(of bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            populate(UnsafeMutableRawBufferPointer(buffer))
            _ = bytes.withUnsafeBytes { memcpy(buffer.baseAddress!, $0.baseAddress!, bytes.count) }
            initialized = bytes.count
        }
    }

    /// Asks the kernel to back the whole pages of a fresh buffer at once (MADV_POPULATE_WRITE,
    /// Linux 5.14), before it is written: on this project's KVM machines a page fault costs far
    /// more than populating the page with the others, and a program file takes two such buffers
    /// at every start (read, then libelf's copy): 125–154 of `burrow run hello`'s ~615 page faults
    /// (docs/performance.md section 4). Advice only: an older kernel's EINVAL changes nothing.
    static func populate(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count >= 64 * 1024, let base = buffer.baseAddress else { return }
        let page = 4096
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(page - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_POPULATE_WRITE)
    }

    private static func errorText(_ err: Int32) -> String {
        guard let text = strerror(err) else { return "error \(err)" }
        return String(cString: text).lowercased()
    }
}
