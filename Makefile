# Burrow — run ToyOS programs on Linux.
#
#   make demo       set up (installs libelf-dev when missing), build, and run some foreign binaries
#   make test       build everything and run every test (the trap runtime's own checks, Swift unit
#                   + integration tests, the native twins against coreutils, the same scenarios
#                   under Burrow, the conformance suite with and without the fast path, the SDK
#                   libc against glibc, and the ports: Debian's Lua, bzip2, zlib, GNU ed and GNU
#                   coreutils built unmodified for ToyOS (coreutils' scenarios and its own Perl tests
#                   against Debian's coreutils binaries), toybox against GNU coreutils (its ToyOS build
#                   is a reported skip, ports/README.md); the xv6 programs run inside the Swift tests)
#   make ports      only the ports (foreign-binaries/ports)
#   make install    burrow, burrow-binfmt, toyos-cc and the ToyOS SDK under $(PREFIX) (/usr/local)
#   make uninstall  removes exactly what `make install` put there
#   make bench      the quick benchmark (bench/run --quick)
#   make fuzz       the sandboxed system-call fuzzer for SECONDS seconds (default 60; docs/fuzzing.md)
#
# Two builds of the same sources: what users run (`make build`, `make demo`, `make install`, the
# README) is the release build with the Swift runtime linked statically, the fastest to start
# (docs/performance.md); `make test` tests a debug build, which builds in a fraction of the time.
#
# Everything a fresh Debian machine with Swift needs is installed from here (see `deps`).

SWIFT   ?= swift
# The release build, with the static Swift runtime: `make build`, `make demo`, `make install`.
# Concrete type metadata through accessor calls instead of mangled names: the runtime then neither
# demangles nor scans the whole binary's protocol conformances for them when `burrow run` starts
# (about 10 % of start-up, docs/performance.md section 4). bench/run builds with the same flags.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
BURROW  := .build/release/burrow
# The debug build `make test` runs (same sources, faster to build).
TEST_BURROW := .build/debug/burrow
TOY     := foreign-binaries/build/toyos
PREFIX  ?= /usr/local
DESTDIR ?=
# Everything `make install` writes, and so everything `make uninstall` removes.
BINDIR  := $(DESTDIR)$(PREFIX)/bin
SDKDIR  := $(DESTDIR)$(PREFIX)/lib/toyos-sdk
SDKBUILD := foreign-binaries/build/sdk
# The Swift crash backtracer can hang a pipeline; Burrow reports guest crashes itself.
export SWIFT_BACKTRACE := enable=no

.PHONY: all deps build built test-build foreign demo test unit-test runtime-check twins conformance oracle ports check-generated bench install install-files uninstall fuzz clean

all: build

# libelf (libelf-dev) is the only system library Burrow links; pkg-config finds it. The ToyOS SDK
# uses the clang and lld that ship with Swift, and takes its libm from Debian's musl-dev.
MUSL_LIBC := /usr/lib/x86_64-linux-musl/libc.a
deps:
	@if ! pkg-config --exists libelf 2>/dev/null; then \
	    echo "==> installing libelf-dev and pkg-config"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libelf-dev pkg-config >/dev/null; \
	fi
	@if [ ! -f /usr/share/zoneinfo/Europe/Paris ]; then \
	    echo "==> installing tzdata (the zoneinfo files the SDK's localtime reads)"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tzdata >/dev/null; \
	fi
	@if ! command -v dpkg-source >/dev/null; then \
	    echo "==> installing dpkg-dev (apt-get source unpacks the ports' Debian source packages with it)"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq dpkg-dev >/dev/null; \
	fi
	@if ! command -v prove >/dev/null || ! command -v strace >/dev/null; then \
	    echo "==> installing perl (prove checks burrow test --tap) and strace (fault injection in twins)"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq perl strace >/dev/null; \
	fi
	@if [ ! -f $(MUSL_LIBC) ]; then \
	    echo "==> installing musl-dev (the ToyOS SDK's libm)"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq musl-dev >/dev/null; \
	fi

