#!/usr/bin/env bash
# toybox 0.8.9 from Debian's toybox source package: a portable POSIX userland, configured with its
# own kconfig (`make allnoconfig KCONFIG_ALLCONFIG=`, the mini-config mechanism toybox documents)
# for the POSIX file and text commands listed in toybox.config, built by its own scripts/make.sh
# with the host's cc and with toyos-cc; no source file is changed. scenarios.sh runs the commands
# in fresh directories: the host build's standard output and status must equal GNU coreutils'
# (sed, grep), and the ToyOS build's, run under Burrow, must equal the host build's in output,
# errors and status (and so GNU's output and status).
#
# Not for ToyOS (ports/README.md): toybox 0.8.9 is written for Linux, macOS, FreeBSD and OpenBSD
# only. lib/portability.c stops with #error (dev_major/dev_minor/dev_makedev) on any other OS and
# lib/portability.h takes every OS that is not Apple's or a BSD for Linux (pty.h, getxattr, ...);
# toyos-cc never defines another OS's macros (__linux__ ...). While portability.c has that #error,
# the ToyOS build is a SKIP saying so; if it is ever gone, the ToyOS build is tried, and a header
# the SDK lacks is a SKIP naming it, any other build error a failure. The portable userland checked
# under Burrow is GNU coreutils (ports/coreutils).
. "$(dirname "$0")/../lib.sh"
here=$PORTS/toybox
out=$PB/toybox
T=$(mktemp -d /tmp/ports-toybox.XXXXXX)
[ -n "${KEEP:-}" ] && echo "toybox: scratch in $T" || trap 'rm -rf "$T"' EXIT

if ! fetch_source toybox; then notrun toybox "source: $REASON"; exit 0; fi
orig=; [ -f "$PB/src/toybox/.orig-only" ] && orig=" (upstream tarball of the Debian source package: this mirror lacks its debian.tar.xz)"

for target in host toyos; do
    dir=$out/$target
    if [ $target = toyos ] && grep -q '^#error' "$SRC/lib/portability.c"; then
        skip "toybox build (toyos-cc)" "toybox supports Linux, macOS, FreeBSD and OpenBSD only: lib/portability.c has #error for any other OS (dev_major/dev_minor/dev_makedev), and toyos-cc defines no other OS's macros (ports/README.md)"
        rm -rf "$dir"
        continue
    fi
    if stale "$dir/toybox.built" "$0" "$here/toybox.config"; then
        rm -rf "$dir"; mkdir -p "$dir"
        cp -R "$SRC" "$dir/src"
        cc=${HOSTCC:-cc}; [ $target = toyos ] && cc=$SDKBIN/toyos-cc
        # kconfig and the generators are host tools (HOSTCC); CC builds toybox itself.
        if ! (cd "$dir/src" && make allnoconfig KCONFIG_ALLCONFIG="$here/toybox.config" &&
              make toybox CC="$cc" HOSTCC="${HOSTCC:-cc}") > "$dir/build.log" 2>&1; then
            why=$(grep -m1 -E "fatal error|error:|undefined symbol" "$dir/build.log" | sed 's/^[^ ]*: //')
            # Only the known gap (a header the SDK does not have) is a SKIP; anything else fails.
            if [ $target = toyos ] && [[ $why == *"file not found"* ]]; then
                skip "toybox build (toyos-cc)" "the SDK lacks what toybox needs (ports/README.md): ${why}"
            else fail "toybox build ($target)" "${why:-see $dir/build.log}"; fi
            continue
        fi
        cp "$dir/src/toybox" "$dir/toybox.built"
    fi
    n=$(grep -c '=y' "$dir/src/.config")
    pass "toybox build ($target)$orig: $n config symbols"
done

declare -a names cmds
t() { names+=("$1"); cmds+=("$2"); }
. "$here/scenarios.sh"
cmdlist=$(grep -oE '^CONFIG_[A-Z]+=y' "$here/toybox.config" | sed 's/^CONFIG_//; s/=y$//' | tr A-Z a-z | grep -vx toybox_float)
data() {
    printf '%s\n' banana apple cherry kiwi banana date apple fig > "$1/words.txt"
    printf '%s\n' 10 2 33 4 1 100 7 > "$1/nums.txt"
    printf '%s\n' b:2 a:10 c:1 > "$1/keys.txt"
}
for i in "${!names[@]}"; do
    name=${names[$i]}
    for who in gnu host toyos; do
        funcs=
        if [ $who != gnu ]; then
            [ -x "$out/$who/toybox.built" ] || continue
            run="\"$out/$who/toybox.built\""; [ $who = toyos ] && run="\"$BURROW\" run \"$out/toyos/toybox.built\""
            for c in $cmdlist; do funcs+="$c() { $run $c \"\$@\"; }; "; done
        fi
        mkdir -p "$T/$name/$who/cwd"; data "$T/$name/$who/cwd"
        run_in "$T/$name/$who" /dev/null env LC_ALL=C bash -c "$funcs${cmds[$i]}"
    done
    # GNU's messages name GNU's programs: only output and status are compared with GNU.
    : > "$T/$name/gnu/err"; [ -f "$T/$name/host/err" ] && cp "$T/$name/host/err" "$T/$name/host/err.real" && : > "$T/$name/host/err"
    [ -f "$T/$name/host/out" ] && same "toybox $name (host cc toybox vs GNU)" "$T/$name/gnu" "$T/$name/host"
    [ -f "$T/$name/host/err.real" ] && mv "$T/$name/host/err.real" "$T/$name/host/err"
    [ -f "$T/$name/toyos/out" ] && same "toybox $name (Burrow vs host cc toybox)" "$T/$name/host" "$T/$name/toyos"
done
exit 0
