#!/usr/bin/env bash
# tz-root.sh BURROW - the time-zone oracle (oracle/tz.c) under a guest root: the zone files are read
# through the ToyOS file calls, translated under --root, from the host's zoneinfo bound into it
# read-only; the output must still be glibc's. Without the bind, a zone name finds no file, and
# the program must print what glibc prints on a system without zoneinfo (UTC under the zone's name
# where it parses as a rule): checked against glibc run with TZDIR pointing at an empty directory.
set -u
burrow=$1
build=$(cd "$(dirname "$0")/../build" && pwd)
T=$(mktemp -d /tmp/tz-root.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/root/etc" "$T/root/usr/share/zoneinfo" "$T/empty"
cp "$build/toyos/oracle/tz" "$T/root/tz"
fail=0
(cd "$T" && TZ=UTC "$build/glibc/oracle/tz" > glibc.out 2>&1)
(cd "$T" && TZ=UTC "$burrow" run --root "$T/root" --bind /usr/share/zoneinfo:/usr/share/zoneinfo:ro "$T/root/tz" > toyos.out 2>&1)
if cmp -s "$T/glibc.out" "$T/toyos.out"; then echo "ok   tz under --root with the zoneinfo bound"
else echo "FAIL tz under --root with the zoneinfo bound: differs from glibc"; diff "$T/glibc.out" "$T/toyos.out" | head; fail=1; fi
# glibc sees no zoneinfo through an empty TZDIR; tz.c's one absolute-path zone (Asia/Kathmandu)
# does not go through TZDIR, so its section is left out of both.
(cd "$T" && TZ=UTC TZDIR="$T/empty" "$build/glibc/oracle/tz" | awk '/^TZ=/ { skip = /Kathmandu/ } !skip' > glibc-none.out 2>&1)
(cd "$T" && TZ=UTC "$burrow" run --root "$T/root" "$T/root/tz" | awk '/^TZ=/ { skip = /Kathmandu/ } !skip' > toyos-none.out 2>&1)
if grep -q '^TZ=Europe/Paris: tzname Europe/ ' "$T/toyos-none.out" && cmp -s "$T/glibc-none.out" "$T/toyos-none.out"; then
    echo "ok   tz under --root without zoneinfo"
else echo "FAIL tz under --root without zoneinfo: differs from glibc with an empty TZDIR"; diff "$T/glibc-none.out" "$T/toyos-none.out" | head; fail=1; fi
exit $fail
