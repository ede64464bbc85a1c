# Burrow — run ToyOS programs on Linux.
#
#   make demo    set up (installs libelf-dev when missing), build, and run some foreign binaries
#   make test    build everything and run every test (the trap runtime's own checks, Swift unit +
#                integration tests, the native twins against coreutils, the same scenarios under
#                Burrow, the conformance suite)
#   make bench   the quick benchmark (bench/run --quick)
#   make fuzz    the sandboxed system-call fuzzer for SECONDS seconds (default 60; docs/fuzzing.md)
#
# Everything a fresh Debian machine with Swift needs is installed from here (see `deps`).

SWIFT   ?= swift
BUILD   := .build/debug
BURROW  := $(BUILD)/burrow
TOY     := foreign-binaries/build/toyos
# The Swift crash backtracer can hang a pipeline; Burrow reports guest crashes itself.
export SWIFT_BACKTRACE := enable=no

.PHONY: all deps build foreign demo test unit-test runtime-check twins conformance check-generated bench fuzz clean

all: build

# libelf (libelf-dev) is the only system library Burrow links; pkg-config finds it. The ToyOS SDK
# uses the clang and lld that ship with Swift.
deps:
	@if ! pkg-config --exists libelf 2>/dev/null; then \
	    echo "==> installing libelf-dev and pkg-config"; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libelf-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build --product burrow
	$(SWIFT) build --product burrow-runtime-check
	$(MAKE) foreign

foreign: deps
	$(MAKE) -C foreign-binaries -j2 --no-print-directory

demo: build
	@echo
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
	@$(BURROW) test --keep-going | tail -4

# Every test. Order: cheap and fundamental first.
test: build check-generated runtime-check unit-test twins conformance

check-generated:
	$(SWIFT) run burrow-gen --check

unit-test: build
	$(SWIFT) test

# The trap runtime on its own: a signal at every instruction boundary of guest entry and of the
# interruptible host call (ptrace), signal storms, AC, x87/MMX, sysenter, fault-tolerant copies.
runtime-check: build
	$(BUILD)/burrow-runtime-check

# The native twins must behave like coreutils; the ToyOS builds under Burrow like the twins.
twins: build
	foreign-binaries/programs/check-twins.sh
	foreign-binaries/programs/check-twins.sh "$(CURDIR)/$(BURROW) run"

# Every conformance test under Burrow and natively; --keep-going so one run reports every failure.
conformance: build
	$(BURROW) test --keep-going

bench: deps
	bench/run --quick

# Seeded random system calls from a ToyOS guest, sandboxed (tools/fuzz, docs/fuzzing.md). A short
# fixed-seed slice of it runs in `make test` (Tests/BurrowIntegrationTests/TableAndFuzzTests.swift).
SECONDS ?= 60
fuzz: build
	tools/fuzz --seconds $(SECONDS)

clean:
	rm -rf .build
	$(MAKE) -C foreign-binaries clean
