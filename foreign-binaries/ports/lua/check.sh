#!/usr/bin/env bash
# Lua 5.4, unmodified, from Debian's lua5.4 source package: built with toyos-cc for ToyOS, as its
# native twin (toyos-cc --twin) and with the host's cc and glibc, and run on the scripts in scripts/
# under Burrow, as the twin, as the host build and as Debian's own lua5.4 binary (the oracle). Each script runs in a fresh directory with
# scripts/NAME.in as stdin (if present), TZ=Europe/Paris and LC_ALL=C; stdout, stderr and the exit
# status must equal the oracle's. argv[0] is "lua5.4" for all three (Lua prints it in errors).
#
# Build: the interpreter's sources compiled as upstream's Makefile lists them (src/*.c without
# luac.c), with upstream's flags (-DLUA_COMPAT_5_3; -DLUA_USE_POSIX, upstream's "posix" target, when
# the SDK libc has popen, else upstream's "generic" target); the one generated header Debian's
# rules write (lua5.4-deb-multiarch.h) is written the same way here. No source file is changed.
. "$(dirname "$0")/../lib.sh"
here=$PORTS/lua
out=$PB/lua

if ! fetch_source lua5.4; then notrun lua "source: $REASON"; exit 0; fi

posix=
grep -qE '^FILE \*popen\(' "$FB/sdk/include/stdio.h" && posix=-DLUA_USE_POSIX
mkdir -p "$out/inc"
echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"' > "$out/inc/lua5.4-deb-multiarch.h.new"
cmp -s "$out/inc/lua5.4-deb-multiarch.h.new" "$out/inc/lua5.4-deb-multiarch.h" || mv "$out/inc/lua5.4-deb-multiarch.h.new" "$out/inc/lua5.4-deb-multiarch.h"
srcs=$(ls "$SRC"/src/*.c | grep -v '/luac\.c$')
for target in toyos linux host; do
    bin=$out/$target/lua
    cc=("$SDKBIN/toyos-cc"); [ $target = linux ] && cc+=(--twin); [ $target = host ] && cc=("${HOSTCC:-cc}")
    if stale "$bin" $srcs "$0" "$FB/sdk/include/stdio.h"; then
        mkdir -p "$out/$target"
        # shellcheck disable=SC2086
        if ! "${cc[@]}" -O2 -Wall -Wextra -DLUA_COMPAT_5_3 $posix -I"$out/inc" $srcs -lm -o "$bin" > "$out/$target/build.log" 2>&1; then
            fail "lua build ($target)" "toyos-cc failed: $(grep -m1 -E 'error' "$out/$target/build.log")"
            exit 0
        fi
    fi
done
if ! need_oracle lua5.4 lua5.4; then notrun "lua (oracle)" "$REASON"; exit 0; fi

T=$(mktemp -d /tmp/ports-lua.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
export TZ=Europe/Paris LC_ALL=C
for script in "$here"/scripts/*.lua; do
    name=$(basename "$script" .lua)
    if [ "$name" = process ] && [ -z "$posix" ]; then
        skip "lua $name" "io.popen/os.execute need popen/system in the SDK libc (not there yet)"
        continue
    fi
    input=/dev/null
    [ -f "$here/scripts/$name.in" ] && input=$here/scripts/$name.in
    for who in oracle host twin toyos; do mkdir -p "$T/$name/$who/cwd"; cp "$script" "$T/$name/$who/cwd/"; done
    run_in "$T/$name/oracle" "$input" lua5.4 "$name.lua"
    run_in "$T/$name/host" "$input" bash -c 'exec -a lua5.4 "$0" "$1"' "$out/host/lua" "$name.lua"
    # The twin is a Linux executable: run it directly, with argv[0] lua5.4, through bash's exec -a.
    run_in "$T/$name/twin" "$input" bash -c 'exec -a lua5.4 "$0" "$1"' "$out/linux/lua" "$name.lua"
    # (os.execute and io.popen start "sh": the ToyOS programs are the guest's PATH)
    run_in "$T/$name/toyos" "$input" "$BURROW" run --env PATH="$FB/build/toyos" --argv0 lua5.4 "$out/toyos/lua" "$name.lua"
    same "lua $name (host cc build vs Debian's lua5.4)" "$T/$name/oracle" "$T/$name/host"
    same "lua $name (twin vs Debian's lua5.4)" "$T/$name/oracle" "$T/$name/twin"
    same "lua $name (Burrow vs Debian's lua5.4)" "$T/$name/oracle" "$T/$name/toyos"
done
