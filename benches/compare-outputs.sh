#!/usr/bin/env bash
# Byte-compare the JSON outputs of two dafu binaries on the same folders.
# Used for restructurings that must not change behaviour:
#   benches/compare-outputs.sh OLD_BIN NEW_BIN FOLDER...
# Each FOLDER is copied to a scratch folder per binary (so no index is shared
# and the originals are never written), indexed, and queried with search,
# show, stats, terms, similar and export in JSON; any difference is printed
# and the exit status is 1.
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dafu-compare.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
queries=(科技成果转化 '"揭榜挂帅" -贷款' '路灯 OR 公厕' 'title:答复' 'issuer:科技' 'date:2023'
  'number:1..100' 'kind:提案' 交通 '"的"' 'region:云南' 'meeting:十三届' 教育 安全 农村)
run_all() { # BIN DIR OUT
  local bin=$1 dir=$2 out=$3
  (cd "$dir" && "$bin" index -q . >/dev/null 2>&1
  for q in "${queries[@]}"; do
    echo "## search $q"; "$bin" search --json -n 50 "$q" . 2>&1 || true
    echo "## -l $q"; "$bin" search -l "$q" . 2>&1 || true
    echo "## -c $q"; "$bin" search -c --json "$q" . 2>&1 || true
    echo "## sort $q"; "$bin" search --json --sort -date "$q" . 2>&1 || true
  done
  for by in issuer year meeting region kind; do
    echo "## stats $by"; "$bin" stats --json --by "$by" . 2>&1 || true
  done
  echo "## terms"; "$bin" terms --json . 2>&1 || true
  echo "## terms q"; "$bin" terms --json 教育 . 2>&1 || true
  echo "## export"; "$bin" export . 2>/dev/null | LC_ALL=C sort || true
  echo "## export es"; "$bin" export --format es-bulk . 2>/dev/null | LC_ALL=C sort || true
  for f in $(find . -name '*.txt' -not -path './.dafu/*' | LC_ALL=C sort | head -40); do
    echo "## show $f"; "$bin" show --json "$f" 2>&1 || true
    echo "## show human $f"; "$bin" show --fields-only "$f" 2>&1 || true
    echo "## similar $f"; "$bin" similar --json "$f" 2>&1 || true
  done) | normalize > "$out"
}
# Hits of equal score come in index order, which depends on how files were
# spread over indexing threads: keep each section's order of scores (of dates
# for --sort), which is what sorting promises, and compare its hits as a set.
normalize() {
  python3 -c '
import json, sys
def flush(sec, sortd):
    if not sec: return
    keys, lines = [], []
    for l in sec:
        try: d = json.loads(l)
        except Exception: lines.append(l); continue
        if isinstance(d, dict) and "rank" in d:
            keys.append(d.get("score") if not sortd else ((d.get("fields") or {}).get("date") or {}).get("value"))
            d.pop("rank"); l = json.dumps(d, ensure_ascii=False, sort_keys=True)
        lines.append(l)
    for l in sorted(lines): print(l)
    if keys: print("order:", keys)
sec, sortd = [], False
for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("## "):
        flush(sec, sortd); sec = []; print(line); sortd = line.startswith("## sort")
    else: sec.append(line)
flush(sec, sortd)
'
}
status=0
for folder in "$@"; do
  name=$(basename "$folder")
  mkdir -p "$scratch/old/$name" "$scratch/new/$name"
  cp -r "$folder/." "$scratch/old/$name/"; rm -rf "$scratch/old/$name/.dafu"
  cp -r "$folder/." "$scratch/new/$name/"; rm -rf "$scratch/new/$name/.dafu"
  run_all "$old" "$scratch/old/$name" "$scratch/$name.old"
  run_all "$new" "$scratch/new/$name" "$scratch/$name.new"
  if cmp -s "$scratch/$name.old" "$scratch/$name.new"; then
    echo "$name: identical ($(wc -c < "$scratch/$name.new") bytes of output)"
  else
    echo "$name: DIFFERENT"; diff "$scratch/$name.old" "$scratch/$name.new" | head -40; status=1
  fi
done
exit $status
