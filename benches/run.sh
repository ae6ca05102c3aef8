#!/usr/bin/env bash
# dafu benchmark: indexing speed vs jieba-rs segmentation, re-index time,
# index size, peak RSS, cold query latency vs ripgrep, and exact-phrase recall.
# Prints one markdown table and writes it, with the raw measurements, to --out.
# See benches/README.md.
#
#   benches/run.sh CORPUS_DIR [--subset MB | --full] [--scale N] [--runs N]
#                             [--out DIR] [--queries FILE] [--no-build] [--keep]
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: benches/run.sh CORPUS_DIR [options]

  --subset MB     benchmark a deterministic subset of about MB megabytes
                  (10^6 bytes) of CORPUS_DIR's *.txt files (default 30)
  --full          benchmark every *.txt file of CORPUS_DIR
  --scale N       N copies of the chosen files, in folders copy1..copyN (hard
                  links, so no disk space): --full --scale 4 is 0.9 GB
  --runs N        timed runs per query command (default 15, plus 2 warmups)
  --out DIR       where the table and raw results go
                  (default ${TMPDIR:-/tmp}/dafu-bench-results)
  --queries FILE  query set (default benches/queries.txt)
  --no-build      use the binaries already built in the target folder
  --keep          keep the scratch copy of the corpus and its index
EOF
    exit 2
}
die() { echo "run.sh: $*" >&2; exit 2; }
say() { echo "run.sh: $*" >&2; }

# ---------------------------------------------------------------- arguments
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus_arg="" subset_mb=30 full=0 scale=1 runs=15 build=1 keep=0
out="${TMPDIR:-/tmp}/dafu-bench-results"
queries="$repo/benches/queries.txt"
while [ $# -gt 0 ]; do
    case $1 in
        --subset) [ $# -ge 2 ] || usage; subset_mb=$2; shift 2 ;;
        --full) full=1; shift ;;
        --scale) [ $# -ge 2 ] || usage; scale=$2; shift 2 ;;
        --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
        --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
        --queries) [ $# -ge 2 ] || usage; queries=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) usage ;;
        -*) echo "run.sh: unknown option $1" >&2; usage ;;
        *) [ -z "$corpus_arg" ] || usage; corpus_arg=$1; shift ;;
    esac