# burrow-binfmt is burrow under the name binfmt_misc starts it by (README, "binfmt_misc").
build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product burrow
	@# Sources/burrow/static-link makes the static Swift runtime's -lstdc++ take the archive: every
	@# start then skips loading libstdc++.so and its ~4,300 symbol lookups (docs/performance.md 4).
	@if readelf -d $(BURROW) 2>/dev/null | grep -q 'NEEDED.*libstdc++'; then \
	    echo "make build: note: $(BURROW) loads libstdc++.so (Sources/burrow/static-link was not used): each start is ~0.4 ms slower"; fi
	ln -sf burrow .build/release/burrow-binfmt
	$(MAKE) foreign

test-build: deps
	$(SWIFT) build --product burrow
	$(SWIFT) build --product burrow-runtime-check
	$(MAKE) foreign

foreign: deps
	$(MAKE) -C foreign-binaries -j2 --no-print-directory

demo: build
	@echo
	@echo '(burrow below is $(BURROW); `make install` puts it on PATH)'
	@echo '$$ burrow run $(TOY)/hello'
	@$(BURROW) run $(TOY)/hello
	@echo
	@echo '$$ burrow run $(TOY)/seq 1 100 | burrow run $(TOY)/sort -r | burrow run $(TOY)/head -3'
	@$(BURROW) run $(TOY)/seq 1 100 | $(BURROW) run $(TOY)/sort -r | $(BURROW) run $(TOY)/head -3
	@echo
	@echo '$$ burrow run $(TOY)/ls -l foreign-binaries/guests'
	@$(BURROW) run $(TOY)/ls -l foreign-binaries/guests
	@echo
	@echo '$$ burrow run $(TOY)/sha256sum README.md   (and coreutils, for comparison)'
	@$(BURROW) run $(TOY)/sha256sum README.md
	@sha256sum README.md
	@echo
	@echo '$$ burrow run $(TOY)/asm-hello a "b c"   (written in assembly from docs/abi.md alone)'
	@$(BURROW) run $(TOY)/asm-hello a "b c" 2>/dev/null; echo "exit status $$?"
	@echo
	@echo '$$ burrow run --trace $(TOY)/head -n 1 README.md   (strace-like trace on stderr)'
	@$(BURROW) run --trace $(TOY)/head -n 1 README.md
	@echo
	@echo '$$ burrow run $(TOY)/guests/crash-null   (a guest that dereferences NULL)'
	@$(BURROW) run $(TOY)/guests/crash-null; echo "exit status $$?"
	@echo
	@echo '$$ burrow inspect $(TOY)/hello'
	@$(BURROW) inspect $(TOY)/hello
	@echo
	@echo '$$ burrow test   (the conformance suite: each test under Burrow and natively)'
	@$(BURROW) test | tail -4

# Every test. Order: cheap and fundamental first.
test: test-build check-generated runtime-check unit-test twins conformance oracle ports

check-generated:
	$(SWIFT) run burrow-gen --check
	foreign-binaries/sdk/tools/mkapi.sh --check

unit-test: test-build
	$(SWIFT) test

# The trap runtime on its own: a signal at every instruction boundary of guest entry and of the
# interruptible host call (ptrace), signal storms, AC, x87/MMX, sysenter, fault-tolerant copies.
runtime-check: test-build
	.build/debug/burrow-runtime-check

# The native twins must behave like coreutils; the ToyOS builds under Burrow like the twins.
twins: test-build
	foreign-binaries/programs/check-twins.sh
	foreign-binaries/programs/check-twins.sh "$(CURDIR)/$(TEST_BURROW) run"

# Every conformance test under Burrow and natively (every failure is reported; -x would stop at the first).
# Twice: with the fast path (patched stubs) and with every call through the trap (--no-fast-path).
conformance: test-build
	$(TEST_BURROW) test
	$(TEST_BURROW) test --no-fast-path

# The SDK libc against glibc: the same test sources built with the host's cc must print the same
# (foreign-binaries/oracle; the libm sweep within stated ulp bounds), as twins and under Burrow;
# and the toyos-cc driver behaves like cc (sdk/tests/toyos-cc.sh).
oracle: test-build
	foreign-binaries/oracle/run.sh
	foreign-binaries/oracle/run.sh "$(CURDIR)/$(TEST_BURROW) run"
	foreign-binaries/oracle/tz-root.sh "$(CURDIR)/$(TEST_BURROW)"
	foreign-binaries/sdk/tests/toyos-cc.sh "$(CURDIR)/$(TEST_BURROW) run"

