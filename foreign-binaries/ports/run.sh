#!/usr/bin/env bash
# ports/run.sh - builds and checks every port (ports/*/check.sh): real C software from Debian
# source packages, compiled unmodified with toyos-cc, run under Burrow and compared with Debian's
# own binaries, the host cc's build and the native twin. Ends with "ports: N passed, N failed";
# checks that could not run (no network for apt-get source, no oracle) are listed as NOT RUN,
# and under CI (CI=true) fail the run.
#
# Usage: run.sh [PORT...]      (BURROW=path/to/burrow; VERBOSE=1 lists every check)
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$BURROW" ] || { echo "ports: $BURROW is not built (swift build --product burrow)" >&2; exit 2; }
: > "$RESULTS"
ports=("$@")
[ ${#ports[@]} -gt 0 ] || for d in "$PORTS"/*/check.sh; do ports+=("$(basename "$(dirname "$d")")"); done
for p in "${ports[@]}"; do
    [ -x "$PORTS/$p/check.sh" ] || { echo "ports: no port $p" >&2; exit 2; }
    start=$(date +%s)
    RESULTS=$RESULTS "$PORTS/$p/check.sh" || fail "$p" "check.sh exited $?"
    echo "ports: $p checked in $(( $(date +%s) - start )) s"
done
passed=$(grep -c '^pass ' "$RESULTS"); failed=$(grep -c '^fail ' "$RESULTS"); notrun=$(grep -c '^notrun ' "$RESULTS")
skipped=$(grep -c '^skip ' "$RESULTS")
[ "$skipped" = 0 ] || { echo "ports: $skipped check(s) skipped:"; grep '^skip ' "$RESULTS" | sed 's/^skip /  /'; }
if [ "$notrun" -gt 0 ]; then
    echo "ports: $notrun check(s) NOT RUN:"; grep '^notrun ' "$RESULTS" | sed 's/^notrun /  /'
    if [ "${CI:-}" = true ]; then
        echo "ports: under CI a port that cannot be obtained or run is a failure"
        failed=$((failed + notrun))
    fi
fi
echo "ports: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