done
[ -n "$corpus_arg" ] || usage
[ -d "$corpus_arg" ] || die "no such folder: $corpus_arg (unpack it with ../shared/bench/unpack.sh)"
corpus=$(cd "$corpus_arg" && pwd)
[[ $subset_mb =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--subset wants a number of MB, not '$subset_mb'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive integer, not '$runs'"
[[ $scale =~ ^[1-9][0-9]*$ ]] || die "--scale wants a positive integer, not '$scale'"
[ -f "$queries" ] || die "no query file: $queries"
queries=$(cd "$(dirname "$queries")" && pwd)/$(basename "$queries")
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---------------------------------------------------------------- tools
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is needed: $2"; }
need cargo "install Rust from https://rustup.rs"
need hyperfine "apt-get install -y hyperfine"
need rg "apt-get install -y ripgrep"
need awk "apt-get install -y gawk"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed: apt-get install -y time"
/usr/bin/time -v true 2>/dev/null || die "/usr/bin/time -v does not work: apt-get install -y time (GNU time)"
# hyperfine >= 1.13 can run commands without a shell (no shell-spawn noise).
hf_shell=()
if hyperfine --help 2>&1 | grep -q -- '--shell'; then
    if hyperfine -N --runs 1 --style none true >/dev/null 2>&1; then hf_shell=(-N); fi
fi
unset RIPGREP_CONFIG_PATH
export NO_COLOR=1

# ---------------------------------------------------------------- build
target=${CARGO_TARGET_DIR:-$repo/target}
case $target in /*) ;; *) target=$repo/$target ;; esac
if [ "$build" = 1 ]; then
    say "building dafu and examples (release)…"
    (cd "$repo" && cargo build --release --bins --examples --quiet) || die "cargo build failed"
fi
dafu=$target/release/dafu
jieba=$target/release/examples/jieba_baseline
[ -x "$dafu" ] || die "no binary at $dafu (run without --no-build)"
[ -x "$jieba" ] || die "no binary at $jieba (run without --no-build)"

# ---------------------------------------------------------------- corpus copy
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dafu-bench-run.XXXXXX")
cleanup() { if [ "$keep" = 0 ]; then rm -rf -- "$scratch"; else say "kept $scratch"; fi; }
trap cleanup EXIT
dir=$scratch/corpus
mkdir -p "$dir"

# Every *.txt file, sorted by path (byte order). The subset takes, in each
# top-level folder, the first files in order until that folder's share of the
# budget (its share of the corpus bytes) is reached, so it has the same mix
# of document kinds as the whole. 30 MB of ../shared/bench gives 9,334 files.
if [ "$full" = 1 ]; then budget=0; label="full corpus"
else budget=$(awk -v m="$subset_mb" 'BEGIN { printf "%d", m * 1000000 }'); label="${subset_mb} MB subset"
fi
(cd "$corpus" && find -L . -type f -name '*.txt' -not -path '*/.*' -printf '%P\t%s\n') \
    | LC_ALL=C sort \
    | awk -F'\t' -v budget="$budget" '
        { f[NR] = $1; s[NR] = $2; n = index($1, "/"); t[NR] = n ? substr($1, 1, n - 1) : "."
          fb[t[NR]] += $2; tot += $2 }
        END { for (i = 1; i <= NR; i++) {
                k = t[i]
                if (budget == 0 || got[k] < budget * fb[k] / tot) { got[k] += s[i]; print f[i] } } }' \
    > "$scratch/files.txt"
nfiles=$(wc -l < "$scratch/files.txt")
[ "$nfiles" -gt 0 ] || die "no *.txt files under $corpus"
link_into() {   # link_into DIR: the chosen files under DIR, hard-linked (else copied)
    mkdir -p "$1"
    if ! (cd "$corpus" && xargs -d '\n' cp -l --parents -t "$1" < "$scratch/files.txt") 2>/dev/null; then
        rm -rf "$1"; mkdir -p "$1"      # another filesystem: copy instead
        (cd "$corpus" && xargs -d '\n' cp --parents -t "$1" < "$scratch/files.txt")
    fi
}
if [ "$scale" = 1 ]; then
    say "linking $nfiles files ($label) into $dir…"
    link_into "$dir"
else
    say "linking $scale copies of $nfiles files ($label) into $dir/copy1..copy$scale…"
    for i in $(seq 1 "$scale"); do link_into "$dir/copy$i"; done
    nfiles=$((nfiles * scale)); label="$label × $scale"
fi
bytes=$(cd "$dir" && find . -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')   # links counted each time
# Warm the page cache, so every tool below reads from memory.
find "$dir" -type f -print0 | xargs -0 cat > /dev/null

# ---------------------------------------------------------------- helpers
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
json_num() { sed -n "s/.*\"$2\":\([0-9.eE+-]*\).*/\1/p" <<<"$1"; }
sq() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }   # quote for a command line
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
median() { LC_ALL=C sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
yesno() {   # yesno A OP B, OP one of <= < ==
    awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
        if (a !~ /^[0-9.eE+-]+$/) { print "n/a"; exit }
        ok = (op == "<=") ? (a + 0 <= b + 0) : (op == "<") ? (a + 0 < b + 0) : (a + 0 == b + 0)
        print ok ? "yes" : "**no**" }'
}

# ---------------------------------------------------------------- 1. jieba baseline
say "jieba-rs baseline (Jieba::new + cut_for_search, one thread)…"
jb=$("$jieba" "$dir") || die "jieba_baseline failed"
echo "$jb" > "$out/jieba_baseline.json"
jb_new=$(json_num "$jb" new_s); jb_cut=$(json_num "$jb" cut_s); jb_files=$(json_num "$jb" files)
[ -n "$jb_cut" ] && [ -n "$jb_new" ] || die "cannot read jieba_baseline output: $jb"
[ "$jb_files" = "$nfiles" ] || say "warning: jieba_baseline read $jb_files files, the corpus has $nfiles"

# ---------------------------------------------------------------- 2. full index
say "full index (fresh .dafu)…"
rm -rf "$dir/.dafu"
t0=$(now)
/usr/bin/time -v -o "$out/index_full.time" "$dafu" index -q "$dir" || die "dafu index failed"
t1=$(now)
idx_s=$(elapsed "$t0" "$t1")
idx_rss=$(rss_kb "$out/index_full.time")
idx_bytes=$(du -sb "$dir/.dafu" | cut -f1)

# ---------------------------------------------------------------- 3. no-change re-index
say "no-change re-index…"
hyperfine "${hf_shell[@]}" --style none --warmup 1 --runs 5 \
    --export-json "$out/reindex.json" --export-csv "$out/reindex.csv" \
    -n reindex "$(sq "$dafu") index -q $(sq "$dir")" > "$out/reindex.log" 2>&1 \
    || die "re-index failed, see $out/reindex.log"
re_s=$(awk -F, '$1 == "reindex" { print $4 }' "$out/reindex.csv")

# ---------------------------------------------------------------- 4. recall + query RSS
# One run of each query: the file sets of dafu and rg, dafu's peak RSS.
say "checking results against rg and measuring query RSS…"
qdir=$scratch/q
mkdir -p "$qdir"
nq=0
hf_args=()
syntax_re='[[:space:]"():-]'   # a query with none of these is one bare term
: > "$out/queries.tsv"
while IFS= read -r line || [ -n "$line" ]; do
    case $line in ''|'#'*) continue ;; esac
    [[ $line == *$'\t'* ]] || die "$queries: no TAB in line: $line"
    q=${line%%$'\t'*}; lit=${line#*$'\t'}
    nq=$((nq + 1)); id=$(printf 'q%02d' "$nq")
    kind=other
    if [[ $q =~ ^\"[^\"]+\"$ ]]; then kind=exact
    elif [ "$q" = "$lit" ] && [[ ! $q =~ $syntax_re ]]; then kind=term
    fi
    set +e
    /usr/bin/time -v -o "$qdir/$id.time" "$dafu" search -l -- "$q" "$dir" < /dev/null > "$qdir/$id.dafu" 2> "$qdir/$id.err"
    rc=$?
    set -e
    [ "$rc" -le 1 ] || die "dafu search failed (exit $rc) on query $q: $(grep -v 'Command exited' "$qdir/$id.err" | head -3)"
    sed "s|^$dir/||" "$qdir/$id.dafu" | LC_ALL=C sort > "$qdir/$id.dafu.s"
    ndafu=$(wc -l < "$qdir/$id.dafu.s")
    qrss=$(rss_kb "$qdir/$id.time")
    nrg=n/a diff=n/a
    hf_args+=(-n "$id-dafu" "$(sq "$dafu") search -l -- $(sq "$q") $(sq "$dir")")
    hf_args+=(-n "$id-rank" "$(sq "$dafu") search -n 10 -- $(sq "$q") $(sq "$dir")")
    if [ "$lit" != "n/a" ]; then
        set +e
        rg -F -l -- "$lit" "$dir" < /dev/null > "$qdir/$id.rg"
        rc=$?
        set -e
        [ "$rc" -le 1 ] || die "rg failed (exit $rc) on $lit"
        sed "s|^$dir/||" "$qdir/$id.rg" | LC_ALL=C sort > "$qdir/$id.rg.s"
        nrg=$(wc -l < "$qdir/$id.rg.s")
        case $kind in
            exact) diff=$(LC_ALL=C comm -3 "$qdir/$id.dafu.s" "$qdir/$id.rg.s" | wc -l) ;;
            term) diff=$(LC_ALL=C comm -13 "$qdir/$id.dafu.s" "$qdir/$id.rg.s" | wc -l) ;;
        esac
        hf_args+=(-n "$id-rg" "rg -F -l -- $(sq "$lit") $(sq "$dir")")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$q" "$lit" "$kind" "$ndafu" "$nrg" "$diff" "$qrss" >> "$out/queries.tsv"
done < "$queries"
[ "$nq" -ge 1 ] || die "no queries in $queries"

# ---------------------------------------------------------------- 5. cold query latency
say "timing $nq queries, a new process per run (hyperfine, $runs runs + 2 warmups each)…"
hyperfine "${hf_shell[@]}" -i --style none --warmup 2 --runs "$runs" \
    --export-json "$out/queries.json" --export-csv "$out/queries.csv" \
    "${hf_args[@]}" > "$out/queries.log" 2>&1 || die "hyperfine failed, see $out/queries.log"

# ---------------------------------------------------------------- report
# Per-query table: join queries.tsv with the medians in queries.csv.
awk -F'\t' -v csv="$out/queries.csv" '
    BEGIN { FS = "\t"
            while ((getline l < csv) > 0) { n = split(l, c, ","); if (c[1] != "command") med[c[1]] = c[4] } }
    { d = med[$1 "-dafu"] * 1000; k = med[$1 "-rank"] * 1000; r = ($1 "-rg") in med ? med[$1 "-rg"] * 1000 : -1
      q = $2; gsub(/\|/, "\\|", q)
      printf "| %s | `%s` | %s | %.1f | %.1f | %s | %s | %s | %s | %s | %.1f |\n", $1, q, $4, d, k,
        r < 0 ? "n/a" : sprintf("%.1f", r), r <= 0 ? "n/a" : sprintf("%.2f", d / r),
        $5, $6, $7, $8 / 1024 }' "$out/queries.tsv" > "$scratch/perquery.rows"
{
    echo "| id | query | kind | dafu -l ms | dafu -n 10 ms | rg ms | dafu/rg | dafu files | rg files | diff | dafu RSS MB |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$scratch/perquery.rows"
    echo
    echo "kind: exact = one quoted string, diff = files in one set but not the other;"
    echo "term = bare single term, diff = rg files dafu missed; other = not compared."
} > "$out/queries.md"

q_dafu_all=$(awk -F, '$1 ~ /-dafu$/ { print $4 }' "$out/queries.csv" | median)
paired=$(awk -F, '$1 ~ /-rg$/ { sub(/-rg$/, "", $1); print $1 }' "$out/queries.csv")
q_dafu_p=$(for id in $paired; do awk -F, -v c="$id-dafu" '$1 == c { print $4 }' "$out/queries.csv"; done | median)
q_rg=$(awk -F, '$1 ~ /-rg$/ { print $4 }' "$out/queries.csv" | median)
npaired=$(wc -w <<<"$paired")
slow=$(awk -F, '$1 ~ /-dafu$/ { print $4, $1 }' "$out/queries.csv" | LC_ALL=C sort -g | tail -1)
slow_id=${slow#* }; slow_id=${slow_id%-dafu}
slow_q=$(awk -F'\t' -v id="$slow_id" '$1 == id { print $2 }' "$out/queries.tsv")
q_rank=$(awk -F, '$1 ~ /-rank$/ { print $4 }' "$out/queries.csv" | median)
rslow=$(awk -F, '$1 ~ /-rank$/ { print $4, $1 }' "$out/queries.csv" | LC_ALL=C sort -g | tail -1)
rslow_id=${rslow#* }; rslow_id=${rslow_id%-rank}
rslow_q=$(awk -F'\t' -v id="$rslow_id" '$1 == id { print $2 }' "$out/queries.tsv")
q_rss_max=$(awk -F'\t' 'BEGIN { m = 0 } $8 > m { m = $8; q = $2 } END { print m }' "$out/queries.tsv")
q_rss_q=$(awk -F'\t' 'BEGIN { m = -1 } $8 > m { m = $8; q = $2 } END { print q }' "$out/queries.tsv")
n_exact=$(awk -F'\t' '$4 == "exact" && $7 != "n/a"' "$out/queries.tsv" | wc -l)
mis_exact=$(awk -F'\t' '$4 == "exact" && $7 != "n/a" { s += $7 } END { print s + 0 }' "$out/queries.tsv")
n_term=$(awk -F'\t' '$4 == "term"' "$out/queries.tsv" | wc -l)
mis_term=$(awk -F'\t' '$4 == "term" { s += $7 } END { print s + 0 }' "$out/queries.tsv")

ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
sec() { awk -v s="$1" 'BEGIN { printf "%.2f s", s }'; }
mbs() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.1f MB/s", b / 1e6 / s }'; }
r_idx=$(ratio "$idx_s" "$jb_cut")
r_re=$(awk -v a="$re_s" -v b="$idx_s" 'BEGIN { printf "%.1f", 100 * a / b }')
r_size=$(ratio "$idx_bytes" "$bytes")
r_q=$(ratio "$q_dafu_p" "$q_rg")
r_qnew=$(ratio "$q_dafu_all" "$jb_new")
commit=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(cd "$repo" && git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo "+changes" || true)

{
    echo "dafu benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit $commit$dirty, $(nproc) cores,"
    echo "\`benches/run.sh $corpus_arg$([ "$full" = 1 ] && echo " --full" || echo " --subset $subset_mb")$([ "$scale" = 1 ] || echo " --scale $scale")\`"
    echo
    echo "| measure | value | target | met |"
    echo "|---|---|---|---|"
    echo "| corpus | $nfiles files, $(mb "$bytes") MB ($label) | | |"
    echo "| jieba-rs \`Jieba::new()\` | $(ms "$jb_new") | | |"
    echo "| jieba-rs \`cut_for_search\`, 1 thread | $(sec "$jb_cut"), $(mbs "$jb_cut") | | |"
    echo "| full index (fresh) | $(sec "$idx_s"), $(mbs "$idx_s") | | |"
    echo "| full index / jieba cut | ${r_idx} × | ≤ 1.5 × | $(yesno "$r_idx" "<=" 1.5) |"
    echo "| index peak RSS | $(awk -v k="$idx_rss" 'BEGIN { printf "%.0f", k / 1024 }') MB | ≤ 400 MB | $(yesno "$idx_rss" "<=" 409600) |"
    echo "| no-change re-index (median of 5) | $(sec "$re_s") = ${r_re} % of full | ≤ 5 % | $(yesno "$r_re" "<=" 5) |"
    echo "| index size (.dafu) / corpus | $(mb "$idx_bytes") MB = ${r_size} × | ≤ 1.0 × | $(yesno "$r_size" "<=" 1.0) |"
    echo "| query median, \`dafu search -l\`, $nq queries | $(ms "$q_dafu_all") | ≤ 10 ms | $(yesno "$q_dafu_all" "<=" 0.010) |"
    echo "| slowest query, \`-l\` (its median) | \`$slow_q\` $(ms "${slow%% *}") | ≤ 50 ms | $(yesno "${slow%% *}" "<=" 0.050) |"
    echo "| query median, ranked top 10 (\`-n 10\`) | $(ms "$q_rank") | ≤ 10 ms | $(yesno "$q_rank" "<=" 0.010) |"
    echo "| slowest query, ranked top 10 (its median) | \`$rslow_q\` $(ms "${rslow%% *}") | ≤ 50 ms | $(yesno "${rslow%% *}" "<=" 0.050) |"
    echo "| query median, \`-l\` vs \`Jieba::new()\` | $(ms "$q_dafu_all") / $(ms "$jb_new") | < 1 × | $(yesno "$r_qnew" "<" 1) |"
    echo "| query median, dafu / \`rg -F -l\` ($npaired queries with a literal) | $(ms "$q_dafu_p") / $(ms "$q_rg") = ${r_q} × | ≤ 0.25 × | $(yesno "$r_q" "<=" 0.25) |"
    echo "| query peak RSS (max over queries) | $(awk -v k="$q_rss_max" 'BEGIN { printf "%.1f", k / 1024 }') MB (\`$q_rss_q\`) | ≤ 64 MB | $(yesno "$q_rss_max" "<=" 65536) |"
    echo "| quoted phrases: files differing from \`rg -F -l\` | $mis_exact (over $n_exact queries) | 0 | $(yesno "$mis_exact" "==" 0) |"
    echo "| bare terms: \`rg -F -l\` files missed | $mis_term (over $n_term queries) | 0 | $(yesno "$mis_term" "==" 0) |"
} > "$out/table.md"

cat "$out/table.md"
say "table: $out/table.md; per-query: $out/queries.md; raw: $out/*.json"