# Real C software from Debian source packages (Lua, bzip2, zlib, ed, coreutils, ...), fetched and
# built by foreign-binaries/ports at build time (cached in foreign-binaries/build/ports), compiled
# unmodified with toyos-cc and run under Burrow against Debian's own binaries, the host cc's build
# and the twin. A source that cannot be fetched is reported NOT RUN; under CI (CI=true) that fails.
ports: test-build
	BURROW="$(CURDIR)/$(TEST_BURROW)" foreign-binaries/ports/run.sh

bench: deps
	bench/run --quick

# $(PREFIX)/bin: burrow, burrow-binfmt (a link to it) and toyos-cc (a link into the SDK);
# $(PREFIX)/lib/toyos-sdk: the SDK (toyos-cc, headers, linker script, built libcs, toyos-brand).
# DESTDIR stages an install for a package. Under sudo nothing is built (swift build as root would
# leave root-owned files in .build): `make build` first as yourself, then `sudo make install`.
install: $(if $(SUDO_USER),built,build)
	@$(MAKE) --no-print-directory install-files

# The copying alone (Tests/BurrowIntegrationTests/InstallTests.swift runs it with BURROW=...).
install-files:
	install -d $(BINDIR) $(SDKDIR)/bin $(SDKDIR)/ld $(SDKDIR)/lib/bin $(SDKDIR)/lib/toyos $(SDKDIR)/lib/linux
	install -m 755 $(BURROW) $(BINDIR)/burrow
	ln -sf burrow $(BINDIR)/burrow-binfmt
	install -m 755 foreign-binaries/sdk/bin/toyos-cc foreign-binaries/sdk/bin/toyos-ar foreign-binaries/sdk/bin/toyos-ranlib $(SDKDIR)/bin/
	cp -R foreign-binaries/sdk/include $(SDKDIR)/
	install -m 644 foreign-binaries/sdk/ld/toyos.ld $(SDKDIR)/ld/toyos.ld
	install -m 644 foreign-binaries/sdk/README.md $(SDKDIR)/README.md
	for t in toyos linux; do install -m 644 $(SDKBUILD)/$$t/crt0.o $(SDKBUILD)/$$t/libc.a $(SDKDIR)/lib/$$t/; done
	install -m 644 $(SDKBUILD)/libm.a $(SDKDIR)/lib/libm.a
	install -m 755 $(SDKBUILD)/bin/toyos-brand $(SDKDIR)/lib/bin/toyos-brand
	for t in toyos-cc toyos-ar toyos-ranlib; do ln -sf ../lib/toyos-sdk/bin/$$t $(BINDIR)/$$t; done
	@echo "installed burrow, burrow-binfmt and toyos-cc in $(BINDIR), the SDK in $(SDKDIR)"

built:
	@test -x $(BURROW) -a -f $(SDKBUILD)/toyos/libc.a -a -x $(SDKBUILD)/bin/toyos-brand || \
	    { echo "make install: nothing is built yet: run 'make build' first (not as root)"; exit 2; }

# A binfmt_misc entry that starts this installation's burrow-binfmt would dangle: remove it first.
uninstall:
	@entry=/proc/sys/fs/binfmt_misc/burrow-toyos; \
	if [ -z "$(DESTDIR)" ] && grep -qx "interpreter $(PREFIX)/bin/burrow-binfmt" $$entry 2>/dev/null; then \
	    echo "removing the binfmt_misc entry burrow-toyos"; echo -1 > $$entry; \
	fi
	rm -f $(BINDIR)/burrow $(BINDIR)/burrow-binfmt $(BINDIR)/toyos-cc $(BINDIR)/toyos-ar $(BINDIR)/toyos-ranlib
	rm -rf $(SDKDIR)

# Seeded random system calls from a ToyOS guest, sandboxed (tools/fuzz, docs/fuzzing.md). A short
# fixed-seed slice of it runs in `make test` (Tests/BurrowIntegrationTests/TableAndFuzzTests.swift).
SECONDS ?= 60
fuzz: test-build
	tools/fuzz --seconds $(SECONDS)

clean:
	rm -rf .build
	$(MAKE) -C foreign-binaries clean
