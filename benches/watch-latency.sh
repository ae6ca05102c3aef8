#!/usr/bin/env bash
# Latency of `dafu watch`: from a file landing in the corpus to its being
# searchable (a new process's `search -c --no-update` sees it).
#   benches/watch-latency.sh CORPUS [RUNS]      (DAFU=path/to/dafu)
set -euo pipefail
src=$(realpath "$1"); runs=${2:-5}
dafu=$(realpath "${DAFU:-target/release/dafu}")
work=$(mktemp -d "${TMPDIR:-/tmp}/dafu-watch.XXXXXX")
cp -al "$src/." "$work/c" 2>/dev/null || cp -r "$src/." "$work/c"
rm -rf "$work/c/.dafu"
"$dafu" index -q "$work/c"
"$dafu" watch -q "$work/c" 2> "$work/watch.err" &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "watching" "$work/watch.err" 2>/dev/null || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
folder=$(find "$work/c" -mindepth 1 -maxdepth 1 -type d -not -name .dafu | head -1)
for i in $(seq 1 "$runs"); do
  word="鼎鼐观测$i"
  start=$(date +%s.%N)
  printf '关于%s的答复\n%s\n' "$word" "$word" > "$folder/zz_watch_$i.txt"
  until [ "$("$dafu" search -c --no-update "$word" "$work/c" 2>/dev/null)" = "1" ]; do sleep 0.02; done
  end=$(date +%s.%N)
  python3 -c "print(f'run $i: {($end-$start):.2f} s from write to searchable')"
  sleep 1
done
