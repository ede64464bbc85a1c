// swift-tools-version:6.1
// Burrow: runs ToyOS executables on Linux x86-64. Rooms and their import rules are in
// docs/architecture.md; dependencies point one way (ABI data -> loader -> VMM -> syscalls -> CLI).
import PackageDescription

let package = Package(
    name: "Burrow",
    products: [
        .executable(name: "burrow", targets: ["burrow"]),
        // The library targets, importable by other packages (bench/micro's microbenchmarks).
        .library(name: "BurrowCore", targets: ["BurrowABI", "BurrowLoader", "BurrowVMM", "BurrowSyscalls", "BurrowTrace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libelf + gelf from Debian's libelf-dev (elfutils).
        .systemLibrary(
            name: "CLibElf",
            pkgConfig: "libelf",
            providers: [.apt(["libelf-dev"])]
        ),
        // All C and assembly: trap entry, guest entry/exit, register context, variadic libc wrappers.
        .target(name: "CBurrowRuntime"),
        // Guest ABIs as data: the one syscall table, errno/flag/signal/struct definitions.
        .target(name: "BurrowABI"),
        .target(name: "BurrowLoader", dependencies: ["CLibElf", "BurrowABI"]),
        .target(name: "BurrowVMM", dependencies: ["CBurrowRuntime", "BurrowABI", "BurrowLoader"]),
        .target(name: "BurrowSyscalls", dependencies: ["BurrowVMM", "BurrowLoader", "BurrowABI", "CBurrowRuntime"]),
        .target(name: "BurrowTrace", dependencies: ["BurrowABI", "CBurrowRuntime"]),
        .target(
            name: "BurrowCLI",
            dependencies: [
                "BurrowABI", "BurrowLoader", "BurrowVMM", "BurrowSyscalls", "BurrowTrace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Linked by lld with packed relative relocations (DT_RELR, glibc >= 2.36): the static Swift
        // runtime brings ~39,000 of them, 940 KB of RELA entries the loader read at every start
        // (~4 % of `burrow run hello`'s samples); packed they are 7.6 KB (docs/performance.md
        // section 4: the start-up gain is within this machine's noise). lld ships with Swift; gold
        // cannot pack them, and SwiftPM drops `-Xswiftc -use-ld=lld` from the link.
        // Sources/burrow/static-link is on its library path before the compiler's own: a linker
        // script there makes the static Swift runtime's -lstdc++ take the static archive, so a start
        // loads no C++ runtime (~0.3 ms of `burrow run hello`; docs/performance.md section 4,
        // session 14). (libelf stays shared: pkg-config's -L comes first for -lelf, and libelf and
        // zlib together cost ~0.05 ms.)
        .executableTarget(name: "burrow", dependencies: ["BurrowCLI"], exclude: ["static-link"],
                          linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                                         "-L", Context.packageDirectory + "/Sources/burrow/static-link"])]),
        // Writes the files derived from the table (SDK header, syscall stubs). Depends on the ABI
        // data only, so it builds in seconds.
        .executableTarget(name: "burrow-gen", dependencies: ["BurrowABI"]),
        // Tests of CBurrowRuntime on its own (trap windows under ptrace, signal storms, AC, x87,
        // sysenter), run as a child process by BurrowIntegrationTests and by `make test`.
        .executableTarget(name: "burrow-runtime-check", dependencies: ["CBurrowRuntime"]),

        .testTarget(name: "BurrowABITests", dependencies: ["BurrowABI"]),
        .testTarget(name: "BurrowLoaderTests", dependencies: ["BurrowLoader", "BurrowABI"]),
        .testTarget(name: "BurrowVMMTests", dependencies: ["BurrowVMM", "BurrowABI"]),
        // A counting malloc for the allocation tests (thread-local counts; the test bundle only).
        .target(name: "CAllocCounter", path: "Tests/CAllocCounter"),
        .testTarget(name: "BurrowSyscallsTests", dependencies: ["BurrowSyscalls", "BurrowABI", "BurrowVMM", "CAllocCounter"]),
        .testTarget(name: "BurrowTraceTests", dependencies: ["BurrowTrace", "BurrowABI", "CBurrowRuntime"]),
        // The command line's parsers against their one option table (no guest runs here).
        .testTarget(name: "BurrowCLITests", dependencies: ["BurrowCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Runs the built `burrow` executable as a child process against foreign-binaries/.
        .testTarget(name: "BurrowIntegrationTests", dependencies: ["BurrowABI"]),
    ],
    // Swift 5 mode: the VMM shares state with a signal handler through C globals by design and keeps
    // Swift concurrency out of the process entirely, so Swift 6's data-race checking buys nothing here.
    swiftLanguageModes: [.v5]
)
