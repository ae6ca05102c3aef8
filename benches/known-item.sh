#!/usr/bin/env bash
# Known-item ranking: does `dafu search` put a reply the user is looking for in its top 10?
#
# usage: benches/known-item.sh [--reuse] [--no-index] [--out DIR] [--queries FILE] [--label NAME]
#
#   DAFU=path/to/dafu   the binary under test (default: target/release/dafu of this repo, built if missing)
#   --reuse             reuse the mixed corpus in $KNOWN_ITEM_DIR if it is complete (else it is rebuilt)
#   --no-index          also reuse its index (only when the last index was built by the same binary)
#   --out DIR           raw output and report (default $KNOWN_ITEM_DIR/out/LABEL)
#   --queries FILE      id<TAB>target<TAB>style<TAB>query (default benches/known-item/queries.tsv)
#   --label NAME        names the run in the report (default: the binary's file name)
#
# The corpus ($KNOWN_ITEM_DIR/corpus, default /tmp/dafu-known-item/corpus) is the deterministic ~30 MB
# benchmark subset (../shared/peers/make-subset.sh of ../shared/bench/corpus.tar.zst, 9,334 files) plus
# the 30 real replies of ../shared/replies in a `replies/` subfolder. Nothing is written into the repo.
# Every query runs as `dafu search --json -n 10 -- QUERY CORPUS` in a fresh process; the target's rank
# is found by `.relpath` (or the end of `.path`); benches/known-item/score.py prints MRR@10, S@1, S@10
# and zero-result counts, overall, per style and for the queries with a word the target does not contain.
#
# Environment: DAFU, KNOWN_ITEM_DIR (/tmp/dafu-known-item), DAFU_SHARED (REPO/../shared),
#   BENCH_SRC (/tmp/dafu-bench: the unpacked archive), SUBSET (/tmp/dafu-bench-30m).
set -euo pipefail
export LC_ALL=C.UTF-8
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${DAFU_SHARED:-$repo/../shared}
work=${KNOWN_ITEM_DIR:-/tmp/dafu-known-item}
bench_src=${BENCH_SRC:-/tmp/dafu-bench}
subset=${SUBSET:-/tmp/dafu-bench-30m}
queries=$here/known-item/queries.tsv
reuse=0 no_index=0 out="" label=""
while [ $# -gt 0 ]; do
  case $1 in
    --reuse) reuse=1 ;;
    --no-index) reuse=1; no_index=1 ;;
    --out) out=$2; shift ;;
    --queries) queries=$2; shift ;;
    --label) label=$2; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

dafu=${DAFU:-$repo/target/release/dafu}
if [ -z "${DAFU:-}" ] && [ ! -x "$dafu" ]; then
  log "building $dafu"; cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
fi
[ -x "$dafu" ] || { echo "no dafu binary at $dafu (set DAFU=...)" >&2; exit 2; }
dafu=$(cd "$(dirname "$dafu")" && pwd)/$(basename "$dafu")
label=${label:-$(basename "$dafu")}
out=${out:-$work/out/$label}
queries=$(cd "$(dirname "$queries")" && pwd)/$(basename "$queries")
corpus=$work/corpus

# 1. The mixed corpus.
stamp="subset=$subset replies=$(cd "$shared/replies" && ls ./*.txt | md5sum | cut -c1-12)"
if [ "$reuse" = 1 ] && [ -f "$corpus/.complete" ] && [ "$(cat "$corpus/.complete")" = "$stamp" ]; then
  log "reusing $corpus"
else
  [ -f "$subset/.complete" ] || "$shared/peers/make-subset.sh" "$bench_src" "$subset"
  log "making $corpus (subset + replies/)"
  rm -rf "$corpus"; mkdir -p "$corpus"
  for d in "$subset"/*/; do  # hard links when on the same filesystem, else copies
    cp -al "$d" "$corpus/" 2>/dev/null || { rm -rf "$corpus/$(basename "$d")"; cp -a "$d" "$corpus/"; }
  done
  mkdir -p "$corpus/replies"; cp "$shared/replies"/*.txt "$corpus/replies/"
  echo "$stamp" > "$corpus/.complete"
fi
nfiles=$(find "$corpus" -name '*.txt' | wc -l)
nbytes=$(find "$corpus" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
log "corpus: $nfiles files, $nbytes bytes"

# 2. The index, built by the binary under test.
binsum=$(sha256sum "$dafu" | cut -c1-16)
index_s=""
if [ "$no_index" = 1 ] && [ -d "$corpus/.dafu" ] && [ "$(cat "$work/index-built-by" 2>/dev/null)" = "$binsum" ]; then
  log "reusing the index (built by this binary)"
else
  log "indexing with $dafu"
  rm -rf "$corpus/.dafu" "$work/index-built-by"
  t0=$EPOCHREALTIME
  "$dafu" index -q "$corpus"
  index_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
  echo "$binsum" > "$work/index-built-by"
  log "indexed in ${index_s} s"
fi

# 3. One fresh process per query.
rm -rf "$out"; mkdir -p "$out/raw"
nq=0; t0=$EPOCHREALTIME
while IFS=$'\t' read -r id target style q; do
  [ "$id" = id ] && continue
  case $id in ''|'#'*) continue ;; esac
  t1=$EPOCHREALTIME
  set +e
  "$dafu" search --json -n 10 -- "$q" "$corpus" > "$out/raw/$id.jsonl" 2> "$out/raw/$id.err"
  echo $? > "$out/raw/$id.rc"
  set -e
  awk -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f\n", (b - a) * 1000}' > "$out/raw/$id.ms"
  nq=$((nq + 1))
done < "$queries"
query_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}')
log "$nq queries in ${query_s} s"

# 4. Score.
cat > "$out/meta.json" <<EOF
{"label": "$label", "dafu": "$dafu", "dafu_sha256_16": "$binsum", "dafu_version": "$("$dafu" --version 2>/dev/null | head -n1)",
 "repo_head_at_run": "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)",
 "corpus": "$corpus", "files": $nfiles, "bytes": $nbytes, "queries": "$queries",
 "index_s": "${index_s:-reused}", "queries_s": "$query_s", "date": "$(date '+%F %T %Z')"}
EOF
python3 "$here/known-item/score.py" report "$out" "$queries" "$corpus" | tee "$out/report.md"
