#!/bin/sh
# Runs each fuzz target until its coverage has reached a plateau: no new
# coverage for QUIET seconds (default 600), or MAX seconds in all (default
# 3600), whichever comes first. Continues from fuzz/corpus/<target>/ (seeded
# from tests/fixtures/ by seed.sh), so a second run carries on where the
# last stopped. Prints per target: seconds run, executions, final coverage,
# and how long before the end coverage last grew. Logs in fuzz/logs/,
# crashes in fuzz/artifacts/<target>/.
#
#   fuzz/plateau.sh                       # every target
#   QUIET=300 MAX=1800 TARGETS="cap usgs" fuzz/plateau.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
quiet=${QUIET:-600}
max=${MAX:-3600}
targets=${TARGETS:-"native cap cap_atom usgs gdacs gdacs_geojson config sanitize"}
"$here/seed.sh"
cd "$here"
RUSTC_BOOTSTRAP=1 cargo fuzz build || exit 1
bin="$here/target/x86_64-unknown-linux-gnu/release"
mkdir -p logs
for t in $targets; do
    mkdir -p "artifacts/$t"
    log="logs/$t.plateau.log"
    "$bin/$t" "corpus/$t" -max_total_time="$max" -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 > "$log" 2>&1 &
    pid=$!
    start=$(date +%s)
    last_cov=""
    last_change=$start
    while kill -0 "$pid" 2>/dev/null; do
        sleep 10
        cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1)
        now=$(date +%s)
        if [ "$cov" != "$last_cov" ]; then
            last_cov=$cov
            last_change=$now
        elif [ $((now - last_change)) -ge "$quiet" ]; then
            kill -INT "$pid" 2>/dev/null
        fi
    done
    wait "$pid"
    code=$?
    end=$(date +%s)
    execs=$(grep -aE 'stat::number_of_executed_units' "$log" | grep -oE '[0-9]+$')
    crashes=$(ls "artifacts/$t" | wc -l)
    echo "$t: exit $code, $((end - start)) s, ${execs:-?} execs, $last_cov, last new coverage $((end - last_change)) s before the end, $crashes artifacts"
done
