#!/bin/sh
# Runs every fuzz target in turn for SECONDS each (default 120), one at a
# time, on the seeded corpus; prints libFuzzer's last status line per target.
# Crashes land in fuzz/artifacts/<target>/. Needs cargo-fuzz; on a stable
# toolchain RUSTC_BOOTSTRAP=1 enables the sanitizer flags cargo-fuzz passes.
set -u
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:-120}
targets=${TARGETS:-"native cap cap_atom usgs gdacs config sanitize"}
"$here/seed.sh"
cd "$here"
RUSTC_BOOTSTRAP=1 cargo fuzz build || exit 1
bin="$here/target/x86_64-unknown-linux-gnu/release"
mkdir -p logs
for t in $targets; do
    mkdir -p "artifacts/$t"
    "$bin/$t" "corpus/$t" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 > "logs/$t.log" 2>&1
    echo "$t: exit $? $(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)"
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "logs/$t.log" | tr '\n' ' '
    echo
done
