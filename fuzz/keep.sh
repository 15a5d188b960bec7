#!/bin/sh
# Keeps a few of the fuzzers' hostile inputs as regression inputs: per
# target, the N (default 6) smallest corpus files holding an escape, a C1
# control or a bidi control (else the smallest), copied to
# tests/fixtures/fuzz/<target>/, where tests/fuzz_regressions.rs runs them
# through the same checks as the target on every `cargo test`. Crashes go
# there too, by hand, named for what they broke.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=${N:-6}
targets=${TARGETS:-"native cap cap_atom usgs gdacs gdacs_geojson config sanitize"}
for t in $targets; do
    src="$here/corpus/$t"
    dst="$here/../tests/fixtures/fuzz/$t"
    [ -d "$src" ] || continue
    mkdir -p "$dst"
    hostile=$(LC_ALL=C grep -laP '\x1b|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$src"/* 2>/dev/null || true)
    [ -n "$hostile" ] || hostile=$(ls "$src"/*)
    # shellcheck disable=SC2086
    ls -S -r $hostile | head -n "$n" | while read -r f; do
        # Named by content, so an input kept before is not kept twice.
        cp "$f" "$dst/hostile-$(sha1sum < "$f" | cut -c1-12)"
    done
    echo "$t: $(ls "$dst" | wc -l) inputs in tests/fixtures/fuzz/$t"
done
