#!/usr/bin/env bash
# Precision and recall of `dafu dups` on planted copies, and its cost.
#
#   benches/dups.sh [--replies DIR] [--bench DIR] [--bench-files N]
#                   [--seeds "1 2 3"] [--out DIR] [--no-build]
#
# For each seed, benches/dups/planted.py writes a scratch corpus: the real
# replies of --replies (read at run time, never copied into the repo),
# republished copies of two thirds of them (other chrome, digit width,
# wrapping, punctuation), "siblings" (a different reply in the frame of
# another: same agency, same set phrases, another answer) and N files of
# the benchmark corpus. It indexes it, runs `dafu dups --json`, and scores
# pairwise precision and recall against the planted groups. It also prints
# the spread of estimated similarity of each kind of pair (copies,
# siblings, different real replies), from examples/dup_similarity.rs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
replies=$repo/../shared/replies
bench=/tmp/dafu-bench
bench_files=3000
seeds="1 2 3 4 5"
out=${TMPDIR:-/tmp}/dafu-dups-bench
build=1
while [ $# -gt 0 ]; do
    case $1 in
        --replies) replies=$2; shift 2 ;;
        --bench) bench=$2; shift 2 ;;
        --bench-files) bench_files=$2; shift 2 ;;
        --seeds) seeds=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

target=${CARGO_TARGET_DIR:-$repo/target}
if [ $build = 1 ]; then
    (cd "$repo" && cargo build --release --bin dafu --example dup_similarity)
fi
dafu=$target/release/dafu
similarity=$target/release/examples/dup_similarity

for seed in $seeds; do
    dir=$out/seed-$seed
    rm -rf "$dir"
    python3 "$here/dups/planted.py" make "$replies" "$bench" "$dir" --bench-files "$bench_files" --seed "$seed"
    "$dafu" index -q "$dir"
    "$dafu" dups --json "$dir" > "$dir.dups.jsonl" || true
    echo "== seed $seed"
    python3 "$here/dups/planted.py" score "$dir" "$dir.dups.jsonl" > "$dir.score.json"
    python3 - "$dir.score.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
      f"({s['found_pairs']} pairs found, {s['true_pairs']} planted; "
      f"lowest planted cluster similarity {s['lowest_planted_cluster_similarity']})")
for kind in ("false_pairs", "missed_pairs"):
    for a, b in s[kind]:
        print(f"  {kind[:-6]}: {a} ~ {b}")
print(f"benchmark subset: {s['bench_clusters']} clusters, {s['bench_files_in_clusters']} files in them")
EOF
    python3 "$here/dups/planted.py" pairs "$dir" | "$similarity" > "$dir.similarity.tsv"
    python3 "$here/dups/planted.py" spread "$dir" "$dir.similarity.tsv"
done
