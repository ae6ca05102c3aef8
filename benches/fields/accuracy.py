#!/usr/bin/env python3
"""Field accuracy on the 30 real replies of ../shared/replies: the canonical
values dafu extracts (meeting label, agency, outcome, province, prefecture)
and the field queries people ask by (meeting:, issuer:, outcome:, region:).

usage: benches/fields/accuracy.py DAFU [REPLIES_DIR] [--label NAME]

DAFU is the binary under test (any build: fields it does not have count as
misses); REPLIES_DIR defaults to ../shared/replies next to the repo. The
replies are copied to a temporary folder and indexed there; nothing is
written into the repo. truth.tsv (beside this script) holds, per reply, the
values a careful reader gives: the meeting's body, term, session and place
(the place the text names or, when it leaves it implicit, the reply's own
area), the canonical agency and a spelling a user would type for it, the
outcome the reply states, and its province and prefecture. "-" is "not
stated". No reply text is kept here.

Two measures, as markdown:
  extraction  share of the 30 replies whose value is right (absent when the
              truth is "-"): meeting label, agency, outcome, province,
              prefecture; read from `dafu show --json --fields-only`.
  queries     share of field queries whose `dafu search -l` list is exactly
              the set of replies the truth says match, with the recall and
              precision summed over them.
"""
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CN = "零一二三四五六七八九"


def cn(n):
    n = int(n)
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def truth_rows():
    with open(HERE / "truth.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        r["label"] = (
            "-"
            if r["body"] == "-"
            else f'{r["place"]}{r["body"]}{cn(r["term"])}届{cn(r["session"])}次'
        )
    return rows


def dafu(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True, text=True)
    return p.returncode, p.stdout


def extracted(binary, path):
    _, out = dafu(binary, "show", "--json", "--fields-only", str(path))
    f = json.loads(out)["fields"]
    val = lambda k: (f.get(k) or {}).get("value") if isinstance(f.get(k), dict) else None
    parts = f.get("meeting_parts") or {}
    division = f.get("division") or {}
    return {
        "label": parts.get("label") or val("meeting") or "-",
        "agency": f.get("issuer_normalized") or "-",
        "outcome": val("outcome") or "-",
        "province": division.get("province") or "-",
        "prefecture": division.get("prefecture") or "-",
    }


def same_place(got, want):
    """云南省 is 云南; 文山壮族苗族自治州 is 文山."""
    return want == "-" and got == "-" or (want != "-" and got.startswith(want))


def queries(rows):
    """(query, expected set of files) for every field query of the truth."""
    qs = {}
    lab = [r for r in rows if r["body"] != "-"]
    for r in lab:
        t, s = r["term"], r["session"]
        qs[f"meeting:{cn(t)}届{cn(s)}次"] = {x["file"] for x in lab if (x["term"], x["session"]) == (t, s)}
        qs[f'meeting:{r["body"]}'] = {x["file"] for x in lab if x["body"] == r["body"]}
        place = r["place"][:-1] if len(r["place"]) > 2 else r["place"]
        qs[f'meeting:"{place} {cn(t)}届"'] = {
            x["file"] for x in lab if x["place"].startswith(place) and x["term"] == t
        }
    ag = [r for r in rows if r["agency"] != "-"]
    for r in ag:
        same = {x["file"] for x in ag if x["agency"] == r["agency"]}
        qs[f'issuer:{r["agency"]}'] = same
        qs[f'issuer:{r["agency_typed"]}'] = same
    for c in "ABC":
        qs[f"outcome:{c}"] = {x["file"] for x in rows if x["outcome"] == c}
    for key in ("province", "prefecture"):
        for r in rows:
            qs[f"region:{r[key]}"] = {x["file"] for x in rows if x[key] == r[key]}
    return qs


def main():
    args = sys.argv[1:]
    label = None
    if "--label" in args:
        i = args.index("--label")
        label = args[i + 1]
        del args[i : i + 2]
    if not args:
        sys.exit(__doc__)
    binary = str(Path(args[0]).resolve())
    src = Path(args[1]) if len(args) > 1 else HERE.parent.parent.parent / "shared" / "replies"
    rows = truth_rows()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "replies"
        corpus.mkdir()
        for r in rows:
            shutil.copy(src / r["file"], corpus / r["file"])
        code, _ = dafu(binary, "index", "-q", str(corpus))
        if code != 0:
            sys.exit(f"dafu index exited {code}")
        print(f"## {label or binary}\n")
        print("| extraction | right | of | share | wrong (file: got → want) |\n|---|---|---|---|---|")
        got = {r["file"]: extracted(binary, corpus / r["file"]) for r in rows}
        total = right_all = 0
        for key in ("label", "agency", "outcome", "province", "prefecture"):
            misses = []
            for r in rows:
                g, w = got[r["file"]][key], r[key]
                ok = same_place(g, w) if key in ("province", "prefecture") else g == w
                if not ok:
                    misses.append(f'{r["file"][:4]}: {g} → {w}')
            right = len(rows) - len(misses)
            total += len(rows)
            right_all += right
            print(f"| {key} | {right} | {len(rows)} | {right / len(rows):.1%} | {'; '.join(misses)} |")
        print(f"| **all** | {right_all} | {total} | {right_all / total:.1%} | |\n")

        print("| queries | exact lists | of | share | recall | precision | wrong |\n|---|---|---|---|---|---|---|")
        by_field = {}
        for q, want in sorted(queries(rows).items()):
            _, out = dafu(binary, "search", "-l", "--", q, str(corpus))
            found = {Path(line).name for line in out.splitlines() if line}
            field = q.split(":")[0]
            s = by_field.setdefault(field, [0, 0, 0, 0, 0, []])
            s[0] += found == want
            s[1] += 1
            s[2] += len(found & want)
            s[3] += len(want)
            s[4] += len(found)
            if found != want:
                s[5].append(f"{q} ({len(found & want)}/{len(want)}, +{len(found - want)})")
        tot = [0, 0, 0, 0, 0]
        for field, s in by_field.items():
            tot = [a + b for a, b in zip(tot, s[:5])]
            print(
                f"| {field}: | {s[0]} | {s[1]} | {s[0] / s[1]:.1%} | {s[2] / max(s[3], 1):.1%} "
                f"| {s[2] / max(s[4], 1):.1%} | {'; '.join(s[5])} |"
            )
        print(
            f"| **all** | {tot[0]} | {tot[1]} | {tot[0] / tot[1]:.1%} | {tot[2] / max(tot[3], 1):.1%} "
            f"| {tot[2] / max(tot[4], 1):.1%} | |"
        )


if __name__ == "__main__":
    main()
