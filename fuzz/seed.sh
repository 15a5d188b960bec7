#!/bin/sh
# Copies the fixtures into fuzz/corpus/<target>/ as seeds (not committed).
# Each parser target reads a flag/kind byte first: the seeds get one prepended.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../tests/fixtures"
c="$here/corpus"
mkdir -p "$c/native" "$c/cap" "$c/cap_atom" "$c/usgs" "$c/gdacs" "$c/gdacs_geojson" "$c/config" "$c/sanitize"

# seed TARGET PREFIX_BYTE_OCTAL FILE...
seed() {
    t=$1; b=$2; shift 2
    for f in "$@"; do
        [ -f "$f" ] || continue
        { printf "\\$b"; cat "$f"; } > "$c/$t/$(basename "$f").$b"
    done
}
# native: the first byte picks the kind (0 stations, 1 incidents, 2 roster, 3 hazards).
seed native 000 "$fx/native/stations.json"
seed native 001 "$fx/native/incidents.json"
seed native 003 "$fx/native/incidents.json"
seed native 002 "$fx/native/roster.json"
for b in 000 001; do
    seed cap $b "$fx"/cap/*.xml
    seed cap_atom $b "$fx"/cap/*.atom "$fx"/cap/*.rss
    seed usgs $b "$fx"/usgs/*.geojson
    seed gdacs $b "$fx"/gdacs/*.xml
    seed gdacs_geojson $b "$fx"/gdacs/*.geojson
done
# config: the shipped config and every valid and invalid test config.
cp "$here/../config/watchkeeper.toml" "$c/config/"
for f in "$here"/../tests/valid_configs/*.toml "$here"/../tests/invalid_configs/*.toml; do
    [ -f "$f" ] && cp "$f" "$c/config/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# sanitize: every fixture's text, cut to the first 4 KiB.
for f in $(find "$fx" -type f); do
    head -c 4096 "$f" > "$c/sanitize/$(echo "$f" | tr / _)"
done
printf 'a\033]52;c;aGk=\007b\302\233[31mc\342\200\256d\r\ne\tf' > "$c/sanitize/escapes"
# The inputs kept as regression tests (keep.sh) go back into their corpora.
for d in "$fx"/fuzz/*/; do
    [ -d "$d" ] && cp "$d"* "$c/$(basename "$d")/" 2>/dev/null || true
done
echo "seeded: $(for t in "$c"/*; do printf '%s=%s ' "$(basename "$t")" "$(ls "$t" | wc -l)"; done)"
