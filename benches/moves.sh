#!/usr/bin/env bash
# What incremental runs cost on a large corpus: a full build, a run with no
# change, a run after moving a whole folder, a run after touching every file
# (and the run after that), and query latency with and without a large
# table of moves (two copies of the same tree, measured in one hyperfine
# run). Prints one markdown table. See benches/README.md.
#
#   benches/moves.sh CORPUS_DIR [--folder NAME] [--no-build] [--runs N]
set -euo pipefail

die() { echo "moves.sh: $*" >&2; exit 2; }
say() { echo "moves.sh: $*" >&2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus_arg="" folder="" build=1 runs=15
while [ $# -gt 0 ]; do
    case $1 in
        --folder) [ $# -ge 2 ] || die "--folder needs a name"; folder=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a number"; runs=$2; shift 2 ;;
        -*) die "unknown option $1" ;;
        *) corpus_arg=$1; shift ;;
    esac
done
[ -d "$corpus_arg" ] || die "usage: benches/moves.sh CORPUS_DIR [--folder NAME] [--no-build] [--runs N]"
corpus=$(cd "$corpus_arg" && pwd)
command -v hyperfine >/dev/null || die "apt-get install -y hyperfine"
[ -x /usr/bin/time ] || die "apt-get install -y time"
export NO_COLOR=1

target=${CARGO_TARGET_DIR:-$repo/target}
if [ "$build" = 1 ]; then
    (cd "$repo" && cargo build --release --quiet) || die "cargo build failed"
fi
dafu=$target/release/dafu
[ -x "$dafu" ] || die "no $dafu (build it, or drop --no-build)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dafu-moves.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
say "copying $corpus to $scratch"
cp -r "$corpus" "$scratch/a"
[ -n "$folder" ] || folder=$(cd "$scratch/a" && find . -mindepth 1 -maxdepth 1 -type d | sort | head -1 | sed 's|^\./||')
[ -d "$scratch/a/$folder" ] || die "no folder $folder in $corpus"
files=$(find "$corpus" -name '*.txt' -type f | wc -l)
moved_files=$(find "$corpus/$folder" -name '*.txt' -type f | wc -l)
moved_mb=$(du -sm --apparent-size "$corpus/$folder" | cut -f1)

# Wall seconds and peak RSS (MB) of one dafu index run; its summary on stderr.
timed() {
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$dafu" index "$@" 2>"$scratch/err" || {
        cat "$scratch/err" >&2
        die "dafu index $* failed"
    }
    read -r secs kb <"$scratch/time"
    grep '^dafu: .* indexed' "$scratch/err" | tail -1 | sed 's/^dafu: //; s/;.*//' >"$scratch/summary"
    echo "$secs $((kb / 1024))"
}

row() { printf '| %s | %s s | %s MB | %s |\n' "$1" "$2" "$3" "$4"; }

cat /dev/null >"$scratch/table"
emit() { row "$@" "$(cat "$scratch/summary")" >>"$scratch/table"; }

say "full build of $files files"
read -r full_s full_rss < <(timed "$scratch/a")
emit "full build, $files files" "$full_s" "$full_rss"
read -r s rss < <(timed "$scratch/a")
emit "no change" "$s" "$rss"
nochange_s=$s

say "moving $folder ($moved_files files, $moved_mb MB)"
mkdir -p "$scratch/a/archive"
mv "$scratch/a/$folder" "$scratch/a/archive/$folder"
read -r move_s rss < <(timed "$scratch/a")
emit "after \`mv $folder archive/\`" "$move_s" "$rss"

say "indexing the moved folder alone, fresh, for comparison"
mkdir -p "$scratch/alone"
cp -r "$corpus/$folder" "$scratch/alone/"
read -r alone_s rss < <(timed "$scratch/alone")
emit "fresh index of $folder alone" "$alone_s" "$rss"

say "queries with and without the table of moves"
cp -r "$scratch/a" "$scratch/b"
"$dafu" index --rebuild -q "$scratch/b"
hyperfine -N -i --style none --warmup 2 --runs "$runs" --export-json "$scratch/q.json" \
    -n with-moves "$dafu search -l 经济 $scratch/a" \
    -n without "$dafu search -l 经济 $scratch/b" \
    -n with-moves-scoped "$dafu search -l 经济 $scratch/a/archive" \
    -n without-scoped "$dafu search -l 经济 $scratch/b/archive" >/dev/null
med() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000' "$scratch/q.json"; }

say "touching every file"
find "$scratch/a" -path '*/.dafu' -prune -o -type f -exec touch {} +
read -r s rss < <(timed "$scratch/a")
emit "after touching every file" "$s" "$rss"
touch_s=$s
read -r s rss < <(timed "$scratch/a")
emit "the run after that" "$s" "$rss"

echo "| run | wall | peak RSS | summary |"
echo "|---|---|---|---|"
cat "$scratch/table"
echo
awk -v m="$move_s" -v a="$alone_s" -v f="$full_s" -v n="$nochange_s" -v t="$touch_s" 'BEGIN {
    printf "- moving %s files: %.2f s, %.3f x a fresh index of them (%.2f s)\n", "'"$moved_files"'", m, m / a, a
    printf "- no-change run: %.1f %% of the full build\n", 100 * n / f
    printf "- touch-all run: %.1f %% of the full build\n", 100 * t / f
}'
awk -v n="$moved_files" -v w="$(med with-moves)" -v o="$(med without)" \
    -v ws="$(med with-moves-scoped)" -v os="$(med without-scoped)" 'BEGIN {
    printf "- query median with %d moves in the table: %.1f ms vs %.1f ms without (%.2f x)\n", n, w, o, w / o
    printf "- scoped to archive/: %.1f ms vs %.1f ms (%.2f x)\n", ws, os, ws / os
}'
