#!/usr/bin/env python3
"""Accuracy of the reply fields as written (title, kind, meeting, number,
proposal title, addressee, proposers, issuer, date, published, document
number, contact phone) on the 30 real replies of ../shared/replies.

usage: benches/fields/extraction.py DAFU [REPLIES_DIR] [--truth=TSV] [--label=NAME] [--misses]

DAFU is the binary under test; REPLIES_DIR defaults to ../shared/replies next
to the repo. Each reply is read with `dafu show --json --fields-only FILE`
after `dafu index` of a copy in a temporary folder (nothing is written into
the repo or REPLIES_DIR). truth_reply.tsv (beside this script)
holds, per reply, the value a careful reader gives each field, written
before the rules of branch fields5 were changed: "-" is "not stated" (a value
extracted there counts as wrong), several right answers are separated by
"|" (a title split over two lines may be read with or without the issuer
above it; a co-handling opinion's addressee is the lead unit or the proposer;
a page's 更新时间/编稿时间 may or may not be its publication date). Proposers
are separated by 、. No reply text beyond these values is kept here.

synthetic/ holds replies written for this bench (not copied from any real
reply) in the shapes the held-out misses were reported in (proposers named
in the opening, organisations as proposers, numbers without 第…号, an issuer
only in a metadata line, a phone without a 联系电话 label) and traps (fax,
ID number, print date); score it with
`extraction.py DAFU benches/fields/synthetic --truth=benches/fields/synthetic/truth.tsv`.

Values are compared after folding width (NFKC), dropping spaces, quotes and
《》, and writing every bracket of a document number as 〔〕.

Prints a markdown table: per field, right / 30 and the misses
(file: got → want) with --misses.
"""
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = [
    "title",
    "kind",
    "meeting",
    "number",
    "proposal_title",
    "addressee",
    "proposers",
    "issuer",
    "date",
    "published",
    "doc_number",
    "phone",
]


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[\s\"'“”‘’《》「」]", "", s)
    s = re.sub(r"[\[【〔(（]", "〔", s) if re.search(r"\d{4}[\]】〕)）]", s) else s
    s = re.sub(r"(?<=\d{4})[\]】〕)）]", "〕", s)
    return s.replace("—", "-").replace("─", "-")


def extracted(binary, path):
    p = subprocess.run(
        [binary, "show", "--json", "--fields-only", str(path)],
        capture_output=True,
        text=True,
    )
    f = json.loads(p.stdout)["fields"]

    def val(k):
        v = f.get(k)
        return v.get("value") if isinstance(v, dict) else v

    contact = val("contact") or {}
    proposers = val("proposers") or []
    out = {k: val(k) for k in FIELDS if k not in ("proposers", "phone")}
    out["proposers"] = "、".join(proposers) if proposers else None
    out["phone"] = contact.get("phone")
    return {k: "-" if v is None else str(v) for k, v in out.items()}


def right(got, want):
    alts = want.split("|")
    if got == "-":
        return "-" in alts
    return any(a != "-" and norm(a) == norm(got) for a in alts)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    truth = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--truth=")), None)
    label = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--label=")), None)
    misses = "--misses" in sys.argv
    binary = str(Path(args[0]).resolve())
    replies = Path(args[1]) if len(args) > 1 else HERE.parents[2] / "shared" / "replies"
    with open(truth or HERE / "truth_reply.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    score = {k: [] for k in FIELDS}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "replies"
        corpus.mkdir()
        for r in rows:
            shutil.copy(replies / r["file"], corpus / r["file"])
        subprocess.run([binary, "index", "-q", str(corpus)], check=True)
        got_all = {r["file"]: extracted(binary, corpus / r["file"]) for r in rows}
    for r in rows:
        got = got_all[r["file"]]
        for k in FIELDS:
            if not right(got[k], r[k]):
                score[k].append(f'{r["file"][:4]}: {got[k]} → {r[k]}')
    n = len(rows)
    if label:
        print(f"### {label}\n")
    print("| field | right | of | share |" + (" wrong (file: got → want) |" if misses else ""))
    print("|---|---|---|---|" + ("---|" if misses else ""))
    total = 0
    for k in FIELDS:
        ok = n - len(score[k])
        total += ok
        tail = f' {"; ".join(score[k])} |' if misses else ""
        print(f"| {k} | {ok} | {n} | {100 * ok / n:.1f}% |{tail}")
    all_n = n * len(FIELDS)
    print(f"| **all** | {total} | {all_n} | {100 * total / all_n:.1f}% |" + (" |" if misses else ""))


if __name__ == "__main__":
    main()
