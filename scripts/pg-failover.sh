#!/usr/bin/env bash
# A watch carrying on through a database failover, on one machine:
#  1. a PostgreSQL primary and a streaming standby (pg_basebackup) on
#     loopback, synchronous so that a commit is on both before "done";
#  2. acknowledgements and watch-log entries through a multi-host URL with
#     target_session_attrs=read-write, by the watchkeeper CLI;
#  3. the primary killed hard (SIGKILL), actions refused while no host takes
#     writes, the standby promoted;
#  4. the CLI carrying on with the same URL, and every committed action
#     present, in order, with no gap.
# Needs PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup). Run as
# root it runs the clusters as the `postgres` user. Usage: scripts/pg-failover.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${PG_BINDIR:-$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
WORK=$(mktemp -d /tmp/wk-failover.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
cleanup() {
    for c in primary standby; do
        [ -f "$WORK/$c/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$WORK/$c" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
P1=$(free_port); P2=$(free_port)
step() { printf '\n== %s\n' "$*"; }

step "primary on 127.0.0.1:$P1"
as_pg "$BIN/initdb" -D "$WORK/primary" -A trust -U watchkeeper >/dev/null
cat >>"$WORK/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$WORK'
wal_level = replica
max_wal_senders = 4
CONF
as_pg "$BIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null
as_pg "$BIN/psql" -h 127.0.0.1 -p "$P1" -U watchkeeper -d postgres -qc "CREATE DATABASE watch"

step "streaming standby on 127.0.0.1:$P2 (pg_basebackup)"
# A fast checkpoint: the default (spread) can hold the copy for minutes.
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U watchkeeper -D "$WORK/standby" -R -X stream -c fast
sed -i "s/^port = .*/port = $P2/" "$WORK/standby/postgresql.conf"
as_pg "$BIN/pg_ctl" -D "$WORK/standby" -l "$WORK/standby.log" -w start >/dev/null
# Synchronous from here on: "done" means on both hosts.
as_pg "$BIN/psql" -h 127.0.0.1 -p "$P1" -U watchkeeper -d postgres -qc \
    "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 50); do
    state=$(as_pg "$BIN/psql" -h 127.0.0.1 -p "$P1" -U watchkeeper -d postgres -Atc \
        "SELECT sync_state FROM pg_stat_replication")
    [ "$state" = sync ] && break
    sleep 0.2
done
echo "standby replication: ${state:-none}"
[ "$state" = sync ] || { echo "FAIL: the standby is not synchronous"; exit 1; }

cargo build --locked --quiet --bin watchkeeper
WK="$PWD/target/debug/watchkeeper"
URL="postgres://watchkeeper@127.0.0.1:$P1,127.0.0.1:$P2/watch?target_session_attrs=read-write&sslmode=disable"
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/config" XDG_DATA_HOME="$WORK/home/data"
unset WATCHKEEPER_CONFIG
wk() { "$WK" --journal "$URL" "$@"; }

step "actions through $URL"
ids=$(wk snapshot | grep -oE '(incidents|hazards):[^ ]+' | head -4 || true)
[ -n "$ids" ] || { echo "no alert in the snapshot"; exit 1; }
set -- $ids
wk ack "$1" --note "before the failover"
wk ack "$2"
wk log "generator test at the relay station"
committed=3

step "the primary is killed hard"
kill -9 "$(head -1 "$WORK/primary/postmaster.pid")"
sleep 0.5
lost_at=$(date +%s.%N)
if out=$(wk ack "$3" 2>&1); then
    echo "FAIL: an action was accepted with no writable database: $out"; exit 1
fi
echo "refused while no host takes writes: $out"

step "the standby is promoted"
as_pg "$BIN/pg_ctl" -D "$WORK/standby" -w promote >/dev/null
wk ack "$3" --note "after the failover"
back_at=$(date +%s.%N)
committed=$((committed + 1))
wk log "carrying on from the backup site"
committed=$((committed + 1))
awk -v a="$lost_at" -v b="$back_at" 'BEGIN { printf "primary lost -> first action accepted on the promoted standby: %.2f s (with the refused try)\n", b - a }'

step "every committed action is there, in order, with no gap"
wk journal export | tee "$WORK/export.jsonl" | cut -c1-150
n=$(wc -l <"$WORK/export.jsonl")
seqs=$(grep -o '"seq":[0-9]*' "$WORK/export.jsonl" | cut -d: -f2 | tr '\n' ' ')
want=$(seq 1 "$n" | tr '\n' ' ')
[ "$seqs" = "$want" ] || { echo "FAIL: seqs $seqs, want $want"; exit 1; }
for text in "before the failover" "generator test at the relay station" "after the failover" "carrying on from the backup site"; do
    grep -q "$text" "$WORK/export.jsonl" || { echo "FAIL: lost: $text"; exit 1; }
done
acks=$(grep -c '"kind":"acknowledged"' "$WORK/export.jsonl")
[ "$acks" = 3 ] || { echo "FAIL: $acks acknowledgements, want 3"; exit 1; }
logs=$(grep -c '"kind":"watch_log"' "$WORK/export.jsonl")
[ "$logs" = 2 ] || { echo "FAIL: $logs watch-log entries, want 2"; exit 1; }
echo "OK: $committed committed actions present after the failover ($n events in all)"
