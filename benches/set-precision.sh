#!/usr/bin/env bash
# Precision and recall of `dafu search -l` against `rg -F -l` (AND = the
# intersection of each term's files) on the peers' 24 benchmark queries.
#   benches/set-precision.sh CORPUS [QUERIES]      (DAFU=path/to/dafu)
# CORPUS must already be indexed by that dafu (or it is indexed first).
set -euo pipefail
corpus=$(realpath "$1")
queries=${2:-$(dirname "$0")/../../shared/peers/queries.txt}
dafu=$(realpath "${DAFU:-target/release/dafu}")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '| kind | query | rg | dafu | precision | recall |\n|---|---|---:|---:|---:|---:|\n'
sum_p=0; sum_r=0; n=0
while IFS=$'\t' read -r kind q; do
  [[ -z "$kind" || "$kind" == \#* ]] && continue
  first=1
  for term in $q; do
    (cd "$corpus" && rg -F -l --no-messages -g '*.txt' -g '!.dafu' -- "$term" . | sed 's|^\./||' | LC_ALL=C sort) > "$tmp/t"
    if [[ $first == 1 ]]; then mv "$tmp/t" "$tmp/truth"; first=0
    else LC_ALL=C comm -12 "$tmp/truth" "$tmp/t" > "$tmp/i"; mv "$tmp/i" "$tmp/truth"; fi
  done
  (cd "$corpus" && "$dafu" search -l -- "$q" . 2>/dev/null | LC_ALL=C sort) > "$tmp/got" || true
  both=$(LC_ALL=C comm -12 "$tmp/truth" "$tmp/got" | wc -l)
  t=$(wc -l < "$tmp/truth"); g=$(wc -l < "$tmp/got")
  p=$(python3 -c "print(f'{($both/$g) if $g else 1:.3f}')"); r=$(python3 -c "print(f'{($both/$t) if $t else 1:.3f}')")
  printf '| %s | %s | %d | %d | %s | %s |\n' "$kind" "$q" "$t" "$g" "$p" "$r"
  sum_p=$(python3 -c "print($sum_p+$p)"); sum_r=$(python3 -c "print($sum_r+$r)"); n=$((n+1))
done < "$queries"
python3 -c "print(f'\nmean precision {$sum_p/$n:.3f}, mean recall {$sum_r/$n:.3f} over $n queries')"
