#!/usr/bin/env bash
# Cost of the freshness check of a search (issue 12), on a corpus indexed
# by the dafu under test:
#   benches/freshness.sh CORPUS        (DAFU=path/to/dafu; hyperfine, GNU time)
# CORPUS is hard-linked into a scratch folder, indexed there, then:
#  1. an unchanged corpus: search with the check against --no-update;
#  2. 1,000 new files in one folder: the first search (which updates first);
#  3. one file removed: the first search after it.
set -euo pipefail
src=$(realpath "$1")
dafu=$(realpath "${DAFU:-target/release/dafu}")
work=$(mktemp -d "${TMPDIR:-/tmp}/dafu-fresh.XXXXXX"); trap 'rm -rf "$work"' EXIT
cp -al "$src/." "$work/c" 2>/dev/null || cp -r "$src/." "$work/c"
rm -rf "$work/c/.dafu"
"$dafu" index -q "$work/c"
echo "files: $(find "$work/c" -name '*.txt' -not -path '*/.dafu/*' | wc -l), folders recorded: $(python3 -c "import json;print(len(json.load(open('$work/c/.dafu/state.json'))['dirs']))")"
hyperfine -N -w 5 -r 40 --export-json "$work/hf.json" \
  "$dafu search -l 科技成果转化 $work/c" "$dafu search -l --no-update 科技成果转化 $work/c" >/dev/null
python3 -c "
import json
for r in json.load(open('$work/hf.json'))['results']:
    print('%-60s median %.2f ms' % (r['command'].replace('$work/c','CORPUS')[-60:], r['median']*1000))"
folder=$(find "$work/c" -mindepth 1 -maxdepth 1 -type d -not -name .dafu | head -1)
for i in $(seq 1 1000); do printf '关于路灯第%d号的答复\n安装路灯。\n' "$i" > "$folder/zz_fresh_$i.txt"; done
/usr/bin/time -f "first search after 1000 new files: %e s" "$dafu" search -c 路灯 "$work/c" 2>&1 >/dev/null | tail -1
rm "$folder/zz_fresh_2.txt"
/usr/bin/time -f "first search after 1 removal: %e s" "$dafu" search -c 路灯 "$work/c" 2>&1 >/dev/null | tail -1
